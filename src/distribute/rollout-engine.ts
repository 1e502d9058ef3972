// Drives every tenant's rollouts on every hub: a round on each push outcome (NOTIFY), after a reconnect and on a poll.
// A wake-up only: each round re-reads durable state, and row locks let one hub advance a rollout at a time. Never throws out of its loop.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { NotificationListener } from '../db/notifications.ts';
import { COMMAND_OUTCOME_CHANNEL } from './command-queries.ts';
import type { Rollouts } from './rollouts.ts';
import { rolloutTenants } from './rollout-queries.ts';

export interface RolloutEngineDeps {
  owner: Pick<pg.Pool, 'query'>;
  rollouts: Pick<Rollouts, 'stepTenant'>;
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  /** How often every tenant with rollout work gets a round without a wake-up (QUORUM_ROLLOUT_POLL_MS). */
  pollMs: number;
  logger: Pick<Logger, 'error'>;
}

export function createRolloutEngine(deps: RolloutEngineDeps) {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;

  /** One round over every tenant with rollout work (quorum_rollout_tenants). */
  async function round(): Promise<void> {
    for (const t of await rolloutTenants(deps.owner)) {
      await deps.rollouts.stepTenant(t).catch((err) => deps.logger.error({ err, tenantId: t }, 'advancing rollouts failed; trying again next round'));
    }
  }

  /** Runs a round now, or right after the one running (rounds never overlap on one hub). */
  function wake(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await round().catch((err) => deps.logger.error({ err }, 'a rollout round failed; trying again next round'));
      } while (again && !stopped);
    })().finally(() => { running = null; });
    return running;
  }

  return {
    wake,
    start(): void {
      stopped = false;
      deps.notifications.on(COMMAND_OUTCOME_CHANNEL, () => void wake());
      deps.notifications.onReconnect(() => void wake());
      timer = setInterval(() => void wake(), deps.pollMs);
      timer.unref();
      void wake();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
export type RolloutEngine = ReturnType<typeof createRolloutEngine>;
