// Every SQL statement that touches sensors and sensor_receipts, as small named functions.
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

/** Records a heartbeat and the metrics it carried. */
export async function recordHeartbeat(client: pg.PoolClient, tenantId: string, sensorId: string, metrics: Record<string, unknown>, at: Date): Promise<void> {
  await client.query(
    'UPDATE sensors SET last_heartbeat_at = $3, last_metrics = $4, updated_at = $3 WHERE tenant_id = $1 AND sensor_id = $2',
    [tenantId, sensorId, at, metrics],
  );
}

export interface Receipt {
  messageId: string;
  signalCount: number;
  stored: number;
  merged: number;
  duplicates: number;
}

/** Inserts receipts of one sensor's messages; returns the message ids that already had one (those must not be stored again). */
export async function insertReceipts(client: pg.PoolClient, tenantId: string, sensorId: string, receipts: Receipt[]): Promise<string[]> {
  if (receipts.length === 0) return [];
  const res = await client.query<{ message_id: string }>(
    `INSERT INTO sensor_receipts (tenant_id, sensor_id, message_id, signal_count, stored, merged, duplicates)
     SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::int[])
     ON CONFLICT DO NOTHING
     RETURNING message_id`,
    [tenantId, sensorId, receipts.map((r) => r.messageId), receipts.map((r) => r.signalCount), receipts.map((r) => r.stored),
      receipts.map((r) => r.merged), receipts.map((r) => r.duplicates)],
  );
  const inserted = new Set(res.rows.map((r) => r.message_id));
  return receipts.map((r) => r.messageId).filter((id) => !inserted.has(id));
}

/** The receipt of a committed message, or null. */
export async function findReceipt(client: pg.PoolClient, tenantId: string, sensorId: string, messageId: string): Promise<Receipt | null> {
  const res = await client.query<{ signal_count: number; stored: number; merged: number; duplicates: number }>(
    'SELECT signal_count, stored, merged, duplicates FROM sensor_receipts WHERE tenant_id = $1 AND sensor_id = $2 AND message_id = $3',
    [tenantId, sensorId, messageId],
  );
  const r = res.rows[0];
  return r ? { messageId, signalCount: r.signal_count, stored: r.stored, merged: r.merged, duplicates: r.duplicates } : null;
}

/** Deletes receipts committed before the cutoff, across tenants; returns how many. Runs on the owner pool. */
export async function pruneReceipts(owner: Pick<pg.Pool, 'query'>, cutoff: Date): Promise<number> {
  const res = await owner.query<{ n: string }>('SELECT quorum_prune_sensor_receipts($1) AS n', [cutoff]);
  return Number(res.rows[0]?.n ?? 0);
}
