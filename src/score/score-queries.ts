// Every SQL statement on the Trust Score tables (migration 016), as small named functions.
// Callers pass a client inside withTenant(); writes come only from score-writer.ts, each query names its tenant.

import type pg from 'pg';
import type { Statement } from '../db/one-trip.ts';
import type { SubjectKeys } from './current-signals.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** One subject's computed score as the writer stores it. */
export interface SubjectScoreRow {
  subject_type: string;
  subject_id: string;
  score: number;
  formula_version: string;
  inputs_hash: string;
  explanation: unknown;
  /** When its first current signal expires (null: none does). */
  valid_until: string | null;
  /** The hash of the blocks and incidents it counted (null: none). */
  holdings_hash: string | null;
}

/** A point of a trend: a snapshot, or the mean of the snapshots of one time bucket (`snapshots` > 1) when downsampled. */
export interface TrendPoint {
  at: string;
  score: number;
  snapshots: number;
}

/** When the tenant was created (its age selects the bootstrap weights). */
export async function tenantCreatedAt(c: Client, tenantId: string): Promise<Date> {
  const s = tenantCreatedAtStatement(tenantId);
  return tenantCreatedAtFrom(await c.query(s.text, s.values as unknown[]));
}

export const tenantCreatedAtStatement = (tenantId: string): Statement => ({ text: 'SELECT created_at FROM tenants WHERE id = $1', values: [tenantId] });
export const tenantCreatedAtFrom = (res: pg.QueryResult): Date => new Date(res.rows[0]!.created_at);

/** Serialises writers of one tenant's scores across hubs until the transaction ends (a recompute on demand may meet the loop's). */
export async function lockTenantScores(c: Client, tenantId: string): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtext('quorum.trust_score'), hashtext($1))", [tenantId]);
}

/**
 * Of `tenantIds`, those with no recompute (by any hub) after `since`: the ones due. On the owner connection, tenant ids
 * only; a probe of the history's key per tenant (LATERAL with LIMIT, never a hash of the whole history).
 */
export async function listTenantsDueForRecompute(owner: Client, tenantIds: readonly string[], since: Date): Promise<string[]> {
  const res = await owner.query<{ id: string }>({
    name: 'list_tenants_due_for_recompute',
    text: `SELECT t.id::text AS id FROM unnest($1::uuid[]) t(id)
     LEFT JOIN LATERAL (SELECT true AS found FROM tenant_score_history h WHERE h.tenant_id = t.id AND h.computed_at > $2 LIMIT 1) recent ON true
     WHERE recent.found IS NULL ORDER BY t.id`,
    values: [tenantIds, since],
  });
  return res.rows.map((r) => r.id);
}

/** The time of the tenant's latest recompute, or null. */
export async function lastRecomputeAt(c: Client, tenantId: string): Promise<Date | null> {
  const res = await c.query<{ at: string | null }>('SELECT max(computed_at) AS at FROM tenant_score_history WHERE tenant_id = $1', [tenantId]);
  return res.rows[0]?.at ? new Date(res.rows[0].at) : null;
}

/**
 * Upserts a batch of subject scores computed at `at` and appends a history row for each subject whose score or
 * inputs changed (the CTE reads the rows as they were before this statement).
 */
