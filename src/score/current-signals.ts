// The Trust Score's reads of signal_streams: each subject's current signals (latest per signal_key, unexpired at a
// given instant), for one subject or a whole tenant streamed subject by subject. Reads only; never copies signal data.

import type pg from 'pg';
import { fetchCursorPages } from '../db/cursor-pages.ts';
import type { Statement } from '../db/one-trip.ts';
import type { StoredSignal } from '../core/types.ts';
import { FEED_READ_SETTINGS, feedFloorSql } from '../store/feed-queries.ts';
import { readPointerReach } from './pointer-queries.ts';

/** A current signal: what the formula and its explanation need of it (of its value, only the `value` member). */
export type CurrentSignal = Pick<StoredSignal, 'id' | 'source' | 'subject_type' | 'subject_id' | 'signal_key' | 'severity' | 'observed_at'>
  & { value: unknown; /** When its TTL ends it (null: never), RFC 3339. */ expires_at: string | null };

/** Some subjects of a tenant, as two arrays of the same length (a statement's parameters). */
export interface SubjectKeys {
  types: string[];
  ids: string[];
}

/** Called once per subject with its current signals (ordered by signal_key); awaited before the next subject. */
export type SubjectHandler = (subjectType: string, subjectId: string, signals: CurrentSignal[]) => void | Promise<void>;

/** Rows taken from the server per round trip while streaming a tenant: the client holds no more than this. */
const FETCH_ROWS = 2_000;
const CURSOR = 'score_tenant_current_signals';
/**
 * Most committed rows the pointers (migration 021) may lag behind and still be used, the rows after their mark merged in
 * at the read; further behind (the consumer stopped, or never ran for the tenant), the history is read instead.
 */
export const POINTER_LAG_LIMIT = 5_000;

// The columns handed over, of a row `s` of signal_streams, in fromRow's order (a tenant's rows come as arrays).
const CURRENT_COLUMNS = `s.id::text AS id, s.source, s.subject_type, s.subject_id, s.signal_key, s.signal_value -> 'value' AS value,
  s.severity, s.observed_at, s.observed_at + make_interval(secs => s.ttl_seconds) AS expires_at`;
// A latest row `l` (observed_at, id) fetched by primary key: the LIMIT keeps it a per-row lookup (a nested loop) where
// the planner would otherwise hash-join the tenant's whole history.
const FETCH_LATEST = `CROSS JOIN LATERAL (
    SELECT * FROM signal_streams s WHERE s.tenant_id = $1 AND s.observed_at = l.observed_at AND s.id = l.id LIMIT 1
  ) s`;
const UNEXPIRED = 's.ttl_seconds IS NULL OR s.observed_at + make_interval(secs => s.ttl_seconds) > $2';

// Without usable pointers: the latest row per (subject, key) is found in signal_streams_current_idx alone (migration
// 018: its order ends in observed_at DESC, id DESC and it carries ttl_seconds), so a tenant's history is read as index
// entries, not rows; only the current rows are then fetched.
const tenantHistorySql = (only: string) => `
  WITH latest AS (
    SELECT DISTINCT ON (subject_type, subject_id, signal_key) subject_type, subject_id, signal_key, observed_at, id, ttl_seconds
    FROM signal_streams
    WHERE tenant_id = $1${only}
    ORDER BY subject_type, subject_id, signal_key, observed_at DESC, id DESC
  )
  SELECT ${CURRENT_COLUMNS}
  FROM latest l ${FETCH_LATEST}
  WHERE l.ttl_seconds IS NULL OR l.observed_at + make_interval(secs => l.ttl_seconds) > $2
  ORDER BY l.subject_type, l.subject_id, l.signal_key`;

