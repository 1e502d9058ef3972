// The blocks API: list the tenant's active blocks, add one by hand (any block type), extend, withdraw, import a file.
// Every change goes through the decider and its guardrails, in the caller's tenant only; a malformed import writes nothing.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { isUtf8 } from 'node:buffer';
import { InvalidRequestError, NotFoundError, QuorumError } from '../core/errors.ts';
import { normalizeIndicator, MAX_INDICATOR_LENGTH } from '../core/block-indicator.ts';
import { BLOCK_ORIGINS, BLOCK_TYPES, SEVERITIES, type BlockOrigin, type BlockType, type Principal, type Severity } from '../core/types.ts';
import { withTenant } from '../db/pools.ts';
import { indicatorOf } from '../decide/block-change-queries.ts';
import { listActiveBlocksFiltered, type MitigationRow } from '../decide/mitigation-queries.ts';
import { problemSchema } from '../http/schemas.ts';
import { decodeCursor, pageOf } from './cursor.ts';
import { parseImport, type ImportDefaults, type ImportLine } from './block-import.ts';
import {
  blockManually, extendManually, guardrailError, withdrawManually, withdrawnBy, type ManualBlock, type ManualDecider,
} from './manual-blocks.ts';

export interface BlockApiDeps {
  app: pg.Pool;
  decider: ManualDecider;
  clock: () => Date;
  /** Largest import body (QUORUM_BLOCK_IMPORT_MAX_BYTES) and most indicator lines in it (QUORUM_BLOCK_IMPORT_MAX_LINES). */
  importMaxBytes: number;
  importMaxLines: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TTL = { type: 'integer', minimum: 1, maximum: 31_536_000, description: 'seconds the block lasts from now; the guardrails bound it (ttl_min_seconds, ttl_max_seconds)' } as const;
const REASON = { type: 'string', maxLength: 512 } as const;
const EXAMPLE_ID = '3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11';

const blockSchema = {
  type: 'object',
  required: ['id', 'block_type', 'indicator', 'source', 'severity', 'status', 'reason', 'created_at', 'expires_at', 'extended_count'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    block_type: { type: 'string', enum: [...BLOCK_TYPES] },
    indicator: { type: 'string', description: 'normalised: a CIDR prefix (IP), the fingerprint, AS<number> (ASN) or the user agent' },
    source: { type: 'string', enum: [...BLOCK_ORIGINS] },
    severity: { type: ['string', 'null'], enum: [...SEVERITIES, null] },
    status: { type: 'string', enum: ['active', 'withdrawn', 'expired', 'rejected'] },
    reason: { type: 'string', description: 'the decision explanation (manual: who and why)' },
    created_at: { type: 'string', format: 'date-time' },
    expires_at: { type: 'string', format: 'date-time' },
    extended_count: { type: 'integer' },
    ended_at: { type: ['string', 'null'], format: 'date-time' },
    end_reason: { type: ['string', 'null'] },
    group_id: { type: ['string', 'null'] },
    created_by: { type: ['string', 'null'] },
  },
} as const;

const exampleBlock = {
  id: EXAMPLE_ID, block_type: 'IP', indicator: '203.0.113.7/32', source: 'manual', severity: 'high', status: 'active',
  reason: 'Manual block by API key 9b1c…: scanner', created_at: '2026-12-02T08:00:00Z', expires_at: '2026-12-02T09:00:00Z',
  extended_count: 0, ended_at: null, end_reason: null, group_id: null, created_by: '9b1c2d3e-0000-4000-8000-000000000001',
};

const rejectionSchema = { ...problemSchema, properties: { ...problemSchema.properties, guardrail: { type: 'string' } } } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;

function blockView(m: MitigationRow) {
  return {
    id: m.id, block_type: m.block_type, indicator: indicatorOf(m), source: m.origin, severity: m.severity, status: m.status,
    reason: m.explanation_text, created_at: m.created_at, expires_at: m.expires_at, extended_count: m.extended_count,
    ended_at: m.ended_at, end_reason: m.end_reason, group_id: m.group_id, created_by: m.created_by,
  };
}

function ensureUuid(id: string): string {
  if (!UUID.test(id)) throw new NotFoundError(`no block ${id}`);
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
    config: { scope: 'admin' },
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
        200: { type: 'object', properties: { outcome: { type: 'string', enum: ['extended'] }, block: blockSchema } },
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
    return reply.code(result.outcome === 'created' ? 201 : 200).send({ outcome: result.outcome, block: blockView(result.mitigation) });
  });
}

