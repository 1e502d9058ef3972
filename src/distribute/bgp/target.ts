// Builds the router target from the hub's settings: the GoBGP client, the announcer lease and the announcer.
// Nothing is built when QUORUM_GOBGP_ADDR is unset (router enforcement is optional).

import type pg from 'pg';
import type { Logger } from 'pino';
import { parseCommunity } from '../../core/bgp.ts';
import type { Config } from '../../config/config.ts';
import type { PolicyStore } from '../../correlate/policy-store.ts';
import { createLeaseHolder } from '../../db/leases.ts';
import type { Metrics } from '../../metrics.ts';
import { createBgpAnnouncer, type BgpAnnouncer } from './announcer.ts';
import { createGobgpClient } from './gobgp-client.ts';
import type { AnnounceDefaults } from './routes.ts';

export interface BgpTargetDeps {
  config: Config;
  /** The owner's connection string: the announcer lease holds an advisory lock on a connection of its own. */
  ownerUrl: string;
  pools: { owner: pg.Pool; app: pg.Pool };
  policy: Pick<PolicyStore, 'forTenant'>;
  metrics: Metrics;
  clock: () => Date;
  logger: Logger;
}

/** The announcer for `config.gobgpAddr`, or null when it is unset. */
export function createBgpTarget(deps: BgpTargetDeps): BgpAnnouncer | null {
  const { config } = deps;
  if (!config.gobgpAddr) return null;
  const logger = deps.logger.child({ target: 'gobgp', gobgp: config.gobgpAddr });
  return createBgpAnnouncer({
    gobgp: createGobgpClient({ address: config.gobgpAddr }),
    leases: createLeaseHolder({ url: deps.ownerUrl, namespace: 'quorum.distribute.bgp', logger }),
    pools: deps.pools, policy: deps.policy, defaults: announceDefaults(config),
    reconcileMs: config.gobgpReconcileMs, leaseRetryMs: config.gobgpLeaseRetryMs,
    metrics: deps.metrics, clock: deps.clock, logger,
  });
}

/** The hub's QUORUM_GOBGP_* settings as the defaults of every route (validated when the config was loaded). */
export function announceDefaults(c: Config): AnnounceDefaults {
  return {
    mode: c.gobgpMode, action: c.gobgpAction, rateLimitBps: c.gobgpRateLimitBps, rtbhCommunity: c.gobgpRtbhCommunity,
    nextHopV4: c.gobgpRtbhNextHopV4, nextHopV6: c.gobgpRtbhNextHopV6, markCommunity: parseCommunity(c.gobgpMarkCommunity)!,
  };
}
