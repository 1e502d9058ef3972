// The per-key write rate limit on the HTTP routes that store signals: 429 with Retry-After, nothing stored.
// Never limits reads; runs after authentication, so a request without a valid key is a 401, never a 429.

import type { FastifyInstance } from 'fastify';
import type { RateLimiter } from '../auth/rate-limit.ts';
import { TooManyRequestsError } from '../core/errors.ts';
import type { Metrics } from '../metrics.ts';

/** The POST routes that store signals; their calls share the key's bucket with its sensor messages. */
export const SIGNAL_WRITE_ROUTES = new Set(['/v1/signals', '/v1/agent-signals', '/v1/signals/alertmanager', '/v1/signals/fastnetmon', '/v1/signals/webhook/:name']);

export function registerRateLimit(app: FastifyInstance, deps: { limiter: Pick<RateLimiter, 'take'>; metrics: Pick<Metrics, 'rateLimited'> }): void {
  // onRequest, right after authentication: a refused write costs no body parsing.
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST' || !req.principal || !SIGNAL_WRITE_ROUTES.has(req.routeOptions.url ?? '')) return;
    const waitMs = deps.limiter.take(req.principal.keyId, req.principal.rateLimit);
    if (waitMs === 0) return;
    deps.metrics.rateLimited.inc({ path: 'http' });
    throw new TooManyRequestsError(waitMs / 1000, `this API key's write rate limit is reached; nothing was stored, retry in ${waitMs} ms`);
  });
}
