// Every SQL statement that touches signal_streams and signal_ids, as small named functions.
// Callers pass a client inside withTenant() (or quorum_ingest's, for COPY); each query names its tenant explicitly.

import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StoredSignal, ValidSignal } from '../core/types.ts';
import type { Statement } from '../db/one-trip.ts';
import { signalCopyChunks } from './copy-text.ts';

const SIGNAL_INPUT_COLUMNS = 'source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds, signal_id';
const SIGNAL_INPUT_TYPES = `source text, subject_type text, subject_id text, signal_key text, signal_value jsonb,
  severity text, observed_at timestamptz, ttl_seconds integer, signal_id uuid, ord integer`;
/** Up to this many signals travel as one JSON parameter; more go through COPY, whose fixed round trips then pay off. */
export const SMALL_BATCH = 16;
const stagedClients = new WeakSet<pg.PoolClient>();

/**
 * Stores a small batch in one statement (quorum_store_signals, migration 008) within the caller's transaction; the
 * statement sets the tenant itself, so no withTenant() is needed. A signal_id already in the ledger is skipped
 * (idempotent retry). Returns the signals added.
 */
export async function storeSignals(client: pg.PoolClient, tenantId: string, signals: ValidSignal[]): Promise<ValidSignal[]> {
  if (signals.length === 0) return [];
  const { text, values } = storeSignalsStatement(tenantId, signals);
  const res = await client.query<StoredPosition>(text, [...values!]);
  return res.rows.map((r) => signals[r.ord]!);
}

/** Where a stored signal was in the batch handed in (group commit splits a statement's rows by position). */
export interface StoredPosition {
  ord: number;
}

/** The statement behind storeSignals (at least one signal): answers a StoredPosition per signal stored. */
export function storeSignalsStatement(tenantId: string, signals: ValidSignal[]): Statement {
  return { text: 'SELECT ord FROM quorum_store_signals($1, $2::jsonb)', values: [tenantId, JSON.stringify(signals.map(toRecord))] };
}

/**
 * Stores a batch all-or-nothing within the caller's transaction; returns the signals added.
 * Large batches use COPY, which cannot write through row-level security: rows are copied into a per-session temp
 * table and moved by one INSERT … SELECT that RLS checks. A signal_id already in the ledger is skipped (idempotent
 * retry). Each stored row's position in the batch is returned, so nothing is read back.
 */
