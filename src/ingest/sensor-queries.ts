// Every SQL statement that touches the sensors table, as small named functions.
// Callers pass a client inside withTenant(); each query still names its tenant explicitly (RLS is the second layer).

import type pg from 'pg';

export interface SensorRecord {
  tenant_id: string;
  sensor_id: string;
  kind: string;
  name: string | null;
  version: string | null;
  region: string | null;
  protocol_version: string | null;
  fingerprint: string | null;
  last_address: string | null;
  connection_state: 'connected' | 'disconnected';
  connected_at: string | null;
  disconnected_at: string | null;
  last_heartbeat_at: string | null;
  last_metrics: Record<string, unknown> | null;
  approval_status: 'pending' | 'approved' | 'rejected' | 'decommissioned';
  registration_token_id: string | null;
  hub_id: string | null;
}

export interface SensorAuthInput {
  sensorId: string;
  kind: string;
  name: string | null;
  version: string;
  region: string | null;
  protocolVersion: string;
  fingerprint: string | null;
  /** The address the sensor connected from. */
  address: string | null;
}

/** The sensor's record, or null when it never connected. */
export async function findSensor(client: pg.PoolClient, tenantId: string, sensorId: string): Promise<SensorRecord | null> {
  const res = await client.query<SensorRecord>('SELECT * FROM sensors WHERE tenant_id = $1 AND sensor_id = $2', [tenantId, sensorId]);
  return res.rows[0] ?? null;
}

/** Creates or updates the sensor record on auth and marks it connected; a stored fingerprint is kept, never replaced. */
export async function upsertSensorConnected(client: pg.PoolClient, tenantId: string, s: SensorAuthInput, at: Date): Promise<SensorRecord> {
  const res = await client.query<SensorRecord>(
    `INSERT INTO sensors (tenant_id, sensor_id, kind, name, version, region, protocol_version, fingerprint,
                          last_address, connection_state, connected_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, 'connected', $9, $9)
     ON CONFLICT (tenant_id, sensor_id) DO UPDATE SET
       name = coalesce(EXCLUDED.name, sensors.name), version = EXCLUDED.version,
       region = coalesce(EXCLUDED.region, sensors.region), protocol_version = EXCLUDED.protocol_version,
       fingerprint = coalesce(sensors.fingerprint, EXCLUDED.fingerprint), last_address = EXCLUDED.last_address,
       connection_state = 'connected', connected_at = EXCLUDED.connected_at, updated_at = EXCLUDED.updated_at
     RETURNING *`,
    [tenantId, s.sensorId, s.kind, s.name, s.version, s.region, s.protocolVersion, s.fingerprint, at, s.address],
  );
  return res.rows[0]!;
}

/** Marks the sensor disconnected unless a newer connection of the same sensor has connected since `connectedAt`. */
export async function markSensorDisconnected(client: pg.PoolClient, tenantId: string, sensorId: string, connectedAt: Date, at: Date): Promise<void> {
  await client.query(
    `UPDATE sensors SET connection_state = 'disconnected', disconnected_at = $4, updated_at = $4
     WHERE tenant_id = $1 AND sensor_id = $2 AND connected_at <= $3`,
    [tenantId, sensorId, connectedAt, at],
  );
}

/**
 * The addresses of the tenant's registered sensors, whichever hub they are connected to: connected now, or disconnected
 * at or after `disconnectedSince`. A hub that died leaves its sensors `connected` until they reconnect: protected, never blocked.
 */
export async function listRegisteredSensorAddresses(client: pg.PoolClient, tenantId: string, disconnectedSince: Date): Promise<string[]> {
  const res = await client.query<{ last_address: string }>(
    `SELECT DISTINCT last_address FROM sensors
     WHERE tenant_id = $1 AND last_address IS NOT NULL AND (connection_state = 'connected' OR disconnected_at >= $2)`,
    [tenantId, disconnectedSince],
  );
  return res.rows.map((r) => r.last_address);
}

/** A sensor and the block-feed version it last reported holding (heartbeat `blocklistVersion`; null when it never did). */
export interface SensorBlocklistRow {
  sensor_id: string;
  name: string | null;
  state: 'connected' | 'disconnected';
  last_heartbeat_at: string | null;
  blocklist_version: number | null;
}

/** The tenant's sensors with the blocklist version each reported, connected ones first, at most `limit`. */
export async function listSensorBlocklists(client: Pick<pg.PoolClient, 'query'>, tenantId: string, limit: number): Promise<SensorBlocklistRow[]> {
  const res = await client.query<SensorBlocklistRow>(
    // The heartbeat check admits only an integer ≥ 0 there; the type test keeps an older row's odd value from failing the read.
    `SELECT sensor_id, name, connection_state AS state, to_json(last_heartbeat_at) #>> '{}' AS last_heartbeat_at,
       CASE WHEN jsonb_typeof(last_metrics -> 'blocklistVersion') = 'number' THEN (last_metrics ->> 'blocklistVersion')::float8 END AS blocklist_version
     FROM sensors WHERE tenant_id = $1 ORDER BY connection_state, last_heartbeat_at DESC NULLS LAST, sensor_id LIMIT $2`,
    [tenantId, limit]);
  return res.rows;
}
