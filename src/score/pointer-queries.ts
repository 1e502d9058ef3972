// Every SQL statement on current_signal_pointers and current_signal_marks (migration 021): moving a tenant's pointers
// on along its feed, reading how far they reach, and forgetting pointers whose rows retention dropped.

import type pg from 'pg';
import { queryInOneTrip, type Statement } from '../db/one-trip.ts';
import { FEED_READ_SETTINGS, feedBoundsSql, feedFloorSql, pendingSql, tenantFeedStatesSql, type FeedBounds, type FeedPosition, type TenantFeedState } from '../store/feed-queries.ts';
import { transactionsBesideFeed } from '../store/feed-horizon.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/**
 * The tenants whose lease the keeper does not hold (`heldIds`), and those it holds whose feed holds entries after its
 * pointers' mark (owner connection): as listTenantFeedStates.
 */
export async function listTenantMarkStates(owner: Client, heldIds: readonly string[]): Promise<TenantFeedState[]> {
  const res = await owner.query<TenantFeedState>({
    name: 'list_tenant_pointer_mark_states',
    text: tenantFeedStatesSql('$1', { join: 'LEFT JOIN current_signal_marks m ON h.id IS NOT NULL AND m.tenant_id = t.id', alias: 'm' }),
    values: [heldIds],
  });
  return res.rows;
}

/**
 * The statement that reads the last feed position the tenant's pointers cover (through readPosition: FEED_START before
 * the keeper's first batch).
 */
export const pointerMarkStatement = (tenantId: string): Statement => ({
  text: 'SELECT writer_xid::text AS xid, id::text FROM current_signal_marks WHERE tenant_id = $1', values: [tenantId],
});

/**
 * What a pointer pass's transaction carries (with its BEGIN): the feed read's settings, and no wait for its commit's
 * WAL flush. The pointers are derived from committed rows and the mark moves with them: a crash of PostgreSQL that
 * loses the last passes only has those rows passed again. Without the wait, the id the pass takes at its BEGIN (to
 * stand beside the feed, withTenantBesideFeed) costs a pass that finds nothing a commit record, not a flush.
 */
export const POINTER_PASS_SETTINGS: Statement[] = [...FEED_READ_SETTINGS, { text: 'SET LOCAL synchronous_commit = off' }];

/**
 * Moves the tenant's pointers on by up to `limit` rows of its feed after their mark, inside the caller's tenant
 * transaction (carrying POINTER_PASS_SETTINGS), in one statement that never ships a row out of PostgreSQL (after one
 * that reads the mark and the feed's bounds after it); answers how
 * many rows it passed, and whether committed rows wait behind an older writer still running (look again soon). Only
 * rows whose writer is below the snapshot horizon are taken (as readFeed does: no older row can commit after them), and
 * the feed is in writer order, so those are exactly its next rows. The mark moves with the pointers it covers. Never
 * moves a pointer or the mark backwards, and locks keys in one order: two hubs on one tenant waste work, never break it.
 */
