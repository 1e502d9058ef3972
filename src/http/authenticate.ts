// Authentication (a bearer key, or a user's session cookie with its CSRF token on writes) and scope checks for every route
// that is not `public: true`. Answers 401 / 403; never echoes a key or a cookie, never lets an undeclared route register.

import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback, FastifyRequest, RouteOptions } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../core/errors.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { hasScope } from '../auth/key-store.ts';
import type { Principal, Scope } from '../core/types.ts';
import { CSRF_COOKIE, CSRF_HEADER, csrfMatches, SESSION_COOKIE, type SessionStore } from '../auth/session-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    scope?: Scope;
    /** A second scope that also grants the route (the blocklist export: enforcers' `blocklist:read`, or `signal:read`). */
    alsoScope?: Scope;
    /** Served without a key (health, metrics, API docs); a route declares this, a scope or `authenticated`, exactly one. */
    public?: true;
    /** Served to any authenticated caller, key or session, whatever its scopes (`GET /v1/session`, logout). */
    authenticated?: true;
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
  /** The scope a key needs, 'authenticated' (any key or session) or 'public'. */
  access: Scope | 'public' | 'authenticated';
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
    const { scope, public: isPublic, authenticated } = route.config ?? {};
    const open = isPublic === true || this.hasDecorator(PUBLIC_CONTEXT);
    const where = `${String(route.method)} ${route.url}`;
    const declared = [scope !== undefined, open, authenticated === true].filter(Boolean).length;
    if (declared === 0) throw new Error(`route ${where} declares neither config.scope nor config.public: true`);
    if (declared > 1) throw new Error(`route ${where} declares both a scope and public`);
    const access = scope ?? (open ? 'public' : 'authenticated');
    // The OpenAPI document shows the same table: no key for a public operation, the scope for every other one.
    const alsoScope = route.config?.alsoScope;
    const documented = open ? { security: [] } : { 'x-quorum-scope': access, ...(alsoScope ? { 'x-quorum-also-scope': alsoScope } : {}) };
    route.schema = { ...route.schema, ...documented };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling: the bearer key when there is one (no CSRF token needed), else the session cookie (CSRF checked on writes). */
async function principalOf(req: FastifyRequest, keys: Pick<KeyStore, 'authenticate'>, sessions: Pick<SessionStore, 'authenticate'> | null): Promise<Principal> {
  const token = bearerToken(req.headers.authorization) ?? apiKeyHeader(req);
  if (token) return keys.authenticate(token);
  // The CrowdSec bouncer routes serve machines only (they record the pulling key): no session there.
  const cookie = sessions && req.routeOptions.config.apiKeyHeader !== true ? req.cookies?.[SESSION_COOKIE] : undefined;
  if (!cookie || !sessions) throw new UnauthenticatedError('send an API key as "Authorization: Bearer <key>", or log in');
  const principal = await sessions.authenticate(cookie);
  // SameSite=Strict already keeps other sites' requests from carrying the cookie; the token also stops a same-site one.
  if (!SAFE_METHODS.has(req.method) && !csrfMatches(cookie, req.headers[CSRF_HEADER] as string | undefined)) {
    req.principal = principal;
    throw new ForbiddenError(`a write with the session cookie needs the session's CSRF token in ${CSRF_HEADER} (the ${CSRF_COOKIE} cookie)`, 'csrf_failed');
  }
  return principal;
}

export function registerAuthentication(app: FastifyInstance, keys: Pick<KeyStore, 'authenticate'>, sessions: Pick<SessionStore, 'authenticate'> | null = null): void {
  app.decorateRequest('principal', null as unknown as Principal);
  // onRequest, before the body is read: an unauthenticated caller gets 401, never a parse or validation of its body.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const { scope, authenticated } = req.routeOptions.config;
    if (!scope && !authenticated) return;
    const principal = await principalOf(req, keys, sessions);
    // Set before the scope check: a refused write is audited with who tried it.
    req.principal = principal;
    if (!scope) return;
    const also = req.routeOptions.config.alsoScope;
    if (!hasScope(principal, scope) && !(also && hasScope(principal, also))) {
      const who = principal.user ? `the role "${principal.user.role}"` : 'this API key';
      throw new ForbiddenError(`${who} lacks the "${scope}" scope`, 'scope_missing', { scope });
    }
  });
}
