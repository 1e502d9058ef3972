import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Decider } from '../src/decide/decider.ts';
import { createReconciler } from '../src/decide/reconciler.ts';
import { startMaintenanceLoop } from '../src/store/maintenance.ts';
import { createPartitionManager } from '../src/store/partitions.ts';
import { startReceiptRetention } from '../src/aggregate/receipt-retention.ts';
import { createMetrics } from '../src/metrics.ts';

/** An owner connection whose database is away for the first `downFor` queries, then answers every query with no rows. */
function flakyOwner(downFor: number) {
  let calls = 0;
  let answered = 0;
  const owner = {
    async query() {
      calls++;
      if (calls <= downFor) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      answered++;
      return { rows: [], rowCount: 0 };
    },
  } as unknown as Pick<pg.Pool, 'query'>;
  return { owner, answered: () => answered };
}

function recordingLogger() {
  const errors: string[] = [];
  const logger = { error: (_o: unknown, msg: string) => { errors.push(msg); }, info: () => undefined, debug: () => undefined };
  return { errors, logger: logger as unknown as Logger };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the reconciler logs the rounds that fail while the database is away and resumes when it is back', async () => {
  const { owner, answered } = flakyOwner(3);
  const { errors, logger } = recordingLogger();
  const reconciler = createReconciler({ owner, app: {} as pg.Pool, decider: {} as Decider, metrics: createMetrics(), safelist: () => [], clock: () => new Date(), logger });
  const stop = reconciler.start(20);
  try {
    await until(() => answered() >= 2);
  } finally {
    stop();
  }
  assert.deepEqual(errors, ['reconciliation failed', 'reconciliation failed', 'reconciliation failed']);
});

test('partition maintenance logs the rounds that fail while the database is away and resumes when it is back', async () => {
  const { owner, answered } = flakyOwner(2);
  const { errors, logger } = recordingLogger();
  const stop = startMaintenanceLoop({ partitions: createPartitionManager(owner), retentionDays: 30, aheadDays: 1, clock: () => new Date(), logger, intervalMs: 20 });
  try {
    await until(() => answered() >= 4);
  } finally {
    stop();
  }
  assert.deepEqual(errors, ['partition maintenance failed', 'partition maintenance failed']);
});

test('receipt retention logs the rounds that fail while the database is away and resumes when it is back', async () => {
  const { owner, answered } = flakyOwner(2);
  const { errors, logger } = recordingLogger();
  const stop = startReceiptRetention({ owner, days: 7, clock: () => new Date(), logger, intervalMs: 20 });
  try {
    await until(() => answered() >= 1);
  } finally {
    stop();
  }
  assert.deepEqual(errors, ['pruning sensor receipts failed', 'pruning sensor receipts failed']);
});
