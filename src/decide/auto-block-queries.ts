// The auto-blocklist's progress in a tenant's feed (migration 013), read and written in the transaction that makes its blocks.
// Never moves backwards; runs inside withTenant() like every tenant statement.

import type pg from 'pg';
import type { FeedPosition } from '../store/feed-queries.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/**
 * The last feed entry the auto-blocklist acted on for this tenant, locked to the end of the transaction (created at
 * the start of the feed when missing, so two hubs that both think they hold the tenant queue on one row).
 */
export async function lockAutoBlockProgress(c: Client, tenantId: string, now: Date): Promise<FeedPosition> {
  await c.query(
    `INSERT INTO auto_block_progress (tenant_id, writer_xid, id, updated_at) VALUES ($1, '0', 0, $2) ON CONFLICT DO NOTHING`,
    [tenantId, now]);
  const res = await c.query<FeedPosition>(
    'SELECT writer_xid::text AS xid, id::text FROM auto_block_progress WHERE tenant_id = $1 FOR UPDATE', [tenantId]);
  return res.rows[0]!;
}

export async function saveAutoBlockProgress(c: Client, tenantId: string, p: FeedPosition, now: Date): Promise<void> {
  await c.query(
    `UPDATE auto_block_progress SET writer_xid = $2::xid8, id = $3, updated_at = $4
     WHERE tenant_id = $1 AND (writer_xid, id) < ($2::xid8, $3::bigint)`,
    [tenantId, p.xid, p.id, now]);
}
