// Every SQL statement of the committed signals feed: reading a tenant's feed after a position, consumer positions, and
// where consumers stand (what waits after a position, the tenants no hub follows).
// Never reads past the snapshot horizon: a row whose writer may still have an older, uncommitted neighbour waits.

import type pg from 'pg';
import { GENERIC_PLANS, readWithTenantFrom } from '../db/pools.ts';
import { queryInOneTrip, type Statement } from '../db/one-trip.ts';
import { HELD_LEASES, leaseHalf } from '../db/leases.ts';
import type { StoredRow } from './signal-queries.ts';
import { transactionsBesideFeed } from './feed-horizon.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** Where a consumer stands in one tenant's feed: the last (writer transaction id, row id) it handled. */
export interface FeedPosition {
  xid: string;
  id: string;
}

export const FEED_START: FeedPosition = { xid: '0', id: '0' };

/** A feed entry: the stored signal and its place in the feed. */
export type FeedRow = StoredRow & { position: FeedPosition; ingestedMs: number };

export interface FeedPage {
  /** The entries the reader asked for whole, in (writer_xid, id) order. */
  rows: FeedRow[];
  /** The last entry passed (wanted or not), or null when none was below the horizon. */
  last: FeedPosition | null;
  /** How many entries were passed: fewer than the limit means the reader reached the horizon. */
  passed: number;
  /** When the oldest entry passed was ingested (ms since the epoch): the consumer's lag. */
  oldestIngestedMs: number | null;
  /** Rows exist after the page that are not yet below the horizon (an older writer is still running): look again soon. */
  pending: boolean;
}

/**
 * Which entries a consumer reads whole; the others stay in PostgreSQL (only the page's last position comes back), so
 * it passes them without PostgreSQL printing and the hub parsing them. Null: every entry. A pre-filter only: the
 * consumer still decides.
 */
export interface FeedInterest {
  /** Globs over signal_key: `*` matches any run of characters, everything else is literal (as rules' signal_keys). */
  signalKeys: string[];
  /** Also every entry whose signal_value says `"ended": true` (a detector's end of report). */
  ends: boolean;
}

/** A glob as a LIKE pattern: `*` becomes `%`, and LIKE's own specials are escaped (backslash is LIKE's escape). */
const likePattern = (glob: string) => glob.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll('*', '%');

// Rows past the last ANALYZE look like a handful to the planner, which then sorts everything after the position
// instead of merging the partitions' (tenant_id, writer_xid, id) indexes: a backlog would be read whole for every
// batch. Without sorts, a batch costs the same however far behind the consumer is.
const NO_SORT: Statement = { text: 'SET LOCAL enable_sort = off' };

/**
 * What a feed read sets in its transaction: no sorts, and its named statement's one generic plan per connection.
 * Planned afresh at each read (an unnamed statement, or a named one left to choose), the merge over a month of daily
 * partitions cost 9–11 ms of PostgreSQL CPU for a read that runs in 1 (10 M rows, 34 partitions); every consumer
 * reads its feed many times a second.
 */
export const FEED_READ_SETTINGS: Statement[] = [NO_SORT, GENERIC_PLANS];

/**
 * The feed's horizon, given as `param` the ids of transactions that write no signal (transactionsBesideFeed): the
 * oldest transaction still running but those, or the snapshot's xmax when none is. Every writer below it has ended, so
 * no row below it can commit later. Without ids to leave out, it is the snapshot's xmin.
 */
export const horizonSql = (param: string) => `(SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
  FROM pg_snapshot_xip(pg_current_snapshot()) x WHERE x <> ALL (${param}::xid8[]))`;

/**
 * The oldest observed_at of the tenant's feed entries after the position (`xid`, `id`) (SQL expressions): a bound every
 * such entry meets, from signal_writes (migration 034): the rows of the statements whose writes reach past the
 * position; null when none does. A feed statement that adds `observed_at >= ` it scans only the partitions from that
 * day on: without it, each statement opened every daily partition (10.2 ms a read at 185 partitions, against 1.45 at 5).
 */
