// Every SQL statement on tenants, as small named functions; key-store.ts is the one module that creates tenants.
// Runs as its caller's role: the owner sees every tenant, quorum_app (inside withTenant) only its own.

import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'>;

export interface Tenant {
  id: string;
  name: string;
  created_at: string;
}

/** Adds a tenant; null when the name is taken. */
export async function insertTenant(db: Db, name: string): Promise<Tenant | null> {
  const res = await db.query<Tenant>('INSERT INTO tenants (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at', [name]);
  return res.rows[0] ?? null;
}

export async function findTenantByName(db: Db, name: string): Promise<Tenant | null> {
  return (await db.query<Tenant>('SELECT id, name, created_at FROM tenants WHERE name = $1', [name])).rows[0] ?? null;
}

/** Every tenant the role sees, oldest first. */
export async function listTenants(db: Db): Promise<Tenant[]> {
  return (await db.query<Tenant>('SELECT id, name, created_at FROM tenants ORDER BY created_at, id')).rows;
}

/** A page of the tenants the role sees, oldest first: `limit` at most, after (created_at, id) `after` when given. */
export async function listTenantsPage(db: Db, after: { at: string; id: string } | null, limit: number): Promise<Tenant[]> {
  return (await db.query<Tenant>(
    `SELECT id, name, created_at FROM tenants WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
     ORDER BY created_at, id LIMIT $3`, [after?.at ?? null, after?.id ?? null, limit])).rows;
}

/** The ids of every tenant the role sees, oldest first: what the hub's loops (feeds, reconciliation, scores) go over. */
export async function listTenantIds(db: Db): Promise<string[]> {
  return (await listTenants(db)).map((t) => t.id);
}

export async function tenantExists(db: Db, tenantId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId])).rowCount === 1;
}
