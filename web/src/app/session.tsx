// Who is signed in: reads GET /v1/session once, guards every page behind it (401 → /login?next=<deep link>), and
// tells pages the role and scopes through useSession() so they hide what the role cannot do. The hub still refuses.

import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { Center, Loader, Alert } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { ApiError, api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema';

/** GET /v1/session: a logged-in user's session, or the bearer key's identity. */
export type SessionInfo = paths['/v1/session']['get']['responses'][200]['content']['application/json'];
export type UserSession = Extract<SessionInfo, { user: unknown }>;
export type KeySession = Extract<SessionInfo, { key: unknown }>;
/** A user's role; each maps to scopes exactly as the hub maps them (ROLE_SCOPES). */
export type UserRole = UserSession['user']['role'];
export type Scope = 'operator' | 'admin' | 'signal:write' | 'signal:read' | 'agent:write' | 'dashboard:read'
  | 'blocklist:read' | 'mitigation:write';

export const ROLE_SCOPES: Record<UserRole, Scope[]> = {
  viewer: ['signal:read', 'dashboard:read', 'blocklist:read'],
  responder: ['signal:read', 'dashboard:read', 'blocklist:read', 'mitigation:write'],
  admin: ['admin'],
  operator: ['operator'],
};

/** The hub's own rule (hasScope in src/auth/key-store.ts): operator passes everything, admin everything but operator. */
export function scopesAllow(scopes: readonly Scope[], needed: Scope): boolean {
  if (scopes.includes('operator') || scopes.includes(needed)) return true;
  return needed !== 'operator' && scopes.includes('admin');
}

/** What a page needs to know about the caller. */
export interface Session {
  info: SessionInfo;
  /** The user's name, or `key <id>` for a bearer key. */
  name: string;
  role: UserRole | null;
  scopes: Scope[];
  tenantId: string;
  tenantName: string;
  /** True when the caller may use a route that needs `scope`. */
  can: (scope: Scope) => boolean;
  isUser: boolean;
}

/** Builds the page's view of a GET /v1/session answer. */
export function toSession(info: SessionInfo): Session {
  const scopes = 'user' in info ? ROLE_SCOPES[info.user.role] : info.key.scopes as Scope[];
  return {
    info,
    name: 'user' in info ? info.user.username : `key ${info.key.id}`,
    role: 'user' in info ? info.user.role : null,
    scopes,
    tenantId: 'user' in info ? info.user.tenantId : info.key.tenantId,
    tenantName: 'user' in info ? info.user.tenantName : info.key.tenantId,
    can: (s) => scopesAllow(scopes, s),
    isUser: 'user' in info,
  };
}

export const SESSION_KEY = ['session'] as const;

/** Reads GET /v1/session; a 401 is an answer (not signed in), so it is never retried. */
export async function fetchSession(): Promise<SessionInfo> {
  return unwrap(await api.GET('/v1/session'));
}

async function endSession(path: '/v1/session' | '/v1/sessions'): Promise<void> {
  await api.DELETE(path);
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in caller; only inside RequireSession (every page of the shell), so never null there. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() is used outside <RequireSession>');
  return s;
}

/** Logout and logout-everywhere: end the session(s) at the hub, forget every cached answer, go to the login page. */
export function useLogout(): { logout: () => Promise<void>; logoutEverywhere: () => Promise<void> } {
  const qc = useQueryClient();
  const after = () => { qc.clear(); window.location.assign('/login'); };
  return {
    logout: async () => { await endSession('/v1/session').catch(() => undefined); after(); },
    logoutEverywhere: async () => { await endSession('/v1/sessions').catch(() => undefined); after(); },
  };
}

/** The login page's link back to where the caller was going: only a path of this app, never another origin. */
export function loginPath(location: { pathname: string; search: string; hash: string }): string {
  const next = location.pathname + location.search + location.hash;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** Where to go after login: `next` when it is a path of this app (starts with one `/`), else the overview. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** Renders its children only for a signed-in caller; a 401 sends to the login page keeping the deep link. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const q = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, retry: false, staleTime: 60_000, refetchOnWindowFocus: true });
  const session = useMemo(() => (q.data ? toSession(q.data) : null), [q.data]);
  const unauthenticated = q.error instanceof ApiError && q.error.status === 401;
  useEffect(() => { if (q.data) document.title = `Quorum · ${'user' in q.data ? q.data.user.tenantName : q.data.key.tenantId}`; }, [q.data]);
  if (unauthenticated) return <Navigate to={loginPath(location)} replace />;
  if (q.isError) return <Alert m="xl" color="red" title="The hub did not answer">{String(q.error.message)}</Alert>;
  if (!session) return <Center h="100vh"><Loader aria-label="Loading the session" /></Center>;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** Shows its children only when the caller may use a route needing `scope` (e.g. a Withdraw button for responders). */
export function Can({ scope, children }: { scope: Scope; children: ReactNode }) {
  return useSession().can(scope) ? <>{children}</> : null;
}

/** For tests and stories: provides a fixed session without asking the hub. */
export function SessionProvider({ info, children }: { info: SessionInfo; children: ReactNode }) {
  const session = useMemo(() => toSession(info), [info]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
