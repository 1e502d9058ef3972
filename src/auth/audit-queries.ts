// SQL of audit_log: append an entry, page a tenant's entries newest first. Rows are never updated or deleted here.
// Run as the tenant (withTenant): forced RLS keeps every read and write inside it.

import type pg from 'pg';

type Db = Pick<pg.ClientBase, 'query'>;

export interface AuditRow {
  id: string;
  at: string;
  /** `login`: someone trying a username (a refused login), not proven to be its user. */
  actor_kind: 'key' | 'user' | 'setup' | 'login';
  actor_id: string;
  actor_name: string | null;
  method: string;
  route: string;
  target: string | null;
  status: number;
  address: string | null;
  /** Why a login was refused (never told to the client); null for every other entry. */
  reason: AuditReason | null;
}

export type AuditReason = 'unknown_user' | 'wrong_password' | 'rate_limited';

export interface NewAuditRow extends Omit<AuditRow, 'id' | 'at'> {
  tenantId: string;
  at: Date;
}

export async function insertAuditRow(db: Db, e: NewAuditRow): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (tenant_id, at, actor_kind, actor_id, actor_name, method, route, target, status, address, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [e.tenantId, e.at, e.actor_kind, e.actor_id, e.actor_name, e.method, e.route, e.target, e.status, e.address, e.reason]);
}

/** A page of a tenant's entries, newest first, after the (at, id) position of a cursor when one is given; limit + 1 rows. */
export async function listAuditRows(db: Db, tenantId: string, limit: number, after: { at: string; id: string } | null): Promise<AuditRow[]> {
  const res = await db.query<AuditRow>(
    `SELECT id, at, actor_kind, actor_id, actor_name, method, route, target, status, address, reason FROM audit_log
      WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (at, id) < ($2::timestamptz, $3::bigint))
      ORDER BY at DESC, id DESC LIMIT $4`, [tenantId, after?.at ?? null, after?.id ?? null, limit + 1]);
  return res.rows;
}
