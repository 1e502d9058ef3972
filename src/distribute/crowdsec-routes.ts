// The CrowdSec Local API's bouncer endpoints (decision stream, lookups, HEAD probes) and the bouncer registry list, so
// that unmodified CrowdSec bouncers enforce a tenant's IP blocks. Reads only; errors are CrowdSec's `{"message": …}`.

import { PassThrough, type Writable } from 'node:stream';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { InvalidRequestError } from '../core/errors.ts';
import { formatCidr, parseCidr } from '../core/cidr.ts';
import { withTenant } from '../db/pools.ts';
import { problemSchema } from '../http/schemas.ts';
import { toProblem } from '../http/problem.ts';
import { currentBlockVersion } from './active-blocks.ts';
import { listBouncers } from './bouncer-queries.ts';
import { parseFilter } from './crowdsec-decisions.ts';
import type { BouncerService } from './crowdsec-stream.ts';
import { ClientGoneError, type StreamLimits, type StreamSlot } from './stream-limits.ts';

export interface CrowdsecRouteDeps {
  app: pg.Pool;
  bouncers: BouncerService;
  /** Compress startup answers for bouncers that accept gzip (QUORUM_CROWDSEC_GZIP). */
  gzip: boolean;
  /** A startup answer holds a database connection and its snapshot until the bouncer has taken it: so many at once, so long. */
  limits: StreamLimits;
}

const MAX_USER_AGENT = 256;
const text = { type: 'string', maxLength: 4096 } as const;
const filterProperties = {
  scopes: { ...text, description: 'Comma-separated scopes to serve, case-insensitive (default `ip,range`)' },
  origins: { ...text, description: 'Comma-separated origins to serve: `correlation`, `manual`, `automatic`, `fleet` (default all)' },
  scenarios_containing: { ...text, description: 'Serve only decisions whose scenario contains one of these comma-separated words (case-insensitive)' },
  scenarios_not_containing: { ...text, description: 'Leave out decisions whose scenario contains one of these comma-separated words' },
} as const;

const decisionSchema = {
  type: 'object',
  required: ['duration', 'id', 'origin', 'scenario', 'scope', 'type', 'uuid', 'value'],
  properties: {
    duration: { type: 'string', description: 'Time left as a Go duration, computed at response time (negative for an ended block)' },
    id: { type: 'integer', description: 'Stable per block (from its mitigation id)' },
    origin: { type: 'string', enum: ['correlation', 'manual', 'automatic', 'fleet'] },
    scenario: { type: 'string', description: "The block's explanation" },
    scope: { type: 'string', enum: ['Ip', 'Range'] },
    type: { type: 'string', enum: ['ban'] },
    uuid: { type: 'string', format: 'uuid', description: 'The mitigation id' },
    value: { type: 'string', description: 'The address (scope Ip) or the prefix (scope Range)' },
  },
} as const;

const exampleDecision = {
  duration: '3h59m58.021s', id: 1111385009364, origin: 'correlation', scenario: 'ddos.attack on 203.0.113.7 corroborated by fastnetmon, alertmanager',
  scope: 'Ip', type: 'ban', uuid: '3f2d5c9e-a1b4-4c6f-9d2e-7b8a1c3e5f60', value: '203.0.113.7',
};

const streamSchema = {
  type: 'object',
  properties: {
    deleted: { type: ['array', 'null'], items: decisionSchema, description: 'Decisions to remove; null when none' },
    new: { type: ['array', 'null'], items: decisionSchema, description: 'Decisions to enforce; null when none' },
  },
  examples: [
    { deleted: null, new: [exampleDecision] },
    { deleted: [{ ...exampleDecision, duration: '-12.5s' }], new: null },
  ],
} as const;

const messageSchema = { type: 'object', required: ['message'], properties: { message: { type: 'string' } }, examples: [{ message: 'access forbidden' }] } as const;
const errorResponses = { 400: messageSchema, 403: messageSchema, 500: messageSchema, 503: messageSchema };
const security: { [scheme: string]: string[] }[] = [{ crowdsecApiKey: [] }, { bearer: [] }];

