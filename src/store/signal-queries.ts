// Every SQL statement that touches signal_streams and signal_ids, as small named functions.
// Callers pass a client inside withTenant(); each query still names its tenant explicitly (RLS is the second layer).

import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StoredSignal, ValidSignal } from '../types.ts';

const STAGING_COLUMNS = 'source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds, signal_id';
const stagedClients = new WeakSet<pg.PoolClient>();

/**
 * Stores a batch with COPY, all-or-nothing within the caller's transaction; returns the rows added, with their ids.
 * COPY cannot write through row-level security, so rows are copied into a per-session temp table and moved
 * with one INSERT … SELECT that RLS checks. A signal_id already in the ledger is skipped (idempotent retry).
 * Ids are drawn from the sequence first so each stored row is known to the caller without reading it back.
 */
export async function insertSignalsCopy(client: pg.PoolClient, tenantId: string, signals: ValidSignal[]): Promise<StoredRow[]> {
  if (signals.length === 0) return [];
  if (!stagedClients.has(client)) {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS signal_staging (id bigint,
      source text, subject_type text, subject_id text, signal_key text, signal_value jsonb,
      severity text, observed_at timestamptz, ttl_seconds integer, signal_id uuid) ON COMMIT DELETE ROWS`);
    stagedClients.add(client);
  }
  const ids = await client.query<{ id: string }>(
    "SELECT nextval('signal_streams_id_seq')::text AS id FROM generate_series(1, $1)", [signals.length]);
  const rows = signals.map((s, i) => ({ ...s, id: ids.rows[i]!.id }));
  await copyRows(client, `COPY signal_staging (id, ${STAGING_COLUMNS}) FROM STDIN WITH (FORMAT csv)`, rows.map(csvRow));
  const res = await client.query<{ id: string }>(
    `WITH claimed AS (
       INSERT INTO signal_ids (tenant_id, signal_id, observed_at)
       SELECT $1, signal_id, observed_at FROM signal_staging WHERE signal_id IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING signal_id
     )
     INSERT INTO signal_streams (id, tenant_id, ${STAGING_COLUMNS})
     SELECT id, $1, ${STAGING_COLUMNS} FROM signal_staging s
     WHERE s.signal_id IS NULL OR s.signal_id IN (SELECT signal_id FROM claimed)
     RETURNING id`,
    [tenantId],
  );
  if (res.rows.length === rows.length) return rows;
  const stored = new Set(res.rows.map((r) => r.id));
  return rows.filter((r) => stored.has(r.id));
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

/** Streams CSV lines through COPY FROM STDIN in chunks, resolving when the server has taken them all. */
export async function copyRows(client: pg.PoolClient, copySql: string, lines: string[]): Promise<void> {
  const stream = client.query(copyFrom(copySql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const CHUNK = 500;
  for (let i = 0; i < lines.length; i += CHUNK) {
    if (!stream.write(lines.slice(i, i + CHUNK).join(''))) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await done;
}

const csv = (s: string) => (s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`);
const csvOrNull = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : csv(v));

function csvRow(s: StoredRow): string {
  return [
    s.id, csv(s.source), csv(s.subjectType), csv(s.subjectId), csv(s.key), csv(JSON.stringify(s.value)),
    csvOrNull(s.severity), csv(s.observedAt), csvOrNull(s.ttlSeconds), csvOrNull(s.signalId),
  ].join(',') + '\n';
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
  before?: { observedAt: string; id: string };
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
      f.since ?? null, f.until ?? null, f.before?.observedAt ?? null, f.before?.id ?? null, f.limit],
  );
  return res.rows;
}

/** The subject's current state: the latest signal per key, minus those whose TTL has run out. */
export async function findCurrentState(client: pg.PoolClient, tenantId: string, subjectType: string, subjectId: string): Promise<StoredSignal[]> {
  const res = await client.query<StoredSignal>(
    `SELECT * FROM (
       SELECT DISTINCT ON (signal_key) ${SIGNAL_COLUMNS} FROM signal_streams
       WHERE tenant_id = $1 AND subject_type = $2 AND subject_id = $3
       ORDER BY signal_key, observed_at DESC, id DESC
     ) latest
     WHERE ttl_seconds IS NULL OR observed_at + make_interval(secs => ttl_seconds) > now()
     ORDER BY signal_key`,
    [tenantId, subjectType, subjectId],
  );
  return res.rows;
}
