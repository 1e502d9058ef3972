// The aggregate stage as one module: the aggregator's batch windows and the pruning of old sensor receipts.
// Writes only through the BatchWriter it is given; never acknowledges a message itself (ingest does, after commit).

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Metrics } from '../metrics.ts';
import type { StageModule } from '../hub/stage-module.ts';
import { createAggregator, type BatchWriter } from './aggregator.ts';
import { startReceiptRetention } from './receipt-retention.ts';
import { createReceiptStore } from './receipts.ts';

export interface AggregateModuleDeps {
  config: Config;
  pools: { owner: pg.Pool; app: pg.Pool };
  writer: BatchWriter;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
}

export function createAggregateModule(deps: AggregateModuleDeps) {
  const { config } = deps;
  const aggregator = createAggregator({
    store: deps.writer, receipts: createReceiptStore(deps.pools.app), metrics: deps.metrics, logger: deps.logger,
    config: {
      batchSize: config.signalBatchSize, batchTimeoutMs: config.signalBatchTimeoutMs, maxQueue: config.signalMaxQueue,
      maxConcurrentFlushes: config.signalFlushConcurrency, retryBaseMs: 100, retryMaxMs: 5000,
    },
  });
  let stopRetention = () => {};
  const module: StageModule & { aggregator: typeof aggregator } = {
    name: 'aggregate',
    aggregator,
    start() {
      stopRetention = startReceiptRetention({ owner: deps.pools.owner, days: config.sensorReceiptDays, clock: deps.clock, logger: deps.logger });
    },
    async stop() {
      stopRetention();
      // Already drained by the sensor gateway's close (which stops first); this only refuses anything still arriving.
      await aggregator.stop();
    },
  };
  return module;
}
