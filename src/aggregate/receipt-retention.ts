// Receipt retention: drops message receipts older than the configured days, now and then every hour.
// Never throws out of the loop: a failed round is logged and retried on the next tick.

import type pg from 'pg';
import type { Logger } from 'pino';
import { pruneReceipts } from './receipt-queries.ts';

export interface ReceiptRetentionOptions {
  owner: Pick<pg.Pool, 'query'>;
  days: number;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
  intervalMs?: number;
}

/** One round: deletes receipts older than `days`; returns how many went. */
export async function pruneOldReceipts(o: ReceiptRetentionOptions): Promise<number> {
  const removed = await pruneReceipts(o.owner, new Date(o.clock().getTime() - o.days * 86_400_000));
  if (removed > 0) o.logger.info({ removed }, 'pruned sensor message receipts');
  return removed;
}

/** Runs a round now and then every interval (default hourly); returns a stop function. */
export function startReceiptRetention(o: ReceiptRetentionOptions): () => void {
  const tick = () => pruneOldReceipts(o).catch((err) => o.logger.error({ err }, 'pruning sensor receipts failed'));
  void tick();
  const timer = setInterval(tick, o.intervalMs ?? 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
