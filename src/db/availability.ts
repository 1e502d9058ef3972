// Tells the operator when the database became unavailable and when it is back: one line each, not one per failure.
// Never probes on its own while all is well: a failed connection (or a failed readiness probe) starts the watch.

import type { Logger } from 'pino';
import type { DatabaseProbe } from './probe.ts';

export interface AvailabilityWatch {
  /** Something failed on a connection: probe now, and if the database does not answer, report it and watch for its return. */
  suspect(): void;
  /** A probe's answer (readiness checks and scrapes also probe). */
  observe(up: boolean): void;
  stop(): void;
}

export function createAvailabilityWatch(deps: { probe: Pick<DatabaseProbe, 'check'>; logger: Pick<Logger, 'warn' | 'info'>; intervalMs: number }): AvailabilityWatch {
  let downSince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function observe(up: boolean): void {
    if (stopped) return;
    if (!up && downSince === null) {
      downSince = Date.now();
      deps.logger.warn({ event: 'database.unavailable' }, 'database unavailable: requests answer 503 until it is back');
      timer = setInterval(() => void deps.probe.check(), deps.intervalMs);
      timer.unref();
    } else if (up && downSince !== null) {
      deps.logger.info({ event: 'database.back', downSeconds: Math.round((Date.now() - downSince) / 1000) }, 'database back');
      downSince = null;
      if (timer) clearInterval(timer);
      timer = null;
    }
  }

  return {
    suspect() {
      if (downSince === null && !stopped) void deps.probe.check();
    },
    observe,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