export const feedFloorSql = (tenant: string, xid: string, id: string) => `(SELECT min(w.oldest_observed_at) FROM signal_writes w
  WHERE w.tenant_id = ${tenant} AND (w.writer_xid, w.last_id) > (${xid}, ${id}))`;

/**
 * True when the tenant ($1) has committed rows at or above `horizon` (an SQL expression): rows wait behind an older
 * writer still running. Asked of signal_writes, whose rows of the writers in flight are one per statement: probed in
 * signal_streams, it fetched every uncommitted row of those writers to learn it was invisible (16,001 heap fetches and
 * 1.4 ms with 16,000 such rows open, against 1 and 0.05 ms; docs/benchmarks.md, ninth session).
 */
export const pendingSql = (horizon: string) => `EXISTS (SELECT 1 FROM signal_writes w WHERE w.tenant_id = $1 AND w.writer_xid >= ${horizon})`;

// $5 null: every entry is wanted; else entries whose key is LIKE one of $5, or with $6, those that report an end.
// The page is the rows below the horizon $7 after the position, observed at or after the floor $8 (FeedBounds); its
// wanted rows come whole, in feed order, and one last row (passed not null) tells where the page ends, how many it
// passed, its oldest ingest time, and whether committed rows wait at or above the horizon (pendingSql). The rows not
// wanted never leave PostgreSQL: a consumer passing a thousand of them reads one row. The floor is a parameter, so
// PostgreSQL opens only the partitions from its day on (a bound computed inside the statement opened them all).
const FEED_SQL = `WITH page AS MATERIALIZED (
       SELECT id, writer_xid, ingested_at, wanted,
         CASE WHEN wanted THEN source END AS source, CASE WHEN wanted THEN subject_type END AS subject_type,
         CASE WHEN wanted THEN subject_id END AS subject_id, CASE WHEN wanted THEN signal_key END AS signal_key,
         CASE WHEN wanted THEN signal_value END AS signal_value, CASE WHEN wanted THEN severity END AS severity,
         CASE WHEN wanted THEN observed_at END AS observed_at, CASE WHEN wanted THEN ttl_seconds END AS ttl_seconds,
         CASE WHEN wanted THEN signal_id END AS signal_id
       FROM (
         SELECT s.*, ($5::text[] IS NULL OR s.signal_key LIKE ANY ($5::text[])
                      OR ($6::boolean AND s.signal_value -> 'ended' = 'true'::jsonb)) AS wanted
         FROM signal_streams s
         WHERE s.tenant_id = $1 AND (s.writer_xid, s.id) > ($2::xid8, $3::bigint)
           AND s.writer_xid < $7::xid8 AND s.observed_at >= $8::timestamptz
         -- Qualified, so that the order is the feed index's (tenant_id, writer_xid, id), never an output column's.
         ORDER BY s.writer_xid, s.id
         LIMIT $4
       ) rows
     )
     (SELECT id::text, writer_xid::text AS xid, (extract(epoch FROM ingested_at) * 1000)::float8 AS ingested_ms,
         source, subject_type, subject_id, signal_key, signal_value, severity, to_json(observed_at) #>> '{}' AS observed_at,
         ttl_seconds, signal_id::text, NULL::int AS passed, NULL::boolean AS pending
       FROM page WHERE wanted ORDER BY page.writer_xid, page.id)
     UNION ALL
     SELECT last.id::text, last.writer_xid::text, (SELECT extract(epoch FROM min(ingested_at)) * 1000 FROM page)::float8,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT count(*)::int FROM page), ${pendingSql('$7::xid8')}
     FROM (SELECT 1) one LEFT JOIN (SELECT id, writer_xid FROM page ORDER BY writer_xid DESC, id DESC LIMIT 1) last ON true`;

