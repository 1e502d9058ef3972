// SQL on the correlation policy tables: hub defaults (owner connection), tenant versions (under RLS), the change generation.
// Append-only: a change inserts a version, bumps the generation and notifies in the same transaction; nothing is updated in place.

import type pg from 'pg';

type Client = Pick<pg.PoolClient, 'query'>;

/** The channel every policy change is announced on; the payload is the tenant id, or `hub` for the defaults. */
export const POLICY_CHANNEL = 'quorum_policy';

export interface DefaultsRow {
  version: number;
  document: Record<string, unknown>;
  origin: 'file' | 'api';
  file_sha256: string | null;
  key_id: string | null;
  summary: { changed?: string[] };
  created_at: string;
}

export interface VersionRow {
  version: number;
  overrides: Record<string, unknown>;
  action: 'put' | 'rollback';
  rolled_back_to: number | null;
  key_id: string | null;
  summary: { changed?: string[] };
  created_at: string;
}

export async function readGeneration(c: Client): Promise<string> {
  return (await c.query<{ generation: string }>('SELECT generation FROM correlation_policy_generation')).rows[0]!.generation;
}

/** Bumps the generation and announces the change; both take effect when the caller's transaction commits. */
export async function announceChange(c: Client, payload: string): Promise<void> {
  await c.query('UPDATE correlation_policy_generation SET generation = generation + 1');
  await c.query('SELECT pg_notify($1, $2)', [POLICY_CHANNEL, payload]);
}

export async function latestDefaults(c: Client): Promise<DefaultsRow | null> {
  const res = await c.query<DefaultsRow>('SELECT * FROM correlation_policy_defaults ORDER BY version DESC LIMIT 1');
  return res.rows[0] ?? null;
}

/** The sha256 of the file text last imported, so a restart re-imports only an edited file. */
export async function lastImportedFileSha(c: Client): Promise<string | null> {
  const res = await c.query<{ file_sha256: string }>("SELECT file_sha256 FROM correlation_policy_defaults WHERE origin = 'file' ORDER BY version DESC LIMIT 1");
  return res.rows[0]?.file_sha256 ?? null;
}

export async function insertDefaults(c: Client, d: Omit<DefaultsRow, 'version' | 'created_at'>): Promise<DefaultsRow> {
  // Serialises writers of the defaults so two hubs importing at once get versions n and n+1, not a key clash.
  await c.query('LOCK TABLE correlation_policy_defaults IN SHARE ROW EXCLUSIVE MODE');
  const res = await c.query<DefaultsRow>(
    `INSERT INTO correlation_policy_defaults (version, document, origin, file_sha256, key_id, summary)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5 FROM correlation_policy_defaults RETURNING *`,
    [JSON.stringify(d.document), d.origin, d.file_sha256, d.key_id, JSON.stringify(d.summary)]);
  return res.rows[0]!;
}

/** The defaults' history, newest first, without the documents; `before` pages back. */
export async function listDefaults(c: Client, before: number | null, limit: number): Promise<Omit<DefaultsRow, 'document'>[]> {
  const res = await c.query<Omit<DefaultsRow, 'document'>>(
    `SELECT version, origin, file_sha256, key_id, summary, created_at FROM correlation_policy_defaults
     WHERE ($1::int IS NULL OR version < $1) ORDER BY version DESC LIMIT $2`,
    [before, limit]);
  return res.rows;
}

export async function latestVersion(c: Client, tenantId: string): Promise<VersionRow | null> {
  const res = await c.query<VersionRow>(
    'SELECT * FROM correlation_policy_versions WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1', [tenantId]);
  return res.rows[0] ?? null;
}

export async function findVersion(c: Client, tenantId: string, version: number): Promise<VersionRow | null> {
  const res = await c.query<VersionRow>('SELECT * FROM correlation_policy_versions WHERE tenant_id = $1 AND version = $2', [tenantId, version]);
  return res.rows[0] ?? null;
}

/** Inserts the next version; the primary key makes a concurrent writer of the same tenant fail rather than both win. */
export async function insertVersion(c: Client, tenantId: string, v: Omit<VersionRow, 'created_at'>): Promise<VersionRow> {
  const res = await c.query<VersionRow>(
    `INSERT INTO correlation_policy_versions (tenant_id, version, overrides, action, rolled_back_to, key_id, summary)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [tenantId, v.version, JSON.stringify(v.overrides), v.action, v.rolled_back_to, v.key_id, JSON.stringify(v.summary)]);
  return res.rows[0]!;
}

/** Newest first; `before` pages back (keyset on the version number). */
export async function listVersions(c: Client, tenantId: string, before: number | null, limit: number): Promise<VersionRow[]> {
  const res = await c.query<VersionRow>(
    `SELECT * FROM correlation_policy_versions WHERE tenant_id = $1 AND ($2::int IS NULL OR version < $2)
     ORDER BY version DESC LIMIT $3`,
    [tenantId, before, limit]);
  return res.rows;
}

/** Serialises policy writes of one tenant (two admins saving at once get versions n and n+1). */
export async function lockTenantPolicy(c: Client, tenantId: string): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtextextended('quorum_policy:' || $1, 0))", [tenantId]);
}
