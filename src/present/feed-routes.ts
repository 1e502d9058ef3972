// `GET /v1/feed/consumers`: where each consumer of the committed signals feed stands in the caller's tenant's feed,
// read from PostgreSQL (positions, backlog, leases), so any hub answers for all of them. Reads only, the caller's tenant only.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { readWithTenantFrom } from '../db/pools.ts';
import { leasesHeldStatement } from '../db/leases.ts';
import { FEED_READ_SETTINGS, positionFrom, readFeedBacklog, type FeedFollower } from '../store/feed-queries.ts';
import { problemSchema } from '../http/schemas.ts';

export interface FeedRouteDeps {
  app: pg.Pool;
  /** The hub's feed consumers, in pipeline order. */
  followers: readonly FeedFollower[];
}

/** Waiting entries are counted up to this many: enough to tell a hiccup from a consumer that fell behind. */
export const BACKLOG_COUNT_LIMIT = 10_000;

const consumerSchema = {
  type: 'object',
  required: ['consumer', 'followed', 'pending_signals', 'pending_more', 'oldest_pending_at', 'lag_seconds'],
  properties: {
    consumer: { type: 'string', description: 'The consumer (correlation: the rules with a playbook; correlation_recording: the rules that only record their groups; auto_blocklist; current_signal_pointers)' },
    followed: { type: 'boolean', description: "Whether a hub holds this consumer's lease on the tenant's feed now; false: no hub follows it (all run with QUORUM_FEED_CONSUME=false, or none has passed over the tenant yet)" },
    pending_signals: { type: 'integer', minimum: 0, maximum: BACKLOG_COUNT_LIMIT, description: `Committed signals the consumer has not passed yet, counted up to ${BACKLOG_COUNT_LIMIT}` },
    pending_more: { type: 'boolean', description: `More than ${BACKLOG_COUNT_LIMIT} signals wait` },
    oldest_pending_at: { type: ['string', 'null'], format: 'date-time', description: 'When the oldest waiting signal was stored; null when none waits' },
    lag_seconds: { type: 'number', minimum: 0, description: 'Seconds since then (0 when none waits): what quorum_feed_lag_seconds reports on the hub that follows it' },
  },
} as const;

const standingSchema = {
  type: 'object',
  required: ['consumers'],
  properties: { consumers: { type: 'array', items: consumerSchema } },
  examples: [{
    consumers: [
      { consumer: 'correlation', followed: true, pending_signals: 0, pending_more: false, oldest_pending_at: null, lag_seconds: 0 },
      { consumer: 'correlation_recording', followed: true, pending_signals: 0, pending_more: false, oldest_pending_at: null, lag_seconds: 0 },
      { consumer: 'auto_blocklist', followed: true, pending_signals: 0, pending_more: false, oldest_pending_at: null, lag_seconds: 0 },
      { consumer: 'current_signal_pointers', followed: true, pending_signals: 1200, pending_more: false, oldest_pending_at: '2026-12-05T12:00:00.120Z', lag_seconds: 0.4 },
    ],
  }],
} as const;

export function registerFeedRoutes(app: FastifyInstance, deps: FeedRouteDeps): void {
  app.get('/v1/feed/consumers', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['signals'],
      summary: "Where each consumer of the committed signals feed stands in the tenant's feed: followed by a hub, signals waiting, lag",
      response: { 200: standingSchema, 401: problemSchema, 403: problemSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    // Every follower's position and whether its lease is held travel with the BEGIN (one round trip); then one backlog count each.
    const opening = [...deps.followers.map((f) => f.positionStatement(tenantId)), leasesHeldStatement(deps.followers.map((f) => f.leaseNamespace), tenantId)];
    const consumers = await readWithTenantFrom(deps.app, tenantId, opening, async (c, opened) => {
      const held = opened.at(-1)!.rows as { held: boolean }[];
      const out = [];
      for (const [i, f] of deps.followers.entries()) {
        const backlog = await readFeedBacklog(c, tenantId, positionFrom(opened[i]!), BACKLOG_COUNT_LIMIT);
        out.push({
          consumer: f.name, followed: held[i]!.held, pending_signals: backlog.entries, pending_more: backlog.more,
          oldest_pending_at: backlog.oldestIngestedAt, lag_seconds: backlog.lagSeconds,
        });
      }
      return out;
    }, FEED_READ_SETTINGS);
    return { consumers };
  });
}
