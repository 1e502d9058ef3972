// Every SQL statement of sensor enrolment: registration tokens, approval changes, the tenant's enrolment setting, the fleet list.
// Callers pass a client inside withTenant(); each query still names its tenant explicitly (RLS is the second layer).

import type pg from 'pg';
import { SYNC_STATE_COLUMNS, type SyncStateColumns } from './sensor-health-queries.ts';
import type { SensorRecord } from './sensor-queries.ts';

/** NOTIFY channel of approval changes (payload `<tenantId>:<sensorId>`): every hub re-reads that sensor's sessions. */
export const SENSOR_APPROVAL_CHANNEL = 'quorum_sensor_approvals';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'decommissioned';

export interface RegistrationTokenRow {
  id: string;
  name: string | null;
  max_uses: number;
  uses: number;
  auto_approve: boolean;
  expires_at: string;
  created_at: string;
  revoked_at: string | null;
}

const TOKEN_COLUMNS = 'id, name, max_uses, uses, auto_approve, expires_at, created_at, revoked_at';

export async function insertRegistrationToken(
  client: pg.PoolClient, tenantId: string,
  t: { id: string; name: string | null; secretHash: Buffer; maxUses: number; autoApprove: boolean; expiresAt: Date; at: Date },
): Promise<RegistrationTokenRow> {
  const res = await client.query<RegistrationTokenRow>(
    `INSERT INTO sensor_registration_tokens (id, tenant_id, name, secret_hash, max_uses, auto_approve, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${TOKEN_COLUMNS}`,
    [t.id, tenantId, t.name, t.secretHash, t.maxUses, t.autoApprove, t.expiresAt, t.at]);
  return res.rows[0]!;
}

/** The tenant's tokens, newest first (never their hashes). */
export async function listRegistrationTokens(client: pg.PoolClient, tenantId: string): Promise<RegistrationTokenRow[]> {
  const res = await client.query<RegistrationTokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM sensor_registration_tokens WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT 1000`, [tenantId]);
  return res.rows;
}

/** Revokes a token (again is harmless); null when the tenant has no such token. */
export async function revokeRegistrationToken(client: pg.PoolClient, tenantId: string, id: string, at: Date): Promise<RegistrationTokenRow | null> {
  const res = await client.query<RegistrationTokenRow>(
    `UPDATE sensor_registration_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING ${TOKEN_COLUMNS}`,
    [tenantId, id, at]);
  return res.rows[0] ?? null;
}

/** A token with its secret's hash, for the sensor's auth only. */
export async function findRegistrationToken(client: pg.PoolClient, tenantId: string, id: string): Promise<(RegistrationTokenRow & { secret_hash: Buffer }) | null> {
  const res = await client.query<RegistrationTokenRow & { secret_hash: Buffer }>(
    `SELECT ${TOKEN_COLUMNS}, secret_hash FROM sensor_registration_tokens WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return res.rows[0] ?? null;
}

/** Counts one use if the token is still usable at `at`; false when it is spent, revoked or expired (one statement: never past max_uses). */
export async function claimRegistrationToken(client: pg.PoolClient, tenantId: string, id: string, at: Date): Promise<boolean> {
  const res = await client.query(
    `UPDATE sensor_registration_tokens SET uses = uses + 1
     WHERE tenant_id = $1 AND id = $2 AND uses < max_uses AND revoked_at IS NULL AND expires_at > $3`, [tenantId, id, at]);
  return res.rowCount === 1;
}

/** Sets a new sensor's approval and the token that enrolled it (right after its first upsert). */
export async function setEnrolment(client: pg.PoolClient, tenantId: string, sensorId: string, status: ApprovalStatus, tokenId: string | null): Promise<void> {
  await client.query(
    'UPDATE sensors SET approval_status = $3, registration_token_id = $4 WHERE tenant_id = $1 AND sensor_id = $2',
    [tenantId, sensorId, status, tokenId]);
}

/** Records which hub holds the sensor's session now. */
export async function setSensorHub(client: pg.PoolClient, tenantId: string, sensorId: string, hubId: string): Promise<void> {
  await client.query('UPDATE sensors SET hub_id = $3 WHERE tenant_id = $1 AND sensor_id = $2', [tenantId, sensorId, hubId]);
}

/**
 * Changes a sensor's approval and tells every hub (the NOTIFY rides in the same statement, so only committed changes
 * are heard); null when the tenant has no such sensor. A decommissioned sensor stays decommissioned.
 */