export async function insertSignalsCopy(client: pg.PoolClient, tenantId: string, signals: ValidSignal[]): Promise<ValidSignal[]> {
  if (signals.length <= SMALL_BATCH) return storeSignals(client, tenantId, signals);
  if (!stagedClients.has(client)) {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS signal_staging (${SIGNAL_INPUT_TYPES}) ON COMMIT DELETE ROWS`);
    stagedClients.add(client);
  }
  await copyChunks(client, `COPY signal_staging (${SIGNAL_INPUT_COLUMNS}, ord) FROM STDIN`, signalCopyChunks(signals, null, true));
  const res = await client.query<StoredPosition>(
    `WITH src AS MATERIALIZED (
       SELECT nextval('signal_streams_id_seq') AS id, ord, ${SIGNAL_INPUT_COLUMNS} FROM signal_staging
     ), claimed AS (
       INSERT INTO signal_ids (tenant_id, signal_id, observed_at)
       SELECT $1, signal_id, observed_at FROM src WHERE signal_id IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING signal_id
     ), stored AS (
       INSERT INTO signal_streams (id, tenant_id, ${SIGNAL_INPUT_COLUMNS})
       SELECT id, $1, ${SIGNAL_INPUT_COLUMNS} FROM src
       WHERE signal_id IS NULL OR signal_id IN (SELECT signal_id FROM claimed)
       RETURNING id
     )
     SELECT src.ord FROM src JOIN stored USING (id) ORDER BY src.ord`,
    [tenantId],
  );
  return res.rows.map((r) => signals[r.ord]!);
}

/** The COPY data of a batch without signal_ids for copySignalsStraight: its rows, each led by the tenant. */
export function straightCopyData(tenantId: string, signals: readonly ValidSignal[]): Buffer[] {
  return signalCopyChunks(signals, tenantId, false);
}

/**
 * Stores a batch without signal_ids as quorum_ingest (migration 008) within the caller's transaction: its COPY data
 * (straightCopyData) straight into signal_streams, whose ids the table draws (that role reads nothing, and nothing is
 * read back). The ledger is not involved, as a batch with signal_ids must learn which were stored before (the app path).
 */
export async function copySignalsStraight(client: pg.PoolClient, copyData: readonly Buffer[]): Promise<void> {
  await copyChunks(client, `COPY signal_streams (tenant_id, ${SIGNAL_INPUT_COLUMNS}) FROM STDIN`, copyData);
}

/**
 * Forgets that a client has its staging table: call it when a transaction that may have created the table rolled
 * back (the CREATE rolls back with it, and the next COPY on that pooled client would fail forever).
 */
export function forgetStaging(client: pg.PoolClient): void {
  stagedClients.delete(client);
}

/** A signal as stored: the validated signal and its row id. */
export type StoredRow = ValidSignal & { id: string };

/** One tenant's stored signals, in feed order (what a feed consumer is handed). */
export interface StoredBatch {
  tenantId: string;
  signals: StoredRow[];
}

/** Streams COPY data, chunks of whole lines, through COPY FROM STDIN, resolving when the server has taken them all. */
async function copyChunks(client: pg.PoolClient, copySql: string, chunks: readonly (string | Buffer)[]): Promise<void> {
  const stream = client.query(copyFrom(copySql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await done;
}

/** Streams lines (CSV or text) through COPY FROM STDIN, 500 a chunk. */
export async function copyRows(client: pg.PoolClient, copySql: string, lines: string[]): Promise<void> {
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 500) chunks.push(lines.slice(i, i + 500).join(''));
  await copyChunks(client, copySql, chunks);
}

function toRecord(s: ValidSignal, ord: number) {
  return {
    source: s.source, subject_type: s.subjectType, subject_id: s.subjectId, signal_key: s.key, signal_value: s.value,
    severity: s.severity, observed_at: s.observedAt, ttl_seconds: s.ttlSeconds, signal_id: s.signalId, ord,
  };
}

export interface SignalFilter {
  source?: string;
  subjectType?: string;
  subjectId?: string;
  signalKey?: string;
  severity?: string;
  since?: string;
  until?: string;
  /** Exclusive upper bound (observed_at, id) from the previous page. */
  before?: { at: string; id: string };
  limit: number;
}

const SIGNAL_COLUMNS = `id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at,
  ttl_seconds, signal_id, ingested_at`;

/** Signals of one tenant, newest first, filtered; `since` inclusive, `until` exclusive. */
export async function listSignals(client: pg.PoolClient, tenantId: string, f: SignalFilter): Promise<StoredSignal[]> {
  const res = await client.query<StoredSignal>(
    `SELECT ${SIGNAL_COLUMNS} FROM signal_streams
     WHERE tenant_id = $1
       AND ($2::text IS NULL OR source = $2)
       AND ($3::text IS NULL OR subject_type = $3)
       AND ($4::text IS NULL OR subject_id = $4)
       AND ($5::text IS NULL OR signal_key = $5)
       AND ($6::text IS NULL OR severity = $6)
       AND ($7::timestamptz IS NULL OR observed_at >= $7)
       AND ($8::timestamptz IS NULL OR observed_at < $8)
       AND ($9::timestamptz IS NULL OR (observed_at, id) < ($9, $10::bigint))
     ORDER BY observed_at DESC, id DESC
     LIMIT $11`,
    [tenantId, f.source ?? null, f.subjectType ?? null, f.subjectId ?? null, f.signalKey ?? null, f.severity ?? null,
      f.since ?? null, f.until ?? null, f.before?.at ?? null, f.before?.id ?? null, f.limit],
  );
  return res.rows;
}

/**
 * The subject's current state: the latest signal per key (ties by id), minus those whose TTL has run out at `now`
 * (the database's clock when absent). A named statement: planning it over every daily partition costs more than
 * running it, and a prepared plan is planned once per connection.
 */
export async function findCurrentState(client: pg.PoolClient, tenantId: string, subjectType: string, subjectId: string, now?: Date): Promise<StoredSignal[]> {
  const res = await client.query<StoredSignal>({
    name: 'find_current_state',
    text: `SELECT * FROM (
       SELECT DISTINCT ON (signal_key) ${SIGNAL_COLUMNS} FROM signal_streams
       WHERE tenant_id = $1 AND subject_type = $2 AND subject_id = $3
       ORDER BY signal_key, observed_at DESC, id DESC
     ) latest
     WHERE ttl_seconds IS NULL OR observed_at + make_interval(secs => ttl_seconds) > coalesce($4::timestamptz, now())
     ORDER BY signal_key`,
    values: [tenantId, subjectType, subjectId, now ?? null],
  });
  return res.rows;
}
