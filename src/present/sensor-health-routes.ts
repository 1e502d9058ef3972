// GET /v1/sensors/health and GET /v1/sensors/{id}/health: the tenant's sensors' latest health and sync state, and one
// sensor's per-minute health history. Read-only, the caller's tenant only; health is derived at read time from stored times.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { InvalidRequestError, NotFoundError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import { currentBlockVersion } from '../distribute/active-blocks.ts';
import { listLatestHealth, readHealthHistory } from '../ingest/sensor-health-queries.ts';
import type { SilenceThresholds } from '../ingest/sensor-health.ts';
import { problemSchema } from '../http/schemas.ts';
import { healthHistoryRowSchema, sensorHealthExample, sensorHealthSchema, sensorHealthView, thresholdsSchema } from './sensor-health-view.ts';

export interface SensorHealthRouteDeps {
  app: pg.Pool;
  clock: () => Date;
  thresholds: SilenceThresholds;
  /** Most history rows one answer holds (QUORUM_SENSOR_HEALTH_HISTORY_MAX). */
  historyMax: number;
}

const DAY_MS = 86_400_000;

export function registerSensorHealthRoutes(app: FastifyInstance, deps: SensorHealthRouteDeps): void {
  const thresholds = { stale_after_ms: deps.thresholds.staleAfterMs, offline_after_ms: Math.max(deps.thresholds.offlineAfterMs, deps.thresholds.staleAfterMs) };

  app.get<{ Querystring: { limit?: number } }>('/v1/sensors/health', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['sensors'], summary: "The tenant's sensors: latest health (reported, or stale/offline when silent) and sync state",
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } } },
      response: {
        200: {
          type: 'object', required: ['at', 'thresholds', 'sensors'],
          properties: { at: { type: 'string', format: 'date-time' }, thresholds: thresholdsSchema, sensors: { type: 'array', items: sensorHealthSchema } },
          examples: [{ at: '2026-12-02T09:15:30Z', thresholds: { stale_after_ms: 60000, offline_after_ms: 300000 }, sensors: [sensorHealthExample] }],
        },
        400: problemSchema, 401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const now = deps.clock();
    const { version, rows } = await withTenant(deps.app, tenantId, async (c) => ({
      version: await currentBlockVersion(c, tenantId), rows: await listLatestHealth(c, tenantId, req.query.limit ?? 500),
    }));
    return { at: now.toISOString(), thresholds, sensors: rows.map((r) => sensorHealthView(r, version, now, deps.thresholds)) };
  });

  app.get<{ Params: { id: string }; Querystring: { since?: string; until?: string } }>('/v1/sensors/:id/health', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['sensors'], summary: "One sensor's latest health, sync state and per-minute health history",
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 128, examples: ['edge-fra-1'] } } },
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          since: { type: 'string', format: 'date-time', description: 'from this minute on (default: 24 h before `until`)' },
          until: { type: 'string', format: 'date-time', description: 'before this time (default: now)' },
        },
      },
      response: {
        200: {
          type: 'object', required: ['sensor', 'since', 'until', 'history', 'truncated'],
          properties: {
            sensor: sensorHealthSchema, since: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' },
            history: { type: 'array', items: healthHistoryRowSchema, description: 'one row per minute with a heartbeat, oldest first' },
            truncated: { type: 'boolean', description: 'true when the range held more rows than QUORUM_SENSOR_HEALTH_HISTORY_MAX: the newest are shown' },
          },
          examples: [{
            sensor: sensorHealthExample, since: '2026-12-02T09:13:00Z', until: '2026-12-02T09:16:00Z', truncated: false,
            history: [
              { minute: '2026-12-02T09:14:00Z', status: 'healthy', cpu: 31.5, memory: 58, disk: 40, requests_last_minute: 1180, avg_latency_ms: 3.2, config_hash: 'cfg-7f3a', rules_hash: 'rules-19c2', reported_at: '2026-12-02T09:14:32Z' },
              { minute: '2026-12-02T09:15:00Z', status: 'degraded', cpu: 91, memory: 62, disk: 40, requests_last_minute: 4210, avg_latency_ms: 48.5, config_hash: 'cfg-7f3a', rules_hash: 'rules-19c2', reported_at: '2026-12-02T09:15:02Z' },
            ],
          }],
        },
        400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema,
      },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const now = deps.clock();
    const until = req.query.until ? new Date(req.query.until) : now;
    const since = req.query.since ? new Date(req.query.since) : new Date(until.getTime() - DAY_MS);
    if (!(since < until)) throw new InvalidRequestError('since must be before until', { field: 'since' });
    const found = await withTenant(deps.app, tenantId, async (c) => {
      const [row] = await listLatestHealth(c, tenantId, 1, req.params.id);
      if (!row) return null;
      return { row, version: await currentBlockVersion(c, tenantId), history: await readHealthHistory(c, tenantId, req.params.id, since, until, deps.historyMax + 1) };
    });
    if (!found) throw new NotFoundError(`no sensor ${req.params.id}`);
    const truncated = found.history.length > deps.historyMax;
    return {
      sensor: sensorHealthView(found.row, found.version, now, deps.thresholds), since: since.toISOString(), until: until.toISOString(),
      history: truncated ? found.history.slice(1) : found.history, truncated,
    };
  });
}
