// `POST /v1/setup`: the first-start setup code (printed once by the hub) creates the operator user; public, single use.
// Never logs the code or the password; a wrong or used code is 403 `invalid_setup_code` and creates nothing.

import type { FastifyInstance } from 'fastify';
import { PASSWORD_LENGTH } from '../auth/passwords.ts';
import { USERNAME_INPUT_PATTERN, type User } from '../auth/user-store.ts';
import { problemSchema } from './schemas.ts';
import { userSchema } from './user-routes.ts';

export type CompleteSetup = (input: { code: string; username: string; password: string }) => Promise<User>;

export function registerSetupRoutes(app: FastifyInstance, deps: { completeSetup: CompleteSetup }): void {
  app.post<{ Body: { code: string; username: string; password: string } }>('/v1/setup', {
    config: { public: true },
    schema: {
      tags: ['people'], summary: "Create the operator user with the one-time setup code the hub printed at its first start",
      description: 'The code is used once (a second use, or a wrong code, is 403 `invalid_setup_code`); the user gets the `operator` ' +
        "role in tenant `default`. Then log in with `POST /v1/session`. The operator key keeps working either way.",
      body: {
        type: 'object', required: ['code', 'username', 'password'], additionalProperties: false,
        properties: {
          code: { type: 'string', minLength: 1, maxLength: 128 },
          username: { type: 'string', minLength: 1, maxLength: 64, pattern: USERNAME_INPUT_PATTERN },
          password: { type: 'string', minLength: PASSWORD_LENGTH.min, maxLength: PASSWORD_LENGTH.max },
        },
        examples: [{ code: 'Zm9yIGV4YW1wbGUgb25seSwgbm90IGEgcmVhbCBjb2RlIGF0IGFsbA', username: 'owner', password: 'correct horse battery staple' }],
      },
      response: { 201: userSchema, 400: problemSchema, 403: problemSchema, 409: problemSchema },
    },
  }, async (req, reply) => {
    const user = await deps.completeSetup(req.body);
    req.auditActor = { kind: 'setup', id: user.id, name: user.username, tenantId: user.tenantId };
    req.auditTarget = user.id;
    req.log.info({ userId: user.id, username: user.username, tenantId: user.tenantId, address: req.ip }, 'operator user created with the setup code');
    return reply.code(201).send(user);
  });
}
