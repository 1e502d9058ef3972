// Every SQL statement of fleet commands: enqueue (with the wake-up of the hub holding the sensor), delivery, outcomes, lists, sensor tags.
// Callers pass a client inside withTenant(); each query still names its tenant explicitly (RLS is the second layer).

import type pg from 'pg';
import type { CommandStatus, CommandType } from './command-types.ts';

/** NOTIFY channel of new commands (payload `<tenantId>:<sensorId>`): the hub holding that sensor delivers them. */
export const COMMAND_CHANNEL = 'quorum_sensor_commands';
/** NOTIFY channel of finished commands (payload `<tenantId>:<commandId>`): rollouts and dashboards re-read them. */
export const COMMAND_OUTCOME_CHANNEL = 'quorum_sensor_command_outcomes';

export interface CommandRow {
  id: string;
  sensor_id: string;
  type: CommandType;
  payload: Record<string, unknown>;
  status: CommandStatus;
  attempts: number;
  max_attempts: number;
  timeout_ms: number;
  created_at: string;
  created_by: string;
  expires_at: string;
  sent_at: string | null;
  finished_at: string | null;
  message: string | null;
  result: Record<string, unknown> | null;
  fleet_request_id: string | null;
  rollout_id: string | null;
}

export const COMMAND_COLUMNS = `id, sensor_id, type, payload, status, attempts, max_attempts, timeout_ms, created_at, created_by, expires_at,
  sent_at, finished_at, message, result, fleet_request_id, rollout_id`;

export interface NewCommand {
  id: string;
  sensorId: string;
  type: CommandType;
  payload: Record<string, unknown>;
  timeoutMs: number;
  maxAttempts: number;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  fleetRequestId?: string | null;
  rolloutId?: string | null;
}

/** The statement that wakes the hubs holding each sensor of `rows` (a CTE with `sensor_id`, of the tenant in $1). */
const wakeHoldersOf = (rows: string) => `SELECT pg_notify('${COMMAND_CHANNEL}', $1 || ':' || sensor_id) FROM (SELECT DISTINCT sensor_id FROM ${rows}) s`;

/** Enqueues commands (pending) and wakes every hub for each sensor concerned, in the same transaction. */
export async function insertCommands(client: pg.PoolClient, tenantId: string, commands: NewCommand[]): Promise<CommandRow[]> {
  if (commands.length === 0) return [];
  const res = await client.query<CommandRow>(
    `WITH added AS (
       INSERT INTO sensor_commands (tenant_id, id, sensor_id, type, payload, max_attempts, timeout_ms, created_at, created_by, expires_at, fleet_request_id, rollout_id)
       SELECT $1, c.id, c.sensor_id, c.type, c.payload, c.max_attempts, c.timeout_ms, c.created_at, c.created_by, c.expires_at, c.fleet_request_id, c.rollout_id
       FROM jsonb_to_recordset($2::jsonb) AS c(ord integer, id uuid, sensor_id text, type text, payload jsonb, max_attempts integer, timeout_ms integer,
            created_at timestamptz, created_by text, expires_at timestamptz, fleet_request_id uuid, rollout_id uuid)
       ORDER BY c.ord
       RETURNING ${COMMAND_COLUMNS}
     ), woken AS (${wakeHoldersOf('added')})
     SELECT added.* FROM added, (SELECT count(*) FROM woken) w`,
    [tenantId, JSON.stringify(commands.map((c, ord) => ({
      ord, id: c.id, sensor_id: c.sensorId, type: c.type, payload: c.payload, max_attempts: c.maxAttempts, timeout_ms: c.timeoutMs,
      created_at: c.createdAt.toISOString(), created_by: c.createdBy, expires_at: c.expiresAt.toISOString(),
      fleet_request_id: c.fleetRequestId ?? null, rollout_id: c.rolloutId ?? null,
    })))]);
  return res.rows;
}

/** The row with the sensor's delivery order, as a claim returns it, and when it was sent before this claim (if ever). */
export interface ClaimedCommand {
  id: string;
  type: CommandType;
  payload: Record<string, unknown>;
  seq: string;
  previous_sent_at: string | null;
}

/**
 * Marks a sensor's due commands sent (one more attempt, a deadline) and returns them in delivery order. Due: pending,
 * and, given `resentBefore` (a new session's start), those sent before it and not answered: they went to an earlier
 * session, and a reconnect re-delivers them in order. SKIP LOCKED: two hubs (or two wake-ups) never both claim one
 * command; whoever commits first sends it.
 */
