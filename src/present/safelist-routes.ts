// The tenant's safelist API: list the entries in force, add one (optionally until a time, lifting the active blocks it
// overlaps in the same transaction), remove one. An expired entry is never listed and protects nothing.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Principal } from '../core/types.ts';
import { InvalidRequestError, NotFoundError } from '../core/errors.ts';
import { formatCidr, parseCidr } from '../core/cidr.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import { withTenant } from '../db/pools.ts';
import type { Decider } from '../decide/decider.ts';
import { addSafelistEntry, deleteSafelistEntry, listSafelist, type SafelistRow } from '../decide/mitigation-queries.ts';
import { idParams, problemSchema } from '../http/schemas.ts';
import { actorLabel } from '../core/actor.ts';
import { safelistAddedSchema, safelistSchema } from './correlation-schemas.ts';
import { isUuid } from '../core/uuid.ts';

export interface SafelistRouteDeps {
  app: pg.Pool;
  decider: Pick<Decider, 'lift'>;
  clock: () => Date;
}

/** The furthest an entry's expiry may lie ahead: a temporary exception is reviewed at least yearly (else: no expiry). */
const SAFELIST_MAX_EXPIRY_DAYS = 365;
const MAX_EXPIRY_MS = SAFELIST_MAX_EXPIRY_DAYS * 86_400_000;

type AddBody = { cidr: string; reason?: string; expiresAt?: string };

const entryView = (e: SafelistRow) => ({ id: e.id, cidr: e.cidr, reason: e.reason, created_at: e.created_at, expiresAt: e.expires_at });

/** The expiry of a request: absent is none; otherwise an RFC 3339 time after now and at most a year ahead, or a 400. */
function checkedExpiry(text: string | undefined, now: Date): Date | null {
  if (text === undefined) return null;
  const at = parseTimestamp(text);
  const fail = (rule: string, message: string) => new InvalidRequestError(`expiresAt ${message}`, { field: 'expiresAt', errors: [{ field: 'expiresAt', rule, message }] });
  if (at === null) throw fail('format', 'must be an RFC 3339 time with an offset, e.g. 2026-12-31T18:00:00Z');
  if (at <= now.getTime()) throw fail('minimum', 'must be in the future');
  if (at - now.getTime() > MAX_EXPIRY_MS) throw fail('maximum', `must be at most ${SAFELIST_MAX_EXPIRY_DAYS} days ahead (leave it out for an entry without expiry)`);
  return new Date(at);
}

export function registerSafelistRoutes(app: FastifyInstance, deps: SafelistRouteDeps): void {
  app.get('/v1/safelist', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['mitigations'], summary: "The tenant's safelist entries in force (the config's guardrails.safelist applies as well); expired entries are left out",
      response: { 200: safelistSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    return { entries: (await withTenant(deps.app, tenantId, (c) => listSafelist(c, tenantId, deps.clock()))).map(entryView) };
  });

  app.post<{ Body: AddBody }>('/v1/safelist', {
    config: { scope: 'mitigation:write' },
    schema: {
      tags: ['mitigations'], summary: 'Safelist an address or prefix (until expiresAt, when given): it is never blocked, and active blocks overlapping it are withdrawn',
      body: {
        type: 'object', required: ['cidr'], additionalProperties: false,
        properties: {
          cidr: { type: 'string', maxLength: 64 }, reason: { type: 'string', maxLength: 512 },
          expiresAt: { type: 'string', maxLength: 64, description: `RFC 3339; in the future and at most ${SAFELIST_MAX_EXPIRY_DAYS} days ahead; left out, the entry stays until removed` },
        },
        examples: [{ cidr: '192.0.2.0/24', reason: 'our office' }, { cidr: '198.51.100.7', reason: 'pen test this week', expiresAt: '2026-12-10T18:00:00Z' }],
      },
      response: { 201: safelistAddedSchema, 400: problemSchema },
    },
  }, async (req, reply) => {
    const parsed = parseCidr(req.body.cidr);
    if (!parsed) throw new InvalidRequestError('cidr must be an IP address or CIDR prefix', { field: 'cidr' });
    const now = deps.clock();
    const entry = { cidr: formatCidr(parsed), reason: req.body.reason ?? null, expiresAt: checkedExpiry(req.body.expiresAt, now), now };
    const result = await withTenant(deps.app, req.principal.tenantId, (c) => safelist(c, deps.decider, req.principal, entry));
    req.auditTarget = result.id;
    return reply.code(201).send(result);
  });

  app.delete<{ Params: { id: string } }>('/v1/safelist/:id', {
    config: { scope: 'mitigation:write' },
    schema: {
      tags: ['mitigations'], summary: 'Remove a safelist entry', params: idParams('5d2e1f0a-3b4c-4d5e-8f60-718293a4b5c6'),
      response: { 204: { type: 'null', description: 'removed' }, 404: problemSchema },
    },
  }, async (req, reply) => {
    const ok = isUuid(req.params.id) && await withTenant(deps.app, req.principal.tenantId, (c) => deleteSafelistEntry(c, req.principal.tenantId, req.params.id));
    if (!ok) throw new NotFoundError(`no safelist entry ${req.params.id}`);
    return reply.code(204).send();
  });
}

/** Adds a safelist entry and, in the same transaction, lifts the active blocks it overlaps (a safelisted address must not stay blocked). */
async function safelist(c: pg.PoolClient, decider: SafelistRouteDeps['decider'], who: Principal, e: { cidr: string; reason: string | null; expiresAt: Date | null; now: Date }) {
  const entry = await addSafelistEntry(c, who.tenantId, { ...e, by: who.keyId });
  const lifted = await decider.lift(c, who.tenantId, [e.cidr], `safelisted ${e.cidr} by ${actorLabel(who)}`);
  return { id: entry.id, cidr: entry.cidr, expiresAt: entry.expires_at, withdrawn: lifted.map((m) => m.id) };
}
