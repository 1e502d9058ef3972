// Bearer-key authentication and scope checks for HTTP routes that declare `config: { scope }`; every route declares one or `public: true`.
// Answers 401 for a missing or bad key and 403 for a key without the scope; never echoes the key, never lets an undeclared route register.

import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback, FastifyRequest, RouteOptions } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../core/errors.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { hasScope } from '../auth/key-store.ts';
import type { Principal, Scope } from '../core/types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    scope?: Scope;
    /** A second scope that also grants the route (the blocklist export: enforcers' `blocklist:read`, or `signal:read`). */
    alsoScope?: Scope;
    /** Served without a key (health, metrics, API docs); a route declares this or a scope, never neither. */
    public?: true;
    /** Also takes the key from `X-Api-Key` (the CrowdSec bouncer routes); every other route reads `Authorization` only. */
    apiKeyHeader?: true;
  }
  interface FastifyInstance {
    /** Every route registered so far with what it requires: the route → scope table. */
    routeAccess: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  /** The scope a key needs, or 'public'. */
  access: Scope | 'public';
}

// Decorates a plugin context whose routes are all public: a third-party plugin (the docs UI) cannot set route config.
const PUBLIC_CONTEXT = 'quorumPublicRoutes';

/** Extracts the token from `Authorization: Bearer <key>`. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/**
 * Makes access declarations mandatory: from now on a route registers only when it declares `config.scope` or
 * `config.public: true` (not both), and each one is recorded in `app.routeAccess`. Call before any route exists.
 */
export function requireRouteAccess(app: FastifyInstance): void {
  const table: RouteAccess[] = [];
  app.decorate('routeAccess', table);
  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    const { scope, public: isPublic } = route.config ?? {};
    const open = isPublic === true || this.hasDecorator(PUBLIC_CONTEXT);
    const where = `${String(route.method)} ${route.url}`;
    if (!scope && !open) throw new Error(`route ${where} declares neither config.scope nor config.public: true`);
    if (scope && open) throw new Error(`route ${where} declares both a scope and public`);
    // The OpenAPI document shows the same table: no key for a public operation, the scope for every other one.
    const alsoScope = route.config?.alsoScope;
    const documented = open ? { security: [] } : { 'x-quorum-scope': scope, ...(alsoScope ? { 'x-quorum-also-scope': alsoScope } : {}) };
    route.schema = { ...route.schema, ...documented };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access: scope ?? 'public' });
  });
}

/** Registers a plugin whose routes are all public (it cannot mark them itself), e.g. the interactive API docs. */
export async function registerPublicPlugin<O extends Record<string, unknown>>(app: FastifyInstance, plugin: FastifyPluginAsync<O> | FastifyPluginCallback<O>, opts: O): Promise<void> {
  await app.register(async (context) => {
    context.decorate(PUBLIC_CONTEXT, true);
    await context.register(plugin, opts);
  });
}

/** The key a CrowdSec bouncer sends in `X-Api-Key`, on the routes that declare `apiKeyHeader` only. */
function apiKeyHeader(req: FastifyRequest): string | null {
  if (req.routeOptions.config.apiKeyHeader !== true) return null;
  const value = req.headers['x-api-key'];
  return typeof value === 'string' && /^\S+$/.test(value.trim()) ? value.trim() : null;
}

export function registerAuthentication(app: FastifyInstance, keys: Pick<KeyStore, 'authenticate'>): void {
  app.decorateRequest('principal', null as unknown as Principal);
  // onRequest, before the body is read: an unauthenticated caller gets 401, never a parse or validation of its body.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const scope = req.routeOptions.config.scope;
    if (!scope) return;
    const token = bearerToken(req.headers.authorization) ?? apiKeyHeader(req);
    if (!token) throw new UnauthenticatedError('send an API key as "Authorization: Bearer <key>"');
    const principal = await keys.authenticate(token);
    const also = req.routeOptions.config.alsoScope;
    if (!hasScope(principal, scope) && !(also && hasScope(principal, also))) throw new ForbiddenError(`this API key lacks the "${scope}" scope`, 'scope_missing', { scope });
    req.principal = principal;
  });
}
