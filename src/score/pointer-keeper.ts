// Keeps the current-signal pointers (migration 021) off the ingest path: follows each tenant's committed feed inside
// PostgreSQL, a bounded batch a statement, by one hub per tenant at a time. Lag costs readers time, never correctness.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { LeaseHolder } from '../db/leases.ts';
import { createPassLoop, type PassResult } from '../store/pass-loop.ts';
import type { FeedFollower } from '../store/feed-queries.ts';
import { holdWokenTenants, tenantsToRead } from '../store/tenant-leases.ts';
import { withTenantBesideFeed } from '../store/feed-horizon.ts';
import { heldBackForIngest } from '../store/signal-feed.ts';
import type { Metrics } from '../metrics.ts';
import { advancePointers, listTenantMarkStates, pointerMarkStatement, POINTER_PASS_SETTINGS } from './pointer-queries.ts';

export interface PointerKeeperDeps {
  owner: pg.Pool;
  app: pg.Pool;
  leases: Pick<LeaseHolder, 'namespace' | 'tryHold' | 'tryHoldAll' | 'holds' | 'heldKeys' | 'stop'>;
  logger: Pick<Logger, 'error' | 'warn'>;
  /** Counts the time held back for ingest (`quorum_feed_deferred_seconds_total`). */
  metrics?: Pick<Metrics, 'feedDeferred'>;
  /** Awaited before each statement: holds the keeper back while this hub's ingest is heavy (bounded). Absent: never. */
  ingestFirst?: () => Promise<number>;
  pollIntervalMs: number;
  /** Feed rows one statement passes at most. */
  batchSize: number;
}

/** The keeper's name among the feed's followers (GET /v1/feed/consumers, metrics). */
const KEEPER_NAME = 'current_signal_pointers';

export function createPointerKeeper(deps: PointerKeeperDeps) {
  const loop = createPassLoop({
    pass, pollIntervalMs: deps.pollIntervalMs, minGapMs: 0,
    onError: (err) => deps.logger.error({ err }, 'current-signal pointers pass failed; readers merge in the rows after the mark meanwhile'),
  });

  /** Drains the tenants asked for (all when null); 'pending' when some committed rows had to wait. */
  async function pass(only: string[] | null, stopping: () => boolean): Promise<PassResult> {
    let result: PassResult = 'clean';
    const tenants = only ? (await holdWokenTenants(deps.leases, only)).read : await fullPassTenants();
    for (const tenantId of tenants) {
      if (stopping()) return 'failed';
      // Each batch its own transaction: a stop or a failure keeps what was passed (the mark moved with it). Beside the
      // feed: it writes no signal, so no consumer's read waits for it.
      for (;;) {
        await heldBackForIngest({ name: KEEPER_NAME, ingestFirst: deps.ingestFirst, metrics: deps.metrics });
        const step = await withTenantBesideFeed(deps.app, tenantId, (c) => advancePointers(c, tenantId, deps.batchSize), POINTER_PASS_SETTINGS);
        if (step.rows < deps.batchSize || stopping()) {
          if (step.pending) result = 'pending';
          break;
        }
      }
    }
    return result;
  }

  /** A full pass's tenants: the held feeds with entries after their mark, and every free lease taken (tenantsToRead). */
  async function fullPassTenants(): Promise<string[]> {
    return (await tenantsToRead(deps.leases, (held) => listTenantMarkStates(deps.owner, held))).read;
  }

  const follower: FeedFollower = { name: KEEPER_NAME, leaseNamespace: deps.leases.namespace, positionStatement: pointerMarkStatement };
  return {
    ...follower,
    /** Starts the polling safety net and a first pass (whatever was committed while no hub ran is picked up). */
    start: loop.start,
    /** Asks for a pass soon, over one tenant (a signal of it was committed here) or all. */
    wake: loop.wake,
    /** Resolves after a full pass that began after this call (tests, benchmarks). */
    caughtUp: loop.caughtUp,
    /** Stops after the batch in flight (within `timeoutMs`), then gives up the leases. */
    async stop(timeoutMs: number): Promise<void> {
      await loop.stop(timeoutMs);
      await deps.leases.stop();
    },
  };
}

export type PointerKeeper = ReturnType<typeof createPointerKeeper>;
