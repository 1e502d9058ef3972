// The maintenance loop: creates daily partitions ahead of time and applies retention by dropping old ones.
// Never throws out of the loop: a failed round is logged and retried on the next tick.

import type { Logger } from 'pino';
import type { PartitionManager } from './partitions.ts';

export interface MaintenanceOptions {
  partitions: PartitionManager;
  retentionDays: number;
  aheadDays: number;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
  intervalMs?: number;
}

/** One round: partitions ahead, then retention. Returns what changed. */
export async function runMaintenance(o: MaintenanceOptions): Promise<{ created: string[]; dropped: string[] }> {
  const now = o.clock();
  const created = await o.partitions.ensureAhead(now, o.aheadDays);
  const dropped = await o.partitions.applyRetention(now, o.retentionDays);
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