export async function advancePointers(c: Client, tenantId: string, limit: number): Promise<{ rows: number; pending: boolean }> {
  // As in readFeed: without sorts, the partitions' feed indexes are merged instead of the backlog being sorted, and the
  // statement keeps one generic plan per connection (planned afresh, it cost 3 ms a batch). The mark and the feed's
  // bounds after it (horizon, floor: readFeed's, read first) travel as parameters: a row comparison with constants is
  // an index condition, one with a subquery a filter, and a floor that is a parameter opens only its partitions.
  const at = (await c.query<FeedPosition & FeedBounds>({
    name: 'read_current_signal_mark_bounds', text: MARK_AND_BOUNDS_SQL, values: [tenantId, transactionsBesideFeed()],
  })).rows[0]!;
  const res = await c.query<{ rows: number; pending: boolean }>({
    name: 'advance_current_signal_pointers',
    text: `WITH batch AS MATERIALIZED (
         SELECT s.subject_type, s.subject_id, s.signal_key, s.observed_at, s.id, s.writer_xid FROM signal_streams s
         WHERE s.tenant_id = $1 AND (s.writer_xid, s.id) > ($3::xid8, $4::bigint)
           AND s.writer_xid < $5::xid8 AND s.observed_at >= $6::timestamptz
         ORDER BY s.writer_xid, s.id LIMIT $2
       ),
       moved AS (
         INSERT INTO current_signal_pointers (tenant_id, subject_type, subject_id, signal_key, observed_at, id)
         SELECT DISTINCT ON (subject_type, subject_id, signal_key) $1, subject_type, subject_id, signal_key, observed_at, id
         FROM batch ORDER BY subject_type, subject_id, signal_key, observed_at DESC, id DESC
         ON CONFLICT (tenant_id, subject_type, subject_id, signal_key) DO UPDATE SET observed_at = EXCLUDED.observed_at, id = EXCLUDED.id
         WHERE (current_signal_pointers.observed_at, current_signal_pointers.id) < (EXCLUDED.observed_at, EXCLUDED.id)
       ),
       marked AS (
         INSERT INTO current_signal_marks (tenant_id, writer_xid, id)
         SELECT $1, writer_xid, id FROM batch ORDER BY writer_xid DESC, id DESC LIMIT 1
         ON CONFLICT (tenant_id) DO UPDATE SET writer_xid = EXCLUDED.writer_xid, id = EXCLUDED.id
         WHERE (current_signal_marks.writer_xid, current_signal_marks.id) < (EXCLUDED.writer_xid, EXCLUDED.id)
       )
       SELECT count(*)::int AS rows, ${pendingSql('$5::xid8')} AS pending FROM batch`,
    values: [tenantId, limit, at.xid, at.id, at.horizon, at.floor],
  });
  return res.rows[0]!;
}

/** The tenant's mark (the feed's start when none) and the feed's bounds after it, as readFeed reads them ($2: horizonSql's ids). */
const MARK_AND_BOUNDS_SQL = `SELECT m.xid::text AS xid, m.id::text AS id, ${feedBoundsSql('$1', 'm.xid', 'm.id', '$2')}
  FROM (SELECT coalesce((SELECT writer_xid FROM current_signal_marks WHERE tenant_id = $1), '0'::xid8) AS xid,
               coalesce((SELECT id FROM current_signal_marks WHERE tenant_id = $1), 0) AS id) m`;

/**
 * How far the tenant's pointers reach, and how many committed rows lie after that (counted up to `limit` + 1), or null
 * when the tenant has no pointers yet. One probe of the feed index per partition when the consumer is caught up.
 * Without sequential scans for this statement alone (the caller's transaction goes on with its own settings): a
 * connection keeps the plan it made at its first read, and made while a partition looked empty, it counted the rows
 * after the mark by reading that whole partition once it filled (29 ms at 200,000 rows, until autovacuum analysed it).
 */
export async function readPointerReach(c: Client, tenantId: string, limit: number): Promise<{ mark: FeedPosition; behind: number } | null> {
  await queryInOneTrip(c, [{ text: 'SET LOCAL enable_seqscan = off' }]);
  const res = await c.query<{ xid: string; id: string; behind: number }>({
    name: 'read_pointer_reach',
    text: `SELECT m.writer_xid::text AS xid, m.id::text AS id, (SELECT count(*)::int FROM (
         SELECT 1 FROM signal_streams s WHERE s.tenant_id = $1 AND (s.writer_xid, s.id) > (m.writer_xid, m.id)
           AND s.observed_at >= ${feedFloorSql('$1', 'm.writer_xid', 'm.id')} LIMIT $2 + 1) t) AS behind
       FROM current_signal_marks m WHERE m.tenant_id = $1`,
    values: [tenantId, limit],
  });
  await queryInOneTrip(c, [{ text: 'SET LOCAL enable_seqscan TO DEFAULT' }]);
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
