// The Trust Score recompute loop: every interval, each tenant whose last recompute is that old is recomputed, by one
// hub at a time (a lease per tenant); recomputes on demand run through it too. Never throws out of the loop.

import type pg from 'pg';
import type { Logger } from 'pino';
import { finishedWithin } from '../core/bounded-wait.ts';
import type { LeaseHolder } from '../db/leases.ts';
import type { Metrics } from '../metrics.ts';
import { holdEveryFreeTenant } from '../store/tenant-leases.ts';
import { listTenantsDueForRecompute } from './score-queries.ts';
import type { Recompute, ScoreService } from './score-service.ts';

export interface RecomputeLoopDeps {
  owner: pg.Pool;
  service: Pick<ScoreService, 'recompute'>;
  leases: Pick<LeaseHolder, 'tryHold' | 'tryHoldAll' | 'holds' | 'heldKeys' | 'stop'>;
  intervalMs: number;
  metrics: Pick<Metrics, 'trustScoreRecomputeSeconds' | 'trustScoreRecomputes' | 'trustScoreRescoredSubjects' | 'trustScoreLastSuccess'>;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
}

type Trigger = 'schedule' | 'demand';

/** How often a tenant is checked for being due, as a share of the interval: a recompute is at most this late. */
const CHECKS_PER_INTERVAL = 10;

export function createRecomputeLoop(deps: RecomputeLoopDeps) {
  const running = new Map<string, Promise<Recompute>>();
  const waiting = new Map<string, ((r: Recompute) => void)[]>();
  let timer: NodeJS.Timeout | null = null;
  let pass: Promise<void> | null = null;
  let stopping = false;

  /** Recomputes one tenant after whatever recompute of it this hub is running (each answer reflects the call's time). */
  function recompute(tenantId: string, trigger: Trigger): Promise<Recompute> {
    const previous = running.get(tenantId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => timed(tenantId, trigger));
    running.set(tenantId, next);
    void next.finally(() => { if (running.get(tenantId) === next) running.delete(tenantId); }).catch(() => undefined);
    return next;
  }

  async function timed(tenantId: string, trigger: Trigger): Promise<Recompute> {
    const end = deps.metrics.trustScoreRecomputeSeconds.startTimer({ trigger });
    try {
      const r = await deps.service.recompute(tenantId);
      const seconds = end();
      deps.metrics.trustScoreRecomputes.inc({ trigger, outcome: 'ok' });
      deps.metrics.trustScoreRescoredSubjects.inc({ mode: r.mode }, r.rescored);
      deps.metrics.trustScoreLastSuccess.set(Date.now() / 1000);
      deps.logger.info({ tenantId, trigger, mode: r.mode, subjects: r.subjects, rescored: r.rescored, removed: r.removed, score: r.score, durationMs: Math.round(seconds * 1000) }, 'trust score recomputed');
      for (const w of waiting.get(tenantId) ?? []) w(r);
      waiting.delete(tenantId);
      return r;
    } catch (err) {
      end();
      deps.metrics.trustScoreRecomputes.inc({ trigger, outcome: 'failed' });
      throw err;
    }
  }

  /**
   * One round: every free lease taken, then the held tenants whose last recompute (by any hub) is at least an interval
   * old are recomputed, one at a time. Two statements find them however many tenants there are.
   */
  async function runPass(): Promise<void> {
    const held = await holdEveryFreeTenant(deps.owner, deps.leases);
    if (held.length === 0) return;
    const due = await listTenantsDueForRecompute(deps.owner, held, new Date(deps.clock().getTime() - deps.intervalMs));
    for (const tenantId of due) {
      if (stopping) return;
      await recompute(tenantId, 'schedule').catch((err) => deps.logger.error({ err, tenantId }, 'trust score recompute failed; the next round tries again'));
    }
  }

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      pass = runPass().catch((err) => deps.logger.error({ err }, 'trust score round failed; the next round tries again')).finally(schedule);
    }, Math.max(1, Math.floor(deps.intervalMs / CHECKS_PER_INTERVAL)));
    timer.unref();
  }

  return {
    /** Recomputes the tenant now (POST /v1/trust-score/recompute); no lease needed, the tenant's score lock serialises writers. */
    recomputeNow: (tenantId: string) => recompute(tenantId, 'demand'),
    /** Resolves with the tenant's next recompute finished on this hub (tests wait on it instead of sleeping). */
    nextRecompute(tenantId: string): Promise<Recompute> {
      return new Promise((resolve) => waiting.set(tenantId, [...(waiting.get(tenantId) ?? []), resolve]));
    },
    /** One round now (tests; the timer runs them otherwise). */
    runPass,
    /**
     * The first round comes one check interval after start, not at once: a hub that just started first catches up its
     * feeds and serves ingest (a fresh database's first round scores every subject, seconds of CPU on the event loop).
     */
    start(): void {
      schedule();
    },
    async stop(deadline: number): Promise<void> {
      stopping = true;
      if (timer) clearTimeout(timer);
      const left = Math.max(0, deadline - Date.now());
      await finishedWithin(Promise.allSettled([pass, ...running.values()]), left);
      await deps.leases.stop();
    },
  };
}

export type RecomputeLoop = ReturnType<typeof createRecomputeLoop>;
