// GET /v1/blocks/export: the tenant's blocks in force as a plain file for firewalls without a bouncer, streamed page by
// page from one snapshot, with an ETag so a poller downloads only what changed. Reads only; never another tenant's blocks.

import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../db/pools.ts';
import { problemSchema } from '../http/schemas.ts';
import { blocklistState, readBlocklist } from './active-blocks.ts';
import { CONTENT_TYPES, EXPORT_FORMATS, exportWriter, type ExportFormat, type ExportMeta } from './blocklist-export.ts';
import { put, type StreamLimits } from './stream-limits.ts';

export interface ExportRouteDeps {
  app: pg.Pool;
  clock: () => Date;
  logger: Pick<Logger, 'warn'>;
  /** A stream holds a database connection and its snapshot until the client has taken it: so many at once, so long. */
  limits: StreamLimits;
}

/** Blocks read and written per page: what the export holds in memory at once. */
const PAGE = 1000;

function etagOf(tenantId: string, format: ExportFormat, state: { version: number; count: number }): string {
  return `"${createHash('sha256').update(`${tenantId} ${format} ${state.version} ${state.count}`).digest('base64url').slice(0, 27)}"`;
}

/** True when If-None-Match names this tag (weak or strong) or is `*`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
}

export function registerExportRoutes(app: FastifyInstance, deps: ExportRouteDeps): void {
  app.get<{ Querystring: { format?: ExportFormat } }>('/v1/blocks/export', {
    config: { scope: 'blocklist:read', alsoScope: 'signal:read' },
    schema: {
      tags: ['blocks'],
      summary: "The tenant's blocks in force as a file: text, csv, nftables, ipset or json (ETag / If-None-Match → 304)",
      description: 'text, nftables and ipset carry IP blocks only (what a firewall enforces); csv and json carry every block type. ' +
        'Stable order (by block id); streamed. A `signal:read` key may export as well.',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { format: { type: 'string', enum: [...EXPORT_FORMATS], default: 'text' } },
      },
      headers: { type: 'object', properties: { 'if-none-match': { type: 'string', description: 'the ETag of the copy the caller holds' } } },
      response: {
        200: {
          description: 'the file', content: Object.fromEntries(Object.entries(EXAMPLES).map(([type, example]) => [type, { schema: { type: 'string' }, example }])),
        },
        304: { description: 'the caller\'s copy (If-None-Match) is current', type: 'null' },
        400: problemSchema, 401: problemSchema, 403: problemSchema, 429: { ...problemSchema, description: 'QUORUM_BLOCKLIST_STREAMS answers are streaming on this hub, or QUORUM_BLOCKLIST_STREAMS_PER_TENANT of this tenant (streams_busy): retry after Retry-After' },
      },
    },
  }, async (req, reply) => {
    const tenantId = req.principal.tenantId;
    const format = req.query.format ?? 'text';
    const now = deps.clock();
    const state = await withTenant(deps.app, tenantId, (c) => blocklistState(c, tenantId, now));
    const etag = etagOf(tenantId, format, state);
    reply.header('etag', etag).header('cache-control', 'no-cache').header('x-quorum-block-version', String(state.version));
    if (matches(req.headers['if-none-match'], etag)) return reply.code(304).send();
    return streamExport(reply, deps, tenantId, format, { ...state, at: now });
  });
}

/**
 * Sends the export as it is read: the pages of one snapshot written with backpressure. The tag was taken from an
 * earlier read: if a change committed in between, the body is of a later version, and a later version never carries
 * this tag again, so the copy is fetched in full next time (never kept stale).
 */
function streamExport(reply: FastifyReply, deps: ExportRouteDeps, tenantId: string, format: ExportFormat, meta: ExportMeta): FastifyReply {
  const body = new PassThrough();
  const slot = deps.limits.open('export', tenantId, body);
  const writer = exportWriter(format);
  const write = async (text: string) => { if (text) await put(body, text); };
  void (async () => {
    await write(writer.head(meta));
    await readBlocklist(deps.app, tenantId, meta.at, PAGE, (blocks) => write(writer.page(blocks)));
    body.end(writer.tail());
  })().catch((err) => {
    // Headers are gone: cutting the connection is how the client learns the file is incomplete (no final chunk).
    if (slot.timedOut) deps.logger.warn({ tenantId }, 'a blocklist export was not taken whole in time; the connection is cut');
    else if (!body.destroyed) deps.logger.warn({ err, tenantId }, 'a blocklist export failed mid-stream; the connection is cut');
    body.destroy(err);
  }).finally(() => slot.release());
  return reply.type(CONTENT_TYPES[format]).send(body);
}

const EXAMPLES: Record<string, string> = {
  'text/plain': '# Quorum blocklist: 2 blocks in force at 2026-12-02T08:00:00.000Z, block-feed version 42\n203.0.113.7/32\n2001:db8:bad::/48\n# end of the Quorum blocklist\n',
  'text/csv': 'block_type,indicator,source,severity,expires_at,mitigation_id,reason\nIP,203.0.113.7/32,manual,high,2026-12-02T09:00:00.000Z,3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11,"Manual block: scanner, port 22"\n',
  'application/json': '{"version":42,"count":1,"generated_at":"2026-12-02T08:00:00.000Z","blocks":[\n{"mitigation_id":"3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11","block_type":"ASN","indicator":"AS64500","source":"manual","severity":null,"reason":"hoster","created_at":"2026-12-02T08:00:00.000Z","expires_at":"2026-12-03T08:00:00.000Z"}\n]}\n',
};
