// The score stage as one module: the Trust Score recompute loop (every tenant, one hub per tenant at a time), the feed
// consumer keeping the current-signal pointers, and the Trust Score API. Writes only the score stage's own tables.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import { createLeaseHolder } from '../db/leases.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { Metrics } from '../metrics.ts';
import { createPointerKeeper } from './pointer-keeper.ts';
import { createRecomputeLoop } from './recompute-loop.ts';
import { createScoreService } from './score-service.ts';
import { registerTrustScoreRoutes } from './score-routes.ts';

export interface ScoreModuleDeps {
  config: Pick<Config, 'trustScoreIntervalMs' | 'feedConsume' | 'feedPollIntervalMs' | 'feedBatchSize'>;
  /** The owner's connection string: the recompute leases live on a connection of their own. */
  ownerUrl: string;
  pools: { owner: pg.Pool; app: pg.Pool };
  policy: Pick<PolicyStore, 'forTenant'>;
  /** Awaited before each pointer statement: holds the keeper back while this hub's ingest is heavy (the store's IngestPressure). */
  ingestFirst: () => Promise<number>;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
}

/** Days of tenant and subject score history kept (the longest trend range). */
export const SCORE_HISTORY_DAYS = 365;

export function createScoreModule(deps: ScoreModuleDeps) {
  const { pools, logger } = deps;
  const service = createScoreService({ app: pools.app, policy: deps.policy, clock: deps.clock, historyRetentionDays: SCORE_HISTORY_DAYS });
  const loop = createRecomputeLoop({
    owner: pools.owner, service, intervalMs: deps.config.trustScoreIntervalMs, metrics: deps.metrics, clock: deps.clock, logger,
    leases: createLeaseHolder({ url: deps.ownerUrl, namespace: 'quorum.trust_score.recompute', logger }),
  });
  const pointerLeases = createLeaseHolder({ url: deps.ownerUrl, namespace: 'quorum.feed.current_signals', logger });
  const pointers = createPointerKeeper({
    owner: pools.owner, app: pools.app, leases: pointerLeases, logger, metrics: deps.metrics, ingestFirst: deps.ingestFirst,
    pollIntervalMs: deps.config.feedPollIntervalMs, batchSize: deps.config.feedBatchSize,
  });
  const module: StageModule & { service: typeof service; loop: typeof loop; pointers: typeof pointers } = {
    name: 'score',
    service,
    loop,
    pointers,
    routes(app) {
      registerTrustScoreRoutes(app, { service, recomputeNow: loop.recomputeNow });
    },
    start() {
      loop.start();
      // An ingest-only hub leaves the feed to the others. Commits do not wake the keeper (one statement per commit
      // would double PostgreSQL's work for single-signal posts): it polls, and readers merge in the rows since.
      if (!deps.config.feedConsume) return;
      pointers.start();
    },
    async stop(deadline) {
      await pointers.stop(Math.max(0, deadline - Date.now()));
      await loop.stop(deadline);
    },
  };
  return module;
}
