// Users and the audit log over HTTP, shaped as the issue-11 contract says, until the hub's OpenAPI document (and so
// schema.d.ts) has these routes; then the pages call `api` like every other and this file goes.

import { ApiError, csrfToken } from '../../api/client.ts';
import type { UserRole } from '../../app/session.tsx';

export interface User { id: string; tenantId: string; username: string; role: UserRole; createdAt: string; createdBy: string }
export interface AuditEntry {
  id: string; at: string; actor: { kind: string; id: string; name: string }; method: string; route: string;
  target: string | null; status: number; address: string | null;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken();
  if (method !== 'GET' && token) headers['X-CSRF-Token'] = token;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const p = await res.json().catch(() => ({})) as { code?: string; detail?: string };
    throw new ApiError(res.status, p.code ?? 'error', p.detail ?? res.statusText, p);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.size ? `?${p}` : '';
};

export const peopleApi = {
  listUsers: (tenantId?: string) => call<{ users: User[] }>('GET', `/v1/users${qs({ tenant_id: tenantId })}`),
  createUser: (b: { username: string; password: string; role: UserRole; tenantId?: string }) => call<User>('POST', '/v1/users', b),
  deleteUser: (id: string) => call<void>('DELETE', `/v1/users/${encodeURIComponent(id)}`),
  audit: (q: { limit?: number; cursor?: string; tenant_id?: string }) =>
    call<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/v1/audit${qs(q)}`),
};
