// Per-key token buckets for writes: HTTP signal POSTs and sensor messages of one API key share one bucket per hub process.
// Never blocks or queues: it only says whether a write may go now, or how long until it may.

import type { RateLimit } from '../core/types.ts';

/** Hub defaults (QUORUM_KEY_RATE_PER_SECOND / QUORUM_KEY_RATE_BURST): generous, so only a runaway client meets them. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 1000, burst: 2000 };

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiterDeps {
  defaults: RateLimit;
  /** Milliseconds; injected so tests can move time. */
  clock?: () => number;
  /** Buckets kept at most; beyond, the least recently used is forgotten (it starts full again). */
  maxKeys?: number;
}

export function createRateLimiter(deps: RateLimiterDeps) {
  const now = deps.clock ?? (() => performance.now());
  const maxKeys = deps.maxKeys ?? 100_000;
  const buckets = new Map<string, Bucket>();
  return {
    /**
     * Takes one token from the key's bucket: 0 when the write may go now, else the milliseconds until a token is
     * available (nothing is taken then). `limit` is the key's own (api_keys.rate_per_second / rate_burst) or null.
     */
    take(keyId: string, limit: RateLimit | null): number {
      const { perSecond, burst } = limit ?? deps.defaults;
      const t = now();
      let b = buckets.get(keyId);
      if (b) buckets.delete(keyId);
      else {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        b = { tokens: burst, at: t };
      }
      // Re-inserted on every use: Map order is then least recently used first, for the eviction above.
      buckets.set(keyId, b);
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) * perSecond) / 1000);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - b.tokens) * 1000) / perSecond);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
