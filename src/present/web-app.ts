// Serves the dashboard built into web/dist (scripts/build-web.ts) at `/`: hashed assets cached for a year, the page
// itself never cached, any other path the page's own router handles. Never answers an API path with the page.

import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerPublicPlugin } from '../http/authenticate.ts';
import { problem, sendProblem } from '../http/problem.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

// Paths the dashboard never owns: a GET there that no route answered is a 404 problem, as before the dashboard.
const NOT_THE_PAGE = /^\/(v1|ws|docs|assets)(\/|$)|^\/(openapi\.json|metrics|healthz|readyz)$/;

/** Registers the dashboard's routes (public: the page itself asks for a session): `/`, `/assets/*` and the page's own paths. */
export function registerWebApp(app: FastifyInstance, dist = WEB_DIST): void {
  void registerPublicPlugin(app, webApp, { dist });
}

async function webApp(ctx: FastifyInstance, { dist }: { dist: string }): Promise<void> {
  const built = existsSync(path.join(dist, 'index.html'));
  if (built) await ctx.register(fastifyStatic, {
    root: path.join(dist, 'assets'), prefix: '/assets/', preCompressed: true, cacheControl: false, index: false,
    // Assets carry their content hash in their name and never change; the page names them, so it is always revalidated.
    setHeaders: (res, file) => { res.header('cache-control', /index\.html(\.br|\.gz)?$/.test(file) ? 'no-cache' : 'public, max-age=31536000, immutable'); },
  });
  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?')[0]!;
    if (NOT_THE_PAGE.test(url)) return sendProblem(reply, problem(404, 'not_found', `no route ${req.method} ${url}`));
    if (!built) return sendProblem(reply, problem(503, 'dashboard_not_built', 'the dashboard is not built: run `node --import tsx scripts/build-web.ts` (npm start does it)'));
    return reply.sendFile('index.html', dist);
  };
  const schema = { hide: true };
  ctx.get('/', { config: { public: true }, schema }, page);
  ctx.get('/*', { config: { public: true }, schema }, page);
}
