// The present stage as one module: the read API over signals, groups, incidents, mitigations and block changes, the
// correlation policy API, the Trust Score mapping and Pareto, the blocks API (manual blocks, import), replay and the audit log. Routes only;
// it changes mitigations only through the decider it is given.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config/config.ts';
import type { Metrics } from '../metrics.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import type { Decider } from '../decide/decider.ts';
import type { ProtectedAddress } from '../decide/guardrails.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerBlockRoutes } from './block-routes.ts';
import { registerBlockApiRoutes } from './block-api-routes.ts';
import { registerConfigRoutes } from './config-routes.ts';
import { registerGroupRoutes } from './group-routes.ts';
import { registerIncidentRoutes } from './incident-routes.ts';
import { registerMitigationRoutes } from './mitigation-routes.ts';
import { registerParetoRoutes } from './pareto-routes.ts';
import { registerReplayRoutes } from './replay-routes.ts';
import { registerSignalReads } from './signal-routes.ts';
import { registerTrustMappingRoutes } from './trust-mapping-routes.ts';
import { registerWebApp } from './web-app.ts';

export interface PresentModuleDeps {
  config: Config;
  app: pg.Pool;
  policy: PolicyStore;
  decider: Decider;
  protectedAddresses: (tenantId?: string) => Promise<ProtectedAddress[]>;
  metrics: Metrics;
  clock: () => Date;
  audit: Pick<AuditLog, 'list'>;
}

export function createPresentModule(deps: PresentModuleDeps): StageModule {
  const { config, policy } = deps;
  return {
    name: 'present',
    routes(app: FastifyInstance) {
      registerSignalReads(app, { app: deps.app });
      registerGroupRoutes(app, { app: deps.app });
      registerIncidentRoutes(app, { app: deps.app, clock: deps.clock });
      registerMitigationRoutes(app, { app: deps.app, decider: deps.decider, clock: deps.clock });
      registerBlockRoutes(app, { app: deps.app });
      registerBlockApiRoutes(app, {
        app: deps.app, decider: deps.decider, clock: deps.clock, importMaxBytes: config.blockImportMaxBytes, importMaxLines: config.blockImportMaxLines,
      });
      registerConfigRoutes(app, { policy, maxBytes: config.policyMaxBytes });
      registerTrustMappingRoutes(app, { app: deps.app, policy, clock: deps.clock, maxBytes: config.policyMaxBytes });
      registerParetoRoutes(app, { app: deps.app, clock: deps.clock });
      registerAuditRoutes(app, { audit: deps.audit });
      registerWebApp(app);
      registerReplayRoutes(app, {
        app: deps.app, policy, metrics: deps.metrics, protectedAddresses: deps.protectedAddresses, maxSignals: config.replayMaxSignals,
        maxDecisions: config.replayMaxDecisions, concurrency: config.replayConcurrency, maxBytes: config.policyMaxBytes,
      });
    },
    start() {},
    async stop() {},
  };
}
