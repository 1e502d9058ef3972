// The current signals the Trust Score reads: the latest signal per signal_key of a subject, unexpired at `now`.
// Minimal reads for the score stage (the trustbench helper replaces this file with its fast version); reads only.

import type pg from 'pg';
import type { Severity } from '../core/types.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** A subject's latest signal for one signal_key. */
export interface CurrentSignal {
  id: string;
  source: string;
  subject_type: string;
  subject_id: string;
  signal_key: string;
  signal_value: { value: unknown } & Record<string, unknown>;
  severity: Severity | null;
  observed_at: string;
  ttl_seconds: number | null;
}

const COLUMNS = 'id::text AS id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds';
const UNEXPIRED = 'ttl_seconds IS NULL OR observed_at + make_interval(secs => ttl_seconds) > $NOW';
/** Rows fetched per round trip of the tenant-wide cursor. */
const FETCH_ROWS = 2000;

/** One subject's current signals (latest per signal_key, TTL-aware at `now`), ordered by signal_key. */
export async function readSubjectCurrentSignals(client: Client, tenantId: string, subjectType: string, subjectId: string, now: Date): Promise<CurrentSignal[]> {
  const res = await client.query<CurrentSignal>(
    `SELECT * FROM (
       SELECT DISTINCT ON (signal_key) ${COLUMNS} FROM signal_streams
       WHERE tenant_id = $1 AND subject_type = $2 AND subject_id = $3
       ORDER BY signal_key, observed_at DESC, id DESC
     ) latest
     WHERE ${UNEXPIRED.replace('$NOW', '$4')}
     ORDER BY signal_key`,
    [tenantId, subjectType, subjectId, now]);
  return res.rows;
}

/**
 * Every subject of the tenant with its current signals, one subject at a time in (subject_type, subject_id) order,
 * through a cursor: memory holds one fetch, whatever the tenant's size. Runs inside the caller's transaction.
 */
export async function streamTenantCurrentSignals(client: Client, tenantId: string, now: Date,
  onSubject: (subjectType: string, subjectId: string, signals: CurrentSignal[]) => void | Promise<void>): Promise<void> {
  await client.query(
    `DECLARE current_signals NO SCROLL CURSOR FOR
     SELECT * FROM (
       SELECT DISTINCT ON (subject_type, subject_id, signal_key) ${COLUMNS} FROM signal_streams
       WHERE tenant_id = $1
       ORDER BY subject_type, subject_id, signal_key, observed_at DESC, id DESC
     ) latest
     WHERE ${UNEXPIRED.replace('$NOW', '$2')}
     ORDER BY subject_type, subject_id, signal_key`,
    [tenantId, now]);
  let subject: CurrentSignal[] = [];
  for (;;) {
    const { rows } = await client.query<CurrentSignal>(`FETCH ${FETCH_ROWS} FROM current_signals`);
    for (const row of rows) {
      const first = subject[0];
      if (first && (first.subject_type !== row.subject_type || first.subject_id !== row.subject_id)) {
        await onSubject(first.subject_type, first.subject_id, subject);
        subject = [];
      }
      subject.push(row);
    }
    if (rows.length < FETCH_ROWS) break;
  }
  if (subject[0]) await onSubject(subject[0].subject_type, subject[0].subject_id, subject);
  await client.query('CLOSE current_signals');
}