// With pointers: the latest per (subject, key) of the pointers and of the rows after their mark ($3, $4), a few rows
// a subject; only the newest of a key's candidates is fetched.
const tenantPointersSql = (only: string) => `
  WITH latest AS (
    SELECT DISTINCT ON (subject_type, subject_id, signal_key) subject_type, subject_id, signal_key, observed_at, id
    FROM (
      SELECT subject_type, subject_id, signal_key, observed_at, id FROM current_signal_pointers WHERE tenant_id = $1${only}
      UNION ALL
      SELECT subject_type, subject_id, signal_key, observed_at, id FROM signal_streams
      WHERE tenant_id = $1 AND (writer_xid, id) > ($3::xid8, $4::bigint) AND observed_at >= ${feedFloorSql('$1', '$3::xid8', '$4::bigint')}${only}
    ) c
    ORDER BY subject_type, subject_id, signal_key, observed_at DESC, id DESC
  )
  SELECT ${CURRENT_COLUMNS}
  FROM latest l ${FETCH_LATEST}
  WHERE ${UNEXPIRED}
  ORDER BY l.subject_type, l.subject_id, l.signal_key`;
/** Memory for sorting a tenant's pointers (about 110 bytes each): 65,000 of them spill past the default 4 MB. */
const POINTER_SORT_MEMORY = '64MB';

// One subject with pointers, in one statement that also says whether they were usable (usable: the tenant has a mark
// and at most $5 rows after it); when they were not, it answers that alone and the caller reads the history. The mark
// enters the feed scan as two scalar subqueries (parameters to the plan) and the scan is in feed order: so the row
// comparison is an index condition. Joined to the mark instead, it was a filter, and with one tenant holding every row
// the generic plan scanned all of its partitions (350 ms for a read of 0.4 ms).
const SUBJECT_POINTERS_SQL = `
  WITH mark AS (SELECT writer_xid, id FROM current_signal_marks WHERE tenant_id = $1),
  after_mark AS MATERIALIZED (
    SELECT s.subject_type, s.subject_id, s.signal_key, s.observed_at, s.id FROM signal_streams s
    WHERE s.tenant_id = $1 AND (s.writer_xid, s.id) > ((SELECT writer_xid FROM mark), (SELECT id FROM mark))
      AND s.observed_at >= ${feedFloorSql('$1', '(SELECT writer_xid FROM mark)', '(SELECT id FROM mark)')}
    ORDER BY s.writer_xid, s.id LIMIT $5 + 1
  ),
  usable AS (SELECT EXISTS (SELECT 1 FROM mark) AND (SELECT count(*) FROM after_mark) <= $5 AS usable),
  latest AS (
    SELECT DISTINCT ON (signal_key) signal_key, observed_at, id FROM (
      SELECT signal_key, observed_at, id FROM current_signal_pointers WHERE tenant_id = $1 AND subject_type = $3 AND subject_id = $4
      UNION ALL SELECT signal_key, observed_at, id FROM after_mark WHERE subject_type = $3 AND subject_id = $4
    ) c
    ORDER BY signal_key, observed_at DESC, id DESC
  ),
  current AS (SELECT ${CURRENT_COLUMNS} FROM latest l ${FETCH_LATEST} WHERE ${UNEXPIRED})
  SELECT u.usable, c.* FROM usable u LEFT JOIN current c ON u.usable
  ORDER BY c.signal_key`;

/**
 * What a subject's read sets in its transaction: the feed read's (no sorts, one generic plan per connection) and no
 * sequential scans. A connection keeps the plan it made at its first read; made while a partition looked empty, it
 * scanned that partition whole once it filled (29 ms a read at 200,000 rows against 1.5, until autovacuum analysed
 * the partition). Every part of the read has an index: the rows after the mark, the pointers, the rows they name.
 */
export const SUBJECT_READ_SETTINGS: Statement[] = [...FEED_READ_SETTINGS, { text: 'SET LOCAL enable_seqscan = off' }];

