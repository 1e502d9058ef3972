// The correlate stage as one module: two consumers of the committed signals feed (the rules that decide, those that only
// record their groups) under per-tenant leases feed the engine; decisions go to the Decisions given, never written here.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { createLeaseHolder } from '../db/leases.ts';
import type { Metrics } from '../metrics.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { CommitNotices } from '../store/commit-notices.ts';
import { createFeedConsumer, type FeedConsumer } from '../store/signal-feed.ts';
import type { StoredSignalBus } from '../store/stored-signal-bus.ts';
import type { Decisions } from './decisions.ts';
import { createCorrelationEngine } from './engine.ts';
import { feedInterestOf, hasRulesOf, type RuleSet } from './routing.ts';
import type { PolicyStore } from './policy-store.ts';

export interface CorrelateModuleDeps {
  config: Config;
  /** The owner's connection string: leases hold advisory locks on a connection of their own. */
  ownerUrl: string;
  pools: { owner: pg.Pool; app: pg.Pool };
  policy: Pick<PolicyStore, 'forTenant'>;
  decisions: Decisions;
  commits: { bus: Pick<StoredSignalBus, 'subscribe'>; notices: Pick<CommitNotices, 'onOtherHubCommit'> };
  /** Awaited before each feed read: holds the consumers back while this hub's ingest is heavy (the store's IngestPressure). */
  ingestFirst: () => Promise<number>;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
}

/** Each rule set's feed consumer: the name its positions, leases and metrics go under. */
const CONSUMER_NAMES: Record<RuleSet, string> = { deciding: 'correlation', recording: 'correlation_recording' };

export function createCorrelateModule(deps: CorrelateModuleDeps) {
  const { config, pools, logger } = deps;
  const engine = createCorrelationEngine({ pool: pools.app, policy: deps.policy, decider: deps.decisions, metrics: deps.metrics, clock: deps.clock, logger });

  /** `first`: the consumer this one yields to (the rules that only record wait while a pass of those that decide runs). */
  function consumerOf(set: RuleSet, first?: FeedConsumer) {
    const name = CONSUMER_NAMES[set];
    const leases = createLeaseHolder({ url: deps.ownerUrl, namespace: `quorum.feed.${name}`, logger });
    const feed = createFeedConsumer({
      name, owner: pools.owner, app: pools.app, handle: (batch) => engine.onBatch(batch, [set]), metrics: deps.metrics, logger, leases,
      interest: async (tenantId) => feedInterestOf((await deps.policy.forTenant(tenantId)).config, set),
      // Rules that only record may be absent (the shipped policy has none): their consumer then reads nothing. The rules
      // that decide are never idle, since ends withdraw their blocks even once the rules are gone.
      idle: set === 'recording' ? async (tenantId) => !hasRulesOf((await deps.policy.forTenant(tenantId)).config, set) : undefined,
      pollIntervalMs: config.feedPollIntervalMs, batchSize: config.feedBatchSize, lagWarnSeconds: config.feedLagWarnSeconds, ingestFirst: deps.ingestFirst,
      yieldTo: first,
    });
    // The feed in PostgreSQL is the truth; commits only wake the consumer early: this hub's own in process, other hubs'
    // by a notice to whichever hub holds the tenant's lease (the others would only fail to take it).
    deps.commits.notices.onOtherHubCommit((tenantId) => { if (leases.holds(tenantId)) feed.wake(tenantId); });
    return feed;
  }

  // A decision is a block: its latency matters; the recording rules' bookkeeping can start a pass later.
  const deciding = consumerOf('deciding');
  const feeds = { deciding, recording: consumerOf('recording', deciding) };
  const both = [feeds.deciding, feeds.recording];
  let unsubscribe = () => {};
  const module: StageModule & { engine: typeof engine; feeds: typeof feeds; caughtUp: () => Promise<void> } = {
    name: 'correlate',
    engine,
    feeds,
    /** Resolves once both consumers have handled what was committed before the call (tests, benchmarks). */
    caughtUp: async () => { await Promise.all(both.map((f) => f.caughtUp())); },
    start() {
      // An ingest-only hub (feedConsume false) leaves the feed to the others: its own commits must not wake it either.
      if (!config.feedConsume) return;
      const offs = both.map((f) => deps.commits.bus.subscribe(f.committed));
      unsubscribe = () => { offs.forEach((off) => off()); };
      both.forEach((f) => f.start());
    },
    async stop(deadline: number) {
      unsubscribe();
      await Promise.all(both.map((f) => f.stop(Math.max(0, deadline - Date.now()))));
    },
  };
  return module;
}
