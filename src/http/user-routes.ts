// Users of a tenant: `POST/GET /v1/users`, `DELETE /v1/users/{id}` (a tenant admin in its own tenant, the operator in any).
// Never returns or logs a password or its hash; deleting a user ends its sessions; another tenant's user is a 404.

import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../core/errors.ts';
import { USER_ROLES, type UserRole } from '../core/types.ts';
import { actingTenant, checkRoleGrantable, keyTenantFilter, userVisibleTo } from '../auth/roles.ts';
import { PASSWORD_LENGTH } from '../auth/passwords.ts';
import { USERNAME_INPUT_PATTERN, type UserStore } from '../auth/user-store.ts';
import { problemSchema } from './schemas.ts';

const userExample = {
  id: '0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42', tenantId: '5d0c2a6e-8f1b-4b7e-a3c4-9e2d1f0a7b63', username: 'alice', role: 'responder',
  createdAt: '2026-12-02T19:30:00.000000Z', createdBy: 'key:9c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
};

export const userSchema = {
  type: 'object', required: ['id', 'tenantId', 'username', 'role', 'createdAt', 'createdBy'],
  properties: {
    id: { type: 'string', format: 'uuid' }, tenantId: { type: 'string', format: 'uuid' }, username: { type: 'string' },
    role: { type: 'string', enum: [...USER_ROLES] }, createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string', description: '`key:<id>`, `user:<id>` or `setup`' },
  },
  examples: [userExample],
} as const;

interface CreateUserBody { username: string; password: string; role: UserRole; tenantId?: string }

/** Who made a change, as users.created_by and the audit log name them. */
export const actorOf = (p: { keyId: string; user?: { id: string } }) => (p.user ? `user:${p.user.id}` : `key:${p.keyId}`);

export function registerUserRoutes(app: FastifyInstance, deps: { users: UserStore }): void {
  app.post<{ Body: CreateUserBody }>('/v1/users', {
    config: { scope: 'admin' },
    schema: {
      tags: ['people'], summary: 'Create a user with a role in a tenant (the password is stored only as a scrypt hash)',
      description: "`tenantId` defaults to the caller's tenant; a tenant admin may name only its own (else 403 `tenant_forbidden`). " +
        'Only an operator creates `operator` users, in its own tenant (else 403 `scope_forbidden`). Usernames are lower-cased and ' +
        'unique on the hub (a login names no tenant): a taken one is 409 `conflict`.',
      body: {
        type: 'object', required: ['username', 'password', 'role'], additionalProperties: false,
        properties: {
          username: { type: 'string', minLength: 1, maxLength: 64, pattern: USERNAME_INPUT_PATTERN },
          password: { type: 'string', minLength: PASSWORD_LENGTH.min, maxLength: PASSWORD_LENGTH.max },
          role: { type: 'string', enum: [...USER_ROLES] }, tenantId: { type: 'string', format: 'uuid' },
        },
        examples: [{ username: 'alice', password: 'correct horse battery staple', role: 'responder' }],
      },
      response: { 201: userSchema, 400: problemSchema, 403: problemSchema, 409: problemSchema },
    },
  }, async (req, reply) => {
    const tenantId = actingTenant(req.principal, req.body.tenantId, 'tenantId');
    checkRoleGrantable(req.principal, req.body.role, tenantId);
    const user = await deps.users.create({ ...req.body, tenantId, createdBy: actorOf(req.principal) });
    req.log.info({ userId: user.id, username: user.username, role: user.role, tenantId, by: actorOf(req.principal) }, 'user created');
    return reply.code(201).send(user);
  });

  app.get<{ Querystring: { tenant_id?: string } }>('/v1/users', {
    config: { scope: 'admin' },
    schema: {
      tags: ['people'], summary: "List a tenant's users: the caller's own; the operator may name any with `tenant_id`",
      querystring: { type: 'object', additionalProperties: false, properties: { tenant_id: { type: 'string', format: 'uuid' } } },
      response: { 200: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: userSchema } }, examples: [{ users: [userExample] }] }, 400: problemSchema, 403: problemSchema },
    },
  }, async (req) => {
    const users = await deps.users.list(actingTenant(req.principal, req.query.tenant_id, 'tenant_id'));
    return { users: users.filter((u) => userVisibleTo(req.principal, u)) };
  });

  app.delete<{ Params: { id: string } }>('/v1/users/:id', {
    config: { scope: 'admin' },
    schema: {
      tags: ['people'],
      summary: "Delete a user and end its sessions: a tenant admin its own tenant's (another tenant's id is 404, like an unknown one), the operator any",
      params: { type: 'object', properties: { id: { type: 'string', examples: [userExample.id] } } },
      response: { 204: { type: 'null', description: 'deleted; its sessions ended' }, 404: problemSchema },
    },
  }, async (req, reply) => {
    const user = await findVisible(deps.users, req.principal, req.params.id);
    if (!user || !(await deps.users.delete(user.tenantId, user.id))) throw new NotFoundError(`no user ${req.params.id}`);
    req.log.info({ userId: user.id, username: user.username, tenantId: user.tenantId, by: actorOf(req.principal) }, 'user deleted; its sessions ended');
    return reply.code(204).send();
  });
}

/** The user an id names, when the caller may see it: in its own tenant, or (the operator) in any. */
async function findVisible(users: UserStore, actor: Parameters<typeof keyTenantFilter>[0], id: string) {
  const confinedTo = keyTenantFilter(actor);
  const user = confinedTo ? await users.find(confinedTo, id) : await users.findAnywhere(id);
  return user && userVisibleTo(actor, user) ? user : null;
}
