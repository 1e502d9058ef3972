// Every SQL statement that touches sensor health: the heartbeat write (one statement), the history and latest-health
// reads, and the owner's prune and silence sweep. Callers pass a client inside withTenant() (the owner's two excepted).

import type pg from 'pg';
import type { HeartbeatPayload } from './sensor-protocol.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/**
 * Records a heartbeat in one statement: the sensor's latest metrics and status (with since when it holds), its
 * minute's history row (upserted: one row per sensor per minute) and its reported sync values (each with the time it
 * last changed). Returns the status the sensor reported before, null for its first heartbeat. A heartbeat older than
 * the one stored (two of a sensor's frames are handled at once, and the later one committed first) changes nothing and
 * returns null: it overwrote the newer report before (a rules hash just applied read as the one before it).
 */
export async function recordHeartbeatHealth(client: Client, tenantId: string, sensorId: string, hb: HeartbeatPayload, at: Date): Promise<{ previous: string | null } | null> {
  const res = await client.query<{ previous: string | null }>(
    // Every CTE sees the rows as they were before the statement: `prev` and the CASEs compare with the old values.
    `WITH prev AS (SELECT last_metrics ->> 'status' AS status FROM sensors WHERE tenant_id = $1 AND sensor_id = $2),
     s AS (
       UPDATE sensors SET last_heartbeat_at = $3, last_metrics = $4, updated_at = $3, silence_announced = NULL,
         health_since = CASE WHEN health_since IS NULL OR last_metrics ->> 'status' IS DISTINCT FROM $5::text THEN $3 ELSE health_since END
       WHERE tenant_id = $1 AND sensor_id = $2 AND (last_heartbeat_at IS NULL OR last_heartbeat_at <= $3) RETURNING 1),
     h AS (
       INSERT INTO sensor_health_history AS o (tenant_id, sensor_id, minute, status, cpu, memory, disk, requests_last_minute, avg_latency_ms, config_hash, rules_hash, reported_at)
       SELECT $1, $2, date_trunc('minute', $3::timestamptz), $5::text, $6::float8, $7::float8, $8::float8, $9::float8, $10::float8, $11::text, $12::text, $3 FROM s
       ON CONFLICT (tenant_id, sensor_id, minute) DO UPDATE SET status = EXCLUDED.status, cpu = EXCLUDED.cpu, memory = EXCLUDED.memory,
         disk = EXCLUDED.disk, requests_last_minute = EXCLUDED.requests_last_minute, avg_latency_ms = EXCLUDED.avg_latency_ms,
         config_hash = EXCLUDED.config_hash, rules_hash = EXCLUDED.rules_hash, reported_at = EXCLUDED.reported_at),
     y AS (
       INSERT INTO sensor_sync_state AS o (tenant_id, sensor_id, reported_config_hash, config_reported_at, reported_rules_hash, rules_reported_at,
                                          reported_blocklist_version, blocklist_reported_at, updated_at)
       SELECT $1, $2, $11::text, $3, $12::text, $3, $13::bigint, CASE WHEN $13::bigint IS NOT NULL THEN $3 END, $3 FROM s
       ON CONFLICT (tenant_id, sensor_id) DO UPDATE SET
         config_reported_at = CASE WHEN o.reported_config_hash IS DISTINCT FROM EXCLUDED.reported_config_hash THEN EXCLUDED.updated_at ELSE o.config_reported_at END,
         reported_config_hash = EXCLUDED.reported_config_hash,
         rules_reported_at = CASE WHEN o.reported_rules_hash IS DISTINCT FROM EXCLUDED.reported_rules_hash THEN EXCLUDED.updated_at ELSE o.rules_reported_at END,
         reported_rules_hash = EXCLUDED.reported_rules_hash,
         -- A heartbeat without blocklistVersion says nothing about the blocklist: the last reported version stands.
         blocklist_reported_at = CASE WHEN EXCLUDED.reported_blocklist_version IS NOT NULL AND o.reported_blocklist_version IS DISTINCT FROM EXCLUDED.reported_blocklist_version
                                      THEN EXCLUDED.updated_at ELSE o.blocklist_reported_at END,
         reported_blocklist_version = coalesce(EXCLUDED.reported_blocklist_version, o.reported_blocklist_version),
         updated_at = EXCLUDED.updated_at)
     SELECT (SELECT status FROM prev) AS previous FROM s`,
    [tenantId, sensorId, at, hb, hb.status, hb.cpu, hb.memory, hb.disk, hb.requestsLastMinute, hb.avgLatencyMs, hb.configHash, hb.rulesHash, hb.blocklistVersion ?? null],
  );
  return res.rows[0] ?? null;
}

/** A sensor's sync_state columns as the reads return them: reported and expected, each with its time. */
export interface SyncStateColumns {
  reported_config_hash: string | null;
  config_reported_at: string | null;
  expected_config_hash: string | null;
  expected_config_at: string | null;
  reported_rules_hash: string | null;
  rules_reported_at: string | null;
  expected_rules_hash: string | null;
  expected_rules_at: string | null;
  reported_blocklist_version: number | null;
  blocklist_reported_at: string | null;
}

/** A sensor's latest health as stored, with its sync state's columns (null ones before its first heartbeat). */
export interface LatestHealthRow extends SyncStateColumns {
  sensor_id: string;
  name: string | null;
  connection_state: 'connected' | 'disconnected';
  last_heartbeat_at: string | null;
  reported_status: string | null;
  health_since: string | null;
  metrics: Record<string, unknown> | null;
}

const ts = (col: string, as = col.split('.').pop()!) => `to_json(${col}) #>> '{}' AS ${as}`;
/** The SyncStateColumns of `sensor_sync_state y` (joined to `sensors s`), as select-list items. */
export const SYNC_STATE_COLUMNS = [
  'y.reported_config_hash', ts('y.config_reported_at'), 'y.expected_config_hash', ts('y.expected_config_at'),
  'y.reported_rules_hash', ts('y.rules_reported_at'), 'y.expected_rules_hash', ts('y.expected_rules_at'),
  'y.reported_blocklist_version::float8 AS reported_blocklist_version', ts('y.blocklist_reported_at'),
];
const LATEST_COLUMNS = [
  's.sensor_id', 's.name', 's.connection_state', ts('s.last_heartbeat_at'), `s.last_metrics ->> 'status' AS reported_status`, ts('s.health_since'),
  's.last_metrics AS metrics', ...SYNC_STATE_COLUMNS,
].join(', ');

/** The tenant's sensors with their latest health and sync columns, connected first, at most `limit`; or just `sensorId`. */
export async function listLatestHealth(client: Client, tenantId: string, limit: number, sensorId: string | null = null): Promise<LatestHealthRow[]> {
  const res = await client.query<LatestHealthRow>(
    `SELECT ${LATEST_COLUMNS} FROM sensors s LEFT JOIN sensor_sync_state y ON y.tenant_id = s.tenant_id AND y.sensor_id = s.sensor_id
     WHERE s.tenant_id = $1 AND ($3::text IS NULL OR s.sensor_id = $3)
     ORDER BY s.connection_state, s.last_heartbeat_at DESC NULLS LAST, s.sensor_id LIMIT $2`,
    [tenantId, limit, sensorId]);
  return res.rows;
}

export interface HealthHistoryRow {
  minute: string;
  status: string;
  cpu: number;
  memory: number;
  disk: number;
  requests_last_minute: number;
  avg_latency_ms: number;
  config_hash: string;
  rules_hash: string;
  reported_at: string;
}

/** One sensor's per-minute rows in [since, until), oldest first: the newest `limit` of the range. */
export async function readHealthHistory(client: Client, tenantId: string, sensorId: string, since: Date, until: Date, limit: number): Promise<HealthHistoryRow[]> {
  const res = await client.query<HealthHistoryRow>(
    `SELECT * FROM (
       SELECT ${ts('minute')}, status, cpu, memory, disk, requests_last_minute, avg_latency_ms,
              config_hash, rules_hash, ${ts('reported_at')}
       FROM sensor_health_history WHERE tenant_id = $1 AND sensor_id = $2 AND minute >= $3 AND minute < $4
       ORDER BY minute DESC LIMIT $5) r ORDER BY minute`,
    [tenantId, sensorId, since, until, limit]);
  return res.rows;
}

/** Deletes history rows older than `cutoff` in every tenant (the owner's function); returns how many went. */
export async function pruneHealthHistory(owner: Client, cutoff: Date): Promise<number> {
  const res = await owner.query<{ n: string }>('SELECT quorum_prune_sensor_health($1) AS n', [cutoff]);
  return Number(res.rows[0]?.n ?? 0);
}

export interface SilenceChange { tenant_id: string; sensor_id: string; silence: 'stale' | 'offline'; last_heartbeat_at: string }

/** Marks newly stale or offline sensors in every tenant and returns them: each change reaches one caller only. */
export async function sweepSilence(owner: Client, at: Date, staleAfterMs: number, offlineAfterMs: number): Promise<SilenceChange[]> {
  const res = await owner.query<SilenceChange>(
    `SELECT tenant_id, sensor_id, silence, to_json(last_heartbeat_at) #>> '{}' AS last_heartbeat_at FROM quorum_sweep_sensor_silence($1, $2, $3)`,
    [at, staleAfterMs, Math.max(offlineAfterMs, staleAfterMs)]);
  return res.rows;
}

/**
 * Sensors per tenant and health at `at`, across tenants (the owner's connection, as the other scrape-time gauges). The
 * CASE is deriveHealth's rule in SQL, so a scrape counts without reading every row into the hub.
 */
export async function countSensorsByHealth(owner: Client, at: Date, staleAfterMs: number, offlineAfterMs: number): Promise<{ tenant_id: string; health: string; n: number }[]> {
  const res = await owner.query<{ tenant_id: string; health: string; n: number }>(
    `SELECT tenant_id::text, CASE
         WHEN last_heartbeat_at IS NULL THEN 'unknown'
         WHEN last_heartbeat_at < $1::timestamptz - make_interval(secs => $3::float8 / 1000) THEN 'offline'
         WHEN last_heartbeat_at < $1::timestamptz - make_interval(secs => $2::float8 / 1000) THEN 'stale'
         WHEN last_metrics ->> 'status' IN ('degraded', 'unhealthy') THEN last_metrics ->> 'status'
         ELSE 'healthy' END AS health, count(*)::int AS n
     FROM sensors GROUP BY 1, 2`,
    [at, staleAfterMs, Math.max(offlineAfterMs, staleAfterMs)]);
  return res.rows;
}
