// The live dashboard as one piece of the present stage: /ws/dashboard's gateway, the tenants' event streams and the sources
// that fill them from durable state. Reads only; started and stopped by the present module.

import type http from 'node:http';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.ts';
import type { KeyStore } from '../../auth/key-store.ts';
import type { Principal } from '../../core/types.ts';
import type { BlockFollower } from '../../distribute/block-follower.ts';
import type { Metrics } from '../../metrics.ts';
import { deriveHealth } from '../../ingest/sensor-health.ts';
import { type HealthJudge } from './dashboard-queries.ts';
import { tenantExists } from '../../auth/tenant-queries.ts';
import { attachDashboardGateway } from './gateway.ts';
import { readSnapshot } from './snapshot.ts';
import { createDashboardSources } from './sources.ts';
import { createStreamRegistry } from './stream.ts';

export interface LiveDashboardDeps {
  /** The hub's clock: sensor health is judged against it (stale/offline after the settings' silence). */
  clock: () => Date;
  config: Config;
  server: http.Server;
  owner: pg.Pool;
  app: pg.Pool;
  keys: Pick<KeyStore, 'authenticate'>;
  authenticateSession?: (token: string) => Promise<Principal>;
  /** The block changes feed as this hub follows it (every tenant, whichever hub decided). */
  blockFollower: Pick<BlockFollower, 'onChanges'>;
  metrics: Metrics;
  logger: Logger;
}

export function createLiveDashboard(deps: LiveDashboardDeps) {
  const { config } = deps;
  const now = () => Date.now();
  const streams = createStreamRegistry({ bufferSize: config.dashboardReplayEvents, keepMs: config.dashboardResumeWindowMs, now });
  const judge: HealthJudge = (reported, last) => deriveHealth(reported, last, deps.clock(), { staleAfterMs: config.sensorStaleAfterMs, offlineAfterMs: config.sensorOfflineAfterMs });
  const sources = createDashboardSources({
    app: deps.app, streams, logger: deps.logger, signalTickMs: config.dashboardSignalTickMs, stateIntervalMs: config.dashboardStateIntervalMs,
    signalsPerTick: config.dashboardSignalsPerTick, judge,
  });
  // Added before the follower starts (the distribute module starts before this one).
  deps.blockFollower.onChanges((tenantId, changes) => sources.onBlockChanges(tenantId, changes));
  const gateway = attachDashboardGateway(deps.server, {
    keys: deps.keys, authenticateSession: deps.authenticateSession, streams, ready: (stream) => sources.ready(stream), metrics: deps.metrics, logger: deps.logger, now,
    snapshot: (tenantId) => readSnapshot(deps.app, tenantId, judge),
    tenantExists: (tenantId) => tenantExists(deps.owner, tenantId),
    maxConnections: config.dashboardMaxConnections, maxFrameBytes: config.dashboardMaxFrameBytes,
    limits: {
      authTimeoutMs: config.dashboardAuthTimeoutMs, ratePerSecond: config.dashboardRatePerSecond, rateBurst: config.dashboardRateBurst,
      sendBufferBytes: config.dashboardSendBufferBytes, signalsPerSecond: config.dashboardSignalsPerSecond, recheckMs: config.dashboardRecheckMs,
    },
  });
  let closing: Promise<void> | null = null;
  return {
    gateway,
    sources,
    start: () => sources.start(),
    /** Closes every dashboard (1001) and stops reading; safe to call more than once. */
    stop: () => (closing ??= (async () => {
      sources.stop();
      await gateway.close();
      streams.stop();
    })()),
  };
}

export type LiveDashboard = ReturnType<typeof createLiveDashboard>;
