// POST /v1/blocks/import: a text or CSV file of blocks, parsed whole before anything is written (a malformed file is a
// 400 naming its line), then every line through the decider's guardrails in one transaction, answered line by line.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { isUtf8 } from 'node:buffer';
import { InvalidRequestError, QuorumError } from '../core/errors.ts';
import { normalizeIndicator, MAX_INDICATOR_LENGTH } from '../core/block-indicator.ts';
import { BLOCK_TYPES, type BlockType, type Principal } from '../core/types.ts';
import { withTenant } from '../db/pools.ts';
import { indicatorOf } from '../decide/block-change-queries.ts';
import { problemSchema } from '../http/schemas.ts';
import { parseImport, type ImportDefaults, type ImportLine } from './block-import.ts';
import { EXAMPLE_ID, REASON, TTL } from './block-view.ts';
import { blockManually, type ManualDecider } from './manual-blocks.ts';

export interface BlockImportDeps {
  app: pg.Pool;
  decider: ManualDecider;
  clock: () => Date;
  /** Largest import body (QUORUM_BLOCK_IMPORT_MAX_BYTES) and most indicator lines in it (QUORUM_BLOCK_IMPORT_MAX_LINES). */
  importMaxBytes: number;
  importMaxLines: number;
}

type LineResult = { line: number; indicator: string; block_type: BlockType; outcome: 'created' | 'extended' | 'rejected'; id: string | null; guardrail: string | null; reason: string | null };

/** POST /v1/blocks/import: a text or CSV file (its own parsers, in this scope only); every line through the guardrails, in one transaction. */
export function registerBlockImport(app: FastifyInstance, deps: BlockImportDeps): void {
  app.addContentTypeParser(['text/plain', 'text/csv'], { parseAs: 'buffer', bodyLimit: deps.importMaxBytes }, (_req, raw, done) => {
    const bytes = raw as Buffer;
    if (!isUtf8(bytes)) return done(new InvalidRequestError('the file is not valid UTF-8; nothing was imported', { field: 'body' }), undefined);
    return done(null, bytes.toString('utf8'));
  });
  type Query = { block_type?: BlockType; ttl_seconds?: number; reason?: string };
  app.post<{ Querystring: Query; Body: string }>('/v1/blocks/import', {
    config: { scope: 'mitigation:write' },
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
async function importLines(c: pg.PoolClient, deps: BlockImportDeps, who: Principal, lines: ImportLine[]): Promise<LineResult[]> {
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