export async function changeApproval(client: pg.PoolClient, tenantId: string, sensorId: string, status: ApprovalStatus, at: Date): Promise<SensorRecord | null> {
  const res = await client.query<SensorRecord & { notified: unknown }>(
    `WITH changed AS (
       UPDATE sensors SET approval_status = CASE WHEN approval_status = 'decommissioned' THEN approval_status ELSE $3 END,
              approval_changed_at = $4, updated_at = $4
        WHERE tenant_id = $1 AND sensor_id = $2 RETURNING *)
     SELECT changed.*, pg_notify('${SENSOR_APPROVAL_CHANNEL}', tenant_id::text || ':' || sensor_id) AS notified FROM changed`,
    [tenantId, sensorId, status, at]);
  if (!res.rows[0]) return null;
  const { notified: _n, ...row } = res.rows[0];
  return row;
}

/** The sensor's approval now (null when unknown): what a live session is re-checked against. */
export async function sensorApproval(client: pg.PoolClient, tenantId: string, sensorId: string): Promise<ApprovalStatus | null> {
  const res = await client.query<{ approval_status: ApprovalStatus }>(
    'SELECT approval_status FROM sensors WHERE tenant_id = $1 AND sensor_id = $2', [tenantId, sensorId]);
  return res.rows[0]?.approval_status ?? null;
}

/** Whether a signal:write key alone registers a new sensor for this tenant (true unless the tenant turned it off). */
export async function keyRegistrationAllowed(client: pg.PoolClient, tenantId: string): Promise<boolean> {
  const res = await client.query<{ key_registration: boolean }>('SELECT key_registration FROM sensor_enrolment_settings WHERE tenant_id = $1', [tenantId]);
  return res.rows[0]?.key_registration ?? true;
}

export async function setKeyRegistration(client: pg.PoolClient, tenantId: string, allowed: boolean, at: Date): Promise<void> {
  await client.query(
    `INSERT INTO sensor_enrolment_settings (tenant_id, key_registration, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET key_registration = EXCLUDED.key_registration, updated_at = EXCLUDED.updated_at`,
    [tenantId, allowed, at]);
}

/** A sensor as the fleet list shows it, with the stored columns its health and sync state are derived from. */
export interface FleetSensorRow extends SyncStateColumns {
  sensor_id: string;
  name: string | null;
  kind: string;
  version: string | null;
  region: string | null;
  protocol_version: string | null;
  approval_status: ApprovalStatus;
  state: 'connected' | 'disconnected';
  hub_id: string | null;
  last_address: string | null;
  connected_at: string | null;
  disconnected_at: string | null;
  last_heartbeat_at: string | null;
  blocklist_version: number | null;
  registration_token_id: string | null;
  created_at: string;
  /** Labels fleet-wide commands and rollouts select by (PUT /v1/sensors/{id}/tags). */
  tags: string[];
  reported_status: string | null;
  health_since: string | null;
}

const at = (col: string) => `to_json(${col}) #>> '{}' AS ${col.split('.').pop()}`;
const FLEET_COLUMNS = [
  's.sensor_id', 's.name', 's.kind', 's.version', 's.region', 's.protocol_version', 's.approval_status', 's.connection_state AS state', 's.hub_id', 's.last_address',
  at('s.connected_at'), at('s.disconnected_at'), at('s.last_heartbeat_at'),
  `CASE WHEN jsonb_typeof(s.last_metrics -> 'blocklistVersion') = 'number' THEN (s.last_metrics ->> 'blocklistVersion')::float8 END AS blocklist_version`,
  's.registration_token_id', at('s.created_at'), 's.tags', `s.last_metrics ->> 'status' AS reported_status`, at('s.health_since'),
  ...SYNC_STATE_COLUMNS,
].join(', ');
const FLEET_FROM = 'sensors s LEFT JOIN sensor_sync_state y ON y.tenant_id = s.tenant_id AND y.sensor_id = s.sensor_id';

/** The tenant's sensors, of one approval status when given, connected first, at most `limit`. */
export async function listFleetSensors(client: pg.PoolClient, tenantId: string, approval: ApprovalStatus | null, limit: number): Promise<FleetSensorRow[]> {
  const res = await client.query<FleetSensorRow>(
    `SELECT ${FLEET_COLUMNS} FROM ${FLEET_FROM} WHERE s.tenant_id = $1 AND ($2::text IS NULL OR s.approval_status = $2)
     ORDER BY s.connection_state, s.sensor_id LIMIT $3`, [tenantId, approval, limit]);
  return res.rows;
}

export async function findFleetSensor(client: pg.PoolClient, tenantId: string, sensorId: string): Promise<FleetSensorRow | null> {
  const res = await client.query<FleetSensorRow>(`SELECT ${FLEET_COLUMNS} FROM ${FLEET_FROM} WHERE s.tenant_id = $1 AND s.sensor_id = $2`, [tenantId, sensorId]);
  return res.rows[0] ?? null;
}