/**
 * One subject's current signals at `now`, ordered by signal_key: the same rule as GET /v1/subjects/{type}/{id}. Runs
 * inside withTenant(…, SUBJECT_READ_SETTINGS): the statement's plan is then kept per connection, generic (for any
 * tenant and subject). Left to choose, PostgreSQL plans it afresh for each call (a custom plan looks cheaper, since it
 * can leave out partitions), and planning over a month of daily partitions took 7 ms of a 9 ms read; the generic plan
 * prunes them as it runs (never-executed scans).
 */
export async function readSubjectCurrentSignals(client: pg.PoolClient, tenantId: string, subjectType: string, subjectId: string, now: Date): Promise<CurrentSignal[]> {
  const s = subjectPointersStatement(tenantId, subjectType, subjectId, now);
  return currentSignalsFrom(await client.query({ name: 'read_subject_current_signals', text: s.text, values: s.values as unknown[] }))
    ?? readSubjectHistory(client, tenantId, subjectType, subjectId, now);
}

/** The statement that reads one subject's current signals by the pointers (prepared: its plan is worth keeping). */
function subjectPointersStatement(tenantId: string, subjectType: string, subjectId: string, now: Date): Statement {
  return { text: SUBJECT_POINTERS_SQL, values: [tenantId, now.toISOString(), subjectType, subjectId, POINTER_LAG_LIMIT] };
}

/** The signals that statement answered, or null when the pointers were not usable (then readSubjectHistory). */
function currentSignalsFrom(res: pg.QueryResult): CurrentSignal[] | null {
  return res.rows[0]?.usable ? res.rows.filter((r) => r.id !== null).map(currentSignal) : null;
}

/**
 * One subject's current signals read from the history itself (the pointers lag too far, or the tenant has none yet): the
 * tenant's read kept to the subject, so both hand over the same signals in the same form.
 */
async function readSubjectHistory(client: pg.PoolClient, tenantId: string, subjectType: string, subjectId: string, now: Date): Promise<CurrentSignal[]> {
  const res = await client.query<CurrentSignal>({
    name: 'read_subject_history', text: tenantHistorySql(' AND subject_type = $3 AND subject_id = $4'), values: [tenantId, now, subjectType, subjectId],
  });
  return res.rows.map(currentSignal);
}

/**
 * Hands every subject of the tenant that has current signals at `now` to `onSubject` (or only those of `only`), in
 * (subject_type, subject_id) order, reading through a cursor so memory stays flat whatever the tenant's size. Must run
 * inside withTenant() (a cursor lives in a transaction). Answers how many subjects and signals were handed over.
 */
export async function streamTenantCurrentSignals(client: pg.PoolClient, tenantId: string, now: Date, onSubject: SubjectHandler,
  only?: SubjectKeys): Promise<{ subjects: number; signals: number }> {
  const reach = await readPointerReach(client, tenantId, POINTER_LAG_LIMIT);
  const keys = only ? [only.types, only.ids] : [];
  if (reach && reach.behind <= POINTER_LAG_LIMIT) {
    // The pointers are sorted in memory (the sort runs at the first FETCH, so the setting holds for the rest of the
    // transaction): spilled to disk, the sort took longer than reading them.
    await client.query(`SET LOCAL work_mem = '${POINTER_SORT_MEMORY}'`);
    await declareCursor(client, tenantPointersSql(onlyThese(only, 5)), [tenantId, now, reach.mark.xid, reach.mark.id, ...keys]);
  } else await declareCursor(client, tenantHistorySql(onlyThese(only, 3)), [tenantId, now, ...keys]);
  try {
    return await handSubjects(client, onSubject);
  } finally {
    // A failed statement aborted the transaction, which drops the cursor with it: CLOSE then fails and is not needed.
    await client.query(`CLOSE ${CURSOR}`).catch(() => undefined);
  }
}

/** The condition that keeps a scan to the subjects of `only`, its arrays the parameters from number `first` on. */
const onlyThese = (only: SubjectKeys | undefined, first: number) => (only
  ? ` AND (subject_type, subject_id) IN (SELECT * FROM unnest($${first}::text[], $${first + 1}::text[]))` : '');

