// Bearer-key authentication and scope checks for HTTP routes that declare `config: { scope }`.
// Answers 401 for a missing or bad key and 403 for a key without the scope; never echoes the key.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { hasScope } from '../auth/key-store.ts';
import type { Principal, Scope } from '../types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    scope?: Scope;
  }
}

/** Extracts the token from `Authorization: Bearer <key>`. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

export function registerAuthentication(app: FastifyInstance, keys: Pick<KeyStore, 'authenticate'>): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('preHandler', async (req: FastifyRequest) => {
    const scope = req.routeOptions.config.scope;
    if (!scope) return;
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthenticatedError('send an API key as "Authorization: Bearer <key>"');
    const principal = await keys.authenticate(token);
    if (!hasScope(principal, scope)) throw new ForbiddenError(`this API key lacks the "${scope}" scope`, 'scope_missing', { scope });
    req.principal = principal;
  });
}
