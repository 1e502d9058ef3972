// Reads the stored signals of a time range for replay, in the order the engine would have seen them.
// Read-only; bounded by a row limit so a replay can never load an unbounded history into memory.

import type pg from 'pg';
import type { StoredRow } from '../store/signal-queries.ts';

export async function listSignalsForReplay(c: Pick<pg.PoolClient, 'query'>, tenantId: string, since: string, until: string, limit: number): Promise<StoredRow[]> {
  const res = await c.query(
    `SELECT id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds, signal_id
     FROM signal_streams WHERE tenant_id = $1 AND observed_at >= $2 AND observed_at < $3
     ORDER BY observed_at, id LIMIT $4`,
    [tenantId, since, until, limit]);
  return res.rows.map((r) => ({
    id: r.id, source: r.source, subjectType: r.subject_type, subjectId: r.subject_id, key: r.signal_key, value: r.signal_value,
    severity: r.severity, observedAt: r.observed_at, ttlSeconds: r.ttl_seconds, signalId: r.signal_id,
  }));
}
