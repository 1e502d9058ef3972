// Every SQL statement on rule_sync_state: a push recorded (with the sensor's expected hash in sensor_sync_state, in the
// same statement), push outcomes copied from sensor_commands, and the drift the hub repairs. Callers pass a client inside withTenant().

import type pg from 'pg';
import type { DocumentKind } from './rule-document-queries.ts';

type Client = Pick<pg.PoolClient, 'query'>;

export interface SyncPush { sensorId: string; commandId: string }

/**
 * Records pushes of `version` (status `pending`) and sets each sensor's expected rules or config hash, so its sync
 * state reads in_sync or drifted against it. `repair` counts one more drift repair; otherwise the count starts over.
 */
export async function recordPushes(client: Client, tenantId: string, kind: DocumentKind, doc: { version: string; hash: string }, rolloutId: string | null, pushes: SyncPush[], at: Date, repair: boolean): Promise<void> {
  if (pushes.length === 0) return;
  const [hashCol, atCol] = kind === 'rules' ? ['expected_rules_hash', 'expected_rules_at'] : ['expected_config_hash', 'expected_config_at'];
  await client.query(
    `WITH p AS (SELECT * FROM jsonb_to_recordset($7::jsonb) AS p(sensor_id text, command_id uuid)),
     y AS (
       INSERT INTO sensor_sync_state AS o (tenant_id, sensor_id, ${hashCol}, ${atCol}, updated_at)
       SELECT $1, p.sensor_id, $4, $6, $6 FROM p
       ON CONFLICT (tenant_id, sensor_id) DO UPDATE SET
         ${atCol} = CASE WHEN o.${hashCol} IS DISTINCT FROM EXCLUDED.${hashCol} THEN EXCLUDED.${atCol} ELSE o.${atCol} END,
         ${hashCol} = EXCLUDED.${hashCol})
     INSERT INTO rule_sync_state AS r (tenant_id, sensor_id, kind, version, hash, rollout_id, command_id, status, repairs, pushed_at)
     SELECT $1, p.sensor_id, $2, $3, $4, $5, p.command_id, 'pending', $8::int, $6 FROM p
     ON CONFLICT (tenant_id, sensor_id, kind) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, rollout_id = EXCLUDED.rollout_id,
       command_id = EXCLUDED.command_id, status = 'pending', message = NULL, pushed_at = EXCLUDED.pushed_at, finished_at = NULL, gave_up_at = NULL,
       repairs = CASE WHEN $8::int > 0 THEN r.repairs + 1 ELSE 0 END`,
    [tenantId, kind, doc.version, doc.hash, rolloutId, at, JSON.stringify(pushes.map((p) => ({ sensor_id: p.sensorId, command_id: p.commandId }))), repair ? 1 : 0]);
}

/** Forgets what the hub pushed to sensors whose rollback had no earlier version to restore; they expect no hash again. */
export async function forgetPushes(client: Client, tenantId: string, kind: DocumentKind, sensorIds: string[], at: Date): Promise<void> {
  if (sensorIds.length === 0) return;
  const [hashCol, atCol] = kind === 'rules' ? ['expected_rules_hash', 'expected_rules_at'] : ['expected_config_hash', 'expected_config_at'];
  await client.query(
    `WITH y AS (UPDATE sensor_sync_state SET ${hashCol} = NULL, ${atCol} = $4 WHERE tenant_id = $1 AND sensor_id = ANY ($3))
     DELETE FROM rule_sync_state WHERE tenant_id = $1 AND kind = $2 AND sensor_id = ANY ($3)`,
    [tenantId, kind, sensorIds, at]);
}

/** Copies finished or sent push commands' outcomes onto the sync rows waiting for them; applied ones become `applied_version`. */
export async function syncPushOutcomes(client: Client, tenantId: string, at: Date): Promise<void> {
  await client.query(
    `UPDATE rule_sync_state r SET
       status = CASE c.status WHEN 'sent' THEN 'sent' WHEN 'succeeded' THEN 'applied' ELSE 'failed' END,
       message = CASE WHEN c.status IN ('succeeded', 'sent') THEN c.message ELSE coalesce(c.message, c.status) END,
       applied_version = CASE WHEN c.status = 'succeeded' THEN r.version ELSE r.applied_version END,
       -- The hub's clock, not the command's: drift is judged against heartbeats, which carry the hub's time too.
       finished_at = CASE WHEN c.status = 'sent' THEN NULL ELSE $2::timestamptz END
     FROM sensor_commands c
     WHERE r.tenant_id = $1 AND r.status IN ('pending', 'sent') AND c.tenant_id = $1 AND c.id = r.command_id AND c.status <> 'pending'
       AND (c.status <> 'sent' OR r.status <> 'sent')`,
    [tenantId, at]);
}

export interface DriftRow { sensor_id: string; kind: DocumentKind; version: string; hash: string; rollout_id: string | null; repairs: number; reported: string | null }

/**
 * Sensors whose heartbeat since their last push finished reports another hash than the version pushed, outside any
 * active rollout (a rollout judges its own sensors), not given up on; locked so one hub repairs each.
 */
export async function lockDrifted(client: Client, tenantId: string): Promise<DriftRow[]> {
  const res = await client.query<DriftRow>(
    `SELECT r.sensor_id, r.kind, r.version, r.hash, r.rollout_id, r.repairs,
            CASE r.kind WHEN 'rules' THEN y.reported_rules_hash ELSE y.reported_config_hash END AS reported
     FROM rule_sync_state r
     JOIN sensors s ON s.tenant_id = r.tenant_id AND s.sensor_id = r.sensor_id
     JOIN sensor_sync_state y ON y.tenant_id = r.tenant_id AND y.sensor_id = r.sensor_id
     WHERE r.tenant_id = $1 AND r.status IN ('applied', 'failed') AND r.gave_up_at IS NULL AND s.approval_status = 'approved'
       AND s.last_heartbeat_at > r.finished_at
       AND (CASE r.kind WHEN 'rules' THEN y.reported_rules_hash ELSE y.reported_config_hash END) IS DISTINCT FROM r.hash
       AND NOT EXISTS (SELECT 1 FROM rollouts o WHERE o.tenant_id = $1 AND o.id = r.rollout_id AND o.state IN ('scheduled', 'running'))
     ORDER BY r.sensor_id, r.kind
     FOR UPDATE OF r SKIP LOCKED`,
    [tenantId]);
  return res.rows;
}

/** Stops repairing a sensor's drift: it stays drifted until a new push. */
export async function markGaveUp(client: Client, tenantId: string, sensorId: string, kind: DocumentKind, at: Date): Promise<void> {
  await client.query('UPDATE rule_sync_state SET gave_up_at = $4 WHERE tenant_id = $1 AND sensor_id = $2 AND kind = $3', [tenantId, sensorId, kind, at]);
}