/**
 * Where a feed read after a position may look: below `horizon` (every writer below it has ended, so each of their rows
 * and their signal_writes rows are in the snapshot that read them) and at or after `floor` (the oldest observed_at
 * any of those writers stored for the tenant since the position; null: none). Read in a statement of their own, so
 * that the read gets them as parameters; the read then takes no row at or above this horizon, whose writers' bounds
 * the statement may not have seen, even where its own snapshot is newer.
 */
export interface FeedBounds {
  horizon: string;
  floor: string | null;
}

/** FeedBounds as two output columns, after the position (`xid`, `id`) of `tenant` (SQL expressions); `beside`: horizonSql's ids. */
export const feedBoundsSql = (tenant: string, xid: string, id: string, beside: string) =>
  `${horizonSql(beside)}::text AS horizon, ${feedFloorSql(tenant, xid, id)}::text AS floor`;

const feedBoundsStatement = (tenantId: string, after: FeedPosition): Statement => ({
  text: `SELECT ${feedBoundsSql('$1', '$2::xid8', '$3::bigint', '$4')}`,
  values: [tenantId, after.xid, after.id, transactionsBesideFeed()],
});

/** The feed's next rows within `bounds`, in a transaction that carries FEED_READ_SETTINGS. */
async function feedRows(c: Client, tenantId: string, after: FeedPosition, limit: number, interest: FeedInterest | null, bounds: FeedBounds): Promise<FeedPage> {
  const values = [tenantId, after.xid, after.id, limit, interest?.signalKeys.map(likePattern) ?? null, interest?.ends ?? false, bounds.horizon, bounds.floor];
  return feedPage((await c.query({ name: 'read_signal_feed', text: FEED_SQL, values })).rows);
}

/**
 * Up to `limit` entries of one tenant's feed after `after`. Only rows whose writer is below the snapshot's horizon are
 * handed on: every transaction below it has finished, so no row can later appear before them (sequence order is not
 * commit order). Runs inside withTenant (RLS) on a client with no transaction id of its own.
 */
export async function readFeed(c: Client, tenantId: string, after: FeedPosition, limit: number, interest: FeedInterest | null = null): Promise<FeedPage> {
  const bounds = (await queryInOneTrip(c, [...FEED_READ_SETTINGS, feedBoundsStatement(tenantId, after)])).at(-1)!;
  return feedRows(c, tenantId, after, limit, interest, bounds.rows[0] as FeedBounds);
}

/**
 * As readFeed, in a tenant transaction of its own whose BEGIN carries the settings and the bounds' statement, answered
 * without waiting for its COMMIT (readWithTenantFrom): what a consumer pays per read is two round trips.
 */
export async function readFeedAsTenant(pool: pg.Pool, tenantId: string, after: FeedPosition, limit: number, interest: FeedInterest | null = null): Promise<FeedPage> {
  return readWithTenantFrom(pool, tenantId, [feedBoundsStatement(tenantId, after)],
    (c, [bounds]) => feedRows(c, tenantId, after, limit, interest, bounds!.rows[0] as FeedBounds), FEED_READ_SETTINGS);
}

/** The page from FEED_SQL's rows: the wanted entries, in order, and the one row that closes the page. */
function feedPage(found: Record<string, any>[]): FeedPage {
  const end = found.find((r) => r.passed !== null)!;
  const rows: FeedRow[] = found.filter((r) => r !== end).map((r) => ({
    id: r.id, source: r.source, subjectType: r.subject_type, subjectId: r.subject_id, key: r.signal_key, value: r.signal_value,
    severity: r.severity, observedAt: r.observed_at, ttlSeconds: r.ttl_seconds, signalId: r.signal_id,
    position: { xid: r.xid, id: r.id }, ingestedMs: r.ingested_ms,
  }));
  return {
    rows, last: end.id === null ? null : { xid: end.xid, id: end.id }, passed: end.passed,
    oldestIngestedMs: end.ingested_ms, pending: end.pending,
  };
}

