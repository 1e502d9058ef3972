// The blocks API: list the tenant's active blocks, add one by hand (any block type), extend, withdraw; the import route
// (block-import-routes.ts) is registered with them. Every change goes through the decider, in the caller's tenant only.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { InvalidRequestError, NotFoundError, QuorumError } from '../core/errors.ts';
import { normalizeIndicator, MAX_INDICATOR_LENGTH } from '../core/block-indicator.ts';
import { BLOCK_ORIGINS, BLOCK_TYPES, SEVERITIES, type BlockOrigin, type BlockType, type Severity } from '../core/types.ts';
import { withTenant } from '../db/pools.ts';
import { listActiveBlocksFiltered } from '../decide/mitigation-queries.ts';
import { idParams, problemSchema } from '../http/schemas.ts';
import { decodeCursor, pageOf } from '../core/cursor.ts';
import { registerBlockImport } from './block-import-routes.ts';
import { blockSchema, blockView, EXAMPLE_ID, exampleBlock, REASON, rejectionSchema, TTL } from './block-view.ts';
import {
  blockManually, extendManually, guardrailError, withdrawManually, withdrawnBy, type ManualBlock, type ManualDecider,
} from './manual-blocks.ts';
import { isUuid } from '../core/uuid.ts';

export interface BlockApiDeps {
  app: pg.Pool;
  decider: ManualDecider;
  clock: () => Date;
  /** Largest import body (QUORUM_BLOCK_IMPORT_MAX_BYTES) and most indicator lines in it (QUORUM_BLOCK_IMPORT_MAX_LINES). */
  importMaxBytes: number;
  importMaxLines: number;
}

function ensureUuid(id: string): string {
  if (!isUuid(id)) throw new NotFoundError(`no block ${id}`);
  return id;
}

/** The indicator of a request, normalised, or a 400 naming the rule it breaks. */
function checkedIndicator(type: BlockType, text: string): string {
  const n = normalizeIndicator(type, text);
  if (!n.ok) throw new InvalidRequestError(`indicator ${n.rule}`, { field: 'indicator', errors: [{ field: 'indicator', rule: 'format', message: n.rule }] });
  return n.value;
}

export function registerBlockApiRoutes(app: FastifyInstance, deps: BlockApiDeps): void {
  registerBlockList(app, deps);
  registerBlockAdd(app, deps);
  registerBlockChanges(app, deps);
  void app.register(async (scope) => registerBlockImport(scope, deps));
}

/** GET /v1/blocks: the tenant's blocks in force, newest first, filtered, with keyset pages. */
function registerBlockList(app: FastifyInstance, deps: BlockApiDeps): void {
  type Query = { block_type?: BlockType; source?: BlockOrigin; indicator_contains?: string; cursor?: string; limit?: number };
  app.get<{ Querystring: Query }>('/v1/blocks', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['blocks'], summary: "The tenant's active blocks, newest first, with cursor pagination",
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          block_type: { type: 'string', enum: [...BLOCK_TYPES] }, source: { type: 'string', enum: [...BLOCK_ORIGINS] },
          indicator_contains: { type: 'string', minLength: 1, maxLength: MAX_INDICATOR_LENGTH, description: 'part of the indicator, case-insensitive' },
          cursor: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
      response: {
        200: {
          type: 'object', required: ['blocks', 'next_cursor'],
          properties: { blocks: { type: 'array', items: blockSchema }, next_cursor: { type: ['string', 'null'] } },
          examples: [{ blocks: [exampleBlock], next_cursor: null }],
        },
        400: problemSchema, 401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 100;
    const tenantId = req.principal.tenantId;
    const rows = await withTenant(deps.app, tenantId, (c) => listActiveBlocksFiltered(c, tenantId, deps.clock(), {
      blockType: q.block_type, source: q.source, contains: q.indicator_contains, before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: limit + 1,
    }));
    const { page, next } = pageOf(rows, limit, (m) => m.created_at);
    return { blocks: page.map(blockView), next_cursor: next };
  });
}

