// The decide stage as one module: the decider (the one writer of block state), the protected addresses it checks, and
// the reconciler that expires and lifts blocks. Nothing else changes mitigations.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Metrics } from '../metrics.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import type { StageModule } from '../hub/stage-module.ts';
import { createDecider } from './decider.ts';
import { createProtectedAddresses, type SensorAddressSource } from './protected-addresses.ts';
import { createReconciler } from './reconciler.ts';

export interface DecideModuleDeps {
  config: Config;
  pools: { owner: pg.Pool; app: pg.Pool };
  policy: Pick<PolicyStore, 'forTenant'>;
  /** Addresses of a tenant's registered sensors, never to be blocked by that tenant. */
  sensorAddresses: SensorAddressSource;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
}

export function createDecideModule(deps: DecideModuleDeps) {
  const { config, pools, policy, metrics, clock, logger } = deps;
  const protectedAddresses = createProtectedAddresses({ listenHost: config.host, sensorAddresses: deps.sensorAddresses });
  const decider = createDecider({ guardrails: async (tenantId) => (await policy.forTenant(tenantId)).config.guardrails, protectedAddresses, metrics, clock });
  const reconciler = createReconciler({
    owner: pools.owner, app: pools.app, decider, metrics, clock, logger, safelist: async (tenantId) => (await policy.forTenant(tenantId)).config.guardrails.safelist,
  });
  let stopReconciler = () => {};
  const module: StageModule & { decider: typeof decider; reconciler: typeof reconciler; protectedAddresses: typeof protectedAddresses } = {
    name: 'decide',
    decider,
    reconciler,
    protectedAddresses,
    start() { stopReconciler = reconciler.start(config.reconcileIntervalMs); },
    async stop() { stopReconciler(); },
  };
  return module;
}