export async function claimCommands(client: pg.PoolClient, tenantId: string, sensorId: string, at: Date, resentBefore: Date | null, limit: number): Promise<ClaimedCommand[]> {
  const res = await client.query<ClaimedCommand>(
    `WITH due AS (
       SELECT id, sent_at FROM sensor_commands
       WHERE tenant_id = $1 AND sensor_id = $2 AND expires_at > $3
         AND (status = 'pending' OR (status = 'sent' AND attempts < max_attempts AND sent_at < $4::timestamptz))
       ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED
     )
     UPDATE sensor_commands c SET status = 'sent', attempts = c.attempts + 1, sent_at = $3, deadline_at = $3::timestamptz + c.timeout_ms * interval '1 millisecond'
     FROM due WHERE c.tenant_id = $1 AND c.id = due.id
     RETURNING c.id, c.type, c.payload, c.seq::text, due.sent_at AS previous_sent_at`,
    [tenantId, sensorId, at, resentBefore, limit]);
  return res.rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
}

/**
 * Undoes the claim (made at `at`) of commands whose frame was never written, the socket having closed meanwhile: they
 * are pending again with the attempts and send time they had, so an attempt counts only a frame that left. A command
 * claimed again or finished since is left alone. Wakes the hubs holding the sensor (another session of it may be open).
 */
export async function releaseUnsent(client: pg.PoolClient, tenantId: string, unsent: ClaimedCommand[], at: Date): Promise<void> {
  await client.query(
    `WITH back AS (
       UPDATE sensor_commands c SET status = 'pending', attempts = c.attempts - 1, sent_at = u.previous_sent_at, deadline_at = NULL
       FROM unnest($2::uuid[], $3::timestamptz[]) AS u(id, previous_sent_at)
       WHERE c.tenant_id = $1 AND c.id = u.id AND c.status = 'sent' AND c.sent_at = $4
       RETURNING c.sensor_id
     )
     ${wakeHoldersOf('back')}`,
    [tenantId, unsent.map((u) => u.id), unsent.map((u) => u.previous_sent_at), at]);
}

/** The finished command's row, as an outcome query returns it (with its tenant, for the log line). */
export type FinishedCommand = Pick<CommandRow, 'id' | 'sensor_id' | 'type' | 'status' | 'attempts'> & { tenant_id: string };

const FINISHED_COLUMNS = 'tenant_id::text, id, sensor_id, type, status, attempts';
const FINISHED_COLUMNS_OF_C = 'c.tenant_id::text, c.id, c.sensor_id, c.type, c.status, c.attempts';
/** The end of a statement whose `done` CTE returned FINISHED_COLUMNS: each outcome NOTIFYed, the finished rows answered. */
const NOTIFY_DONE = `told AS (SELECT pg_notify('${COMMAND_OUTCOME_CHANNEL}', tenant_id || ':' || id) FROM done)
     SELECT done.* FROM done, (SELECT count(*) FROM told) t`;

/**
 * Closes a command its sensor acknowledged: only this sensor's, only while it is sent (or pending again after a timed-out
 * attempt: the sensor's late answer still counts). NOTIFYs the outcome in the same statement; null when nothing matched.
 */
export async function finishAcknowledged(
  client: pg.PoolClient, tenantId: string, sensorId: string,
  ack: { commandId: string; success: boolean; message: string | null; result: Record<string, unknown> | null }, at: Date,
): Promise<FinishedCommand | null> {
  const res = await client.query<FinishedCommand>(
    `WITH done AS (
       UPDATE sensor_commands SET status = CASE WHEN $4 THEN 'succeeded' ELSE 'failed' END, finished_at = $5, message = $6, result = $7
       WHERE tenant_id = $1 AND sensor_id = $2 AND id = $3 AND (status = 'sent' OR (status = 'pending' AND attempts > 0))
       RETURNING ${FINISHED_COLUMNS}
     ), ${NOTIFY_DONE}`,
    [tenantId, sensorId, ack.commandId, ack.success, at, ack.message, ack.result === null ? null : JSON.stringify(ack.result)]);
  return res.rows[0] ?? null;
}