/** POST /v1/blocks/:id/extend and DELETE /v1/blocks/:id. */
function registerBlockChanges(app: FastifyInstance, deps: BlockApiDeps): void {
  const oneBlock = { type: 'object', properties: { block: blockSchema }, examples: [{ block: exampleBlock }] } as const;
  app.post<{ Params: { id: string }; Body: { ttl_seconds: number } }>('/v1/blocks/:id/extend', {
    config: { scope: 'admin' },
    schema: {
      tags: ['blocks'], summary: 'Extend an active block to now + ttl_seconds (never shortens it; TTL bounds apply)',
      params: idParams,
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
    config: { scope: 'admin' },
    schema: {
      tags: ['blocks'], summary: 'Withdraw an active block (every enforcement target removes it)',
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: { reason: REASON } },
      response: { 200: oneBlock, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const id = ensureUuid(req.params.id);
    const outcome = await withTenant(deps.app, tenantId, (c) => withdrawManually(c, deps.decider, tenantId, id, withdrawnBy(req.principal.keyId, req.query.reason)));
    if (outcome === null) throw new NotFoundError(`no block ${id}`);
    if (outcome === 'not_active') throw new QuorumError('not_active', 409, `block ${id} is not active`);
    return { block: blockView(outcome) };
  });
}

type LineResult = { line: number; indicator: string; block_type: BlockType; outcome: 'created' | 'extended' | 'rejected'; id: string | null; guardrail: string | null; reason: string | null };

/** POST /v1/blocks/import: a text or CSV file (its own parsers, in this scope only); every line through the guardrails, in one transaction. */
function registerBlockImport(app: FastifyInstance, deps: BlockApiDeps): void {
  app.addContentTypeParser(['text/plain', 'text/csv'], { parseAs: 'buffer', bodyLimit: deps.importMaxBytes }, (_req, raw, done) => {
    const bytes = raw as Buffer;
    if (!isUtf8(bytes)) return done(new InvalidRequestError('the file is not valid UTF-8; nothing was imported', { field: 'body' }), undefined);
    return done(null, bytes.toString('utf8'));
  });
  type Query = { block_type?: BlockType; ttl_seconds?: number; reason?: string };
  app.post<{ Querystring: Query; Body: string }>('/v1/blocks/import', {
    config: { scope: 'admin' },
    bodyLimit: deps.importMaxBytes,
    schema: {
      tags: ['blocks'],
      summary: 'Import blocks from a file: one indicator a line (text/plain) or CSV with a header (text/csv); per-line outcome',
      description: 'CSV header: `indicator` and any of `block_type,ttl_seconds,reason,severity`. Lines without a value take the query ' +
        'defaults. Blank lines and `#` comments are skipped. A malformed file is a 400 naming the line and nothing is imported; ' +
        `a guardrail refusal rejects its line only. Limits: QUORUM_BLOCK_IMPORT_MAX_BYTES, QUORUM_BLOCK_IMPORT_MAX_LINES.`,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { block_type: { type: 'string', enum: [...BLOCK_TYPES], default: 'IP' }, ttl_seconds: TTL, reason: REASON },
      },
      consumes: ['text/csv', 'text/plain'],
      body: { type: 'string', examples: ['indicator,block_type,ttl_seconds,reason\n203.0.113.7,IP,3600,scanner\nAS64500,ASN,86400,hoster\n'] },
      response: {
        200: {
          type: 'object', required: ['created', 'extended', 'rejected', 'lines'],
          properties: {
            created: { type: 'integer' }, extended: { type: 'integer' }, rejected: { type: 'integer' },
            lines: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  line: { type: 'integer' }, indicator: { type: 'string' }, block_type: { type: 'string' }, outcome: { type: 'string', enum: ['created', 'extended', 'rejected'] },
                  id: { type: ['string', 'null'] }, guardrail: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] },
                },
              },
            },
          },
          examples: [{
            created: 1, extended: 0, rejected: 1, lines: [
              { line: 2, indicator: '203.0.113.7/32', block_type: 'IP', outcome: 'created', id: EXAMPLE_ID, guardrail: null, reason: null },
              { line: 3, indicator: '10.0.0.0/8', block_type: 'IP', outcome: 'rejected', id: null, guardrail: 'prefix_too_broad', reason: '/8 is broader than the IPv4 minimum /24' },
            ],
          }],
        },
        400: problemSchema, 401: problemSchema, 403: problemSchema, 413: problemSchema, 415: problemSchema,
      },
    },
  }, async (req) => {
    if (typeof req.body !== 'string') throw new QuorumError('unsupported_media_type', 415, 'send the file as text/plain (one indicator a line) or text/csv');
    const defaults: ImportDefaults = { blockType: req.query.block_type ?? 'IP', ttlSeconds: req.query.ttl_seconds, reason: req.query.reason };
    const lines = parseImport(req.body, defaults, deps.importMaxLines);
    const results = await withTenant(deps.app, req.principal.tenantId, (c) => importLines(c, deps, req.principal, lines));
    const count = (o: LineResult['outcome']) => results.filter((r) => r.outcome === o).length;
    return { created: count('created'), extended: count('extended'), rejected: count('rejected'), lines: results };
  });
}

/** Each line through the decider in order (a later line may extend an earlier one); one transaction for the whole file. */
async function importLines(c: pg.PoolClient, deps: BlockApiDeps, who: Principal, lines: ImportLine[]): Promise<LineResult[]> {
  const out: LineResult[] = [];
  const now = deps.clock();
  for (const l of lines) {
    const n = normalizeIndicator(l.blockType, l.indicator);
    const base = { line: l.line, block_type: l.blockType };
    if (!n.ok) {
      out.push({ ...base, indicator: l.indicator.slice(0, MAX_INDICATOR_LENGTH), outcome: 'rejected', id: null, guardrail: 'invalid_indicator', reason: n.rule });
      continue;
    }
    const r = await blockManually(c, deps.decider, who, { ...l, indicator: n.value }, now);
    if (r.outcome === 'rejected') out.push({ ...base, indicator: n.value, outcome: 'rejected', id: null, guardrail: r.rejection.code, reason: r.rejection.reason });
    else out.push({ ...base, indicator: indicatorOf(r.mitigation), outcome: r.outcome, id: r.mitigation.id, guardrail: null, reason: null });
  }
  return out;
}