export async function upsertSubjectScores(c: Client, tenantId: string, at: Date, rows: readonly SubjectScoreRow[]): Promise<void> {
  if (rows.length === 0) return;
  await c.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb)
         AS x(subject_type text, subject_id text, score numeric, formula_version text, inputs_hash text, explanation jsonb,
              valid_until timestamptz, holdings_hash text)
     ), before AS (
       SELECT s.subject_type, s.subject_id, s.score, s.inputs_hash FROM subject_scores s JOIN input i USING (subject_type, subject_id)
       WHERE s.tenant_id = $1
     ), stored AS (
       INSERT INTO subject_scores (tenant_id, subject_type, subject_id, score, formula_version, inputs_hash, explanation, computed_at, valid_until, holdings_hash)
       SELECT $1, subject_type, subject_id, score, formula_version, inputs_hash, explanation, $2, valid_until, holdings_hash FROM input
       ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE SET score = EXCLUDED.score, formula_version = EXCLUDED.formula_version,
         inputs_hash = EXCLUDED.inputs_hash, explanation = EXCLUDED.explanation, computed_at = EXCLUDED.computed_at,
         valid_until = EXCLUDED.valid_until, holdings_hash = EXCLUDED.holdings_hash
     )
     INSERT INTO subject_score_history (tenant_id, subject_type, subject_id, computed_at, score, inputs_hash)
     SELECT $1, i.subject_type, i.subject_id, $2, i.score, i.inputs_hash
     FROM input i LEFT JOIN before b USING (subject_type, subject_id)
     WHERE b.inputs_hash IS DISTINCT FROM i.inputs_hash OR b.score IS DISTINCT FROM i.score`,
    [tenantId, at, JSON.stringify(rows)]);
}

/**
 * Deletes the scores of subjects this recompute (at `at`) found without findings any more: those of `gone`, or, when
 * it scored every subject (`gone` null), those it did not score. Their history records the step back to 100 with the
 * hash of no findings. Returns how many were removed.
 */
export async function deleteUnscoredSubjects(c: Client, tenantId: string, at: Date, noFindingsHash: string, gone: SubjectKeys | null): Promise<number> {
  const which = gone ? '(subject_type, subject_id) IN (SELECT * FROM unnest($4::text[], $5::text[]))' : 'computed_at < $2';
  const res = await c.query(
    `WITH gone AS (
       DELETE FROM subject_scores WHERE tenant_id = $1 AND ${which} RETURNING subject_type, subject_id
     )
     INSERT INTO subject_score_history (tenant_id, subject_type, subject_id, computed_at, score, inputs_hash)
     SELECT $1, subject_type, subject_id, $2, 100, $3 FROM gone`,
    [tenantId, at, noFindingsHash, ...(gone ? [gone.types, gone.ids] : [])]);
  return res.rowCount ?? 0;
}

/** Where a recompute stood: the feed's horizon when it began, and the hash of what it computed on (recomputeBasisHash). */
export interface RecomputeBasis {
  feed_xmin: string;
  basis_hash: string;
}

/** The snapshot horizon now: every writer below it has ended, so its rows are visible to the statements that follow. */
export async function feedHorizon(c: Client): Promise<string> {
  return (await c.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin')).rows[0]!.xmin;
}

/** The basis of the tenant's latest recompute, or null (none yet, or one from before migration 027). */
export async function latestRecomputeBasis(c: Client, tenantId: string): Promise<RecomputeBasis | null> {
  const res = await c.query<{ feed_xmin: string | null; basis_hash: string | null }>(
    `SELECT feed_xmin::text, basis_hash FROM tenant_score_history WHERE tenant_id = $1 ORDER BY computed_at DESC LIMIT 1`, [tenantId]);
  const r = res.rows[0];
  return r?.feed_xmin && r.basis_hash ? { feed_xmin: r.feed_xmin, basis_hash: r.basis_hash } : null;
}

/** A stored subject's score, whether its first current signal has expired by `now`, and the holdings it counted. */
export async function readStoredSubjectBases(c: Client, tenantId: string, now: Date): Promise<{ subject_type: string; subject_id: string; expired: boolean; holdings_hash: string | null }[]> {
  const res = await c.query(
    'SELECT subject_type, subject_id, coalesce(valid_until <= $2, false) AS expired, holdings_hash FROM subject_scores WHERE tenant_id = $1',
    [tenantId, now.toISOString()]);
  return res.rows;
}

/**
 * Opens cursor `cursor` over the tenant's subjects in (subject_type, subject_id) order: the stored ones not in `dirty`,
 * with their score, inputs hash, categories and losses, and those of `rescored` with nulls (their score is the caller's).
 * Rows come as arrays in that column order.
 */
export async function declareKeptSubjects(c: Client, cursor: string, tenantId: string, dirty: SubjectKeys, rescored: SubjectKeys): Promise<void> {
  await c.query(
    `DECLARE ${cursor} NO SCROLL CURSOR FOR
     SELECT s.subject_type, s.subject_id, s.score::float8, s.inputs_hash, s.explanation -> 'categories', s.explanation -> 'losses'
     FROM subject_scores s
     WHERE s.tenant_id = $1
       AND (s.subject_type, s.subject_id) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))
     UNION ALL
     SELECT subject_type, subject_id, NULL, NULL, NULL, NULL FROM unnest($4::text[], $5::text[]) AS r(subject_type, subject_id)
     ORDER BY 1, 2`,
    [tenantId, dirty.types, dirty.ids, rescored.types, rescored.ids]);
}

/** A tenant snapshot: the aggregate and the hash, with its explanation (means, categories, top losses, formula version). */
export interface TenantSnapshot {
  computed_at: string;
  score: number;
  subjects: number;
  inputs_hash: string;
  explanation: Record<string, unknown>;
}

/** Appends the tenant's snapshot of a recompute, with the basis the next one starts from. */
export async function insertTenantSnapshot(c: Client, tenantId: string, s: TenantSnapshot, basis: RecomputeBasis): Promise<void> {
  await c.query(
    `INSERT INTO tenant_score_history (tenant_id, computed_at, score, subjects, inputs_hash, explanation, feed_xmin, basis_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [tenantId, s.computed_at, s.score, s.subjects, s.inputs_hash, JSON.stringify(s.explanation), basis.feed_xmin, basis.basis_hash]);
}

