// The distribute stage as one module: follows the block changes feed and keeps every enforcement target in step with
// each tenant's active blocks, serves the plain exports, and delivers fleet commands. Reads block state only (the decider writes it).

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import type { NotificationListener } from '../db/notifications.ts';
import type { Metrics } from '../metrics.ts';
import type { StageModule } from '../hub/stage-module.ts';
import { createBlockFollower } from './block-follower.ts';
import { createBgpTarget } from './bgp/target.ts';
import { registerExportRoutes } from './export-routes.ts';
import type { BlocklistSessions, CommandSessions } from '../ingest/ports.ts';
import { createCommandDelivery } from './command-delivery.ts';
import { startCommandSweep } from './command-sweep.ts';
import { deliverySettings } from './command-types.ts';
import { createCommandService } from './commands.ts';
import { createSensorBlocklists } from './sensor-blocklists.ts';
import { createBouncerService } from './crowdsec-stream.ts';
import { registerCrowdsecRoutes } from './crowdsec-routes.ts';
import { createStreamLimits } from './stream-limits.ts';
import { createRollouts } from './rollouts.ts';
import { createRolloutEngine } from './rollout-engine.ts';

export interface DistributeModuleDeps {
  config: Config;
  /** The owner's connection string: targets that run on one hub at a time hold a lease on a connection of their own. */
  ownerUrl: string;
  pools: { owner: pg.Pool; app: pg.Pool };
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  /** Playbook settings of each tenant (how a block is announced to routers). */
  policy: Pick<PolicyStore, 'forTenant' | 'onChange'>;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
  /** The sensor sessions connected to this hub (the ingest gateway), for the sensor target's pushes. */
  sensorSessions: BlocklistSessions;
  /** The approved sensor sessions connected to this hub, for fleet command delivery. */
  commandSessions: CommandSessions;
}

/** Active blocks read and written per page of a CrowdSec startup answer. */
const BOUNCER_PAGE_SIZE = 5000;

export function createDistributeModule(deps: DistributeModuleDeps) {
  const { config, pools, notifications, logger } = deps;
  const follower = createBlockFollower({ owner: pools.owner, app: pools.app, notifications, pollIntervalMs: config.blockFollowPollMs, logger });
  const sensorBlocklists = createSensorBlocklists({
    app: pools.app, sessions: deps.sensorSessions, maxEntries: config.sensorBlocklistMaxEntries, maxDelta: config.sensorBlocklistMaxDelta,
    caughtUpWith: follower.caughtUpWith,
    metrics: deps.metrics, clock: deps.clock, logger,
  });
  follower.onChanges(sensorBlocklists.onChanges);
  const bgp = createBgpTarget(deps);
  if (bgp) follower.onChanges((tenantId, changes) => bgp.onChanges(tenantId, changes));
  const bouncers = createBouncerService({
    app: pools.app, clock: deps.clock, pageSize: BOUNCER_PAGE_SIZE, onPull: (kind) => { deps.metrics.bouncerPulls.inc({ kind }); deps.metrics.enforcementDeliveries.inc({ target: 'bouncers' }); },
  });
  const rollouts = createRollouts({
    app: pools.app, clock: deps.clock, logger, metrics: deps.metrics, maxRepairs: config.rolloutDriftRepairs,
    delivery: deliverySettings(config.commandDelivery), commandExpiresAfterMs: config.commandExpiryMs,
    thresholds: { staleAfterMs: config.sensorStaleAfterMs, offlineAfterMs: config.sensorOfflineAfterMs },
  });
  const rolloutEngine = createRolloutEngine({ owner: pools.owner, rollouts, notifications, pollMs: config.rolloutPollMs, logger });
  const commands = createFleetCommands(deps);
  const streamLimits = createStreamLimits({
    concurrency: config.blocklistStreams, perTenant: config.blocklistStreamsPerTenant, timeoutMs: config.blocklistStreamTimeoutMs, metrics: deps.metrics,
  });
  let sweep: { stop(): Promise<void> } | null = null;
  const module: StageModule & {
    follower: typeof follower; sensorBlocklists: typeof sensorBlocklists; bgp: typeof bgp; commands: typeof commands; rollouts: typeof rollouts;
    rolloutEngine: typeof rolloutEngine; enforcement(): Record<string, string>;
  } = {
    name: 'distribute',
    follower,
    rollouts,
    rolloutEngine,
    sensorBlocklists,
    bgp,
    commands,
    routes(app) {
      registerExportRoutes(app, { app: pools.app, clock: deps.clock, logger, limits: streamLimits });
      registerCrowdsecRoutes(app, { app: pools.app, bouncers, gzip: config.crowdsecGzip, limits: streamLimits });
    },
    /** Each enabled target's state for /readyz (`degraded` never makes the hub unready: ingest does not depend on it). */
    enforcement: (): Record<string, string> => (bgp ? { bgp: bgp.state() } : {}),
    async start() {
      await follower.start();
      bgp?.start();
      rolloutEngine.start();
      // A playbook's router settings changed: the routes follow at once, not at the next reconcile.
      if (bgp) deps.policy.onChange(() => void bgp.reconcile());
      commands.delivery.start();
      sweep = startCommandSweep({
        owner: pools.owner, metrics: deps.metrics, logger, clock: deps.clock, intervalMs: config.commandSweepMs,
      });
    },
    async stop() {
      await rolloutEngine.stop();
      await sweep?.stop();
      await follower.stop();
      await bgp?.stop();
    },
  };
  return module;
}

/** Fleet commands: the API's service, the delivery to this hub's sessions (its `source` is ingest's port). */
function createFleetCommands(deps: DistributeModuleDeps) {
  const { config, pools } = deps;
  const delivery = createCommandDelivery({
    app: pools.app, sessions: deps.commandSessions, notifications: deps.notifications, metrics: deps.metrics, logger: deps.logger, clock: deps.clock,
    retryMs: config.commandSweepMs,
  });
  const service = createCommandService({
    app: pools.app, clock: deps.clock, metrics: deps.metrics,
    settings: {
      delivery: deliverySettings(config.commandDelivery), maxOpen: config.commandMaxOpen, expiryMs: config.commandExpiryMs,
      maxPayloadBytes: config.commandMaxPayloadBytes, maxJsonDepth: config.maxJsonDepth,
    },
  });
  return { delivery, service };
}
