// The sensor health watch: announces sensors that fell silent (`sensor.stale`, `sensor.offline`) and prunes the health
// history past its retention. Runs on every hub; the database hands each silence change to one hub only. Never throws out of its loop.

import type pg from 'pg';
import type { Logger } from 'pino';
import { pruneHealthHistory, sweepSilence } from './sensor-health-queries.ts';
import type { SilenceThresholds } from './sensor-health.ts';

export interface HealthWatchOptions {
  owner: Pick<pg.Pool, 'query'>;
  thresholds: SilenceThresholds;
  retentionDays: number;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
  /** How often silence is looked for; default a quarter of the stale threshold, at most 15 s. */
  sweepMs?: number;
  pruneMs?: number;
}

/** One sweep: marks the newly silent sensors and writes one line for each; returns how many changed. */
export async function sweepSilentSensors(o: HealthWatchOptions): Promise<number> {
  const changes = await sweepSilence(o.owner, o.clock(), o.thresholds.staleAfterMs, o.thresholds.offlineAfterMs);
  for (const c of changes) {
    o.logger.info({ event: `sensor.${c.silence}`, tenantId: c.tenant_id, sensorId: c.sensor_id, lastHeartbeatAt: c.last_heartbeat_at }, `sensor is ${c.silence}: no heartbeat since ${c.last_heartbeat_at}`);
  }
  return changes.length;
}

/** One prune: history rows older than the retention go. */
export async function pruneOldHealth(o: HealthWatchOptions): Promise<number> {
  const removed = await pruneHealthHistory(o.owner, new Date(o.clock().getTime() - o.retentionDays * 86_400_000));
  if (removed > 0) o.logger.info({ removed }, 'pruned sensor health history');
  return removed;
}

/** Sweeps and prunes now and then on their intervals; returns a stop function. */
export function startHealthWatch(o: HealthWatchOptions): () => void {
  const sweep = () => sweepSilentSensors(o).catch((err) => o.logger.error({ err }, 'looking for silent sensors failed'));
  const prune = () => pruneOldHealth(o).catch((err) => o.logger.error({ err }, 'pruning sensor health history failed'));
  void prune();
  const timers = [
    setInterval(sweep, o.sweepMs ?? Math.min(15_000, Math.max(250, o.thresholds.staleAfterMs / 4))),
    setInterval(prune, o.pruneMs ?? 3_600_000),
  ];
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
