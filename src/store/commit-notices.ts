// Tells the other hubs on the database that a tenant's signals were committed, so the one holding its feed lease wakes now, not at its next poll.
// A NOTIFY on its own statement after commit, never inside the ingest transaction: there it would serialise every commit on PostgreSQL's one notify lock.

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { NotificationListener } from '../db/notifications.ts';

const CHANNEL = 'quorum_signals_committed';

export interface CommitNoticeDeps {
  /** Any pool: the notice is one autocommitted `pg_notify`. */
  pool: Pick<pg.Pool, 'query'>;
  notifications: Pick<NotificationListener, 'on'>;
  logger: Pick<Logger, 'warn'>;
  /** At most one notice per tenant per interval; commits within it are folded into one trailing notice. */
  intervalMs?: number;
}

// Other hubs hear of a tenant's commits within ~20 ms (their poll is 250 ms), and a busy tenant costs at most 50 NOTIFYs/s.
const DEFAULT_INTERVAL_MS = 20;

export function createCommitNotices(deps: CommitNoticeDeps) {
  // A hub hears its own notices too; its own commits already woke its consumer in process.
  const origin = randomUUID();
  // Tenants inside their interval; true when a commit arrived during it (one more notice is owed at its end).
  const cooling = new Map<string, boolean>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  function send(tenantId: string): void {
    deps.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, `${origin} ${tenantId}`]).catch((err: unknown) => {
      // A lost notice only delays the other hubs to their next poll.
      if (!stopped) deps.logger.warn({ err, tenantId }, 'sending a commit notice failed; other hubs pick the signals up at their next poll');
    });
  }

  function committed(tenantId: string): void {
    if (stopped) return;
    if (cooling.has(tenantId)) return void cooling.set(tenantId, true);
    send(tenantId);
    cooling.set(tenantId, false);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const owed = cooling.get(tenantId);
      cooling.delete(tenantId);
      if (owed) committed(tenantId);
    }, deps.intervalMs ?? DEFAULT_INTERVAL_MS);
    timer.unref();
    timers.add(timer);
  }

  return {
    /** Call after a tenant's signals were committed in this process; notices are throttled per tenant. */
    committed,
    /** Calls `handler` with the tenant of each notice sent by another hub. Polling stays the truth: a notice may be lost. */
    onOtherHubCommit(handler: (tenantId: string) => void): void {
      deps.notifications.on(CHANNEL, (payload) => {
        const [from, tenantId] = payload.split(' ');
        if (from !== origin && tenantId) handler(tenantId);
      });
    },
    /** Sends nothing more (owed trailing notices are dropped: the other hubs' polls cover them). */
    stop(): void {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      cooling.clear();
    },
  };
}

export type CommitNotices = ReturnType<typeof createCommitNotices>;
