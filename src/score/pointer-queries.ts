// Every SQL statement on current_signal_pointers and current_signal_marks (migration 021): moving a tenant's pointers
// on by a batch of its feed, reading how far they reach, and forgetting pointers whose rows retention dropped.

import type pg from 'pg';
import type { FeedPosition, FeedRow } from '../store/feed-queries.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/**
 * Moves the tenant's pointers to the newest of each (subject, key) in `rows` and its mark to `to`, in one statement
 * inside the caller's tenant transaction. Never moves a pointer or the mark backwards: a batch offered again (after a
 * crash, or to a second holder) changes nothing, and keys are locked in one order, so two writers cannot deadlock.
 */
export async function advancePointers(c: Client, tenantId: string, rows: readonly FeedRow[], to: FeedPosition): Promise<void> {
  await c.query(
    `WITH moved AS (
       INSERT INTO current_signal_pointers (tenant_id, subject_type, subject_id, signal_key, observed_at, id)
       SELECT DISTINCT ON (subject_type, subject_id, signal_key) $1, subject_type, subject_id, signal_key, observed_at, id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[]) AS r(subject_type, subject_id, signal_key, observed_at, id)
       ORDER BY subject_type, subject_id, signal_key, observed_at DESC, id DESC
       ON CONFLICT (tenant_id, subject_type, subject_id, signal_key) DO UPDATE SET observed_at = EXCLUDED.observed_at, id = EXCLUDED.id
       WHERE (current_signal_pointers.observed_at, current_signal_pointers.id) < (EXCLUDED.observed_at, EXCLUDED.id)
       RETURNING 1
     )
     INSERT INTO current_signal_marks (tenant_id, writer_xid, id) SELECT $1, $7::xid8, $8 FROM (SELECT count(*) FROM moved) m
     ON CONFLICT (tenant_id) DO UPDATE SET writer_xid = EXCLUDED.writer_xid, id = EXCLUDED.id
     WHERE (current_signal_marks.writer_xid, current_signal_marks.id) < (EXCLUDED.writer_xid, EXCLUDED.id)`,
    [tenantId, rows.map((r) => r.subjectType), rows.map((r) => r.subjectId), rows.map((r) => r.key), rows.map((r) => r.observedAt),
      rows.map((r) => r.id), to.xid, to.id],
  );
}

/**
 * How far the tenant's pointers reach, and how many committed rows lie after that (counted up to `limit` + 1), or null
 * when the tenant has no pointers yet. One probe of the feed index per partition when the consumer is caught up.
 */
export async function readPointerReach(c: Client, tenantId: string, limit: number): Promise<{ mark: FeedPosition; behind: number } | null> {
  const res = await c.query<{ xid: string; id: string; behind: number }>({
    name: 'read_pointer_reach',
    text: `SELECT m.writer_xid::text AS xid, m.id::text AS id, (SELECT count(*)::int FROM (
         SELECT 1 FROM signal_streams s WHERE s.tenant_id = $1 AND (s.writer_xid, s.id) > (m.writer_xid, m.id) LIMIT $2 + 1) t) AS behind
       FROM current_signal_marks m WHERE m.tenant_id = $1`,
    values: [tenantId, limit],
  });
  const r = res.rows[0];
  return r ? { mark: { xid: r.xid, id: r.id }, behind: r.behind } : null;
}

/**
 * Deletes the tenant's pointers older than its oldest stored signal: retention dropped their rows (readers already
 * skip them; this keeps the table from growing with subjects long gone). Answers how many went.
 */
export async function forgetDroppedPointers(c: Client, tenantId: string): Promise<number> {
  const res = await c.query(
    `DELETE FROM current_signal_pointers WHERE tenant_id = $1
       AND observed_at < coalesce((SELECT min(observed_at) FROM signal_streams WHERE tenant_id = $1), 'infinity')`,
    [tenantId]);
  return res.rowCount ?? 0;
}
