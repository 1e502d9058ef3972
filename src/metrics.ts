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
    aggregatorQueueDepth: new Gauge({
      name: 'quorum_aggregator_queue_depth', help: 'sensor signals accepted into the aggregator and not yet committed',
      registers: [registry],
    }),
    aggregatorFlushRows: new Histogram({
      name: 'quorum_aggregator_flush_rows', help: 'rows written per committed aggregator flush',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000], registers: [registry],
    }),
    aggregatorFlushDuration: new Histogram({
      name: 'quorum_aggregator_flush_duration_seconds', help: 'latency of committed aggregator flushes (COPY and commit)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
    }),
    aggregatorFlushFailures: new Counter({
      name: 'quorum_aggregator_flush_failures_total', help: 'aggregator flush attempts that failed (retried with backoff unless permanent)',
      labelNames: ['kind'], registers: [registry],
    }),
    aggregatorMerged: new Counter({
      name: 'quorum_aggregator_merged_total', help: 'sensor signals merged into another row of their batch window',
      registers: [registry],
    }),
    sensorBackpressure: new Counter({
      name: 'quorum_sensor_backpressure_total', help: 'sensor messages refused with BACKPRESSURE because the queue was full',
      registers: [registry],
    }),
    sensorConnections: new Gauge({
      name: 'quorum_sensor_connections', help: 'open /ws/sensors connections by state',
      labelNames: ['state'], registers: [registry],
    }),
    sensorMessages: new Counter({
      name: 'quorum_sensor_messages_total', help: 'messages received from sensors by type and outcome',
      labelNames: ['type', 'outcome'], registers: [registry],
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
