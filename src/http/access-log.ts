// The access log: one debug line per request (method, route, status, duration, key id), sampled above a rate.
// Never logs a key, a cookie, a header or a body: the key's id names the caller.

import type { FastifyInstance } from 'fastify';

/** Above the rate, one request in this many is logged (each line says so in `sampled`). */
const SAMPLE_ONE_IN = 10;

/** `perSecond` requests a second are logged in full (0: every request), the rest one in ten. */
export function registerAccessLog(app: FastifyInstance, opts: { perSecond: number; debugEnabled: () => boolean }): void {
  let second = 0;
  let seen = 0;
  app.addHook('onResponse', async (req, reply) => {
    if (!opts.debugEnabled()) return;
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      second = now;
      seen = 0;
    }
    seen += 1;
    const over = opts.perSecond > 0 && seen > opts.perSecond;
    if (over && (seen - opts.perSecond) % SAMPLE_ONE_IN !== 1) return;
    req.log.debug({
      method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10,
      keyId: req.principal?.keyId, userId: req.principal?.user?.id, sampled: over ? SAMPLE_ONE_IN : undefined,
    }, 'request');
  });
}
