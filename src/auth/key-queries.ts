// Every SQL statement on api_keys, as small named functions; key-store.ts validates, hashes and caches around them.
// Runs on the owner pool (keys are operator objects); a tenant, when named, confines the statement to its keys.

import type pg from 'pg';
import type { Scope } from '../core/types.ts';

type Db = Pick<pg.Pool, 'query'>;

/** A key's row without its hash. */
export interface KeyRow {
  id: string;
  tenant_id: string;
  name: string | null;
  scopes: Scope[];
  agent_id: string | null;
  created_at: string;
  revoked_at: string | null;
  rate_per_second: number | null;
  rate_burst: number | null;
}

/** What verifying a presented key needs: its hash, its tenant, scopes and limits, and whether it was revoked. */
export interface KeySecretRow {
  tenant_id: string;
  secret_hash: Buffer;
  scopes: Scope[];
  agent_id: string | null;
  revoked_at: string | null;
  rate_per_second: number | null;
  rate_burst: number | null;
}

const KEY_COLUMNS = 'id, tenant_id, name, scopes, agent_id, created_at, revoked_at, rate_per_second, rate_burst';

export interface NewKey {
  id: string;
  tenantId: string;
  name: string | null;
  secretHash: Buffer;
  scopes: Scope[];
  agentId: string | null;
  ratePerSecond: number | null;
  rateBurst: number | null;
}

export async function insertKey(db: Db, k: NewKey): Promise<KeyRow> {
  const res = await db.query<KeyRow>(
    `INSERT INTO api_keys (id, tenant_id, name, secret_hash, scopes, agent_id, rate_per_second, rate_burst)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${KEY_COLUMNS}`,
    [k.id, k.tenantId, k.name, k.secretHash, k.scopes, k.agentId, k.ratePerSecond, k.rateBurst]);
  return res.rows[0]!;
}

/** The keys of one tenant, or of every tenant when it is null; oldest first. */
export async function listKeyRows(db: Db, tenantId: string | null): Promise<KeyRow[]> {
  return (await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE $1::uuid IS NULL OR tenant_id = $1 ORDER BY created_at`, [tenantId])).rows;
}

export async function findKeyRow(db: Db, id: string, tenantId: string | null): Promise<KeyRow | null> {
  return (await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2)`, [id, tenantId])).rows[0] ?? null;
}

/**
 * Marks a key revoked (a second time keeps the first time) and, in the same statement, notifies `channel` with its id,
 * so every hub hears of exactly the revocations that committed. False when no key has that id there.
 */
export async function revokeKeyRow(db: Db, id: string, tenantId: string | null, channel: string): Promise<boolean> {
  const res = await db.query(
    `WITH revoked AS (
       UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
        WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) RETURNING id)
     SELECT pg_notify($3, id::text) FROM revoked`, [id, tenantId, channel]);
  return res.rowCount === 1;
}

export async function findKeySecret(db: Db, id: string): Promise<KeySecretRow | null> {
  return (await db.query<KeySecretRow>(
    'SELECT tenant_id, secret_hash, scopes, agent_id, revoked_at, rate_per_second, rate_burst FROM api_keys WHERE id = $1', [id])).rows[0] ?? null;
}
