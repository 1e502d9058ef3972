// The correlate stage as one module: the correlation engine fed by the committed signals feed, under per-tenant leases.
// Hands corroborated groups to the Decisions it is given; never writes block state itself.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { createLeaseHolder } from '../db/leases.ts';
import type { Metrics } from '../metrics.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { CommitNotices } from '../store/commit-notices.ts';
import { createFeedConsumer } from '../store/signal-feed.ts';
import type { StoredSignalBus } from '../store/stored-signal-bus.ts';
import type { Decisions } from './decisions.ts';
import { createCorrelationEngine } from './engine.ts';
import { feedInterestOf } from './routing.ts';
import type { PolicyStore } from './policy-store.ts';

export interface CorrelateModuleDeps {
  config: Config;
  /** The owner's connection string: leases hold advisory locks on a connection of their own. */
  ownerUrl: string;
  pools: { owner: pg.Pool; app: pg.Pool };
  policy: Pick<PolicyStore, 'forTenant'>;
  decisions: Decisions;
  commits: { bus: Pick<StoredSignalBus, 'subscribe'>; notices: Pick<CommitNotices, 'onOtherHubCommit'> };
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
}

export function createCorrelateModule(deps: CorrelateModuleDeps) {
  const { config, pools, logger } = deps;
  const engine = createCorrelationEngine({ pool: pools.app, policy: deps.policy, decider: deps.decisions, metrics: deps.metrics, clock: deps.clock, logger });
  const leases = createLeaseHolder({ url: deps.ownerUrl, namespace: 'quorum.feed.correlation', logger });
  const feed = createFeedConsumer({
    name: 'correlation', owner: pools.owner, app: pools.app, handle: engine.onBatch, metrics: deps.metrics, logger, leases,
    interest: async (tenantId) => feedInterestOf((await deps.policy.forTenant(tenantId)).config),
    pollIntervalMs: config.feedPollIntervalMs, batchSize: config.feedBatchSize, lagWarnSeconds: config.feedLagWarnSeconds,
  });
  // The feed in PostgreSQL is the truth; commits only wake the consumer early: this hub's own in process, other hubs'
  // by a notice to whichever hub holds the tenant's lease (the others would only fail to take it).
  deps.commits.notices.onOtherHubCommit((tenantId) => { if (leases.holds(tenantId)) feed.wake(tenantId); });
  let unsubscribe = () => {};
  const module: StageModule & { engine: typeof engine; feed: typeof feed } = {
    name: 'correlate',
    engine,
    feed,
    start() {
      // An ingest-only hub (feedConsume false) leaves the feed to the others: its own commits must not wake it either.
      if (!config.feedConsume) return;
      const off = deps.commits.bus.subscribe(feed.committed);
      unsubscribe = () => { off(); };
      feed.start();
    },
    async stop(deadline: number) {
      unsubscribe();
      await feed.stop(Math.max(0, deadline - Date.now()));
    },
  };
  return module;
}
