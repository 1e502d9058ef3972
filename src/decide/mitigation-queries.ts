// Every SQL statement on mitigations, safelist_entries and guardrail_rejections, as small named functions.
// Callers run them inside withTenant(); each names its tenant. Never checks guardrails: decider.ts does, before inserting.

import type pg from 'pg';
import type { Explanation } from './explanation.ts';

export interface MitigationRow {
  id: string;
  tenant_id: string;
  group_id: string | null;
  action: 'block';
  indicator: string;
  status: 'active' | 'withdrawn' | 'expired' | 'rejected';
  origin: 'correlation' | 'manual';
  rule: string | null;
  playbook: string | null;
  ttl_seconds: number;
  created_at: string;
  expires_at: string;
  extended_count: number;
  ended_at: string | null;
  end_reason: string | null;
  rejection_code: string | null;
  rejection_reason: string | null;
  explanation: Explanation;
  explanation_text: string;
  created_by: string | null;
}

type Client = Pick<pg.PoolClient, 'query'>;

/** Serialises every decision of a tenant (counts for the volume guardrails stay exact across processes). */
export async function lockTenantDecisions(c: Client, tenantId: string): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtext('quorum_decisions'), hashtext($1))", [tenantId]);
}

/** Marks active blocks whose time ran out as expired; returns them. */
export async function expireDueMitigations(c: Client, tenantId: string, now: Date): Promise<MitigationRow[]> {
  const res = await c.query<MitigationRow>(
    `UPDATE mitigations SET status = 'expired', ended_at = expires_at, end_reason = 'TTL ran out'
     WHERE tenant_id = $1 AND status = 'active' AND expires_at <= $2 RETURNING *`,
    [tenantId, now],
  );
  return res.rows;
}

/** The active block whose prefix contains the indicator (the narrowest one), locked. */
export async function findActiveCovering(c: Client, tenantId: string, indicator: string): Promise<MitigationRow | null> {
  const res = await c.query<MitigationRow>(
    `SELECT * FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND indicator >>= $2::cidr
     ORDER BY masklen(indicator) DESC LIMIT 1 FOR UPDATE`,
    [tenantId, indicator],
  );
  return res.rows[0] ?? null;
}

export interface NewMitigation {
  tenantId: string;
  groupId: string | null;
  indicator: string;
  status: 'active' | 'rejected';
  origin: 'correlation' | 'manual';
  rule: string | null;
  playbook: string | null;
  ttlSeconds: number;
  now: Date;
  explanation: Explanation;
  rejection: { code: string; reason: string } | null;
  createdBy: string | null;
}

export async function insertMitigation(c: Client, m: NewMitigation): Promise<MitigationRow> {
  const res = await c.query<MitigationRow>(
    `INSERT INTO mitigations (tenant_id, group_id, indicator, status, origin, rule, playbook, ttl_seconds, created_at, expires_at,
       rejection_code, rejection_reason, explanation, explanation_text, created_by, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::int, $9, $9::timestamptz + make_interval(secs => $8::int), $10, $11, $12, $13, $14,
       CASE WHEN $4 = 'rejected' THEN $9::timestamptz END)
     RETURNING *`,
    [m.tenantId, m.groupId, m.indicator, m.status, m.origin, m.rule, m.playbook, m.ttlSeconds, m.now,
      m.rejection?.code ?? null, m.rejection?.reason ?? null, JSON.stringify(m.explanation), m.explanation.text, m.createdBy],
  );
  return res.rows[0]!;
}

