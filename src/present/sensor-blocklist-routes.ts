// GET /v1/blocks/sensors: where the tenant's blocks stand on its sensors — each sensor's reported blocklist version
// against the tenant's block-feed version (in step, or how many changes behind). Read-only, the caller's tenant only.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { withTenant } from '../db/pools.ts';
import { currentBlockVersion } from '../distribute/active-blocks.ts';
import { listSensorBlocklists } from '../ingest/sensor-queries.ts';
import { problemSchema } from '../http/schemas.ts';

const sensorSchema = {
  type: 'object', required: ['sensor_id', 'name', 'state', 'last_heartbeat_at', 'blocklist_version', 'behind'],
  properties: {
    sensor_id: { type: 'string' },
    name: { type: ['string', 'null'] },
    state: { type: 'string', enum: ['connected', 'disconnected'] },
    last_heartbeat_at: { type: ['string', 'null'], format: 'date-time' },
    blocklist_version: { type: ['integer', 'null'], description: 'the block-feed version its last heartbeat reported holding; null when it never reported one' },
    behind: { type: ['integer', 'null'], description: 'changes of the feed after that version (0: in step); null without a reported version' },
  },
} as const;

export function registerSensorBlocklistRoutes(app: FastifyInstance, deps: { app: pg.Pool }): void {
  app.get<{ Querystring: { limit?: number } }>('/v1/blocks/sensors', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['blocks'], summary: "The tenant's sensors and the blocklist version each holds, against the block-feed version",
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } } },
      response: {
        200: {
          type: 'object', required: ['version', 'sensors'],
          properties: { version: { type: 'integer', description: "the tenant's current block-feed version" }, sensors: { type: 'array', items: sensorSchema } },
          examples: [{
            version: 43,
            sensors: [
              { sensor_id: 'edge-fra-1', name: 'Frankfurt edge', state: 'connected', last_heartbeat_at: '2026-12-02T09:15:02Z', blocklist_version: 43, behind: 0 },
              { sensor_id: 'edge-ams-2', name: null, state: 'disconnected', last_heartbeat_at: '2026-12-02T07:40:00Z', blocklist_version: 39, behind: 4 },
            ],
          }],
        },
        400: problemSchema, 401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const { version, rows } = await withTenant(deps.app, tenantId, async (c) => ({
      version: await currentBlockVersion(c, tenantId), rows: await listSensorBlocklists(c, tenantId, req.query.limit ?? 500),
    }));
    return { version, sensors: rows.map((s) => ({ ...s, behind: s.blocklist_version === null ? null : Math.max(0, version - s.blocklist_version) })) };
  });
}