/** The consumer's stored position in a tenant's feed; a tenant it never read starts at the beginning. */
export async function loadPosition(c: Client, consumer: string, tenantId: string): Promise<FeedPosition> {
  return readPosition(c, positionStatement(consumer, tenantId));
}

/** The position a position statement (a follower's positionStatement) reads now: FEED_START when none is stored. */
export async function readPosition(c: Client, statement: Statement): Promise<FeedPosition> {
  return positionFrom(await c.query(statement.text, [...statement.values!]));
}

/** The statement loadPosition runs, to send with others (its rows: positionFrom). */
export const positionStatement = (consumer: string, tenantId: string): Statement => ({
  text: 'SELECT writer_xid::text AS xid, id::text FROM feed_positions WHERE consumer = $1 AND tenant_id = $2', values: [consumer, tenantId],
});

/** A position statement's answer: the position, or the feed's start when none is stored. */
export const positionFrom = (res: pg.QueryResult): FeedPosition => (res.rows[0] as FeedPosition | undefined) ?? FEED_START;

/**
 * Records that the consumer handled everything up to `p`; a position never moves backwards (a stale holder's late write).
 * Saved without waiting for its WAL flush (one message: `synchronous_commit = off` for this transaction only): nothing
 * is acknowledged on it, and a position that a crash of PostgreSQL loses only has the last batches offered again, which
 * every consumer must take idempotently anyway. Other sessions see it as soon as it commits.
 */
export async function savePosition(c: Client, consumer: string, tenantId: string, p: FeedPosition): Promise<void> {
  await queryInOneTrip(c, [{ text: 'SET LOCAL synchronous_commit = off' }, {
    text: `INSERT INTO feed_positions (consumer, tenant_id, writer_xid, id) VALUES ($1, $2, $3::xid8, $4::bigint)
     ON CONFLICT (consumer, tenant_id) DO UPDATE SET writer_xid = EXCLUDED.writer_xid, id = EXCLUDED.id, updated_at = now()
     WHERE (feed_positions.writer_xid, feed_positions.id) < (EXCLUDED.writer_xid, EXCLUDED.id)`,
    values: [consumer, tenantId, p.xid, p.id],
  }]);
}

/**
 * The last entry of a tenant's feed that a consumer may pass (its writer is below the snapshot horizon, as in readFeed),
 * or null when there is none: how a consumer with nothing to do for a tenant keeps up without reading. Read from
 * signal_writes (a statement's writer and last row id), one index probe: asked of signal_streams, it merged every daily
 * partition's feed index from the top (~10 ms at 185 partitions).
 */
export async function readFeedHead(c: Client, tenantId: string): Promise<FeedPosition | null> {
  // As in readFeed: the statement keeps one generic plan per connection (planning it cost more than it).
  await queryInOneTrip(c, FEED_READ_SETTINGS);
  const res = await c.query<FeedPosition>({
    name: 'read_signal_feed_head',
    text: `SELECT writer_xid::text AS xid, last_id::text AS id FROM signal_writes
     WHERE tenant_id = $1 AND writer_xid < ${horizonSql('$2')}
     ORDER BY writer_xid DESC, last_id DESC LIMIT 1`,
    values: [tenantId, transactionsBesideFeed()],
  });
  return res.rows[0] ?? null;
}

/** A follower of a tenant's feed as its standing is read: its name, its leases' namespace, where it stands. */
export interface FeedFollower {
  /** The consumer's name (its `consumer` label on the feed metrics, its name in GET /v1/feed/consumers). */
  readonly name: string;
  /** The namespace of the leases it follows each tenant's feed under: a held lease means a hub follows it now. */
  readonly leaseNamespace: string;
  /** The statement that reads the last position it handled in the tenant's feed (on a tenant client; positionFrom its answer). */
  positionStatement(tenantId: string): Statement;
}