/** Pushes the expiry out to now + ttl (never pulls it in); the explanation stays the original decision's. */
export async function extendMitigation(c: Client, tenantId: string, id: string, now: Date, ttlSeconds: number): Promise<MitigationRow> {
  const res = await c.query<MitigationRow>(
    `UPDATE mitigations SET expires_at = greatest(expires_at, $3::timestamptz + make_interval(secs => $4::int)),
       extended_count = extended_count + 1
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, now, ttlSeconds],
  );
  return res.rows[0]!;
}

/** Ends an active block (withdrawn); returns null when it was not active. */
export async function withdrawMitigation(c: Client, tenantId: string, id: string, now: Date, reason: string): Promise<MitigationRow | null> {
  const res = await c.query<MitigationRow>(
    `UPDATE mitigations SET status = 'withdrawn', ended_at = $3, end_reason = $4
     WHERE tenant_id = $1 AND id = $2 AND status = 'active' RETURNING *`,
    [tenantId, id, now, reason],
  );
  return res.rows[0] ?? null;
}

export async function updateRejection(c: Client, tenantId: string, id: string, code: string, reason: string): Promise<void> {
  await c.query('UPDATE mitigations SET rejection_code = $3, rejection_reason = $4 WHERE tenant_id = $1 AND id = $2 AND status = \'rejected\'',
    [tenantId, id, code, reason]);
}

/** What the volume and safelist guardrails need, in one round trip: active blocks, blocks created since, safelist. */
export async function decisionFacts(c: Client, tenantId: string, since: Date): Promise<{ active: number; createdSince: number; safelist: string[] }> {
  const res = await c.query<{ active: number; created_since: number; safelist: string[] }>(
    `SELECT (SELECT count(*)::int FROM mitigations WHERE tenant_id = $1 AND status = 'active') AS active,
            (SELECT count(*)::int FROM mitigations WHERE tenant_id = $1 AND status <> 'rejected' AND created_at > $2) AS created_since,
            (SELECT coalesce(array_agg(cidr::text), '{}') FROM safelist_entries WHERE tenant_id = $1) AS safelist`,
    [tenantId, since]);
  const row = res.rows[0]!;
  return { active: row.active, createdSince: row.created_since, safelist: row.safelist };
}

export async function getMitigation(c: Client, tenantId: string, id: string): Promise<MitigationRow | null> {
  const res = await c.query<MitigationRow>('SELECT * FROM mitigations WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return res.rows[0] ?? null;
}

export interface MitigationFilter {
  status?: string;
  indicator?: string;
  since?: string;
  until?: string;
  before?: { at: string; id: string };
  limit: number;
}

/** Newest first; `indicator` matches blocks whose prefix contains it; `since` inclusive, `until` exclusive on created_at. */
export async function listMitigations(c: Client, tenantId: string, f: MitigationFilter): Promise<MitigationRow[]> {
  const res = await c.query<MitigationRow>(
    `SELECT * FROM mitigations
     WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::cidr IS NULL OR indicator >>= $3::cidr)
       AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at < $5)
       AND ($6::timestamptz IS NULL OR (created_at, id) < ($6, $7::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $8`,
    [tenantId, f.status ?? null, f.indicator ?? null, f.since ?? null, f.until ?? null, f.before?.at ?? null, f.before?.id ?? null, f.limit],
  );
  return res.rows;
}

export async function listSafelist(c: Client, tenantId: string): Promise<{ id: string; cidr: string; reason: string | null; created_at: string }[]> {
  const res = await c.query('SELECT id, cidr::text AS cidr, reason, created_at FROM safelist_entries WHERE tenant_id = $1 ORDER BY cidr', [tenantId]);
  return res.rows;
}

export async function addSafelistEntry(c: Client, tenantId: string, cidr: string, reason: string | null, by: string): Promise<{ id: string; cidr: string }> {
  const res = await c.query(
    `INSERT INTO safelist_entries (tenant_id, cidr, reason, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, cidr) DO UPDATE SET reason = EXCLUDED.reason RETURNING id, cidr::text AS cidr`,
    [tenantId, cidr, reason, by]);
  return res.rows[0];
}

/** Withdraws every active block overlapping any of the prefixes (safelisting lifts the blocks it covers). */
export async function withdrawOverlapping(c: Client, tenantId: string, cidrs: string[], now: Date, reason: string): Promise<MitigationRow[]> {
  if (cidrs.length === 0) return [];
  const res = await c.query<MitigationRow>(
    `UPDATE mitigations SET status = 'withdrawn', ended_at = $3, end_reason = $4
     WHERE tenant_id = $1 AND status = 'active' AND indicator && ANY($2::cidr[]) RETURNING *`,
    [tenantId, cidrs, now, reason]);
  return res.rows;
}

export async function deleteSafelistEntry(c: Client, tenantId: string, id: string): Promise<boolean> {
  const res = await c.query('DELETE FROM safelist_entries WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return res.rowCount === 1;
}

export interface NewRejection {
  tenantId: string;
  groupId: string | null;
  mitigationId: string | null;
  indicator: string;
  code: string;
  reason: string;
  origin: 'correlation' | 'manual';
  now: Date;
}

export async function insertRejection(c: Client, r: NewRejection): Promise<void> {
  await c.query(
    `INSERT INTO guardrail_rejections (tenant_id, group_id, mitigation_id, indicator, code, reason, origin, rejected_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.tenantId, r.groupId, r.mitigationId, r.indicator, r.code, r.reason, r.origin, r.now]);
}

export async function listRejectionsOfGroup(c: Client, tenantId: string, groupId: string): Promise<{ code: string; reason: string; rejected_at: string }[]> {
  const res = await c.query('SELECT code, reason, rejected_at FROM guardrail_rejections WHERE tenant_id = $1 AND group_id = $2 ORDER BY id',
    [tenantId, groupId]);
  return res.rows;
}