/** CrowdSec answers errors as `{"message": …}` and an unknown or missing key as 403 "access forbidden"; so do these routes. */
function crowdsecErrors(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(err);
  if (p.status >= 500) req.log.error({ err, route: req.routeOptions.url }, 'bouncer request failed');
  if (p.status === 401) return reply.code(403).send({ message: 'access forbidden' });
  if (typeof p.retryAfterSeconds === 'number') reply.header('retry-after', String(Math.max(1, Math.ceil(p.retryAfterSeconds))));
  return reply.code(p.status).send({ message: p.detail });
}

/** True when the bouncer accepts a gzip answer (Go's HTTP client asks by default). */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    return coding === 'gzip' && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

/** Who is pulling: the key, the user agent it announces and the address it connects from. */
function bouncerOf(req: FastifyRequest) {
  const userAgent = String(req.headers['user-agent'] ?? '').slice(0, MAX_USER_AGENT);
  return { tenantId: req.principal.tenantId, keyId: req.principal.keyId, userAgent, address: req.ip };
}

type StreamQuery = { startup?: boolean; scopes?: string; origins?: string; scenarios_containing?: string; scenarios_not_containing?: string };
type LookupQuery = { ip?: string; range?: string; scope?: string; value?: string } & StreamQuery;

/** What a lookup names: `ip=` or `range=` (decisions covering it), or `scope=&value=` (the decision on exactly that value). */
function lookupTarget(q: LookupQuery): { prefix: string; match: 'covering' | 'exact' } {
  const named = (field: string, value: string, single: boolean) => {
    const c = parseCidr(value);
    if (!c || (single && value.includes('/'))) throw new InvalidRequestError(`${field} must be ${single ? 'an IP address' : 'an IP prefix (CIDR)'}`, { field });
    return formatCidr(c);
  };
  if (q.ip !== undefined) return { prefix: named('ip', q.ip, true), match: 'covering' };
  if (q.range !== undefined) return { prefix: named('range', q.range, false), match: 'covering' };
  if (q.value !== undefined) {
    const scope = (q.scope ?? 'ip').toLowerCase();
    if (scope !== 'ip' && scope !== 'range') throw new InvalidRequestError('scope must be ip or range', { field: 'scope' });
    return { prefix: named('value', q.value, scope === 'ip'), match: 'exact' };
  }
  throw new InvalidRequestError('name what to look up: ip=, range= or scope=&value= (the whole list is GET /v1/decisions/stream?startup=true)');
}

