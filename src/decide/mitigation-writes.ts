// Every SQL statement that changes mitigations or guardrail_rejections, and the decision lock, as small named functions.
// Imported by decider.ts alone, which appends a block change for every row changed here (test/block-changes.test.ts checks the imports).

import type pg from 'pg';
import type { BlockOrigin, BlockType, Severity } from '../core/types.ts';
import type { Explanation } from '../correlate/explanation.ts';
import type { MitigationRow } from './mitigation-queries.ts';
import { queryInOneTrip, type Statement } from '../db/one-trip.ts';
import { parseCidr } from '../core/cidr.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** Serialises every decision of a tenant (counts for the volume guardrails stay exact across processes). */
const lockDecisionsStatement = (tenantId: string): Statement => ({ text: "SELECT pg_advisory_xact_lock(hashtext('quorum_decisions'), hashtext($1))", values: [tenantId] });

export async function lockTenantDecisions(c: Client, tenantId: string): Promise<void> {
  await queryInOneTrip(c, [lockDecisionsStatement(tenantId)]);
}

/** The tenant's decision lock, then the expiry of its active blocks whose time ran out (answering them), in one message. */
export const lockAndExpireStatements = (tenantId: string, now: Date): Statement[] => [lockDecisionsStatement(tenantId), {
  text: `UPDATE mitigations SET status = 'expired', ended_at = expires_at, end_reason = 'TTL ran out'
   WHERE tenant_id = $1 AND status = 'active' AND expires_at <= $2::timestamptz RETURNING *`,
  values: [tenantId, now.toISOString()],
}];

/** Takes the tenant's decision lock and marks its active blocks whose time ran out as expired, in one round trip; returns them. */
export async function lockAndExpireDue(c: Client, tenantId: string, now: Date): Promise<MitigationRow[]> {
  const [, expired] = await queryInOneTrip(c, lockAndExpireStatements(tenantId, now));
  return expired!.rows as MitigationRow[];
}

/**
 * The statement that finds the active block a new one of this indicator would extend, locked: for `IP` the narrowest
 * prefix containing it (none when the indicator is no prefix), for the other types the same normalised value.
 */
export function activeBlockStatement(tenantId: string, type: BlockType, indicator: string): Statement | null {
  if (type !== 'IP') {
    return {
      text: "SELECT * FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND block_type = $2 AND indicator_value = $3 FOR UPDATE",
      values: [tenantId, type, indicator],
    };
  }
  if (!parseCidr(indicator)) return null;
  return {
    text: `SELECT * FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND indicator >>= $2::cidr
     ORDER BY masklen(indicator) DESC LIMIT 1 FOR UPDATE`,
    values: [tenantId, indicator],
  };
}

export interface NewMitigation {
  tenantId: string;
  groupId: string | null;
  /** For `IP` a CIDR prefix (normalised); otherwise the fingerprint, ASN or user agent as given. */
  indicator: string;
  blockType: BlockType;
  severity: Severity | null;
  status: 'active' | 'rejected';
  origin: BlockOrigin;
  rule: string | null;
  playbook: string | null;
  ttlSeconds: number;
  now: Date;
  explanation: Explanation;
  rejection: { code: string; reason: string } | null;
  createdBy: string | null;
}

/** The statement that stores a new mitigation under the id given (the caller's, so that its change can name it in the same trip). */
export function insertMitigationStatement(id: string, m: NewMitigation): Statement {
  return {
    text: `INSERT INTO mitigations (id, tenant_id, group_id, indicator, indicator_value, block_type, severity, status, origin, rule, playbook,
       ttl_seconds, created_at, expires_at, rejection_code, rejection_reason, explanation, explanation_text, created_by, ended_at)
     VALUES ($18::uuid, $1, $2, $3::cidr, $17::text, $15, $16, $4, $5, $6, $7,
       $8::int, $9::timestamptz, $9::timestamptz + make_interval(secs => $8::int), $10, $11, $12::jsonb, $13, $14,
       CASE WHEN $4 = 'rejected' THEN $9::timestamptz END)
     RETURNING *`,
    // The prefix goes to the cidr column and any other value to indicator_value (one parameter each: PostgreSQL types a parameter once).
    values: [m.tenantId, m.groupId, m.blockType === 'IP' ? m.indicator : null, m.status, m.origin, m.rule, m.playbook, m.ttlSeconds, m.now.toISOString(),
      m.rejection?.code ?? null, m.rejection?.reason ?? null, JSON.stringify(m.explanation), m.explanation.text, m.createdBy,
      m.blockType, m.severity, m.blockType === 'IP' ? null : m.indicator, id],
  };
}

/** Pushes an active block's expiry out to now + ttl (never pulls it in); null when it is not active. The explanation stays the original decision's. */
export async function extendMitigation(c: Client, tenantId: string, id: string, now: Date, ttlSeconds: number): Promise<MitigationRow | null> {
  const res = await c.query<MitigationRow>(
    `UPDATE mitigations SET expires_at = greatest(expires_at, $3::timestamptz + make_interval(secs => $4::int)),
       extended_count = extended_count + 1
     WHERE tenant_id = $1 AND id = $2 AND status = 'active' RETURNING *`,
    [tenantId, id, now, ttlSeconds],
  );
  return res.rows[0] ?? null;
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

/** Records a new refusal on a group's rejected mitigation; null when that row is not (or no longer) rejected. */
export async function updateRejection(c: Client, tenantId: string, id: string, code: string, reason: string): Promise<MitigationRow | null> {
  const res = await c.query<MitigationRow>(
    "UPDATE mitigations SET rejection_code = $3, rejection_reason = $4 WHERE tenant_id = $1 AND id = $2 AND status = 'rejected' RETURNING *",
    [tenantId, id, code, reason]);
  return res.rows[0] ?? null;
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

export interface NewRejection {
  tenantId: string;
  groupId: string | null;
  mitigationId: string | null;
  indicator: string;
  code: string;
  reason: string;
  origin: BlockOrigin;
  now: Date;
}

export async function insertRejection(c: Client, r: NewRejection): Promise<void> {
  await c.query(
    `INSERT INTO guardrail_rejections (tenant_id, group_id, mitigation_id, indicator, code, reason, origin, rejected_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.tenantId, r.groupId, r.mitigationId, r.indicator, r.code, r.reason, r.origin, r.now]);
}
