// Every SQL statement on rollouts and rollout_sensors: create, lock one to advance it, its state changes, its sensors
// and their push outcomes (read from sensor_commands), the canaries' health. Callers pass a client inside withTenant().

import type pg from 'pg';
import type { FleetSelector } from './fleet-selector.ts';
import type { DocumentKind } from './rule-document-queries.ts';

type Client = Pick<pg.PoolClient, 'query'>;

export type RolloutState = 'scheduled' | 'running' | 'completed' | 'rolled_back' | 'aborted';
export type RolloutPhase = 'waiting' | 'canary' | 'full' | 'done';
export type Strategy = 'immediate' | 'canary' | 'scheduled';
export interface CanarySpec { percent?: number; sensorIds?: string[]; soakSeconds: number }

export interface RolloutRow {
  id: string;
  kind: DocumentKind;
  version: string;
  strategy: Strategy;
  targets: FleetSelector;
  canary: CanarySpec | null;
  at: string | null;
  state: RolloutState;
  phase: RolloutPhase;
  reason: string | null;
  canary_acked_at: string | null;
  created_at: string;
  created_by: string;
  started_at: string | null;
  promoted_at: string | null;
  finished_at: string | null;
}

const COLUMNS = `id, kind, version, strategy, targets, canary, at, state, phase, reason, canary_acked_at, created_at, created_by,
  started_at, promoted_at, finished_at`;

