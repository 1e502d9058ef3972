// How a sensor's health and sync state look in the API: the view function and its response schemas with an example.
// Shapes only; the state itself is derived by src/ingest/sensor-health.ts, never here.

import type { LatestHealthRow } from '../ingest/sensor-health-queries.ts';
import { healthSchema, sensorSyncSchema } from '../ingest/enrolment-schemas.ts';
import { blocklistSync, deriveHealth, hashSync, type SilenceThresholds } from '../ingest/sensor-health.ts';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One sensor's latest health and sync state at `now`, against the tenant's block-feed version. */
export function sensorHealthView(r: LatestHealthRow, feedVersion: number, now: Date, t: SilenceThresholds) {
  const m = r.metrics;
  return {
    sensor_id: r.sensor_id, name: r.name, connection_state: r.connection_state,
    health: deriveHealth(r.reported_status, r.last_heartbeat_at, now, t), reported_status: r.reported_status, health_since: r.health_since,
    last_heartbeat_at: r.last_heartbeat_at,
    metrics: m === null ? null : {
      cpu: num(m.cpu), memory: num(m.memory), disk: num(m.disk), requests_last_minute: num(m.requestsLastMinute), avg_latency_ms: num(m.avgLatencyMs),
    },
    sync: {
      config: hashSync(r.expected_config_hash, r.expected_config_at, r.reported_config_hash, r.config_reported_at),
      rules: hashSync(r.expected_rules_hash, r.expected_rules_at, r.reported_rules_hash, r.rules_reported_at),
      blocklist: blocklistSync(feedVersion, r.reported_blocklist_version, r.blocklist_reported_at),
    },
  };
}

export const thresholdsSchema = {
  type: 'object', required: ['stale_after_ms', 'offline_after_ms'],
  properties: { stale_after_ms: { type: 'integer' }, offline_after_ms: { type: 'integer' } },
} as const;

const metricsSchema = {
  type: ['object', 'null'], required: ['cpu', 'memory', 'disk', 'requests_last_minute', 'avg_latency_ms'],
  properties: {
    cpu: { type: ['number', 'null'] }, memory: { type: ['number', 'null'] }, disk: { type: ['number', 'null'] },
    requests_last_minute: { type: ['number', 'null'] }, avg_latency_ms: { type: ['number', 'null'] },
  },
} as const;

export const sensorHealthSchema = {
  type: 'object',
  required: ['sensor_id', 'name', 'connection_state', 'health', 'reported_status', 'health_since', 'last_heartbeat_at', 'metrics', 'sync'],
  properties: {
    sensor_id: { type: 'string' },
    name: { type: ['string', 'null'] },
    connection_state: { type: 'string', enum: ['connected', 'disconnected'] },
    health: healthSchema,
    reported_status: { type: ['string', 'null'], enum: ['healthy', 'degraded', 'unhealthy', null] },
    health_since: { type: ['string', 'null'], format: 'date-time', description: 'since when the sensor reports this status' },
    last_heartbeat_at: { type: ['string', 'null'], format: 'date-time' },
    metrics: metricsSchema,
    sync: sensorSyncSchema,
  },
} as const;

export const sensorHealthExample = {
  sensor_id: 'edge-fra-1', name: 'Frankfurt edge', connection_state: 'connected', health: 'degraded', reported_status: 'degraded',
  health_since: '2026-12-02T09:15:02Z', last_heartbeat_at: '2026-12-02T09:15:02Z',
  metrics: { cpu: 91, memory: 62, disk: 40, requests_last_minute: 4210, avg_latency_ms: 48.5 },
  sync: {
    config: { expected: null, reported: 'cfg-7f3a', state: 'in_sync', since: '2026-12-02T08:00:11Z' },
    rules: { expected: null, reported: 'rules-19c2', state: 'in_sync', since: '2026-12-02T08:00:11Z' },
    blocklist: { expected: 43, reported: 41, state: 'behind', since: '2026-12-02T09:10:32Z' },
  },
} as const;

export const healthHistoryRowSchema = {
  type: 'object', required: ['minute', 'status', 'cpu', 'memory', 'disk', 'requests_last_minute', 'avg_latency_ms', 'config_hash', 'rules_hash', 'reported_at'],
  properties: {
    minute: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: ['healthy', 'degraded', 'unhealthy'] },
    cpu: { type: 'number' }, memory: { type: 'number' }, disk: { type: 'number' }, requests_last_minute: { type: 'number' }, avg_latency_ms: { type: 'number' },
    config_hash: { type: 'string' }, rules_hash: { type: 'string' }, reported_at: { type: 'string', format: 'date-time', description: "the minute's last heartbeat" },
  },
} as const;
