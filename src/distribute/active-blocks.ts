// The reads every enforcement target starts from: a tenant's active blocks and the feed version they reflect, in one
// snapshot, page by page. Reads only, under the tenant's RLS; the block changes feed (decide/) carries what follows.

import type pg from 'pg';
import { fetchCursorPages } from '../db/cursor-pages.ts';
import { queryInOneTrip, type Statement } from '../db/one-trip.ts';
import type { BlockOrigin, BlockType, Severity } from '../core/types.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** A block in force: what every target enforces. */
export interface ActiveBlock {
  mitigation_id: string;
  block_type: BlockType;
  /** The prefix in CIDR form for `IP`; the fingerprint, ASN or user agent otherwise. */
  indicator: string;
  source: BlockOrigin;
  severity: Severity | null;
  reason: string;
  created_at: Date;
  expires_at: Date;
}

const versionStatement = (tenantId: string): Statement => ({ text: 'SELECT version FROM block_versions WHERE tenant_id = $1', values: [tenantId] });
const versionFrom = (res: pg.QueryResult): number => Number(res.rows[0]?.version ?? 0);

/** The tenant's current block-feed version (0 before any change). */
export async function currentBlockVersion(c: Client, tenantId: string): Promise<number> {
  const { text, values } = versionStatement(tenantId);
  return versionFrom(await c.query(text, [...values!]));
}

/** The version and the number of blocks in force at `now`: within one version the set only shrinks as blocks expire, so the pair names the set. */
export async function blocklistState(c: Client, tenantId: string, now: Date): Promise<{ version: number; count: number }> {
  const res = await c.query<{ version: string; count: number }>(
    `SELECT coalesce((SELECT version FROM block_versions WHERE tenant_id = $1), 0) AS version,
            (SELECT count(*)::int FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND expires_at > $2) AS count`,
    [tenantId, now]);
  return { version: Number(res.rows[0]!.version), count: res.rows[0]!.count };
}

/** Up to `limit` blocks active at `now`, in id order after `afterId` (keyset pages over mitigations_active_idx). */
export async function listActiveBlocks(c: Client, tenantId: string, now: Date, limit: number, afterId: string | null = null): Promise<ActiveBlock[]> {
  const res = await c.query<ActiveBlock>(
    `SELECT id AS mitigation_id, block_type, coalesce(indicator::text, indicator_value) AS indicator, origin AS source, severity,
            explanation_text AS reason, created_at, expires_at
     FROM mitigations
     WHERE tenant_id = $1 AND status = 'active' AND expires_at > $2 AND ($3::uuid IS NULL OR id > $3::uuid)
     ORDER BY id LIMIT $4`,
    [tenantId, now, afterId, limit]);
  return res.rows;
}

/**
 * Plans the transaction's cursors for their whole result, not their first tenth: the readers take every row, and
 * for a first tenth the planner picks a sequential scan of every tenant's blocks, the ended ones included.
 */
export const WHOLE_RESULT_CURSORS: Statement = { text: "SELECT set_config('cursor_tuple_fraction', '1', true)" };

/**
 * Reads the tenant's block-feed version, then runs `read` in the same REPEATABLE READ snapshot: what `read` sees is
 * exactly the state after that version, so a follower applies the feed's changes after it and misses none. A `cursor`
 * (a DECLARE) is opened in the same round trip as the snapshot, for `read` to fetch from.
 */
export async function inBlocklistSnapshot(pool: pg.Pool, tenantId: string, read: (c: pg.PoolClient) => Promise<void>, cursor?: Statement): Promise<number> {
  const client = await pool.connect();
  try {
    // One round trip opens the snapshot.
    const [, , , res] = await queryInOneTrip(client, [{ text: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' },
      { text: "SELECT set_config('app.current_tenant', $1, true)", values: [tenantId] }, WHOLE_RESULT_CURSORS,
      versionStatement(tenantId), ...(cursor ? [cursor] : [])]);
    const version = versionFrom(res!);
    await read(client);
    await client.query('COMMIT');
    return version;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A block in force as a sensor list reads it: times as PostgreSQL's UTC text (`2026-12-02 16:21:21.123456+00`). */
export interface ActiveBlockText extends Omit<ActiveBlock, 'created_at' | 'expires_at'> {
  created_at: string;
  expires_at: string;
}

const toBlockText = ([mitigation_id, block_type, indicator, source, severity, reason, created_at, expires_at]: string[]): ActiveBlockText => ({
  mitigation_id: mitigation_id!, block_type: block_type as BlockType, indicator: indicator!, source: source as BlockOrigin,
  severity: (severity ?? null) as Severity | null, reason: reason!, created_at: created_at!, expires_at: expires_at!,
});

/**
 * The tenant's version and every block active at `now`, in no particular order, page by page in one snapshot: for a
 * list held in memory, where order does not matter. PostgreSQL reads the rows in heap order (a bitmap scan) instead of
 * one random heap page per block; rows come as arrays of text and times as PostgreSQL writes them (text, not through
 * the pool's timestamp parser: isoMillis cuts them to milliseconds).
 */
export async function readBlocklistUnordered(pool: pg.Pool, tenantId: string, now: Date, pageSize: number,
  onPage: (blocks: ActiveBlockText[]) => void): Promise<number> {
  return inBlocklistSnapshot(pool, tenantId, (c) => fetchCursorPages(c, 'active_blocks', pageSize, (rows) => onPage(rows.map(toBlockText))), {
    text: `DECLARE active_blocks NO SCROLL CURSOR FOR
       SELECT id, block_type, coalesce(indicator::text, indicator_value), origin, severity, explanation_text,
              created_at::text, expires_at::text
       FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND expires_at > $2`,
    values: [tenantId, now.toISOString()],
  });
}

/**
 * The tenant's version and every block active at `now`, page by page in id order, in one snapshot (inBlocklistSnapshot).
 * `onPage` may write each page out before the next is read (memory stays one page, whatever the list size).
 */
export async function readBlocklist(pool: pg.Pool, tenantId: string, now: Date, pageSize: number,
  onPage: (blocks: ActiveBlock[]) => void | Promise<void>): Promise<number> {
  return inBlocklistSnapshot(pool, tenantId, async (c) => {
    let after: string | null = null;
    for (;;) {
      const page = await listActiveBlocks(c, tenantId, now, pageSize, after);
      if (page.length) await onPage(page);
      if (page.length < pageSize) break;
      after = page[page.length - 1]!.mitigation_id;
    }
  });
}
