// Every SQL statement on rule_documents: store a new version (never overwrite one), list versions, read one.
// Callers pass a client inside withTenant(); each query still names its tenant explicitly (RLS is the second layer).

import type pg from 'pg';

type Client = Pick<pg.PoolClient, 'query'>;
export type DocumentKind = 'rules' | 'config';

export interface DocumentSummaryRow {
  version: string;
  hash: string;
  size: number;
  created_at: string;
  created_by: string;
}
export interface DocumentRow extends DocumentSummaryRow { document: Record<string, unknown> }

const SUMMARY = 'version, hash, size, created_at, created_by';

/** Stores a version; null when the tenant already has this version of this kind (versions are immutable). */
export async function insertDocument(client: Client, tenantId: string, kind: DocumentKind, d: DocumentRow): Promise<DocumentSummaryRow | null> {
  const res = await client.query<DocumentSummaryRow>(
    `INSERT INTO rule_documents (tenant_id, kind, version, document, hash, size, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, kind, version) DO NOTHING RETURNING ${SUMMARY}`,
    [tenantId, kind, d.version, d.document, d.hash, d.size, d.created_at, d.created_by]);
  return res.rows[0] ?? null;
}

/** The tenant's versions of a kind, newest first, at most `limit`. */
export async function listDocuments(client: Client, tenantId: string, kind: DocumentKind, limit: number): Promise<DocumentSummaryRow[]> {
  const res = await client.query<DocumentSummaryRow>(
    `SELECT ${SUMMARY} FROM rule_documents WHERE tenant_id = $1 AND kind = $2 ORDER BY created_at DESC, version LIMIT $3`,
    [tenantId, kind, limit]);
  return res.rows;
}

/** One version with its document, or null. */
export async function findDocument(client: Client, tenantId: string, kind: DocumentKind, version: string): Promise<DocumentRow | null> {
  const res = await client.query<DocumentRow>(
    `SELECT ${SUMMARY}, document FROM rule_documents WHERE tenant_id = $1 AND kind = $2 AND version = $3`, [tenantId, kind, version]);
  return res.rows[0] ?? null;
}
