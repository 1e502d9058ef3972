// SQL of the Compliance Pareto: the points lost in the tenant's latest subject scores (subject_scores.explanation), summed
// by category, source, signal key or subject. Reads only; the scorer alone writes subject_scores.

import type pg from 'pg';
import type { Cause, ParetoDimension } from './pareto.ts';

export interface LossFilter {
  by: ParetoDimension;
  /** One subject, or every subject of the tenant. */
  subject: { type: string; id: string } | null;
  /** Only losses whose finding was observed at or after this instant; null: every loss of the current scores. */
  since: string | null;
}

/** Lost points per cause over the tenant's (or one subject's) current losses. The caller runs inside withTenant. */
export async function sumLossesBy(c: pg.ClientBase, tenantId: string, f: LossFilter): Promise<Cause[]> {
  const res = await c.query<Cause>(
    `SELECT CASE $2::text
              WHEN 'category' THEN l->>'category'
              WHEN 'source' THEN l->'finding'->>'source'
              WHEN 'signal_key' THEN l->'finding'->>'signal_key'
              ELSE s.subject_type || '/' || s.subject_id END AS key,
            -- numeric: points_lost are whole cents, and their sum must not drift as float sums do.
            sum((l->>'points_lost')::numeric)::float8 AS points,
            count(*)::int AS losses
       FROM subject_scores s
      CROSS JOIN LATERAL jsonb_array_elements(s.explanation->'losses') AS l
      WHERE s.tenant_id = $1
        AND ($3::text IS NULL OR (s.subject_type = $3 AND s.subject_id = $4))
        AND ($5::timestamptz IS NULL OR (l->'finding'->>'observed_at')::timestamptz >= $5)
      GROUP BY 1`,
    [tenantId, f.by, f.subject?.type ?? null, f.subject?.id ?? null, f.since]);
  return res.rows;
}

/** How many subjects the answer covers and when the newest of their scores was computed. */
export async function findScoredSubjects(c: pg.ClientBase, tenantId: string, subject: LossFilter['subject']): Promise<{ subjects: number; computed_at: string | null }> {
  const res = await c.query<{ subjects: number; computed_at: string | null }>(
    `SELECT count(*)::int AS subjects, max(computed_at) AS computed_at FROM subject_scores
      WHERE tenant_id = $1 AND ($2::text IS NULL OR (subject_type = $2 AND subject_id = $3))`,
    [tenantId, subject?.type ?? null, subject?.id ?? null]);
  return res.rows[0]!;
}
