// The reconciliation loop: expires open groups whose window ended (corroboration timeouts) and blocks whose TTL ran out,
// closes incidents whose TTL passed, lifts a tenant's active blocks that its effective safelist (the hub's plus its own)
// now covers, and tells decided groups.
// Works tenant by tenant under RLS, only in tenants with something due; never throws out of the loop (a failed round is
// logged and retried next tick).

import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../db/pools.ts';
import type { Metrics } from '../metrics.ts';
import { copyBlockEnds, expireDueGroups } from '../correlate/group-queries.ts';
import { closeQuietIncidents } from '../correlate/incident-queries.ts';
import type { Decider } from './decider.ts';
import { listTenantsWithDueWork } from './reconcile-queries.ts';

export interface ReconcilerDeps {
  owner: Pick<pg.Pool, 'query'>;
  app: pg.Pool;
  metrics: Pick<Metrics, 'corroborationTimeouts' | 'groupSources' | 'incidentsClosed'>;
  /** The one writer of mitigation state: expiring and lifting go through it so that each change reaches the feed. */
  decider: Pick<Decider, 'expireDue' | 'lift'>;
  /** The tenant's effective policy safelist (hub entries plus the tenant's own), read each round so changes apply without a restart. */
  safelist: (tenantId: string) => string[] | Promise<string[]>;
  clock: () => Date;
  logger: Pick<Logger, 'error' | 'debug'>;
}

export function createReconciler(deps: ReconcilerDeps) {
  /** One round over every tenant with something due; returns how many groups and mitigations it expired. */
  async function reconcile(): Promise<{ groupsExpired: number; mitigationsExpired: number; mitigationsLifted: number }> {
    const now = deps.clock();
    const tenants = await listTenantsWithDueWork(deps.owner, now);
    let groupsExpired = 0;
    let mitigationsExpired = 0;
    let mitigationsLifted = 0;
    for (const id of tenants) {
      // Per tenant: a tenant's own safelist lifts only its own blocks; the hub's entries are in every tenant's list.
      const safelist = await deps.safelist(id);
      await withTenant(deps.app, id, async (c) => {
        const groups = await expireDueGroups(c, id, now);
        for (const g of groups) deps.metrics.groupSources.observe(g.source_count);
        deps.metrics.corroborationTimeouts.inc(groups.length);
        groupsExpired += groups.length;
        mitigationsExpired += (await deps.decider.expireDue(c, id)).length;
        mitigationsLifted += (await deps.decider.lift(c, id, safelist, 'covered by the policy safelist')).length;
      });
      // A decided group says why its block ended, whatever ended it (its sources already wrote theirs), and incidents
      // whose TTL passed close. A transaction of its own: the engine locks groups before the decision lock (and before
      // incidents), so taking groups after it here could deadlock.
      const closed = await withTenant(deps.app, id, async (c) => {
        await copyBlockEnds(c, id);
        return closeQuietIncidents(c, id, now);
      });
      deps.metrics.incidentsClosed.inc({ reason: 'quiet' }, closed);
    }
    return { groupsExpired, mitigationsExpired, mitigationsLifted };
  }

  let running = false;
  let again = false;
  /** A round now, or right after the one under way (requests meanwhile make one more round, not one each). */
  function soon(): void {
    if (running) return void (again = true);
    running = true;
    reconcile().catch((err) => deps.logger.error({ err }, 'reconciliation failed')).finally(() => {
      running = false;
      if (again) {
        again = false;
        soon();
      }
    });
  }

  return {
    reconcile,
    soon,
    /** Runs a round every interval; returns the stop function. */
    start(intervalMs: number): () => void {
      const timer = setInterval(() => { if (!running) soon(); }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;
