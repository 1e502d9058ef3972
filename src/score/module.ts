// The score stage as one module: the Trust Score recompute loop (every tenant, one hub per tenant at a time) and the
// Trust Score API. Reads signals and blocks; writes only the score tables, through score-writer.ts.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import { createLeaseHolder } from '../db/leases.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { Metrics } from '../metrics.ts';
import { createRecomputeLoop } from './recompute-loop.ts';
import { createScoreService } from './score-service.ts';
import { registerTrustScoreRoutes } from './score-routes.ts';

export interface ScoreModuleDeps {
  config: Pick<Config, 'trustScoreIntervalMs'>;
  /** The owner's connection string: the recompute leases live on a connection of their own. */
  ownerUrl: string;
  pools: { owner: pg.Pool; app: pg.Pool };
  policy: Pick<PolicyStore, 'forTenant'>;
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
    owner: pools.owner, app: pools.app, service, intervalMs: deps.config.trustScoreIntervalMs, metrics: deps.metrics, clock: deps.clock, logger,
    leases: createLeaseHolder({ url: deps.ownerUrl, namespace: 'quorum.trust_score.recompute', logger }),
  });
  const module: StageModule & { service: typeof service; loop: typeof loop } = {
    name: 'score',
    service,
    loop,
    routes(app) {
      registerTrustScoreRoutes(app, { service, recomputeNow: loop.recomputeNow });
    },
    start: () => loop.start(),
    stop: (deadline) => loop.stop(deadline),
  };
  return module;
}
