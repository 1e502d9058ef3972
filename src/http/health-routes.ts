// Liveness, readiness (database reachable) and the Prometheus scrape endpoint.
// None of these need a key and none reveal tenant data; none waits on the database longer than the probe's timeout.

import type { FastifyInstance } from 'fastify';
import type { DatabaseProbe } from '../db/probe.ts';
import type { Metrics } from '../metrics.ts';
import { DatabaseUnavailableError } from '../core/errors.ts';
import { problemSchema } from './schemas.ts';

export interface HealthDeps {
  probe: Pick<DatabaseProbe, 'check'>;
  metrics: Metrics;
  /** Enforcement targets' states: reported in the body only; a degraded target never makes the hub unready (ingest does not depend on it). */
  enforcement?: () => Record<string, string>;
}

// A string payload is sent as is: this schema documents the exposition format, it never serialises.
const METRICS_RESPONSE = {
  description: 'Prometheus text exposition format',
  content: { 'text/plain': { schema: { type: 'string', examples: ['# HELP quorum_signals_ingested_total Signals stored\n# TYPE quorum_signals_ingested_total counter\nquorum_signals_ingested_total{path="http"} 42\n'] } } },
} as const;

const readySchema = {
  type: 'object', required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ready'] },
    enforcement: {
      type: 'object', additionalProperties: { type: 'string' },
      description: "each enabled enforcement target's state (e.g. the BGP announcer's); absent when none is enabled. A degraded target never makes the hub unready",
    },
  },
  examples: [{ status: 'ready' }, { status: 'ready', enforcement: { bgp: 'established' } }],
} as const;

const unreadySchema = {
  ...problemSchema,
  examples: [{
    type: 'https://quorum.dev/problems/database_unavailable', title: 'Service Unavailable', status: 503, code: 'database_unavailable',
    detail: 'the database does not answer', retryAfterSeconds: 1,
  }],
} as const;

export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, examples: [{ status: 'ok' }] } } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    config: { public: true },
    schema: {
      tags: ['health'], summary: 'The database answers (503 database_unavailable within QUORUM_DB_READY_TIMEOUT_MS when not)',
      response: { 200: readySchema, 503: unreadySchema },
    },
  }, async () => {
    if (await deps.probe.check()) {
      const enforcement = deps.enforcement?.() ?? {};
      return Object.keys(enforcement).length ? { status: 'ready', enforcement } : { status: 'ready' };
    }
    throw new DatabaseUnavailableError(1, 'the database does not answer');
  });

  app.get('/metrics', { config: { public: true }, schema: { tags: ['health'], summary: 'Prometheus metrics', response: { 200: METRICS_RESPONSE } } }, async (_req, reply) => {
    // quorum_db_up is the answer of a probe made for this scrape.
    await deps.probe.check();
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
