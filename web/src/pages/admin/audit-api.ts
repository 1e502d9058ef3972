// GET /v1/audit, shaped as the issue-11 contract says, until the hub's OpenAPI document (and so schema.d.ts) has the
// route; then the Audit tab calls `api` like every other page and this file goes.

import { ApiError } from '../../api/client.ts';

export interface AuditEntry {
  id: string; at: string; actor: { kind: string; id: string; name: string }; method: string; route: string;
  target: string | null; status: number; address: string | null;
}

/** One page of the audit log, newest first; `nextCursor` reads the next. */
export async function readAudit(q: { limit: number; cursor?: string; tenant_id?: string }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.cursor) params.set('cursor', q.cursor);
  if (q.tenant_id) params.set('tenant_id', q.tenant_id);
  const res = await fetch(`/v1/audit?${params}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) {
    const p = await res.json().catch(() => ({})) as { code?: string; detail?: string };
    throw new ApiError(res.status, p.code ?? 'error', p.detail ?? res.statusText, p);
  }
  return res.json() as Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
}