/** Cancels an open command (pending or sent) and NOTIFYs the outcome; null when the tenant has no such open command. */
export async function cancelCommand(client: pg.PoolClient, tenantId: string, id: string, at: Date): Promise<CommandRow | null> {
  const res = await client.query<CommandRow>(
    `WITH done AS (
       UPDATE sensor_commands SET status = 'cancelled', finished_at = $3, message = 'cancelled by an administrator'
       WHERE tenant_id = $1 AND id = $2 AND status IN ('pending', 'sent')
       RETURNING ${COMMAND_COLUMNS}
     ), told AS (SELECT pg_notify('${COMMAND_OUTCOME_CHANNEL}', $1 || ':' || id) FROM done)
     SELECT done.* FROM done, (SELECT count(*) FROM told) t`,
    [tenantId, id, at]);
  return res.rows[0] ?? null;
}

/** Sent commands past their deadline with attempts left go back to pending and wake the hub holding their sensor. */
export async function retryOverdue(owner: pg.Pool, at: Date, limit: number): Promise<FinishedCommand[]> {
  const res = await owner.query<FinishedCommand>(
    `WITH due AS (
       SELECT tenant_id, id FROM sensor_commands WHERE status = 'sent' AND deadline_at <= $1 AND attempts < max_attempts
       ORDER BY deadline_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), back AS (
       UPDATE sensor_commands c SET status = 'pending', deadline_at = NULL FROM due
       WHERE c.tenant_id = due.tenant_id AND c.id = due.id
       RETURNING ${FINISHED_COLUMNS_OF_C}
     ), woken AS (SELECT pg_notify('${COMMAND_CHANNEL}', tenant_id || ':' || sensor_id) FROM (SELECT DISTINCT tenant_id, sensor_id FROM back) s)
     SELECT back.* FROM back, (SELECT count(*) FROM woken) w`,
    [at, limit]);
  return res.rows;
}

/**
 * Finishes what can no longer be delivered: sent commands past their deadline with no attempt left (timed_out) and
 * pending ones past their expiry (expired). NOTIFYs each outcome in the same statement.
 */
export async function finishOverdue(owner: pg.Pool, at: Date, limit: number): Promise<FinishedCommand[]> {
  const res = await owner.query<FinishedCommand>(
    `WITH unanswered AS (
       SELECT tenant_id, id FROM sensor_commands WHERE status = 'sent' AND deadline_at <= $1 AND attempts >= max_attempts
       ORDER BY deadline_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), stale AS (
       SELECT tenant_id, id FROM sensor_commands WHERE status = 'pending' AND expires_at <= $1
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), due AS (
       SELECT tenant_id, id, 'timed_out' AS outcome FROM unanswered UNION ALL SELECT tenant_id, id, 'expired' FROM stale
     ), done AS (
       UPDATE sensor_commands c SET status = due.outcome, finished_at = $1,
         message = CASE WHEN due.outcome = 'timed_out' THEN 'no answer after ' || c.attempts || ' attempt(s)'
                        WHEN c.attempts = 0 THEN 'not delivered before it expired' ELSE 'not answered before it expired' END
       FROM due WHERE c.tenant_id = due.tenant_id AND c.id = due.id
       RETURNING ${FINISHED_COLUMNS_OF_C}
     ), ${NOTIFY_DONE}`,
    [at, limit]);
  return res.rows;
}

/**
 * Cancels a rollout's pushes not yet sent (an aborted rollout pushes nothing more; a sent push may already be applying
 * and runs to its end). NOTIFYs each outcome in the same statement.
 */
export async function cancelPendingRolloutPushes(client: pg.PoolClient, tenantId: string, rolloutId: string, at: Date): Promise<FinishedCommand[]> {
  const res = await client.query<FinishedCommand>(
    `WITH done AS (
       UPDATE sensor_commands SET status = 'cancelled', finished_at = $3, message = 'the rollout was aborted'
       WHERE tenant_id = $1 AND rollout_id = $2 AND status = 'pending'
       RETURNING ${FINISHED_COLUMNS}
     ), ${NOTIFY_DONE}`,
    [tenantId, rolloutId, at]);
  return res.rows;
}

/**
 * Cancels the open commands of sensors an administrator rejected or decommissioned (they can never connect again to
 * take them). NOTIFYs each outcome in the same statement.
 */
