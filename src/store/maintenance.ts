// The maintenance loop: daily partitions created ahead, retention by dropping old ones, the feed's passed bounds folded.
// Never throws out of the loop: a failed round is logged and retried on the next tick.

import type { Logger } from 'pino';
import { retentionCutoff, type PartitionManager } from './partitions.ts';

export interface MaintenanceOptions {
  partitions: PartitionManager;
  retentionDays: number;
  aheadDays: number;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
  intervalMs?: number;
  /** Folds the feed's bounds the followers have passed and forgets those retention emptied (compactSignalWrites); absent: left as they are. */
  compactSignalWrites?: (droppedBefore: Date) => Promise<number>;
}

/** One round: partitions ahead, then retention, then the feed's bounds. Returns the partitions that changed. */
export async function runMaintenance(o: MaintenanceOptions): Promise<{ created: string[]; dropped: string[] }> {
  const now = o.clock();
  const created = await o.partitions.ensureAhead(now, o.aheadDays);
  const dropped = await o.partitions.applyRetention(now, o.retentionDays);
  await o.compactSignalWrites?.(new Date(`${retentionCutoff(now, o.retentionDays)}T00:00:00Z`));
  // Creating partitions ahead is routine (daily); dropping history is worth an operator's line.
  if (dropped.length) o.logger.info({ created, dropped }, 'partition maintenance: history past the retention dropped');
  return { created, dropped };
}

/** Runs a round now and then every interval (default hourly); returns a stop function. */
export function startMaintenanceLoop(o: MaintenanceOptions): () => void {
  const tick = () => runMaintenance(o).catch((err) => o.logger.error({ err }, 'partition maintenance failed'));
  const timer = setInterval(tick, o.intervalMs ?? 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
