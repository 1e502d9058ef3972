// Answers 405 with an `Allow` header when a path exists but not for the request's method (RFC 9110 §15.5.6).
// Knows paths only from the routes registered after it; never matches the dashboard's catch-all page (`/*`).

import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem.ts';

interface PathMethods { pattern: RegExp; methods: Set<string> }

/** `/v1/blocks/:id/extend` → a regex matching one concrete path of it. */
function patternOf(url: string): RegExp {
  const escaped = url.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${escaped}/?$`);
}

/** Registers the route collector and the 405 hook; call before any route is registered. */
export function registerMethodNotAllowed(app: FastifyInstance): void {
  const paths = new Map<string, PathMethods>();
  app.addHook('onRoute', (route) => {
    // Wildcards (static files, the dashboard page) would make every path "exist".
    if (route.url.includes('*')) return;
    const entry = paths.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const m of [route.method].flat()) entry.methods.add(m);
    paths.set(route.url, entry);
  });
  const allowed = (path: string): string[] => {
    const methods = new Set<string>();
    for (const p of paths.values()) if (p.pattern.test(path)) for (const m of p.methods) methods.add(m);
    return [...methods].sort();
  };
  // Runs for unmatched requests and for requests only the catch-all page matched, before authentication.
  app.addHook('onRequest', async (req, reply) => {
    const route = req.routeOptions.url;
    if (route !== undefined && !route.includes('*')) return;
    const path = req.url.split('?')[0]!;
    const allow = allowed(path);
    if (allow.length === 0 || allow.includes(req.method)) return;
    reply.header('allow', allow.join(', '));
    return sendProblem(reply, problem(405, 'method_not_allowed', `${req.method} is not allowed on ${path}; allowed: ${allow.join(', ')}`));
  });
}