/** POST /v1/blocks: a block by hand of any type, through the guardrails; an active block covering it is extended instead. */
function registerBlockAdd(app: FastifyInstance, deps: BlockApiDeps): void {
  type Body = { block_type?: BlockType; indicator: string; ttl_seconds: number; reason?: string; severity?: Severity | null };
  app.post<{ Body: Body }>('/v1/blocks', {
    config: { scope: 'mitigation:write' },
    schema: {
      tags: ['blocks'], summary: 'Block an indicator by hand (guardrails apply; an active block covering it is extended instead)',
      body: {
        type: 'object', required: ['indicator', 'ttl_seconds'], additionalProperties: false,
        properties: {
          block_type: { type: 'string', enum: [...BLOCK_TYPES], default: 'IP' },
          indicator: { type: 'string', minLength: 1, maxLength: MAX_INDICATOR_LENGTH }, ttl_seconds: TTL, reason: REASON,
          severity: { type: ['string', 'null'], enum: [...SEVERITIES, null] },
        },
        examples: [
          { indicator: '203.0.113.7', ttl_seconds: 3600, reason: 'scanner', severity: 'high' },
          { block_type: 'ASN', indicator: 'as64500', ttl_seconds: 86400, reason: 'bulletproof hoster' },
        ],
      },
      response: {
        200: { type: 'object', properties: { outcome: { type: 'string', enum: ['extended'] }, block: blockSchema }, examples: [{ outcome: 'extended', block: exampleBlock }] },
        201: { type: 'object', properties: { outcome: { type: 'string', enum: ['created'] }, block: blockSchema }, examples: [{ outcome: 'created', block: exampleBlock }] },
        400: problemSchema, 401: problemSchema, 403: problemSchema, 422: rejectionSchema,
      },
    },
  }, async (req, reply) => {
    const blockType = req.body.block_type ?? 'IP';
    const block: ManualBlock = {
      blockType, indicator: checkedIndicator(blockType, req.body.indicator), ttlSeconds: req.body.ttl_seconds, reason: req.body.reason, severity: req.body.severity,
    };
    const result = await withTenant(deps.app, req.principal.tenantId, (c) => blockManually(c, deps.decider, req.principal, block, deps.clock()));
    if (result.outcome === 'rejected') throw guardrailError(result.rejection);
    req.auditTarget = result.mitigation.id;
    return reply.code(result.outcome === 'created' ? 201 : 200).send({ outcome: result.outcome, block: blockView(result.mitigation) });
  });
}

/** POST /v1/blocks/:id/extend and DELETE /v1/blocks/:id. */
function registerBlockChanges(app: FastifyInstance, deps: BlockApiDeps): void {
  const oneBlock = { type: 'object', properties: { block: blockSchema }, examples: [{ block: exampleBlock }] } as const;
  app.post<{ Params: { id: string }; Body: { ttl_seconds: number } }>('/v1/blocks/:id/extend', {
    config: { scope: 'mitigation:write' },
    schema: {
      tags: ['blocks'], summary: 'Extend an active block to now + ttl_seconds (never shortens it; TTL bounds apply)',
      params: idParams(EXAMPLE_ID),
      body: { type: 'object', required: ['ttl_seconds'], additionalProperties: false, properties: { ttl_seconds: TTL }, examples: [{ ttl_seconds: 7200 }] },
      response: { 200: oneBlock, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: rejectionSchema },
    },
  }, async (req) => {
    const id = ensureUuid(req.params.id);
    const result = await withTenant(deps.app, req.principal.tenantId, (c) => extendManually(c, deps.decider, req.principal, id, req.body.ttl_seconds));
    if (result === null) throw new NotFoundError(`no block ${id}`);
    if (result === 'not_active') throw new QuorumError('not_active', 409, `block ${id} is not active`);
    if (result.outcome === 'rejected') throw guardrailError(result.rejection);
    return { block: blockView(result.mitigation) };
  });

  app.delete<{ Params: { id: string }; Querystring: { reason?: string } }>('/v1/blocks/:id', {
    config: { scope: 'mitigation:write' },
    schema: {
      tags: ['blocks'], summary: 'Withdraw an active block (every enforcement target removes it)',
      params: idParams(EXAMPLE_ID),
      querystring: { type: 'object', additionalProperties: false, properties: { reason: REASON } },
      response: { 200: oneBlock, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const id = ensureUuid(req.params.id);
    const outcome = await withTenant(deps.app, tenantId, (c) => withdrawManually(c, deps.decider, tenantId, id, withdrawnBy(req.principal, req.query.reason)));
    if (outcome === null) throw new NotFoundError(`no block ${id}`);
    if (outcome === 'not_active') throw new QuorumError('not_active', 409, `block ${id} is not active`);
    return { block: blockView(outcome) };
  });
}
