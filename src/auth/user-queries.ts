// SQL of users, user_sessions and setup_codes: small named queries, parameters only.
// Logins and session cookies are resolved on the owner pool (no tenant yet); a tenant's users are read as that tenant.

import type pg from 'pg';
import type { UserRole } from '../core/types.ts';

type Db = Pick<pg.ClientBase, 'query'> | Pick<pg.Pool, 'query'>;

export interface UserRow {
  id: string;
  tenant_id: string;
  username: string;
  role: UserRole;
  created_at: string;
  created_by: string;
}

const USER_COLUMNS = 'id, tenant_id, username, role, created_at, created_by';

/** The user a login names, with its hash and tenant name; any tenant (owner pool). */
export async function findLogin(owner: Db, username: string): Promise<(UserRow & { password_hash: string; tenant_name: string }) | null> {
  const res = await owner.query(
    `SELECT u.id, u.tenant_id, u.username, u.role, u.created_at, u.created_by, u.password_hash, t.name AS tenant_name
       FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.username = $1`, [username]);
  return res.rows[0] ?? null;
}

/** Inserts a user; null when the username is taken (in any tenant: a login names no tenant). */
export async function insertUser(db: Db, u: { tenantId: string; username: string; role: UserRole; passwordHash: string; createdBy: string }): Promise<UserRow | null> {
  const res = await db.query<UserRow>(
    `INSERT INTO users (tenant_id, username, role, password_hash, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`, [u.tenantId, u.username, u.role, u.passwordHash, u.createdBy]);
  return res.rows[0] ?? null;
}

/** A tenant's users, oldest first (run as the tenant: RLS confines it too). */
export async function listUsers(db: Db, tenantId: string): Promise<UserRow[]> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId])).rows;
}

export async function findUser(db: Db, tenantId: string, id: string): Promise<UserRow | null> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2`, [tenantId, id])).rows[0] ?? null;
}

/** A user of any tenant, by id (owner pool: the operator's lookups). */
export async function findUserById(owner: Db, id: string): Promise<UserRow | null> {
  return (await owner.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])).rows[0] ?? null;
}

/** Deletes a user; its sessions go with it (ON DELETE CASCADE). */
export async function deleteUser(db: Db, tenantId: string, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM users WHERE tenant_id = $1 AND id = $2', [tenantId, id])).rowCount === 1;
}

export interface SessionRow {
  id: string;
  tenant_id: string;
  tenant_name: string;
  user_id: string;
  username: string;
  role: UserRole;
  secret_hash: Buffer;
  last_seen_at: string;
  expires_at: string;
}

export async function insertSession(owner: Db, s: { id: string; tenantId: string; userId: string; secretHash: Buffer; at: Date; expiresAt: Date; address: string | null }): Promise<void> {
  await owner.query(
    `INSERT INTO user_sessions (id, tenant_id, user_id, secret_hash, created_at, last_seen_at, expires_at, address)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7)`, [s.id, s.tenantId, s.userId, s.secretHash, s.at, s.expiresAt, s.address]);
}

/** A session with its user and tenant (owner pool: the cookie names no tenant). */
export async function findSession(owner: Db, id: string): Promise<SessionRow | null> {
  const res = await owner.query<SessionRow>(
    `SELECT s.id, s.tenant_id, t.name AS tenant_name, s.user_id, u.username, u.role, s.secret_hash, s.last_seen_at, s.expires_at
       FROM user_sessions s JOIN users u ON u.id = s.user_id JOIN tenants t ON t.id = s.tenant_id WHERE s.id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function touchSession(owner: Db, id: string, at: Date): Promise<void> {
  await owner.query('UPDATE user_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2', [id, at]);
}

/** NOTIFY channel of ended sessions (payload: the session id): live connections of that session close at once, on every hub. */
export const SESSION_END_CHANNEL = 'quorum_sessions';

// Each delete NOTIFYs in the same statement, so every hub hears of exactly the sessions whose end committed.
const ENDED = `SELECT pg_notify('${SESSION_END_CHANNEL}', id::text) FROM ended`;

export async function deleteSession(owner: Db, id: string): Promise<boolean> {
  return (await owner.query(`WITH ended AS (DELETE FROM user_sessions WHERE id = $1 RETURNING id) ${ENDED}`, [id])).rowCount === 1;
}

/** Ends every session of a user (logout everywhere, the user deleted); answers how many there were. */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  return (await db.query(`WITH ended AS (DELETE FROM user_sessions WHERE user_id = $1 RETURNING id) ${ENDED}`, [userId])).rowCount ?? 0;
}

/** Forgets a user's sessions that timed out (absolute or idle), at each login so they never pile up. */
export async function deleteTimedOutSessions(owner: Db, userId: string, now: Date, idleSince: Date): Promise<void> {
  await owner.query('DELETE FROM user_sessions WHERE user_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)', [userId, now, idleSince]);
}

/** Stores the one open setup code's hash; false when another is open already (another hub made it). */
export async function insertSetupCode(owner: Db, tenantId: string, codeHash: Buffer): Promise<boolean> {
  const res = await owner.query(
    'INSERT INTO setup_codes (tenant_id, code_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING', [tenantId, codeHash]);
  return res.rowCount === 1;
}

/** True when the hub needs a setup code: no operator user exists and none is open. */
export async function setupNeeded(owner: Db): Promise<boolean> {
  const res = await owner.query(
    `SELECT NOT EXISTS (SELECT 1 FROM users WHERE role = 'operator') AND NOT EXISTS (SELECT 1 FROM setup_codes WHERE used_at IS NULL) AS needed`);
  return res.rows[0].needed;
}

/** The tenant of the open setup code with this hash, or null when there is none (wrong or used). */
export async function findOpenSetupCode(db: Db, codeHash: Buffer): Promise<string | null> {
  const res = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM setup_codes WHERE code_hash = $1 AND used_at IS NULL', [codeHash]);
  return res.rows[0]?.tenant_id ?? null;
}

/** Uses an open code once, for the user it created; false when it was used meanwhile. */
export async function useSetupCode(db: Db, codeHash: Buffer, userId: string, at: Date): Promise<boolean> {
  const res = await db.query('UPDATE setup_codes SET used_at = $3, used_by = $2 WHERE code_hash = $1 AND used_at IS NULL', [codeHash, userId, at]);
  return res.rowCount === 1;
}
