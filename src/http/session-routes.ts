// Login, the current session and logout: `POST/GET/DELETE /v1/session` and `DELETE /v1/sessions` (logout everywhere).
// Sets and clears the `quorum_session` (httpOnly) and `quorum_csrf` cookies; never logs a password or a session token.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, QuorumError } from '../core/errors.ts';
import type { Principal } from '../core/types.ts';
import type { LoginLimiter, createLoginGate } from '../auth/login-limiter.ts';
import type { AuditReason } from '../auth/audit-queries.ts';
import { CSRF_COOKIE, normalizeUsername, SESSION_COOKIE, type LoginOutcome, type LoginUser, type SessionStore } from '../auth/session-store.ts';
import type { Metrics } from '../metrics.ts';
import { problemSchema } from './schemas.ts';

const ROLES = ['viewer', 'responder', 'admin', 'operator'];
const UUID_EXAMPLE = '0b7f6f1e-3c1a-4f3e-9a55-6d2f0c1e8a42';
const TENANT_EXAMPLE = '5d0c2a6e-8f1b-4b7e-a3c4-9e2d1f0a7b63';

const sessionUserSchema = {
  type: 'object', required: ['id', 'username', 'role', 'tenantId', 'tenantName'],
  properties: {
    id: { type: 'string', format: 'uuid' }, username: { type: 'string' }, role: { type: 'string', enum: ROLES },
    tenantId: { type: 'string', format: 'uuid' }, tenantName: { type: 'string' },
  },
} as const;

const sessionExample = {
  user: { id: UUID_EXAMPLE, username: 'alice', role: 'responder', tenantId: TENANT_EXAMPLE, tenantName: 'acme' },
  csrfToken: 'kq3Qm0v2m6Jx4y5m7w8Zr1s2t3u4v5w6x7y8z9A0B1C', expiresAt: '2026-12-02T20:30:00.000Z',
};

export const sessionSchema = {
  type: 'object', required: ['user', 'csrfToken', 'expiresAt'],
  properties: {
    user: sessionUserSchema,
    csrfToken: { type: 'string', description: 'send it as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE made with the session cookie (also in the `quorum_csrf` cookie)' },
    expiresAt: { type: 'string', format: 'date-time', description: 'when the session ends unless used again: the earlier of the idle and the absolute timeout' },
  },
  examples: [sessionExample],
} as const;

const keySessionSchema = {
  type: 'object', required: ['key'],
  properties: { key: { type: 'object', required: ['id', 'tenantId', 'scopes'], properties: { id: { type: 'string' }, tenantId: { type: 'string' }, scopes: { type: 'array', items: { type: 'string' } } } } },
  examples: [{ key: { id: UUID_EXAMPLE, tenantId: TENANT_EXAMPLE, scopes: ['dashboard:read'] } }],
} as const;

export interface SessionRouteDeps {
  sessions: SessionStore;
  limiter: Pick<LoginLimiter, 'attempt' | 'succeeded'>;
  gate: ReturnType<typeof createLoginGate>;
  metrics: Pick<Metrics, 'logins'>;
  /** Where a refused login of an unknown username is audited: the operator's tenant (`default`). */
  operatorTenantId: string;
}

/** The cookies of a session: the token httpOnly, the CSRF token readable by the page; Secure when served over TLS. */
function setSessionCookies(req: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string, maxAgeSeconds: number): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: req.protocol === 'https', maxAge: maxAgeSeconds };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

function clearSessionCookies(req: FastifyRequest, reply: FastifyReply): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: req.protocol === 'https' };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, common);
}

function sessionOf(p: Principal): NonNullable<Principal['user']> {
  if (!p.user) throw new ForbiddenError('this route ends a user\'s session; an API key has none (revoke the key instead)');
  return p.user;
}

/**
 * Records a refused login: counted, one `info` line (username, tenant when the username is known, address, reason) and
 * an audit entry of actor kind `login` with the reason, in the user's tenant (an unknown username's in the operator's).
 * The client is told none of it: 401 `invalid_credentials` or 429 `rate_limited` alike for every username.
 */
function refused(
  req: FastifyRequest, deps: Pick<SessionRouteDeps, 'metrics' | 'operatorTenantId'>, who: { username: string; user: LoginUser | null; reason: AuditReason }, audited = true,
): void {
  deps.metrics.logins.inc({ outcome: who.reason === 'rate_limited' ? 'rate_limited' : 'refused' });
  const tenantId = who.user?.tenantId ?? null;
  req.log.info({ username: who.username, tenantId, address: req.ip, reason: who.reason }, 'login refused');
  if (!audited) return;
  req.auditActor = { kind: 'login', id: who.user?.id ?? '-', name: who.username, tenantId: tenantId ?? deps.operatorTenantId };
  req.auditReason = who.reason;
}

const RATE_LIMITED_AUDIT_MS = 60_000;
const RATE_LIMITED_TRACKED = 10_000;