/** What waits in a tenant's feed after a position. */
export interface FeedBacklog {
  /** Committed entries after the position, counted up to the limit asked for. */
  entries: number;
  /** More entries than the limit wait. */
  more: boolean;
  /** When the oldest of the entries counted was stored (RFC 3339, as every timestamptz the hub reads); null when none waits. */
  oldestIngestedAt: string | null;
  /** Seconds since then, by PostgreSQL's clock (0 when none waits). */
  lagSeconds: number;
}

/**
 * The entries of the tenant's feed after `after`, counted up to `limit` in feed order, and the oldest one's age. Runs
 * in a transaction that carries FEED_READ_SETTINGS (the feed index, never a sort of the backlog). Rows above the snapshot
 * horizon count too: they are committed, and wait only for an older writer.
 */
export async function readFeedBacklog(c: Client, tenantId: string, after: FeedPosition, limit: number): Promise<FeedBacklog> {
  const res = await c.query<{ entries: number; oldest: string | null; lag: number | null }>({
    name: 'read_feed_backlog',
    text: `SELECT count(*)::int AS entries, min(b.ingested_at) AS oldest, greatest(0, extract(epoch FROM now() - min(b.ingested_at)))::float8 AS lag
       FROM (SELECT s.ingested_at FROM signal_streams s WHERE s.tenant_id = $1 AND (s.writer_xid, s.id) > ($2::xid8, $3::bigint)
               AND s.observed_at >= ${feedFloorSql('$1', '$2::xid8', '$3::bigint')}
             ORDER BY s.writer_xid, s.id LIMIT $4) b`,
    values: [tenantId, after.xid, after.id, limit + 1],
  });
  const r = res.rows[0]!;
  return { entries: Math.min(r.entries, limit), more: r.entries > limit, oldestIngestedAt: r.oldest, lagSeconds: r.lag ?? 0 };
}

/**
 * Joins each held tenant `t` (`h.id` not null) to whether its feed holds entries after the position `positions` keeps
 * for it (FEED_START when none): `next_entry.found` is null when not, or when the tenant is not held. Asked of
 * signal_writes, one index probe per tenant on a table that is not partitioned: probed in signal_streams, each tenant
 * cost a probe of every daily partition (64 ms for 100 tenants at 185 partitions, against 2.7 at 5). A LATERAL with
 * LIMIT, not EXISTS: as a semi-join the planner may hash the whole table instead.
 */
const nextFeedEntryJoin = (positions: string) => `LEFT JOIN LATERAL (SELECT true AS found FROM signal_writes w WHERE h.id IS NOT NULL
  AND w.tenant_id = t.id AND (w.writer_xid, w.last_id) > (coalesce(${positions}.writer_xid, '0'::xid8), coalesce(${positions}.id, 0))
  ORDER BY w.tenant_id, w.writer_xid, w.last_id LIMIT 1) next_entry ON true`;

/** A tenant a full pass has work for: a lease this hub may try to take, or a held feed that is behind. */
export interface TenantFeedState {
  id: string;
  held: boolean;
  /** The feed holds entries after the follower's stored position (false when not held: never probed). */
  behind: boolean;
}

/**
 * The statement of a full pass's TenantFeedStates (SQL): every tenant whose lease is not among `heldIds` (an SQL
 * uuid[]), and the held ones whose feed holds entries after the position `positions` joins (its `alias`) for the held
 * tenant `h.id`; held tenants with nothing after their position are left out, so an idle hub's poll answers no row.
 * The held ids are joined as a set: tested row by row against the array (`id = ANY`), PostgreSQL's generic plan
 * compared each tenant with every held id, 16 ms a poll at 1,000 tenants against 3.5 now.
 */
export const tenantFeedStatesSql = (heldIds: string, positions: { join: string; alias: string }) => `SELECT t.id, h.id IS NOT NULL AS held,
    next_entry.found IS NOT NULL AS behind
  FROM tenants t LEFT JOIN unnest(${heldIds}::uuid[]) h(id) ON h.id = t.id
  ${positions.join} ${nextFeedEntryJoin(positions.alias)}
  WHERE h.id IS NULL OR next_entry.found IS NOT NULL ORDER BY t.id`;

