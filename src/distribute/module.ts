// The distribute stage as one module: follows the block changes feed and keeps every enforcement target in step with
// each tenant's active blocks. Reads block state only; the decider (decide/) stays its one writer.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { NotificationListener } from '../db/notifications.ts';
import type { Metrics } from '../metrics.ts';
import type { StageModule } from '../hub/stage-module.ts';
import { createBlockFollower } from './block-follower.ts';
import type { BlocklistSessions } from '../ingest/ports.ts';
import { createSensorBlocklists } from './sensor-blocklists.ts';

export interface DistributeModuleDeps {
  config: Config;
  pools: { owner: pg.Pool; app: pg.Pool };
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
  /** The sensor sessions connected to this hub (the ingest gateway), for the sensor target's pushes. */
  sensorSessions: BlocklistSessions;
}

export function createDistributeModule(deps: DistributeModuleDeps) {
  const { config, pools, notifications, logger } = deps;
  const follower = createBlockFollower({ owner: pools.owner, app: pools.app, notifications, pollIntervalMs: config.blockFollowPollMs, logger });
  const sensorBlocklists = createSensorBlocklists({
    app: pools.app, sessions: deps.sensorSessions, maxEntries: config.sensorBlocklistMaxEntries, maxDelta: config.sensorBlocklistMaxDelta,
    metrics: deps.metrics, clock: deps.clock, logger,
  });
  follower.onChanges(sensorBlocklists.onChanges);
  const module: StageModule & { follower: typeof follower; sensorBlocklists: typeof sensorBlocklists } = {
    name: 'distribute',
    follower,
    sensorBlocklists,
    async start() { await follower.start(); },
    async stop() { await follower.stop(); },
  };
  return module;
}
