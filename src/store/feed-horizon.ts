// The feed's horizon without this process's own bookkeeping: transactions that never write signal_streams (the feed's
// consumers at work) register their ids while they run, and feed reads leave those ids out of the horizon.

import type pg from 'pg';
import { withTenantFrom } from '../db/pools.ts';
import type { Statement } from '../db/one-trip.ts';

/**
 * Ids of this process's running transactions that write no signal. A feed read may pass rows of writers younger than
 * one of them: no signal row can ever carry its id. Shared by every hub in the process, which changes nothing: the
 * rule holds of any transaction that writes no signal, whoever runs it.
 */
const running = new Set<string>();

/** The ids to leave out of the horizon now (an id whose transaction has just ended is left out harmlessly). */
export const transactionsBesideFeed = (): string[] => [...running];

/**
 * As withTenant, for a transaction that never writes signal_streams (a consumer's work): its id, taken with the BEGIN,
 * is left out of every feed read's horizon until it ends, so a consumer's long transaction never holds back what the
 * others may read. Another hub's reads do not know it and wait for it, as before. Only for work that writes anyway:
 * an id taken for a transaction that writes nothing costs it a commit record and a WAL flush (none with
 * `synchronous_commit = off` among its `settings`, which travel with the BEGIN as withTenant's do). The `opening`
 * statements travel with the BEGIN too; fn gets their results.
 */
export async function withTenantBesideFeed<T>(pool: pg.Pool, tenantId: string, fn: (client: pg.PoolClient, opened: pg.QueryResult[]) => Promise<T>,
  settings: Statement[] = [], opening: Statement[] = []): Promise<T> {
  let xid: string | null = null;
  try {
    return await withTenantFrom(pool, tenantId, [{ text: 'SELECT pg_current_xact_id()::text AS xid' }, ...opening], (c, [first, ...opened]) => {
      xid = first!.rows[0].xid as string;
      running.add(xid);
      return fn(c, opened);
    }, settings);
  } finally {
    if (xid !== null) running.delete(xid);
  }
}