/**
 * The tenants whose lease the consumer does not hold (`heldIds`), and those it holds whose feed holds entries after
 * its stored position: a full pass reads the held feeds behind and tries the other leases; the feeds other hubs follow
 * are never probed. On the owner connection (hub bookkeeping, like the positions): tenant ids and flags, never a signal.
 */
export async function listTenantFeedStates(owner: Client, consumer: string, heldIds: readonly string[]): Promise<TenantFeedState[]> {
  const res = await owner.query<TenantFeedState>({
    name: 'list_tenant_feed_states',
    text: tenantFeedStatesSql('$2', { join: 'LEFT JOIN feed_positions p ON h.id IS NOT NULL AND p.consumer = $1 AND p.tenant_id = t.id', alias: 'p' }),
    values: [consumer, heldIds],
  });
  return res.rows;
}

/** For each of `namespaces` (consumers' leases) in order, the tenants whose feed no hub follows now; on the owner connection. */
export async function countUnfollowedTenants(owner: Client, namespaces: readonly string[]): Promise<number[]> {
  const res = await owner.query<{ n: number }>({
    name: 'count_unfollowed_tenants',
    text: `WITH ${HELD_LEASES}
     SELECT (SELECT count(*)::int FROM tenants t
       WHERE NOT EXISTS (SELECT FROM held WHERE classid = ${leaseHalf('n.namespace')} AND objid = ${leaseHalf('t.id::text')})) AS n
     FROM unnest($1::text[]) WITH ORDINALITY AS n(namespace, i) ORDER BY n.i`,
    values: [namespaces],
  });
  return res.rows.map((r) => r.n);
}

/**
 * Folds each tenant's signal_writes rows below the slowest position any follower keeps for it (feed_positions, the
 * pointers' mark) into one row: the latest of their writers and its last row, the oldest of their bounds. A bound only ever gets looser
 * by it, so no feed read loses an entry; a reader behind every follower opens more partitions. A tenant no follower
 * has a position for keeps its rows. Rows whose signals all lay before `droppedBefore` (retention dropped them) go:
 * they would say a feed is behind when nothing is left to read. (A statement whose rows straddle the cutoff keeps its
 * row: a follower positioned inside it whose remaining rows retention dropped reads nothing once a poll until the
 * tenant writes again.) Owner connection; answers how many rows went.
 */
export async function compactSignalWrites(owner: Client, droppedBefore: Date): Promise<number> {
  const res = await owner.query<{ n: number }>({
    name: 'compact_signal_writes',
    text: `WITH dropped AS (
         DELETE FROM signal_writes WHERE newest_observed_at < $1 RETURNING 1
       ), reach AS (
         SELECT tenant_id, min(writer_xid) AS xid FROM (
           SELECT tenant_id, writer_xid FROM feed_positions UNION ALL SELECT tenant_id, writer_xid FROM current_signal_marks
         ) f GROUP BY tenant_id
       ), folded AS (
         DELETE FROM signal_writes w USING reach r
         WHERE w.tenant_id = r.tenant_id AND w.writer_xid < r.xid AND w.newest_observed_at >= $1
         RETURNING w.tenant_id, w.writer_xid, w.last_id, w.oldest_observed_at, w.newest_observed_at
       ), kept AS (
         INSERT INTO signal_writes (tenant_id, writer_xid, last_id, oldest_observed_at, newest_observed_at)
         SELECT tenant_id, max(writer_xid), (array_agg(last_id ORDER BY writer_xid DESC, last_id DESC))[1], min(oldest_observed_at),
           max(newest_observed_at)
         FROM folded GROUP BY tenant_id
       )
       SELECT (SELECT count(*) FROM dropped)::int + (SELECT count(*) FROM folded)::int AS n`,
    values: [droppedBefore],
  });
  return res.rows[0]!.n;
}