/** Deletes the tenant's history rows older than `cutoff` (retention). */
export async function deleteHistoryBefore(c: Client, tenantId: string, cutoff: Date): Promise<number> {
  const t = await c.query('DELETE FROM tenant_score_history WHERE tenant_id = $1 AND computed_at < $2', [tenantId, cutoff]);
  const s = await c.query('DELETE FROM subject_score_history WHERE tenant_id = $1 AND computed_at < $2', [tenantId, cutoff]);
  return (t.rowCount ?? 0) + (s.rowCount ?? 0);
}

/** The tenant's latest snapshot, or null before its first recompute. */
export async function latestTenantSnapshot(c: Client, tenantId: string): Promise<TenantSnapshot | null> {
  const res = await c.query<TenantSnapshot>(
    `SELECT computed_at, score::float8 AS score, subjects, inputs_hash, explanation FROM tenant_score_history
     WHERE tenant_id = $1 ORDER BY computed_at DESC LIMIT 1`, [tenantId]);
  return res.rows[0] ?? null;
}

/** The riskiest subjects of the last recompute: lowest score first. */
export async function worstSubjects(c: Client, tenantId: string, limit: number): Promise<{ subject_type: string; subject_id: string; score: number; inputs_hash: string; computed_at: string; top_loss: unknown }[]> {
  const res = await c.query<{ subject_type: string; subject_id: string; score: number; inputs_hash: string; computed_at: string; top_loss: unknown }>(
    `SELECT subject_type, subject_id, score::float8 AS score, inputs_hash, computed_at, explanation->'losses'->0 AS top_loss
     FROM subject_scores WHERE tenant_id = $1 ORDER BY score, subject_type, subject_id LIMIT $2`, [tenantId, limit]);
  return res.rows;
}

const TREND_TABLES = { tenant: 'tenant_score_history', subject: 'subject_score_history' } as const;

/** Which history a trend reads: the tenant's, or one subject's. */
export type TrendOf = { kind: 'tenant' } | { kind: 'subject'; subjectType: string; subjectId: string };

function trendFilter(of: TrendOf, first: number): { where: string; params: string[] } {
  return of.kind === 'tenant' ? { where: '', params: [] }
    : { where: ` AND subject_type = $${first} AND subject_id = $${first + 1}`, params: [of.subjectType, of.subjectId] };
}

/**
 * The snapshots in (since, until], oldest first: one point per snapshot, or, when there are more than `maxPoints`,
 * the mean of each of `maxPoints` equal time buckets (stamped with the bucket's last snapshot).
 */
export async function readTrend(c: Client, tenantId: string, of: TrendOf, since: Date, until: Date, maxPoints: number): Promise<TrendPoint[]> {
  const s = trendStatement(tenantId, of, since, until, maxPoints);
  return (await c.query<TrendPoint>(s.text, s.values as unknown[])).rows;
}

/** readTrend as a statement, for a caller that sends several at once; its rows are TrendPoints. */
export function trendStatement(tenantId: string, of: TrendOf, since: Date, until: Date, maxPoints: number): Statement {
  const f = trendFilter(of, 6);
  return {
    text: `WITH pts AS (
       SELECT computed_at, score, count(*) OVER () AS n, row_number() OVER (ORDER BY computed_at) AS i
       FROM ${TREND_TABLES[of.kind]} WHERE tenant_id = $1 AND computed_at > $2 AND computed_at <= $3${f.where}
     )
     SELECT max(computed_at) AS at, round(avg(score), 2)::float8 AS score, count(*)::int AS snapshots FROM pts
     GROUP BY CASE WHEN n <= $4 THEN i ELSE width_bucket(extract(epoch FROM computed_at)::float8, extract(epoch FROM $2::timestamptz)::float8, $5::float8, $4::int) END
     ORDER BY at`,
    // The upper edge is nudged past `until`: width_bucket puts a value equal to it in an extra bucket.
    values: [tenantId, since.toISOString(), until.toISOString(), maxPoints, until.getTime() / 1000 + 0.001, ...f.params],
  };
}

/** The score in force at `at`: the last snapshot at or before it, or null when there is none. */
export async function scoreAt(c: Client, tenantId: string, of: TrendOf, at: Date): Promise<{ computed_at: string; score: number } | null> {
  const s = scoreAtStatement(tenantId, of, at);
  return (await c.query<{ computed_at: string; score: number }>(s.text, s.values as unknown[])).rows[0] ?? null;
}

/** scoreAt as a statement, for a caller that sends several at once: no row or one `{computed_at, score}`. */
export function scoreAtStatement(tenantId: string, of: TrendOf, at: Date): Statement {
  const f = trendFilter(of, 3);
  return {
    text: `SELECT computed_at, score::float8 AS score FROM ${TREND_TABLES[of.kind]}
     WHERE tenant_id = $1 AND computed_at <= $2${f.where} ORDER BY computed_at DESC LIMIT 1`,
    values: [tenantId, at.toISOString(), ...f.params],
  };
}
