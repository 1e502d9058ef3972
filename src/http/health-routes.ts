// Liveness, readiness (database reachable) and the Prometheus scrape endpoint.
// None of these need a key and none reveal tenant data.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Metrics } from '../metrics.ts';
import { problem, sendProblem } from './problem.ts';

export function registerHealthRoutes(app: FastifyInstance, deps: { app: pg.Pool; metrics: Metrics }): void {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true }, schema: { tags: ['health'], summary: 'The database answers' } }, async (_req, reply) => {
    try {
      await deps.app.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return sendProblem(reply, problem(503, 'database_unavailable', 'the database does not answer'));
    }
  });

  app.get('/metrics', { config: { public: true }, schema: { tags: ['health'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