async function declareCursor(client: pg.PoolClient, sql: string, values: unknown[]): Promise<void> {
  await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`, values);
}

/** When the tenant's oldest stored signal was observed (null: it has none): it moves when retention drops a partition. */
export async function readOldestSignalAt(client: pg.PoolClient, tenantId: string): Promise<string | null> {
  return (await client.query<{ at: string | null }>('SELECT min(observed_at) AS at FROM signal_streams WHERE tenant_id = $1', [tenantId])).rows[0]!.at;
}

/**
 * The subjects with a row in the tenant's feed from writer `xmin` on (committed since a snapshot whose horizon that
 * was, or still running then), or null when more than `limit` rows are: then reading them costs more than rescoring all.
 */
export async function readSubjectsWrittenSince(client: pg.PoolClient, tenantId: string, xmin: string, limit: number): Promise<SubjectKeys | null> {
  const res = await client.query<{ over: boolean; types: string[] | null; ids: string[] | null }>({
    name: 'read_subjects_written_since',
    text: `WITH written AS MATERIALIZED (
         SELECT subject_type, subject_id FROM signal_streams
         WHERE tenant_id = $1 AND writer_xid >= $2::xid8 AND observed_at >= ${feedFloorSql('$1', '$2::xid8', '0')} LIMIT $3 + 1
       ), subjects AS (SELECT DISTINCT subject_type, subject_id FROM written)
       SELECT (SELECT count(*) FROM written) > $3 AS over, array_agg(subject_type) AS types, array_agg(subject_id) AS ids FROM subjects`,
    values: [tenantId, xmin, limit],
  });
  const r = res.rows[0]!;
  return r.over ? null : { types: r.types ?? [], ids: r.ids ?? [] };
}

/**
 * Fetches the open cursor to its end and calls `onSubject` each time the subject changes. The next rows are asked
 * for before this batch is handed over, so the server reads them while the caller scores: two batches at most in memory.
 * Rows come as arrays: 60,000 rows a tenant, and pg's row objects cost more to build than these.
 */
async function handSubjects(client: pg.PoolClient, onSubject: SubjectHandler): Promise<{ subjects: number; signals: number }> {
  let subject: CurrentSignal[] = [];
  let subjects = 0;
  let signals = 0;
  await fetchCursorPages<CurrentSignalRow>(client, CURSOR, FETCH_ROWS, async (rows) => {
    for (const row of rows.map(fromRow)) {
      if (subject.length > 0 && !sameSubject(subject[0]!, row)) {
        await onSubject(subject[0]!.subject_type, subject[0]!.subject_id, subject);
        subjects++;
        subject = [];
      }
      subject.push(row);
      signals++;
    }
  });
  if (subject.length > 0) {
    await onSubject(subject[0]!.subject_type, subject[0]!.subject_id, subject);
    subjects++;
  }
  return { subjects, signals };
}

const sameSubject = (a: CurrentSignal, b: CurrentSignal) => a.subject_type === b.subject_type && a.subject_id === b.subject_id;

function currentSignal(s: CurrentSignal): CurrentSignal {
  return {
    id: s.id, source: s.source, subject_type: s.subject_type, subject_id: s.subject_id, signal_key: s.signal_key, value: s.value ?? null,
    severity: s.severity, observed_at: s.observed_at, expires_at: s.expires_at,
  };
}

/** A row of CURRENT_COLUMNS as an array. */
type CurrentSignalRow = [string, string, string, string, string, unknown, CurrentSignal['severity'], string, string | null];

function fromRow([id, source, subject_type, subject_id, signal_key, value, severity, observed_at, expires_at]: CurrentSignalRow): CurrentSignal {
  return { id, source, subject_type, subject_id, signal_key, value: value ?? null, severity, observed_at, expires_at };
}
