// The block changes feed (migration 007): appending numbered changes of mitigation state, and reading them back.
// Appends only inside the transaction that made the change (decider.ts); never renumbers, updates or deletes a change.

import type pg from 'pg';
import type { BlockOrigin, BlockType, Severity } from '../core/types.ts';
import type { MitigationRow } from './mitigation-queries.ts';
import type { Statement } from '../db/one-trip.ts';

type Client = Pick<pg.PoolClient, 'query'>;

export type BlockChangeKind = 'created' | 'extended' | 'withdrawn' | 'expired' | 'lifted' | 'rejected';

export interface BlockChange {
  version: number;
  change: BlockChangeKind;
  mitigation_id: string;
  block_type: BlockType;
  /** The prefix in CIDR form for `IP`; the fingerprint, ASN or user agent otherwise. */
  indicator: string;
  source: BlockOrigin;
  severity: Severity | null;
  status: MitigationRow['status'];
  expires_at: string;
  reason: string | null;
  changed_at: string;
}

/** A block's indicator as one text: the CIDR prefix of an `IP` block, the value of any other. */
export const indicatorOf = (m: Pick<MitigationRow, 'indicator' | 'indicator_value'>): string => m.indicator ?? m.indicator_value!;

/** The wake-up channel for followers of the feed; the payload is "<tenant id> <version>". */
export const BLOCKS_CHANNEL = 'quorum_blocks';

/** One change to append: the mitigation it is about (written earlier in the same transaction) and why it changed. */
export interface ChangeEntry {
  id: string;
  reason: string | null;
}

/**
 * The statement that appends one change per entry, numbered after the tenant's current version, and notifies at commit;
 * it answers the new version. The state each change records (indicator, status, expiry, type, origin, severity) is
 * read from the mitigation row as the transaction left it, so the statement may travel in one message with the write
 * that made the change. The entries go as one JSON text: the statement runs alike bound or inlined (queryInOneTrip).
 * The counter row's lock is held to the end of the caller's transaction: that is what makes versions gap-free and
 * commit-ordered per tenant (a rolled-back change takes its numbers back with it).
 */
export function blockChangesStatement(tenantId: string, change: BlockChangeKind, entries: ChangeEntry[], now: Date): Statement {
  return {
    text: `WITH v AS (
       INSERT INTO block_versions AS b (tenant_id, version) VALUES ($1::uuid, $2::bigint)
       ON CONFLICT (tenant_id) DO UPDATE SET version = b.version + $2::bigint RETURNING version),
     added AS (
       INSERT INTO block_changes (tenant_id, version, change, mitigation_id, block_type, indicator, source, severity, status, expires_at, reason, changed_at)
       SELECT $1::uuid, v.version - $2::bigint + e.n, $3, m.id, m.block_type, coalesce(m.indicator::text, m.indicator_value), m.origin, m.severity,
         m.status, m.expires_at, e.reason, $5::timestamptz
       FROM v, ROWS FROM (jsonb_to_recordset($4::jsonb) AS (id uuid, reason text)) WITH ORDINALITY AS e(id, reason, n)
       JOIN mitigations m ON m.tenant_id = $1::uuid AND m.id = e.id)
     SELECT v.version, pg_notify('${BLOCKS_CHANNEL}', $1::uuid::text || ' ' || v.version) FROM v`,
    values: [tenantId, entries.length, change, JSON.stringify(entries), now.toISOString()],
  };
}

/** Appends one change per row (nothing for none); returns the new version. The rows were written in the caller's transaction. */
export async function appendBlockChanges(c: Client, tenantId: string, change: BlockChangeKind, rows: MitigationRow[], reason: (m: MitigationRow) => string | null, now: Date): Promise<number | null> {
  if (rows.length === 0) return null;
  const res = await c.query<{ version: string }>(blockChangesStatement(tenantId, change, rows.map((m) => ({ id: m.id, reason: reason(m) })), now));
  return Number(res.rows[0]!.version);
}

/** Every tenant's current block version (tenants without a change have none): what a poll compares, in one statement on the owner connection. */
export async function listBlockVersions(owner: Client): Promise<Map<string, number>> {
  const res = await owner.query<{ tenant_id: string; version: string }>('SELECT tenant_id, version FROM block_versions');
  return new Map(res.rows.map((r) => [r.tenant_id, Number(r.version)]));
}

/** The tenant's changes after `since`, oldest first, up to `limit`, and its current version, read in one snapshot. */
export async function listBlockChanges(c: Client, tenantId: string, since: number, limit: number): Promise<{ version: number; changes: BlockChange[] }> {
  // Only changes up to the version read in the same statement: every one of those has committed (the counter row is
  // bumped by the transaction that appends them), so a follower that stores the last version it saw never skips one.
  const res = await c.query<Omit<BlockChange, 'version'> & { current: string; version: string | null }>(
    `WITH cur AS (SELECT coalesce((SELECT version FROM block_versions WHERE tenant_id = $1), 0) AS v)
     SELECT cur.v AS current, ch.version, ch.change, ch.mitigation_id, ch.block_type, ch.indicator, ch.source, ch.severity, ch.status, ch.expires_at, ch.reason, ch.changed_at
     FROM cur LEFT JOIN LATERAL (
       SELECT * FROM block_changes WHERE tenant_id = $1 AND version > $2 AND version <= cur.v ORDER BY version LIMIT $3) ch ON true
     ORDER BY ch.version`,
    [tenantId, since, limit]);
  const current = Number(res.rows[0]?.current ?? 0);
  const changes = res.rows.filter((r) => r.version !== null).map(({ current: _, ...ch }) => ({ ...ch, version: Number(ch.version) }));
  return { version: current, changes };
}
