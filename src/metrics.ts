// Prometheus metrics of the hub, created once per hub and passed to the services that count things.
// Each hub (and each test hub) has its own registry: never the prom-client global one.

import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(pools?: { app: pg.Pool; owner: pg.Pool }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'quorum_process_' });
  const metrics = {
    registry,
    httpRequests: new Counter({
      name: 'quorum_http_requests_total', help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'], registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'quorum_http_request_duration_seconds', help: 'HTTP request latency by route',
      labelNames: ['route'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
    }),
    signalsIngested: new Counter({
      name: 'quorum_signals_ingested_total', help: 'signals stored, by entry point',
      labelNames: ['path'], registers: [registry],
    }),
    signalsDuplicate: new Counter({
      name: 'quorum_signals_duplicate_total', help: 'signals skipped because their signal_id was already stored',
      labelNames: ['path'], registers: [registry],
    }),
    signalsRejected: new Counter({
      name: 'quorum_signals_rejected_total', help: 'signals rejected by validation, by field and rule',
      labelNames: ['path', 'field', 'rule'], registers: [registry],
    }),
  };
  if (pools) {
    new Gauge({
      name: 'quorum_db_pool_connections', help: 'database pool connections by pool and state',
      labelNames: ['pool', 'state'], registers: [registry],
      collect() {
        for (const [name, p] of Object.entries(pools)) {
          this.set({ pool: name, state: 'total' }, p.totalCount);
          this.set({ pool: name, state: 'idle' }, p.idleCount);
          this.set({ pool: name, state: 'waiting' }, p.waitingCount);
        }
      },
    });
  }
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