/** Says whether a rate-limited refusal of a username from an address is the first in a minute (bounded memory). */
function createRefusalSampler(): (key: string, now: number) => boolean {
  const lastAudited = new Map<string, number>();
  return (key, now) => {
    const last = lastAudited.get(key);
    if (last !== undefined && now - last < RATE_LIMITED_AUDIT_MS) return false;
    lastAudited.delete(key);
    if (lastAudited.size >= RATE_LIMITED_TRACKED) lastAudited.delete(lastAudited.keys().next().value!);
    lastAudited.set(key, now);
    return true;
  };
}

/** Checks the limits and the password; a refusal is recorded (refused()) and thrown as the client sees it. */
async function login(
  req: FastifyRequest<{ Body: { username: string; password: string } }>, deps: SessionRouteDeps, username: string, firstInMinute: ReturnType<typeof createRefusalSampler>,
) {
  let outcome: LoginOutcome;
  try {
    outcome = await deps.gate.run(() => {
      deps.limiter.attempt(username, req.ip);
      return deps.sessions.login(username, req.body.password, req.ip);
    });
  } catch (err) {
    if ((err as { code?: string }).code !== 'rate_limited') throw err;
    // A flood of refused attempts must not become a flood of writes: one audit entry per username and address a minute.
    const audited = firstInMinute(`${username}\u0000${req.ip}`, Date.now());
    refused(req, deps, { username, user: audited ? await deps.sessions.whoIs(username) : null, reason: 'rate_limited' }, audited);
    throw err;
  }
  if ('refusal' in outcome) {
    refused(req, deps, { username, user: outcome.user, reason: outcome.refusal });
    throw new QuorumError('invalid_credentials', 401, 'unknown username or wrong password');
  }
  return outcome;
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps, absoluteTimeoutMs: number): void {
  const firstInMinute = createRefusalSampler();
  app.post<{ Body: { username: string; password: string } }>('/v1/session', {
    config: { public: true },
    schema: {
      tags: ['people'], summary: 'Log in: checks the username and password and sets the session cookies',
      description: 'Sets `quorum_session` (httpOnly, SameSite=Strict) and `quorum_csrf` (readable by the page). A wrong username ' +
        'or password is 401 `invalid_credentials` (not told apart); too many refused logins for one username or from one address ' +
        'is 429 `rate_limited` with Retry-After, before any password is checked.',
      body: {
        type: 'object', required: ['username', 'password'], additionalProperties: false,
        properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
        examples: [{ username: 'alice', password: 'correct horse battery staple' }],
      },
      response: { 200: sessionSchema, 400: problemSchema, 401: problemSchema, 429: problemSchema },
    },
  }, async (req, reply) => {
    const username = normalizeUsername(req.body.username);
    const { view, token, sessionId } = await login(req, deps, username, firstInMinute);
    deps.limiter.succeeded(username, req.ip);
    req.auditActor = { kind: 'user', id: view.user.id, name: view.user.username, tenantId: view.user.tenantId };
    deps.metrics.logins.inc({ outcome: 'ok' });
    req.log.info({ userId: view.user.id, username, tenantId: view.user.tenantId, sessionId, address: req.ip }, 'login succeeded');
    setSessionCookies(req, reply, token, view.csrfToken, Math.floor(absoluteTimeoutMs / 1000));
    return reply.header('cache-control', 'no-store').send(view);
  });

  app.get('/v1/session', {
    config: { authenticated: true },
    schema: {
      tags: ['people'], summary: 'Who is calling: the logged-in user (session cookie) or the API key',
      response: { 200: { oneOf: [sessionSchema, keySessionSchema] }, 401: problemSchema },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const p = req.principal;
    if (!p.user) return { key: { id: p.keyId, tenantId: p.tenantId, scopes: p.scopes } };
    return deps.sessions.describe(req.cookies[SESSION_COOKIE]!);
  });

  app.delete('/v1/session', {
    config: { authenticated: true },
    schema: {
      tags: ['people'], summary: 'Log out: ends this session and clears its cookies',
      description: 'With the session cookie only (an API key has no session: 403 `forbidden`); needs `X-CSRF-Token` like every cookie write.',
      response: { 204: { type: 'null', description: 'logged out' }, 401: problemSchema, 403: problemSchema },
    },
  }, async (req, reply) => {
    const user = sessionOf(req.principal);
    await deps.sessions.end(user.sessionId);
    req.log.info({ userId: user.id, username: user.username, sessionId: user.sessionId }, 'user logged out');
    clearSessionCookies(req, reply);
    return reply.code(204).send();
  });

  app.delete('/v1/sessions', {
    config: { authenticated: true },
    schema: {
      tags: ['people'], summary: "Log out everywhere: ends every session of the calling user, this one included",
      description: 'With the session cookie only (an API key has no session: 403 `forbidden`).',
      response: { 200: { type: 'object', properties: { ended: { type: 'integer' } }, examples: [{ ended: 3 }] }, 401: problemSchema, 403: problemSchema },
    },
  }, async (req, reply) => {
    const user = sessionOf(req.principal);
    const ended = await deps.sessions.endAllOf(user.id);
    req.log.info({ userId: user.id, username: user.username, ended }, 'user logged out everywhere');
    clearSessionCookies(req, reply);
    return { ended };
  });
}
