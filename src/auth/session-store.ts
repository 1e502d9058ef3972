// Users' sessions in PostgreSQL: a login opens one, the `quorum_session` cookie resolves it to a principal, logout ends it.
// The cookie's secret is never stored (only its SHA-256); an ended, idle or expired session never authenticates.

import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { UnauthenticatedError } from '../core/errors.ts';
import type { Principal, UserRole } from '../core/types.ts';
import { hashSecret, secretMatches } from './api-keys.ts';
import { verifyPassword } from './passwords.ts';
import { ROLE_SCOPES } from './roles.ts';
import {
  deleteSession, deleteTimedOutSessions, deleteUserSessions, findLogin, findSession, insertSession, touchSession, type SessionRow,
} from './user-queries.ts';

export { SESSION_END_CHANNEL } from './user-queries.ts';

export const SESSION_COOKIE = 'quorum_session';
export const CSRF_COOKIE = 'quorum_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const TOKEN_FORMAT = /^qs_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** A session as the API shows it (`POST` and `GET /v1/session`). */
export interface SessionView {
  user: { id: string; username: string; role: UserRole; tenantId: string; tenantName: string };
  csrfToken: string;
  /** When the session ends unless used again: the earlier of the idle and the absolute timeout. */
  expiresAt: string;
}

export interface SessionStoreDeps {
  owner: Pick<pg.Pool, 'query'>;
  clock: () => Date;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  /** log2 N of scrypt for the decoy hash of an unknown username (QUORUM_PASSWORD_SCRYPT_LOG2N). */
  passwordCost: number;
}

/** The user a login named, when one exists. */
export interface LoginUser { id: string; tenantId: string }

/** A login: a session opened, or refused with the reason only the hub's records see. */
export type LoginOutcome =
  | { view: SessionView; token: string; sessionId: string }
  | { refusal: 'unknown_user' | 'wrong_password'; user: LoginUser | null };

/** Usernames are lower-cased: `Alice` and `alice` are one user. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

/** The CSRF token of a session: derived from its secret, so the hub stores nothing more and a page cannot guess it. */
export function csrfTokenOf(sessionToken: string): string {
  return hash('sha256', `quorum-csrf\0${sessionToken}`, 'base64url');
}

/** True when `sent` (the X-CSRF-Token header) is the session's CSRF token; compared in constant time. */
export function csrfMatches(sessionToken: string, sent: string | undefined): boolean {
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const got = Buffer.from(typeof sent === 'string' ? sent : '');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

function parseToken(token: string): { id: string; secret: string } | null {
  const m = TOKEN_FORMAT.exec(token);
  if (!m) return null;
  const hex = m[1]!;
  return { id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, secret: m[2]! };
}

export function createSessionStore(deps: SessionStoreDeps) {
  const { owner, clock, idleTimeoutMs, absoluteTimeoutMs } = deps;
  // A busy page would write last_seen_at on every request: a session's idle clock restarts at most this often.
  const touchEveryMs = Math.min(60_000, Math.floor(idleTimeoutMs / 10));
  const endsAt = (s: Pick<SessionRow, 'last_seen_at' | 'expires_at'>) =>
    Math.min(Date.parse(s.last_seen_at) + idleTimeoutMs, Date.parse(s.expires_at));

  /** The live session a token names, or null (unknown, wrong secret, ended, idle or expired). */
  async function live(token: string): Promise<SessionRow | null> {
    const parsed = parseToken(token);
    const row = parsed ? await findSession(owner, parsed.id) : null;
    if (!secretMatches(parsed?.secret ?? '', row?.secret_hash ?? null) || !row) return null;
    return endsAt(row) > clock().getTime() ? row : null;
  }

  const view = (row: SessionRow, token: string): SessionView => ({
    user: { id: row.user_id, username: row.username, role: row.role, tenantId: row.tenant_id, tenantName: row.tenant_name },
    csrfToken: csrfTokenOf(token),
    expiresAt: new Date(endsAt(row)).toISOString(),
  });

  return {
    /**
     * Checks a username and password and opens a session. A refusal says why (`unknown_user` or `wrong_password`, both
     * after one scrypt hash) for the audit log and the log line only: the client is told `invalid_credentials` for both.
     * The token is the `quorum_session` cookie, returned once.
     */
    async login(username: string, password: string, address: string | null): Promise<LoginOutcome> {
      const user = await findLogin(owner, normalizeUsername(username));
      const ok = await verifyPassword(password, user?.password_hash ?? null, deps.passwordCost);
      if (!user) return { refusal: 'unknown_user', user: null };
      if (!ok) return { refusal: 'wrong_password', user: { id: user.id, tenantId: user.tenant_id } };
      const now = clock();
      await deleteTimedOutSessions(owner, user.id, now, new Date(now.getTime() - idleTimeoutMs));
      const id = randomUUID();
      const secret = randomBytes(32).toString('base64url');
      const token = `qs_${id.replaceAll('-', '')}_${secret}`;
      const expiresAt = new Date(now.getTime() + absoluteTimeoutMs);
      await insertSession(owner, { id, tenantId: user.tenant_id, userId: user.id, secretHash: hashSecret(secret), at: now, expiresAt, address });
      const row: SessionRow = {
        id, tenant_id: user.tenant_id, tenant_name: user.tenant_name, user_id: user.id, username: user.username, role: user.role,
        secret_hash: Buffer.alloc(0), last_seen_at: now.toISOString(), expires_at: expiresAt.toISOString(),
      };
      return { view: view(row, token), token, sessionId: id };
    },

    /** The user a username names (id and tenant), or null: who a rate-limited login tried to be, for the audit log. */
    async whoIs(username: string): Promise<LoginUser | null> {
      const user = await findLogin(owner, normalizeUsername(username));
      return user ? { id: user.id, tenantId: user.tenant_id } : null;
    },

    /** Resolves a `quorum_session` cookie to its user's principal; throws UnauthenticatedError when it is not a live session. */
    async authenticate(token: string): Promise<Principal> {
      const row = await live(token);
      if (!row) throw new UnauthenticatedError('the session is unknown, ended or timed out; log in again');
      const now = clock();
      if (now.getTime() - Date.parse(row.last_seen_at) >= touchEveryMs) await touchSession(owner, row.id, now);
      return {
        keyId: `session:${row.id}`, tenantId: row.tenant_id, scopes: [...ROLE_SCOPES[row.role]], agentId: null, rateLimit: null,
        user: { id: row.user_id, username: row.username, role: row.role, sessionId: row.id },
      };
    },

    /** The session a live token names, as the API shows it; throws UnauthenticatedError otherwise. */
    async describe(token: string): Promise<SessionView> {
      const row = await live(token);
      if (!row) throw new UnauthenticatedError('the session is unknown, ended or timed out; log in again');
      return view(row, token);
    },

    /** Ends one session (logout); false when it had ended already. */
    end(sessionId: string): Promise<boolean> {
      return deleteSession(owner, sessionId);
    },

    /** Ends every session of a user (logout everywhere); answers how many ended. */
    endAllOf(userId: string): Promise<number> {
      return deleteUserSessions(owner, userId);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