export async function cancelForRefusedSensors(owner: pg.Pool, at: Date, limit: number): Promise<FinishedCommand[]> {
  const res = await owner.query<FinishedCommand>(
    `WITH refused AS (
       SELECT c.tenant_id, c.id, s.approval_status FROM sensor_commands c
       JOIN sensors s ON s.tenant_id = c.tenant_id AND s.sensor_id = c.sensor_id
       WHERE c.status IN ('pending', 'sent') AND s.approval_status IN ('rejected', 'decommissioned')
       LIMIT $2 FOR UPDATE OF c SKIP LOCKED
     ), done AS (
       UPDATE sensor_commands c SET status = 'cancelled', finished_at = $1, message = 'the sensor was ' || refused.approval_status
       FROM refused WHERE c.tenant_id = refused.tenant_id AND c.id = refused.id
       RETURNING ${FINISHED_COLUMNS_OF_C}
     ), ${NOTIFY_DONE}`,
    [at, limit]);
  return res.rows;
}

/** The approval status of each named sensor, locked until the transaction ends (enqueues to one sensor go one at a time). */
export async function lockSensors(client: pg.PoolClient, tenantId: string, sensorIds: string[]): Promise<Map<string, string>> {
  const res = await client.query<{ sensor_id: string; approval_status: string }>(
    `SELECT sensor_id, approval_status FROM sensors WHERE tenant_id = $1 AND sensor_id = ANY ($2) ORDER BY sensor_id FOR UPDATE`,
    [tenantId, sensorIds]);
  return new Map(res.rows.map((r) => [r.sensor_id, r.approval_status]));
}

/** The open (pending or sent) commands of each named sensor that has any. */
export async function countOpen(client: pg.PoolClient, tenantId: string, sensorIds: string[]): Promise<Map<string, number>> {
  const res = await client.query<{ sensor_id: string; n: number }>(
    `SELECT sensor_id, count(*)::int AS n FROM sensor_commands
     WHERE tenant_id = $1 AND sensor_id = ANY ($2) AND status IN ('pending', 'sent') GROUP BY sensor_id`,
    [tenantId, sensorIds]);
  return new Map(res.rows.map((r) => [r.sensor_id, r.n]));
}

export async function findCommand(client: pg.PoolClient, tenantId: string, id: string): Promise<CommandRow | null> {
  const res = await client.query<CommandRow>(`SELECT ${COMMAND_COLUMNS} FROM sensor_commands WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return res.rows[0] ?? null;
}

export interface CommandFilter {
  sensorId: string | null;
  status: CommandStatus | null;
  rolloutId: string | null;
}

/** The tenant's commands newest first, after a cursor's (created_at, id): limit + 1 of them, so the caller knows whether more follow. */
export async function listCommands(client: pg.PoolClient, tenantId: string, f: CommandFilter, limit: number, after: { at: string; id: string } | null): Promise<CommandRow[]> {
  const res = await client.query<CommandRow>(
    `SELECT ${COMMAND_COLUMNS} FROM sensor_commands
     WHERE tenant_id = $1 AND ($2::text IS NULL OR sensor_id = $2) AND ($3::text IS NULL OR status = $3) AND ($4::uuid IS NULL OR rollout_id = $4)
       AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $7`,
    [tenantId, f.sensorId, f.status, f.rolloutId, after?.at ?? null, after?.id ?? null, limit + 1]);
  return res.rows;
}

/** Replaces a sensor's tags; null when the tenant has no such sensor. */
export async function setSensorTags(client: pg.PoolClient, tenantId: string, sensorId: string, tags: string[]): Promise<{ sensor_id: string; tags: string[] } | null> {
  const res = await client.query<{ sensor_id: string; tags: string[] }>(
    `UPDATE sensors SET tags = $3 WHERE tenant_id = $1 AND sensor_id = $2 RETURNING sensor_id, tags`, [tenantId, sensorId, tags]);
  return res.rows[0] ?? null;
}

/** Open commands per tenant and status, for the metrics gauge (the owner reads across tenants). */
export async function countOpenByTenant(owner: pg.Pool): Promise<{ tenant_id: string; status: string; n: number }[]> {
  const res = await owner.query<{ tenant_id: string; status: string; n: number }>(
    `SELECT tenant_id::text, status, count(*)::int AS n FROM sensor_commands WHERE status IN ('pending', 'sent') GROUP BY 1, 2`);
  return res.rows;
}
