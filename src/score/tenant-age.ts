// How old a tenant is, in days since it was created: the Trust Score's bootstrap weights depend on it.
// Reads the tenant's own row under RLS; never another tenant's.

import type pg from 'pg';

const DAY_MS = 86_400_000;

/** When the tenant was created (RFC 3339); the caller runs inside withTenant for that tenant. */
export async function findTenantCreatedAt(c: pg.ClientBase, tenantId: string): Promise<string> {
  const res = await c.query<{ created_at: string }>('SELECT created_at FROM tenants WHERE id = $1', [tenantId]);
  if (!res.rows[0]) throw new Error(`tenant ${tenantId} is not visible under its own RLS setting`);
  return res.rows[0].created_at;
}

/** Days (fractional) from `createdAt` to `now`, never negative (a clock behind the database's counts as day 0). */
export function ageInDays(createdAt: string, now: Date): number {
  return Math.max(0, (now.getTime() - Date.parse(createdAt)) / DAY_MS);
}
