// Admin HTTP API: create tenants, create and revoke API keys. Needs the admin scope.
// The secret of a new key appears in the creation response only.

import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../errors.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { problemSchema, scopesSchema } from './schemas.ts';

const keySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, tenant_id: { type: 'string' }, name: { type: ['string', 'null'] }, scopes: { type: 'array', items: { type: 'string' } },
    agent_id: { type: ['string', 'null'] }, created_at: { type: 'string' }, revoked_at: { type: ['string', 'null'] },
  },
} as const;

export function registerAdminRoutes(app: FastifyInstance, deps: { keys: KeyStore }): void {
  app.post<{ Body: { name: string } }>('/v1/tenants', {
    config: { scope: 'admin' },
    schema: {
      tags: ['admin'],
      summary: 'Create a tenant',
      body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 128 } } },
      response: { 201: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } }, 400: problemSchema, 409: problemSchema },
    },
  }, async (req, reply) => {
    const t = await deps.keys.createTenant(req.body.name);
    return reply.code(201).send({ id: t.id, name: t.name });
  });

  app.post<{ Body: { tenantId: string; scopes: string[]; name?: string; agentId?: string } }>('/v1/keys', {
    config: { scope: 'admin' },
    schema: {
      tags: ['admin'],
      summary: 'Create an API key; the secret `key` is shown in this response only',
      body: {
        type: 'object', required: ['tenantId', 'scopes'], additionalProperties: false,
        properties: { tenantId: { type: 'string', format: 'uuid' }, scopes: scopesSchema, name: { type: 'string', maxLength: 128 }, agentId: { type: 'string', minLength: 1, maxLength: 256 } },
      },
      response: { 201: { ...keySchema, properties: { ...keySchema.properties, key: { type: 'string' } } }, 400: problemSchema, 404: problemSchema },
    },
  }, async (req, reply) => {
    const key = await deps.keys.createKey(req.body);
    return reply.code(201).header('cache-control', 'no-store').send(key);
  });

  app.get('/v1/keys', {
    config: { scope: 'admin' },
    schema: { tags: ['admin'], summary: "List the admin tenant's keys (never their secrets)", response: { 200: { type: 'object', properties: { keys: { type: 'array', items: keySchema } } } } },
  }, async (req) => ({ keys: await deps.keys.listKeys(req.principal.tenantId) }));

  app.delete<{ Params: { id: string } }>('/v1/keys/:id', {
    config: { scope: 'admin' },
    schema: { tags: ['admin'], summary: 'Revoke an API key', params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 404: problemSchema } },
  }, async (req, reply) => {
    if (!(await deps.keys.revokeKey(req.params.id))) throw new NotFoundError(`no API key ${req.params.id}`);
    return reply.code(204).send();
  });
}
