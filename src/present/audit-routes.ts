// Read API of the audit log: GET /v1/audit, a tenant's writes and refused logins newest first, in cursor pages (tenant
// admins; the operator any tenant). Read-only; another tenant's entries are never shown (forced RLS, the tenant filter).

import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../auth/audit-log.ts';
import { actingTenant } from '../auth/roles.ts';
import { problemSchema } from '../http/schemas.ts';
import { decodeCursor, pageOf } from '../core/cursor.ts';

const exampleEntry = {
  id: '4711', at: '2026-12-02T19:45:12.345678Z',
  actor: { kind: 'user', id: '0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42', name: 'alice' },
  method: 'POST', route: '/v1/mitigations/:id/withdraw', target: '3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9', status: 200, address: '192.0.2.10', reason: null,
};

const exampleRefusedLogin = {
  id: '4710', at: '2026-12-02T19:44:58.120000Z', actor: { kind: 'login', id: '0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42', name: 'alice' },
  method: 'POST', route: '/v1/session', target: null, status: 401, address: '198.51.100.23', reason: 'wrong_password',
};

const entrySchema = {
  type: 'object', required: ['id', 'at', 'actor', 'method', 'route', 'target', 'status', 'address', 'reason'],
  properties: {
    id: { type: 'string', description: 'increasing: of two entries at one instant, the later has the larger id' }, at: { type: 'string', format: 'date-time' },
    actor: {
      type: 'object', required: ['kind', 'id', 'name'],
      properties: {
        kind: { type: 'string', enum: ['key', 'user', 'setup', 'login'], description: '`login`: a refused login (someone trying the username, not proven to be its user)' },
        id: { type: 'string', description: 'the API key id (`session:<id>` never appears: a user is named as a user), the user id (also for `setup`: the operator user it created; for `login`: the user the username names, `-` when none)' },
        name: { type: ['string', 'null'], description: 'the username for a user (for `login`: the username tried)' },
      },
    },
    method: { type: 'string' }, route: { type: 'string', description: 'the route template, e.g. `/v1/blocks/:id`' },
    target: { type: ['string', 'null'], description: 'what the write was about: the path parameters, or the id of what it created' },
    status: { type: 'integer', description: 'the HTTP status it was answered with (refusals are recorded too)' },
    address: { type: ['string', 'null'], description: 'the address the request came from' },
    reason: {
      type: ['string', 'null'], enum: ['unknown_user', 'wrong_password', 'rate_limited', null],
      description: 'why a login was refused (the client was told only 401 invalid_credentials or 429); null for every other entry',
    },
  },
} as const;

interface Query { limit?: number; cursor?: string; tenant_id?: string }

export function registerAuditRoutes(app: FastifyInstance, deps: { audit: Pick<AuditLog, 'list'> }): void {
  app.get<{ Querystring: Query }>('/v1/audit', {
    config: { scope: 'admin' },
    schema: {
      tags: ['people'], summary: "The tenant's audit log: every write through the UI or the API, newest first, with cursor pages",
      description: "The caller's tenant; the operator may name any with `tenant_id` (a tenant admin naming another → 403 `tenant_forbidden`). " +
        'Signal ingestion (`POST /v1/signals`, the adapters) is data, not a change, and is not recorded. Refused logins are ' +
        "recorded (actor kind `login`, with `reason`) in the tenant of the user the username names, an unknown username's in the operator's tenant.",
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, cursor: { type: 'string' }, tenant_id: { type: 'string', format: 'uuid' } },
      },
      response: {
        200: {
          type: 'object', required: ['items', 'nextCursor'],
          properties: { items: { type: 'array', items: entrySchema }, nextCursor: { type: ['string', 'null'] } },
          examples: [{ items: [exampleEntry, exampleRefusedLogin], nextCursor: null }],
        },
        400: problemSchema, 401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const tenantId = actingTenant(req.principal, req.query.tenant_id, 'tenant_id');
    const limit = req.query.limit ?? 100;
    const rows = await deps.audit.list(tenantId, limit, req.query.cursor ? decodeCursor(req.query.cursor, 'bigint') : null);
    const { page, next } = pageOf(rows, limit, (e) => e.at);
    return { items: page, nextCursor: next };
  });
}
