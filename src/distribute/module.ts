// The distribute stage as one module: follows the block changes feed and keeps every enforcement target in step with
// each tenant's active blocks. Reads block state only; the decider (decide/) stays its one writer.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { NotificationListener } from '../db/notifications.ts';
import type { Metrics } from '../metrics.ts';
import type { StageModule } from '../hub/stage-module.ts';
import { createBlockFollower } from './block-follower.ts';
import { createBouncerService } from './crowdsec-stream.ts';
import { registerCrowdsecRoutes } from './crowdsec-routes.ts';

export interface DistributeModuleDeps {
  config: Config;
  pools: { owner: pg.Pool; app: pg.Pool };
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
}

/** Active blocks read and written per page of a CrowdSec startup answer. */
const BOUNCER_PAGE_SIZE = 5000;

export function createDistributeModule(deps: DistributeModuleDeps) {
  const { config, pools, notifications, logger } = deps;
  const follower = createBlockFollower({ owner: pools.owner, app: pools.app, notifications, pollIntervalMs: config.blockFollowPollMs, logger });
  const bouncers = createBouncerService({
    app: pools.app, clock: deps.clock, pageSize: BOUNCER_PAGE_SIZE, onPull: (kind) => deps.metrics.bouncerPulls.inc({ kind }),
  });
  const module: StageModule & { follower: typeof follower } = {
    name: 'distribute',
    follower,
    routes(app) {
      registerCrowdsecRoutes(app, { app: pools.app, bouncers, gzip: config.crowdsecGzip });
    },
    async start() { await follower.start(); },
    async stop() { await follower.stop(); },
  };
  return module;
}
