// The reads of mitigations and guardrail_rejections, and the safelist_entries statements, as small named functions.
// Callers run them inside withTenant(); each names its tenant, except the metrics' count across tenants (on the owner connection). Never changes a mitigation: mitigation-writes.ts does, for decider.ts.

import type pg from 'pg';
import type { BlockOrigin, BlockType, Severity } from '../core/types.ts';
import type { Explanation } from '../correlate/explanation.ts';
import { queryInOneTrip, type Statement } from '../db/one-trip.ts';

export interface MitigationRow {
  id: string;
  tenant_id: string;
  group_id: string | null;
  action: 'block';
  /** The blocked prefix for `IP` blocks; null for the other block types (see indicator_value). */
  indicator: string | null;
  /** The fingerprint, ASN or user agent of a non-IP block; null for `IP`. */
  indicator_value: string | null;
  block_type: BlockType;
  severity: Severity | null;
  status: 'active' | 'withdrawn' | 'expired' | 'rejected';
  origin: BlockOrigin;
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

/** What the volume and safelist guardrails need: active blocks, blocks created since, the safelist entries in force. */
export interface DecisionFacts {
  active: number;
  createdSince: number;
  safelist: string[];
}

/**
 * The statement of the decision facts: active blocks, blocks created since `since`, and the safelist entries in force at
 * `now` (an expired entry no longer protects anything). Read its answer with decisionFactsOf.
 */
export const decisionFactsStatement = (tenantId: string, since: Date, now: Date): Statement => ({
  text: `SELECT (SELECT count(*)::int FROM mitigations WHERE tenant_id = $1 AND status = 'active') AS active,
            (SELECT count(*)::int FROM mitigations WHERE tenant_id = $1 AND status <> 'rejected' AND created_at > $2::timestamptz) AS created_since,
            (SELECT coalesce(array_agg(cidr::text), '{}') FROM safelist_entries
              WHERE tenant_id = $1 AND (expires_at IS NULL OR expires_at > $3::timestamptz)) AS safelist`,
  values: [tenantId, since.toISOString(), now.toISOString()],
});

export function decisionFactsOf(res: pg.QueryResult): DecisionFacts {
  const row = res.rows[0]!;
  return { active: row.active, createdSince: row.created_since, safelist: row.safelist };
}

export async function decisionFacts(c: Client, tenantId: string, since: Date, now: Date): Promise<DecisionFacts> {
  return decisionFactsOf((await queryInOneTrip(c, [decisionFactsStatement(tenantId, since, now)]))[0]!);
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

export interface BlockFilter {
  blockType?: BlockType;
  source?: BlockOrigin;
  /** Part of the indicator text, case-insensitive (`10.1.`, `AS645`, `curl/`). */
  contains?: string;
  before?: { at: string; id: string };
  limit: number;
}

/** The tenant's blocks in force at `now`, newest first (created_at, id), filtered; the blocks API's list. */
export async function listActiveBlocksFiltered(c: Client, tenantId: string, now: Date, f: BlockFilter): Promise<MitigationRow[]> {
  const res = await c.query<MitigationRow>(
    `SELECT * FROM mitigations
     WHERE tenant_id = $1 AND status = 'active' AND expires_at > $2
       AND ($3::text IS NULL OR block_type = $3) AND ($4::text IS NULL OR origin = $4)
       AND ($5::text IS NULL OR strpos(lower(coalesce(indicator::text, indicator_value)), lower($5)) > 0)
       AND ($6::timestamptz IS NULL OR (created_at, id) < ($6, $7::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $8`,
    [tenantId, now, f.blockType ?? null, f.source ?? null, f.contains ?? null, f.before?.at ?? null, f.before?.id ?? null, f.limit]);
  return res.rows;
}

export interface SafelistRow {
  id: string;
  cidr: string;
  reason: string | null;
  created_at: string;
  /** When the entry stops counting; null for an entry kept until removed. */
  expires_at: string | null;
}

/** The tenant's safelist entries in force at `now`: expired rows stay stored but are never returned. */
export async function listSafelist(c: Client, tenantId: string, now: Date): Promise<SafelistRow[]> {
  const res = await c.query<SafelistRow>(
    `SELECT id, cidr::text AS cidr, reason, created_at, expires_at FROM safelist_entries
     WHERE tenant_id = $1 AND (expires_at IS NULL OR expires_at > $2) ORDER BY cidr`, [tenantId, now]);
  return res.rows;
}

/**
 * Adds an entry, or renews the tenant's entry for the same prefix (reason, expiry and creation time replaced, so an
 * expired row comes back in force). `now` is the hub's clock, so the expiry CHECK compares times of one clock.
 */
export async function addSafelistEntry(
  c: Client, tenantId: string, e: { cidr: string; reason: string | null; by: string; now: Date; expiresAt: Date | null },
): Promise<{ id: string; cidr: string; expires_at: string | null }> {
  const res = await c.query(
    `INSERT INTO safelist_entries (tenant_id, cidr, reason, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, cidr) DO UPDATE
       SET reason = EXCLUDED.reason, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
     RETURNING id, cidr::text AS cidr, expires_at`,
    [tenantId, e.cidr, e.reason, e.by, e.now, e.expiresAt]);
  return res.rows[0];
}

export async function deleteSafelistEntry(c: Client, tenantId: string, id: string): Promise<boolean> {
  const res = await c.query('DELETE FROM safelist_entries WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return res.rowCount === 1;
}

export async function listRejectionsOfGroup(c: Client, tenantId: string, groupId: string): Promise<{ code: string; reason: string; rejected_at: string }[]> {
  const res = await c.query('SELECT code, reason, rejected_at FROM guardrail_rejections WHERE tenant_id = $1 AND group_id = $2 ORDER BY id',
    [tenantId, groupId]);
  return res.rows;
}

/** Blocks in force across every tenant (the metrics' scrape; on the owner connection, outside any tenant). */
export async function countActiveBlocks(owner: Client): Promise<number> {
  return (await owner.query<{ n: number }>("SELECT count(*)::int AS n FROM mitigations WHERE status = 'active' AND expires_at > now()")).rows[0]!.n;
}