/** Stores a new rollout; the unique index on active rollouts refuses a second one per tenant and kind (23505). */
export async function insertRollout(client: Client, tenantId: string, r: Omit<RolloutRow, 'reason' | 'canary_acked_at' | 'started_at' | 'promoted_at' | 'finished_at'>): Promise<RolloutRow> {
  const res = await client.query<RolloutRow>(
    `INSERT INTO rollouts (tenant_id, id, kind, version, strategy, targets, canary, at, state, phase, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
    [tenantId, r.id, r.kind, r.version, r.strategy, r.targets, r.canary, r.at, r.state, r.phase, r.created_at, r.created_by]);
  return res.rows[0]!;
}

/** The active rollout of this kind, if any (its id names it in the 409). */
export async function findActiveRollout(client: Client, tenantId: string, kind: DocumentKind): Promise<string | null> {
  const res = await client.query<{ id: string }>(`SELECT id FROM rollouts WHERE tenant_id = $1 AND kind = $2 AND state IN ('scheduled', 'running')`, [tenantId, kind]);
  return res.rows[0]?.id ?? null;
}

/**
 * Locks a rollout for this transaction. With `skipLocked`, a rollout another hub is advancing right now is skipped
 * (null): only one hub advances a rollout at a time, and the next round looks again.
 */
export async function lockRollout(client: Client, tenantId: string, id: string, skipLocked: boolean): Promise<RolloutRow | null> {
  const res = await client.query<RolloutRow>(
    `SELECT ${COLUMNS} FROM rollouts WHERE tenant_id = $1 AND id = $2 FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`, [tenantId, id]);
  return res.rows[0] ?? null;
}

/** The ids of the tenant's scheduled and running rollouts. */
export async function activeRolloutIds(client: Client, tenantId: string): Promise<string[]> {
  const res = await client.query<{ id: string }>(`SELECT id FROM rollouts WHERE tenant_id = $1 AND state IN ('scheduled', 'running') ORDER BY created_at`, [tenantId]);
  return res.rows.map((r) => r.id);
}

/** The tenant's rollouts, newest first, at most `limit`, older than the cursor's (created_at, id) when given. */
export async function listRollouts(client: Client, tenantId: string, limit: number, before: { createdAt: string; id: string } | null): Promise<RolloutRow[]> {
  const res = await client.query<RolloutRow>(
    `SELECT ${COLUMNS} FROM rollouts WHERE tenant_id = $1 AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $2`,
    [tenantId, limit, before?.createdAt ?? null, before?.id ?? null]);
  return res.rows;
}

export async function findRollout(client: Client, tenantId: string, id: string): Promise<RolloutRow | null> {
  const res = await client.query<RolloutRow>(`SELECT ${COLUMNS} FROM rollouts WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return res.rows[0] ?? null;
}

/** Changes what a step changed: state, phase, reason and the step's time columns (null leaves a column as it is). */
export async function updateRollout(client: Client, tenantId: string, id: string, p: {
  state?: RolloutState; phase?: RolloutPhase; reason?: string; canaryAckedAt?: Date; startedAt?: Date; promotedAt?: Date; finishedAt?: Date;
}): Promise<RolloutRow> {
  const res = await client.query<RolloutRow>(
    `UPDATE rollouts SET state = coalesce($3, state), phase = coalesce($4, phase), reason = coalesce($5, reason),
       canary_acked_at = coalesce($6, canary_acked_at), started_at = coalesce($7, started_at), promoted_at = coalesce($8, promoted_at),
       finished_at = coalesce($9, finished_at)
     WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [tenantId, id, p.state ?? null, p.phase ?? null, p.reason ?? null, p.canaryAckedAt ?? null, p.startedAt ?? null, p.promotedAt ?? null, p.finishedAt ?? null]);
  return res.rows[0]!;
}

/** Fixes a rollout's sensors (all `waiting`), each with the version it last applied of this kind (what a rollback restores). */
export async function insertRolloutSensors(client: Client, tenantId: string, rolloutId: string, kind: DocumentKind, sensors: { sensorId: string; canary: boolean }[], at: Date): Promise<void> {
  await client.query(
    `INSERT INTO rollout_sensors (tenant_id, rollout_id, sensor_id, canary, previous_version, status, updated_at)
     SELECT $1, $2, t.sensor_id, t.canary, y.applied_version, 'waiting', $5
     FROM jsonb_to_recordset($4::jsonb) AS t(sensor_id text, canary boolean)
     LEFT JOIN rule_sync_state y ON y.tenant_id = $1 AND y.sensor_id = t.sensor_id AND y.kind = $3`,
    [tenantId, rolloutId, kind, JSON.stringify(sensors.map((s) => ({ sensor_id: s.sensorId, canary: s.canary }))), at]);
}

/** Records the push command sent to each sensor (status `pending`). */
export async function markSensorsPushed(client: Client, tenantId: string, rolloutId: string, pushes: { sensorId: string; commandId: string }[], at: Date): Promise<void> {
  await client.query(
    `UPDATE rollout_sensors r SET command_id = p.command_id, status = 'pending', message = NULL, updated_at = $4
     FROM jsonb_to_recordset($3::jsonb) AS p(sensor_id text, command_id uuid)
     WHERE r.tenant_id = $1 AND r.rollout_id = $2 AND r.sensor_id = p.sensor_id`,
    [tenantId, rolloutId, JSON.stringify(pushes.map((p) => ({ sensor_id: p.sensorId, command_id: p.commandId }))), at]);
}

/** Marks sensors whose new version a rollback replaced. */
export async function markSensorsRolledBack(client: Client, tenantId: string, rolloutId: string, sensorIds: string[], at: Date): Promise<void> {
  await client.query(
    `UPDATE rollout_sensors SET status = 'rolled_back', updated_at = $4 WHERE tenant_id = $1 AND rollout_id = $2 AND sensor_id = ANY ($3)`,
    [tenantId, rolloutId, sensorIds, at]);
}

/**
 * The push state each sensor's command reached (sent, succeeded → applied, any other end → failed, with the command's
 * message or its status), copied onto the rollout's sensors whose state changed.
 */
export async function syncRolloutSensors(client: Client, tenantId: string, rolloutId: string, at: Date): Promise<void> {
  await client.query(
    `UPDATE rollout_sensors r SET status = o.status, message = o.message, updated_at = $3
     FROM (SELECT c.id, CASE c.status WHEN 'pending' THEN 'pending' WHEN 'sent' THEN 'sent' WHEN 'succeeded' THEN 'applied' ELSE 'failed' END AS status,
                  CASE WHEN c.status IN ('succeeded', 'pending', 'sent') THEN c.message ELSE coalesce(c.message, c.status) END AS message
           FROM sensor_commands c WHERE c.tenant_id = $1 AND c.rollout_id = $2) o
     WHERE r.tenant_id = $1 AND r.rollout_id = $2 AND r.command_id = o.id AND r.status IN ('pending', 'sent') AND r.status <> o.status`,
    [tenantId, rolloutId, at]);
}

export interface RolloutSensorRow {
  sensor_id: string;
  canary: boolean;
  previous_version: string | null;
  command_id: string | null;
  status: 'waiting' | 'pending' | 'sent' | 'applied' | 'failed' | 'rolled_back';
  message: string | null;
  updated_at: string;
  /** Health now, derived from the sensors row like sensor-health's rule (unknown, offline, stale, degraded, unhealthy, healthy). */
  health: string;
  /** Whether the sensor reported `unhealthy` in a heartbeat at or after `since`. */
  unhealthy_since: boolean;
}

/** A rollout's sensors (canaries first), each with its health at `now` under the silence thresholds. */
export async function listRolloutSensors(client: Client, tenantId: string, rolloutId: string, now: Date, t: { staleAfterMs: number; offlineAfterMs: number }, since: Date | null, limit = 100_000): Promise<RolloutSensorRow[]> {
  const res = await client.query<RolloutSensorRow>(
    `SELECT r.sensor_id, r.canary, r.previous_version, r.command_id, r.status, r.message, r.updated_at,
       CASE WHEN s.last_heartbeat_at IS NULL THEN 'unknown'
            WHEN s.last_heartbeat_at < $3::timestamptz - make_interval(secs => $5::float8 / 1000) THEN 'offline'
            WHEN s.last_heartbeat_at < $3::timestamptz - make_interval(secs => $4::float8 / 1000) THEN 'stale'
            WHEN s.last_metrics ->> 'status' IN ('degraded', 'unhealthy') THEN s.last_metrics ->> 'status'
            ELSE 'healthy' END AS health,
       ($6::timestamptz IS NOT NULL AND EXISTS (SELECT 1 FROM sensor_health_history h WHERE h.tenant_id = $1 AND h.sensor_id = r.sensor_id
          AND h.minute >= date_trunc('minute', $6::timestamptz) AND h.reported_at >= $6 AND h.status = 'unhealthy')) AS unhealthy_since
     FROM rollout_sensors r JOIN sensors s ON s.tenant_id = r.tenant_id AND s.sensor_id = r.sensor_id
     WHERE r.tenant_id = $1 AND r.rollout_id = $2 ORDER BY r.canary DESC, r.sensor_id LIMIT $7`,
    [tenantId, rolloutId, now, t.staleAfterMs, Math.max(t.offlineAfterMs, t.staleAfterMs), since, limit]);
  return res.rows;
}

/** How many of a rollout's sensors are in each status, and how many are canaries. */
export async function countRolloutSensors(client: Client, tenantId: string, rolloutIds: string[]): Promise<Map<string, Record<string, number>>> {
  const res = await client.query<{ rollout_id: string; status: string; canary: boolean; n: number }>(
    `SELECT rollout_id, status, canary, count(*)::int AS n FROM rollout_sensors WHERE tenant_id = $1 AND rollout_id = ANY ($2) GROUP BY 1, 2, 3`,
    [tenantId, rolloutIds]);
  const out = new Map<string, Record<string, number>>();
  for (const r of res.rows) {
    const c = out.get(r.rollout_id) ?? {};
    c[r.status] = (c[r.status] ?? 0) + r.n;
    c.targets = (c.targets ?? 0) + r.n;
    if (r.canary) c.canaries = (c.canaries ?? 0) + r.n;
    out.set(r.rollout_id, c);
  }
  return out;
}

/** Tenants with rollout work (quorum_rollout_tenants: a scheduled or running rollout); on the owner connection, across tenants. */
export async function rolloutTenants(owner: Client): Promise<string[]> {
  return (await owner.query<{ t: string }>('SELECT t::text FROM quorum_rollout_tenants() AS t')).rows.map((r) => r.t);
}
