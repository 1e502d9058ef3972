// Reads the stored signals of a time range for replay, in the order the engine would have seen them.
// Read-only, and streamed through a server-side cursor in batches: a replay never holds the whole range in memory.

import type pg from 'pg';
import type { StoredRow } from '../store/signal-queries.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** How many signals the range holds, counting no further than `limit` (so a huge range costs no more than the limit). */
export async function countSignalsForReplay(c: Client, tenantId: string, since: string, until: string, limit: number): Promise<number> {
  const res = await c.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM signal_streams WHERE tenant_id = $1 AND observed_at >= $2 AND observed_at < $3 LIMIT $4) r`,
    [tenantId, since, until, limit]);
  return res.rows[0]!.n;
}

/**
 * Hands the range's signals to `onBatch`, `batchSize` at a time, in (observed_at, id) order. Must run inside the
 * caller's transaction (withTenant): the cursor lives until it ends, and reads one consistent snapshot.
 */
export async function streamSignalsForReplay(c: Client, tenantId: string, since: string, until: string, batchSize: number,
  onBatch: (rows: StoredRow[]) => void | Promise<void>): Promise<void> {
  await c.query(
    `DECLARE replay_signals NO SCROLL CURSOR FOR
     SELECT id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds, signal_id
     FROM signal_streams WHERE tenant_id = $1 AND observed_at >= $2 AND observed_at < $3
     ORDER BY observed_at, id`,
    [tenantId, since, until]);
  for (;;) {
    const res = await c.query(`FETCH ${Math.trunc(batchSize)} FROM replay_signals`);
    if (res.rows.length === 0) break;
    await onBatch(res.rows.map((r) => ({
      id: r.id, source: r.source, subjectType: r.subject_type, subjectId: r.subject_id, key: r.signal_key, value: r.signal_value,
      severity: r.severity, observedAt: r.observed_at, ttlSeconds: r.ttl_seconds, signalId: r.signal_id,
    })));
  }
  await c.query('CLOSE replay_signals');
}
