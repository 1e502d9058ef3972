// The present stage as one module: the read API over signals, groups, incidents, mitigations, block changes and where
// the feed's consumers stand, the correlation policy API, the Trust Score mapping and Pareto, the blocks API (manual
// blocks, import), replay, the audit log and the live dashboard on /ws/dashboard. It changes mitigations only through
// the decider it is given.

import type http from 'node:http';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { KeyStore } from '../auth/key-store.ts';
import type { Principal } from '../core/types.ts';
import type { BlockFollower } from '../distribute/block-follower.ts';
import type { Rollouts } from '../distribute/rollouts.ts';
import type { Config } from '../config/config.ts';
import type { Metrics } from '../metrics.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import type { Decider } from '../decide/decider.ts';
import type { ProtectedAddress } from '../decide/guardrails.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import type { FeedFollower } from '../store/feed-queries.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerBlockRoutes } from './block-routes.ts';
import { registerFeedRoutes } from './feed-routes.ts';
import { registerBlockApiRoutes } from './block-api-routes.ts';
import { registerConfigRoutes } from './config-routes.ts';
import { registerGroupRoutes } from './group-routes.ts';
import { registerIncidentRoutes } from './incident-routes.ts';
import { registerMitigationRoutes } from './mitigation-routes.ts';
import { registerParetoRoutes } from './pareto-routes.ts';
import { registerReplayRoutes } from './replay-routes.ts';
import { registerRolloutApiRoutes } from './rollout-routes.ts';
import { registerSensorBlocklistRoutes } from './sensor-blocklist-routes.ts';
import { registerSensorHealthRoutes } from './sensor-health-routes.ts';
import { registerSignalReads } from './signal-routes.ts';
import { registerTrustMappingRoutes } from './trust-mapping-routes.ts';
import { registerWebApp } from './web-app.ts';
import { createLiveDashboard } from './dashboard/module.ts';
import { registerCommandRoutes } from './command-routes.ts';
import type { CommandService } from '../distribute/commands.ts';

export interface PresentModuleDeps {
  config: Config;
  app: pg.Pool;
  policy: PolicyStore;
  decider: Decider;
  protectedAddresses: (tenantId?: string) => Promise<ProtectedAddress[]>;
  metrics: Metrics;
  clock: () => Date;
  audit: Pick<AuditLog, 'list'>;
  /** The HTTP server /ws/dashboard takes its WebSocket upgrades from. */
  server: http.Server;
  owner: pg.Pool;
  keys: Pick<KeyStore, 'authenticate'>;
  /** Resolves a login cookie (the session store); absent: dashboards authenticate with API keys only. */
  authenticateSession?: (token: string) => Promise<Principal>;
  blockFollower: Pick<BlockFollower, 'onChanges'>;
  /** Rollout create, promote and abort (the distribute module's). */
  rollouts: Pick<Rollouts, 'create' | 'promote' | 'abort'>;
  /** Fleet commands: enqueue, read, cancel, tag (the distribute stage's command service). */
  commands: CommandService;
  /** The committed signals feed's consumers (correlation, the auto-blocklist, the current-signal pointers), in pipeline order. */
  feedFollowers: readonly FeedFollower[];
  logger: Logger;
}

export function createPresentModule(deps: PresentModuleDeps) {
  const { config, policy } = deps;
  const dashboard = createLiveDashboard({
    config, clock: deps.clock, server: deps.server, owner: deps.owner, app: deps.app, keys: deps.keys, authenticateSession: deps.authenticateSession,
    blockFollower: deps.blockFollower, metrics: deps.metrics, logger: deps.logger,
  });
  const module: StageModule & { dashboard: typeof dashboard } = {
    name: 'present',
    dashboard,
    routes(app: FastifyInstance) {
      registerSignalReads(app, { app: deps.app });
      registerGroupRoutes(app, { app: deps.app });
      registerIncidentRoutes(app, { app: deps.app, clock: deps.clock });
      registerMitigationRoutes(app, { app: deps.app, decider: deps.decider, clock: deps.clock });
      registerBlockRoutes(app, { app: deps.app });
      registerFeedRoutes(app, { app: deps.app, followers: deps.feedFollowers });
      registerSensorBlocklistRoutes(app, { app: deps.app });
      registerSensorHealthRoutes(app, {
        app: deps.app, clock: deps.clock, historyMax: config.sensorHealthHistoryMax,
        thresholds: { staleAfterMs: config.sensorStaleAfterMs, offlineAfterMs: config.sensorOfflineAfterMs },
      });
      registerBlockApiRoutes(app, {
        app: deps.app, decider: deps.decider, clock: deps.clock, importMaxBytes: config.blockImportMaxBytes, importMaxLines: config.blockImportMaxLines,
      });
      registerConfigRoutes(app, { policy, maxBytes: config.policyMaxBytes });
      registerTrustMappingRoutes(app, { app: deps.app, policy, clock: deps.clock, maxBytes: config.policyMaxBytes });
      registerParetoRoutes(app, { app: deps.app, clock: deps.clock });
      registerAuditRoutes(app, { audit: deps.audit });
      registerRolloutApiRoutes(app, {
        app: deps.app, rollouts: deps.rollouts, clock: deps.clock, logger: deps.logger,
        limits: { maxBytes: config.rolloutDocumentMaxBytes, maxDepth: config.maxJsonDepth },
        thresholds: { staleAfterMs: config.sensorStaleAfterMs, offlineAfterMs: config.sensorOfflineAfterMs },
      });
      registerCommandRoutes(app, { commands: deps.commands });
      registerWebApp(app);
      registerReplayRoutes(app, {
        app: deps.app, policy, metrics: deps.metrics, protectedAddresses: deps.protectedAddresses, maxSignals: config.replayMaxSignals,
        maxDecisions: config.replayMaxDecisions, concurrency: config.replayConcurrency, maxBytes: config.policyMaxBytes, clock: deps.clock,
      });
    },
    start: () => dashboard.start(),
    stop: () => dashboard.stop(),
  };
  return module;
}
