// Admin HTTP API: tenants (operator only) and API keys (a tenant admin in its own tenant, the operator in any).
// The secret of a new key appears in the creation response only; another tenant's key is never revealed, even by a 403.

import { actorName } from '../core/actor.ts';
import type { FastifyInstance } from 'fastify';
import { NotFoundError, QuorumError } from '../core/errors.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { RATE_LIMIT_BOUNDS } from '../auth/key-store.ts';
import { actingTenant, checkGrantable, checkRateLimitGrantable, keyTenantFilter, keyVisibleTo } from '../auth/roles.ts';
import type { RateLimit } from '../core/types.ts';
import { problemSchema, scopesSchema } from './schemas.ts';
import { decodeCursor, pageOf } from '../core/cursor.ts';

const keySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, tenant_id: { type: 'string' }, name: { type: ['string', 'null'] }, scopes: { type: 'array', items: { type: 'string' } },
    agent_id: { type: ['string', 'null'] }, created_at: { type: 'string' }, revoked_at: { type: ['string', 'null'] },
    rate_limit: {
      type: ['object', 'null'], description: "the key's own write rate limit; null = the hub's default",
      properties: { per_second: { type: 'integer' }, burst: { type: 'integer' } },
    },
  },
} as const;

const tenantSchema = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, created_at: { type: 'string' } } } as const;

const TENANT_ID = '5c3e1f0a-8b2d-4c6e-9f1a-2b3c4d5e6f70';
const keyExample = {
  id: '7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e', tenant_id: TENANT_ID, name: 'quickstart', scopes: ['signal:write', 'signal:read'],
  agent_id: null, created_at: '2026-12-01T09:30:00.000Z', revoked_at: null, rate_limit: null,
};

const rateLimitSchema = {
  type: 'object', required: ['perSecond', 'burst'], additionalProperties: false,
  description: 'token bucket for HTTP writes and sensor messages of this key',
  properties: {
    perSecond: { type: 'integer', minimum: RATE_LIMIT_BOUNDS.perSecond.min, maximum: RATE_LIMIT_BOUNDS.perSecond.max },
    burst: { type: 'integer', minimum: RATE_LIMIT_BOUNDS.burst.min, maximum: RATE_LIMIT_BOUNDS.burst.max },
  },
} as const;

interface CreateKeyBody { tenantId?: string; scopes: string[]; name?: string; agentId?: string; rateLimit?: RateLimit }

