// The feed consumer that keeps the current-signal pointers (migration 021) off the ingest path: each committed batch of
// a tenant's feed moves its pointers and their mark in one transaction. Idempotent, so a batch offered again is harmless.

import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../db/pools.ts';
import type { LeaseHolder } from '../db/leases.ts';
import type { Metrics } from '../metrics.ts';
import { createFeedConsumer, type FeedBatch } from '../store/signal-feed.ts';
import { advancePointers } from './pointer-queries.ts';

/** The consumer's name in feed_positions (migration 021's rebuild sets its position too). */
export const POINTER_CONSUMER = 'current_signals';

export interface PointerFeedDeps {
  owner: pg.Pool;
  app: pg.Pool;
  leases: Pick<LeaseHolder, 'tryHold' | 'holds' | 'stop'>;
  metrics: Pick<Metrics, 'feedLag'>;
  logger: Pick<Logger, 'error' | 'warn' | 'info'>;
  pollIntervalMs: number;
  batchSize: number;
}

/** The consumer; the caller starts it (when this hub consumes the feed) and wakes it on commits. */
export function createPointerFeed(deps: PointerFeedDeps) {
  const handle = async ({ tenantId, signals }: FeedBatch) => {
    await withTenant(deps.app, tenantId, (c) => advancePointers(c, tenantId, signals, signals[signals.length - 1]!.position));
  };
  return createFeedConsumer({ name: POINTER_CONSUMER, ...deps, handle });
}
