// The reconciliation loop: expires open groups whose window ended (corroboration timeouts) and blocks whose TTL ran out,
// and lifts active blocks that the config's safelist now covers.
// Works tenant by tenant under RLS; never throws out of the loop (a failed round is logged and retried next tick).

import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../db/pools.ts';
import type { Metrics } from '../metrics.ts';
import { expireDueGroups } from '../correlate/group-queries.ts';
import { expireDueMitigations, withdrawOverlapping } from './mitigation-queries.ts';

export interface ReconcilerDeps {
  owner: Pick<pg.Pool, 'query'>;
  app: pg.Pool;
  metrics: Pick<Metrics, 'corroborationTimeouts' | 'groupSources' | 'mitigationsWithdrawn'>;
  /** The config's safelist, read each round so a PUT or reload takes effect without a restart. */
  safelist: () => string[];
  clock: () => Date;
  logger: Pick<Logger, 'error' | 'debug'>;
}

export function createReconciler(deps: ReconcilerDeps) {
  /** One round over every tenant; returns how many groups and mitigations it expired. */
  async function reconcile(): Promise<{ groupsExpired: number; mitigationsExpired: number; mitigationsLifted: number }> {
    const now = deps.clock();
    const tenants = (await deps.owner.query<{ id: string }>('SELECT id FROM tenants')).rows;
    const safelist = deps.safelist();
    let groupsExpired = 0;
    let mitigationsExpired = 0;
    let mitigationsLifted = 0;
    for (const { id } of tenants) {
      await withTenant(deps.app, id, async (c) => {
        const groups = await expireDueGroups(c, id, now);
        for (const g of groups) deps.metrics.groupSources.observe(g.source_count);
        deps.metrics.corroborationTimeouts.inc(groups.length);
        groupsExpired += groups.length;
        mitigationsExpired += (await expireDueMitigations(c, id, now)).length;
        const lifted = await withdrawOverlapping(c, id, safelist, now, 'covered by the config safelist');
        deps.metrics.mitigationsWithdrawn.inc({ reason: 'safelisted' }, lifted.length);
        mitigationsLifted += lifted.length;
      });
    }
    return { groupsExpired, mitigationsExpired, mitigationsLifted };
  }

  return {
    reconcile,
    /** Runs a round every interval; returns the stop function. */
    start(intervalMs: number): () => void {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        reconcile().catch((err) => deps.logger.error({ err }, 'reconciliation failed')).finally(() => { running = false; });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;