export function registerAdminRoutes(app: FastifyInstance, deps: { keys: KeyStore; rateDefault: RateLimit }): void {
  registerTenantRoutes(app, deps);

  app.post<{ Body: CreateKeyBody }>('/v1/keys', {
    config: { scope: 'admin' },
    schema: {
      tags: ['admin'],
      summary: 'Create an API key; the secret `key` is shown in this response only',
      description: "`tenantId` defaults to the caller's tenant; a tenant admin may name only its own (else 403 `tenant_forbidden`), " +
        'the operator any. Only an operator key may grant the `operator` scope (else 403 `scope_forbidden`) or a `rateLimit` above ' +
        'the hub default (else 403 `rate_limit_forbidden`).',
      body: {
        type: 'object', required: ['scopes'], additionalProperties: false,
        properties: {
          tenantId: { type: 'string', format: 'uuid' }, scopes: scopesSchema, name: { type: 'string', maxLength: 128 },
          agentId: { type: 'string', minLength: 1, maxLength: 256 }, rateLimit: rateLimitSchema,
        },
        examples: [{ scopes: ['signal:write', 'signal:read'], name: 'quickstart' }],
      },
      response: {
        201: { ...keySchema, properties: { ...keySchema.properties, key: { type: 'string' } }, examples: [{ ...keyExample, key: 'qk_live_3f9c2a7b1d4e6f8a0b2c4d6e8f0a1b3c5d7e9f0a1b2c3d4e' }] },
        400: problemSchema, 403: problemSchema, 404: problemSchema,
      },
    },
  }, async (req, reply) => {
    const tenantId = actingTenant(req.principal, req.body.tenantId, 'tenantId');
    req.auditTenant = tenantId;
    checkGrantable(req.principal, req.body.scopes);
    checkRateLimitGrantable(req.principal, req.body.rateLimit, deps.rateDefault);
    const key = await deps.keys.createKey({ ...req.body, tenantId });
    req.auditTarget = key.id;
    req.log.info({ event: 'key.created', audit: true, keyId: key.id, tenantId, scopes: key.scopes, by: actorName(req.principal) }, 'API key created');
    return reply.code(201).header('cache-control', 'no-store').send(key);
  });

  app.get<{ Querystring: { tenant_id?: string } }>('/v1/keys', {
    config: { scope: 'admin' },
    schema: {
      tags: ['admin'], summary: "List a tenant's keys (never their secrets): the caller's own; the operator may name any with `tenant_id`",
      querystring: { type: 'object', additionalProperties: false, properties: { tenant_id: { type: 'string', format: 'uuid' } } },
      response: { 200: { type: 'object', properties: { keys: { type: 'array', items: keySchema } }, examples: [{ keys: [keyExample] }] }, 400: problemSchema, 403: problemSchema },
    },
  }, async (req) => {
    const keys = await deps.keys.listKeys(actingTenant(req.principal, req.query.tenant_id, 'tenant_id'));
    return { keys: keys.filter((k) => keyVisibleTo(req.principal, k)) };
  });

  app.delete<{ Params: { id: string } }>('/v1/keys/:id', {
    config: { scope: 'admin' },
    schema: {
      tags: ['admin'],
      summary: "Revoke an API key: a tenant admin its own tenant's (another tenant's id is 404, like an unknown one), the operator any",
      description: 'A key revoked before answers 409 `already_revoked`.',
      params: { type: 'object', properties: { id: { type: 'string', examples: [keyExample.id] } } },
      response: { 204: { type: 'null', description: 'revoked: the key stops working at once' }, 404: problemSchema, 409: problemSchema },
    },
  }, async (req, reply) => {
    const confinedTo = keyTenantFilter(req.principal);
    const key = await deps.keys.findKey(req.params.id, confinedTo);
    if (!key || !keyVisibleTo(req.principal, key)) throw new NotFoundError(`no API key ${req.params.id}`);
    if (key.revoked_at !== null) throw new QuorumError('already_revoked', 409, `API key ${key.id} was revoked at ${key.revoked_at}`, { revoked_at: key.revoked_at });
    req.auditTenant = key.tenant_id;
    await deps.keys.revokeKey(key.id, confinedTo);
    req.log.info({ event: 'key.revoked', audit: true, keyId: key.id, tenantId: key.tenant_id, by: actorName(req.principal) }, 'API key revoked');
    return reply.code(204).send();
  });
}

function registerTenantRoutes(app: FastifyInstance, deps: { keys: KeyStore }): void {
  app.post<{ Body: { name: string } }>('/v1/tenants', {
    config: { scope: 'operator' },
    schema: {
      tags: ['admin'],
      summary: 'Create a tenant (operator only)',
      body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 128 } }, examples: [{ name: 'acme' }] },
      response: {
        201: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, examples: [{ id: TENANT_ID, name: 'acme' }] },
        400: problemSchema, 403: problemSchema, 409: problemSchema,
      },
    },
  }, async (req, reply) => {
    const t = await deps.keys.createTenant(req.body.name);
    req.auditTarget = t.id;
    req.auditTenant = t.id;
    req.log.info({ event: 'tenant.created', audit: true, tenantId: t.id, by: actorName(req.principal) }, 'tenant created');
    return reply.code(201).send({ id: t.id, name: t.name });
  });

  app.get<{ Querystring: { cursor?: string; limit?: number } }>('/v1/tenants', {
    config: { scope: 'operator' },
    schema: {
      tags: ['admin'], summary: 'List the tenants, oldest first, with cursor pagination (operator only)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { cursor: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      },
      response: {
        200: {
          type: 'object', required: ['tenants', 'next_cursor'],
          properties: { tenants: { type: 'array', items: tenantSchema }, next_cursor: { type: ['string', 'null'], description: 'pass as cursor for the next page; null on the last' } },
          examples: [{ tenants: [{ id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'default', created_at: '2026-11-30T08:00:00.000Z' }, { id: TENANT_ID, name: 'acme', created_at: '2026-12-01T09:00:00.000Z' }], next_cursor: null }],
        },
        400: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const limit = req.query.limit ?? 100;
    const rows = await deps.keys.listTenantsPage(req.query.cursor ? decodeCursor(req.query.cursor) : null, limit + 1);
    const { page, next } = pageOf(rows, limit, (t) => t.created_at);
    return { tenants: page, next_cursor: next };
  });
}