function registerBouncerApi(app: FastifyInstance, deps: CrowdsecRouteDeps): void {
  app.setErrorHandler(crowdsecErrors);
  const config = { scope: 'blocklist:read', apiKeyHeader: true } as const;
  const tags = ['crowdsec'];

  app.get<{ Querystring: StreamQuery }>('/v1/decisions/stream', {
    config, exposeHeadRoute: false,
    schema: {
      tags, security, summary: 'CrowdSec decision stream: every active IP block at startup, then what was added and what ended since this bouncer\'s last pull',
      querystring: {
        type: 'object',
        properties: { startup: { type: 'boolean', default: false, description: 'true: every active decision (a bouncer sends it once, when it starts)' }, ...filterProperties },
      },
      response: { 200: streamSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    let body: Writable | null = null;
    // Set in open(), called back from the pull: a holder, so that the catch below sees what it set.
    const streamed: { slot?: StreamSlot } = {};
    const open = (large: boolean): Writable => {
      // Compressing pays for a startup answer; a delta is a few hundred bytes, sent as is.
      const gzip = deps.gzip && large && acceptsGzip(req.headers['accept-encoding']);
      const stream = gzip ? createGzip({ level: zlibConstants.Z_BEST_SPEED }) : new PassThrough();
      // Before the status line: a busy hub still answers 429, and the pull, not recorded, is retried.
      if (large) streamed.slot = deps.limits.open('crowdsec_startup', req.principal.tenantId, stream);
      reply.type('application/json; charset=utf-8');
      if (gzip) reply.header('content-encoding', 'gzip');
      reply.send(stream);
      return (body = stream);
    };
    try {
      await deps.bouncers.pull(bouncerOf(req), req.query.startup === true, parseFilter(req.query), open);
      body!.end();
    } catch (err) {
      if (!body) throw err;
      // The status line is sent: cutting the answer short is the only way to say it is incomplete.
      if (streamed.slot?.timedOut) req.log.warn('a bouncer\'s startup answer was not taken whole in time; it was cut and no pull recorded');
      else if (!(err instanceof ClientGoneError)) req.log.error({ err }, 'bouncer stream failed; the answer was cut short and no pull recorded');
      (body as Writable).destroy();
    } finally {
      streamed.slot?.release();
    }
    return reply;
  });

  app.head('/v1/decisions/stream', {
    config, schema: { tags, security, summary: 'Checks the key (200, no body); records no pull', response: { 200: { type: 'null' }, ...errorResponses } },
  }, async (_req, reply) => reply.type('application/json; charset=utf-8').send());

  app.get<{ Querystring: LookupQuery }>('/v1/decisions', {
    config, exposeHeadRoute: false,
    schema: {
      tags, security, summary: 'The active decisions covering an address or a prefix, or on exactly a value; the JSON literal null when none',
      querystring: {
        type: 'object',
        properties: {
          ip: { ...text, description: 'An address: the decisions covering it', examples: ['203.0.113.7'] },
          range: { ...text, description: 'A prefix: the decisions covering it' },
          scope: { ...text, description: '`ip` or `range` (with value)' },
          value: { ...text, description: 'The exact address or prefix of a decision (with scope)' },
          ...filterProperties,
        },
      },
      response: { 200: { type: ['array', 'null'], items: decisionSchema, examples: [[exampleDecision], null] }, ...errorResponses },
    },
  }, async (req) => {
    const target = lookupTarget(req.query);
    return deps.bouncers.lookup(req.principal.tenantId, target.prefix, target.match, parseFilter(req.query));
  });

  app.head('/v1/decisions', {
    config, schema: { tags, security, summary: 'Checks the key (200, no body)', response: { 200: { type: 'null' }, ...errorResponses } },
  }, async (_req, reply) => reply.type('application/json; charset=utf-8').send());
}

const bouncerSchema = {
  type: 'object',
  required: ['id', 'key_id', 'user_agent', 'address', 'version', 'behind', 'first_pull_at', 'last_pull_at', 'pulls'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    key_id: { type: 'string', format: 'uuid', description: 'The blocklist:read key it pulls with' },
    user_agent: { type: 'string' },
    address: { type: 'string', description: 'The address of its last pull' },
    version: { type: 'integer', description: 'The block-feed version its last answer reflected' },
    behind: { type: 'integer', description: "Changes of the tenant's feed after that version (what its next pull will bring)" },
    first_pull_at: { type: 'string', format: 'date-time' },
    last_pull_at: { type: 'string', format: 'date-time' },
    pulls: { type: 'integer' },
  },
} as const;

function registerBouncerList(app: FastifyInstance, deps: CrowdsecRouteDeps): void {
  app.get('/v1/bouncers', {
    config: { scope: 'admin' },
    schema: {
      tags: ['crowdsec'], summary: "The tenant's CrowdSec bouncers: one per key, user agent and address, with its last pull and version",
      response: {
        200: {
          type: 'object', required: ['version', 'bouncers'],
          properties: { version: { type: 'integer', description: "The tenant's current block-feed version" }, bouncers: { type: 'array', items: bouncerSchema } },
          examples: [{
            version: 42,
            bouncers: [{
              id: '0b7c2f0e-4d1a-4c55-8f3e-2a9d6b1e7c44', key_id: '6a1f3e2d-9c8b-4a7e-b5d4-3c2b1a0f9e8d', user_agent: 'crowdsec-firewall-bouncer/v0.0.25',
              address: '192.0.2.10', version: 41, behind: 1, first_pull_at: '2026-12-02T08:00:00Z', last_pull_at: '2026-12-02T09:15:02Z', pulls: 4471,
            }],
          }],
        },
        401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const { version, rows } = await withTenant(deps.app, tenantId, async (c) => {
      return { version: await currentBlockVersion(c, tenantId), rows: await listBouncers(c, tenantId) };
    });
    return { version, bouncers: rows.map((b) => ({ ...b, behind: Math.max(0, version - b.version) })) };
  });
}

/** Registers the bouncer API (in its own context, for CrowdSec's error shape) and the registry list. */
export function registerCrowdsecRoutes(app: FastifyInstance, deps: CrowdsecRouteDeps): void {
  app.register(async (context) => registerBouncerApi(context, deps));
  registerBouncerList(app, deps);
}
