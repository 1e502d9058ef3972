// The decide stage as one module: the decider (the one writer of block state), the protected addresses it checks, the
// reconciler that expires and lifts blocks, and the auto-blocklist fed by the signals feed. Nothing else changes mitigations.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { createLeaseHolder } from '../db/leases.ts';
import type { Metrics } from '../metrics.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { CommitNotices } from '../store/commit-notices.ts';
import { createFeedConsumer } from '../store/signal-feed.ts';
import type { StoredSignalBus } from '../store/stored-signal-bus.ts';
import { createAutoBlocklist } from './auto-blocklist.ts';
import { createDecider } from './decider.ts';
import { createProtectedAddresses, type SensorAddressSource } from './protected-addresses.ts';
import { createReconciler } from './reconciler.ts';

export interface DecideModuleDeps {
  config: Config;
  /** The owner's connection string: the auto-blocklist's feed leases hold advisory locks on a connection of their own. */
  ownerUrl: string;
  pools: { owner: pg.Pool; app: pg.Pool };
  /** Commits wake the auto-blocklist's feed consumer early (the feed in PostgreSQL is the truth). */
  commits: { bus: Pick<StoredSignalBus, 'subscribe'>; notices: Pick<CommitNotices, 'onOtherHubCommit'> };
  /** Awaited before each feed read: holds the consumers back while this hub's ingest is heavy (the store's IngestPressure). */
  ingestFirst: () => Promise<number>;
  policy: Pick<PolicyStore, 'forTenant' | 'onChange'>;
  /** Addresses of a tenant's registered sensors, never to be blocked by that tenant. */
  sensorAddresses: SensorAddressSource;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
}

export function createDecideModule(deps: DecideModuleDeps) {
  const { config, pools, policy, metrics, clock, logger } = deps;
  const protectedAddresses = createProtectedAddresses({ listenHost: config.host, sensorAddresses: deps.sensorAddresses });
  const decider = createDecider({ guardrails: async (tenantId) => (await policy.forTenant(tenantId)).config.guardrails, protectedAddresses, metrics, clock, logger });
  const reconciler = createReconciler({
    owner: pools.owner, app: pools.app, decider, metrics, clock, logger, safelist: async (tenantId) => (await policy.forTenant(tenantId)).config.guardrails.safelist,
  });
  const autoBlocklist = createAutoBlocklist({ pool: pools.app, policy, decider, metrics, clock, logger });
  const leases = createLeaseHolder({ url: deps.ownerUrl, namespace: 'quorum.feed.auto_blocklist', logger });
  const autoBlockFeed = createFeedConsumer({
    name: 'auto_blocklist', owner: pools.owner, app: pools.app, handle: autoBlocklist.onBatch, idle: autoBlocklist.idle, interest: autoBlocklist.interest, metrics, logger, leases,
    pollIntervalMs: config.feedPollIntervalMs, batchSize: config.feedBatchSize, lagWarnSeconds: config.feedLagWarnSeconds, ingestFirst: deps.ingestFirst,
  });
  deps.commits.notices.onOtherHubCommit((tenantId) => { if (leases.holds(tenantId)) autoBlockFeed.wake(tenantId); });
  let stopReconciler = () => {};
  let reconciling = false;
  let unsubscribe = () => {};
  const module: StageModule & { decider: typeof decider; reconciler: typeof reconciler; protectedAddresses: typeof protectedAddresses; autoBlockFeed: typeof autoBlockFeed } = {
    name: 'decide',
    decider,
    reconciler,
    protectedAddresses,
    autoBlockFeed,
    start() {
      stopReconciler = reconciler.start(config.reconcileIntervalMs);
      // A new policy safelist entry lifts the blocks it covers at once, not at the next round.
      reconciling = true;
      policy.onChange(() => { if (reconciling) reconciler.soon(); });
      // An ingest-only hub (feedConsume false) leaves the feed to the others: its own commits must not wake it either.
      if (!config.feedConsume) return;
      unsubscribe = deps.commits.bus.subscribe(autoBlockFeed.committed);
      autoBlockFeed.start();
    },
    async stop(deadline: number) {
      reconciling = false;
      stopReconciler();
      unsubscribe();
      await autoBlockFeed.stop(Math.max(0, deadline - Date.now()));
    },
  };
  return module;
}
