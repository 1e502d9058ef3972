// The block changes feed over HTTP: `GET /v1/blocks/changes?since=<version>`, the contract blocklist distribution
// serves deltas from (docs/blocks.md). Reads only, the caller's tenant only; never writes and never reveals another tenant's version.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { withTenant } from '../db/pools.ts';
import { listBlockChanges } from '../decide/block-change-queries.ts';
import { problemSchema } from '../http/schemas.ts';

export interface BlockRouteDeps {
  app: pg.Pool;
}

const MAX_LIMIT = 1000;

const changeSchema = {
  type: 'object',
  required: ['version', 'change', 'mitigation_id', 'block_type', 'indicator', 'source', 'severity', 'status', 'expires_at', 'reason', 'changed_at'],
  properties: {
    version: { type: 'integer', description: "This change's place in the tenant's feed: 1, 2, 3, … with no gaps, in commit order" },
    change: { type: 'string', enum: ['created', 'extended', 'withdrawn', 'expired', 'lifted', 'rejected'] },
    mitigation_id: { type: 'string', format: 'uuid' },
    block_type: { type: 'string', enum: ['IP', 'FINGERPRINT', 'ASN', 'USER_AGENT'], description: 'What the indicator is (Synapse blockType)' },
    indicator: { type: 'string', description: 'The blocked prefix in CIDR form for IP blocks; the fingerprint, ASN or user agent otherwise' },
    source: { type: 'string', enum: ['correlation', 'manual', 'automatic', 'fleet'], description: 'Where the block came from' },
    severity: { type: ['string', 'null'], enum: ['info', 'low', 'medium', 'high', 'critical', null] },
    status: { type: 'string', enum: ['active', 'withdrawn', 'expired', 'rejected'], description: 'The mitigation status after this change' },
    expires_at: { type: 'string', format: 'date-time', description: 'The block expiry after this change' },
    reason: { type: ['string', 'null'] },
    changed_at: { type: 'string', format: 'date-time' },
  },
} as const;

const pageSchema = {
  type: 'object',
  required: ['version', 'changes', 'next_since'],
  properties: {
    version: { type: 'integer', description: "The tenant's current version: every change up to it is committed" },
    changes: { type: 'array', items: changeSchema },
    next_since: { type: ['integer', 'null'], description: 'Ask again with since=next_since for the next page; null when this page ends at `version`' },
  },
  examples: [{
    version: 42,
    changes: [{
      version: 41, change: 'created', mitigation_id: '3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11', block_type: 'IP', indicator: '203.0.113.7/32', source: 'correlation', severity: 'high', status: 'active',
      expires_at: '2026-12-02T09:00:00Z', reason: 'ddos.attack on 203.0.113.7 corroborated by fastnetmon, alertmanager', changed_at: '2026-12-02T08:00:00Z',
    }, {
      version: 42, change: 'withdrawn', mitigation_id: '3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11', block_type: 'IP', indicator: '203.0.113.7/32', source: 'correlation', severity: 'high', status: 'withdrawn',
      expires_at: '2026-12-02T09:00:00Z', reason: 'fastnetmon reported the attack ended (signal 981)', changed_at: '2026-12-02T08:20:00Z',
    }],
    next_since: null,
  }],
} as const;

export function registerBlockRoutes(app: FastifyInstance, deps: BlockRouteDeps): void {
  app.get<{ Querystring: { since?: number; limit?: number } }>('/v1/blocks/changes', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['mitigations'],
      summary: "The tenant's block changes after a version, oldest first: the feed blocklist distribution serves deltas from",
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          since: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: 'The last version the caller has applied (0: from the start)' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100 },
        },
      },
      response: { 200: pageSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const since = req.query.since ?? 0;
    const limit = req.query.limit ?? 100;
    const page = await withTenant(deps.app, tenantId, (c) => listBlockChanges(c, tenantId, since, limit));
    const last = page.changes.at(-1)?.version;
    return { version: page.version, changes: page.changes, next_since: last !== undefined && last < page.version ? last : null };
  });
}
