// Every SQL statement on sensor_commands: enqueue (with the wake-up of the hub holding the sensor), delivery, outcomes.
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
     ), woken AS (
       SELECT pg_notify('${COMMAND_CHANNEL}', $1 || ':' || sensor_id) FROM (SELECT DISTINCT sensor_id FROM added) s
     )
     SELECT added.* FROM added, (SELECT count(*) FROM woken) w`,
    [tenantId, JSON.stringify(commands.map((c, ord) => ({
      ord, id: c.id, sensor_id: c.sensorId, type: c.type, payload: c.payload, max_attempts: c.maxAttempts, timeout_ms: c.timeoutMs,
      created_at: c.createdAt.toISOString(), created_by: c.createdBy, expires_at: c.expiresAt.toISOString(),
      fleet_request_id: c.fleetRequestId ?? null, rollout_id: c.rolloutId ?? null,
    })))]);
  return res.rows;
}
