import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import pino from 'pino';
import { createAggregator, StoreRefusedError, type AggregatorConfig } from '../src/aggregate/aggregator.ts';
import { errorMessage } from '../src/ingest/sensor-protocol.ts';
import type { PreparedCopy, SensorMessage, WindowEntry, WriteOptions } from '../src/ingest/ports.ts';
import { createMetrics } from '../src/metrics.ts';
import type { Receipt, SensorReceipt } from '../src/aggregate/receipt-queries.ts';
import type { ValidSignal } from '../src/core/types.ts';
import { BackpressureError, DatabaseUnavailableError } from '../src/core/errors.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function entry(ip: string, merges = true): WindowEntry {
  return {
    merges,
    row: {
      source: 'synapse', subjectType: 'ip', subjectId: ip, key: 'threat.ip_threat', severity: 'high', observedAt: '2026-11-22T03:00:00.000Z',
      ttlSeconds: 86400, signalId: null, value: { value: 0.5, event_count: 1, sensor_id: 's', first_seen: '2026-11-22T03:00:00.000Z', last_seen: '2026-11-22T03:00:00.000Z' },
    },
  };
}
const message = (entries: WindowEntry[], messageId: string | null = null): SensorMessage => ({ tenantId: TENANT, sensorId: 's', messageId, entries });

/**
 * A store that records each flush, can be made to fail, and can be held open to observe what is acknowledged before
 * commit. `prepared`: it prepares COPY data as the SqlEmitter does for rows without signal_ids (here the rows' JSON),
 * so the aggregator writes messages it let go of; else it takes rows only.
 */
function storeFor(mode: 'rows' | 'prepared') {
  const flushes: ValidSignal[][] = [];
  const receipts = new Map<string, Receipt>();
  const prepared: number[] = [];
  let failures = 0;
  let failure = () => new Error('connection refused');
  let gate: Promise<void> | null = null;
  let inFlight = 0;
  let maxInFlight = 0;
  let entered = () => {};
  async function write(rows: ValidSignal[], inTransaction: WriteOptions['inTransaction']) {
    entered();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (gate) await gate;
      await new Promise((r) => setTimeout(r, 5));
      if (rows.some((r) => r.subjectId === 'poison')) throw Object.assign(new Error('invalid input syntax for type json'), { code: '22P02' });
      if (failures > 0) {
        failures--;
        throw failure();
      }
      await inTransaction?.({} as never, new Set(rows.flatMap((r) => (r.signalId === null ? [] : [r.signalId]))));
      flushes.push(rows);
      return { accepted: rows.length, duplicates: 0 };
    } finally {
      inFlight--;
    }
  }
  return {
    flushes, receipts, prepared,
    failNext(n: number, err?: () => Error) { failures = n; if (err) failure = err; },
    hold() { let open!: () => void; gate = new Promise((r) => { open = r; }); return () => { gate = null; open(); }; },
    maxInFlight: () => maxInFlight,
    /** Resolves when the next write reaches the store. */
    writing: () => new Promise<void>((r) => { entered = r; }),
    store: {
      store: (_tenant: string, rows: ValidSignal[], opts: WriteOptions = {}) => write(rows, opts.inTransaction),
      prepareCopy(tenantId: string, rows: readonly ValidSignal[]): PreparedCopy | null {
        if (mode === 'rows') return null;
        prepared.push(rows.length);
        return { tenantId, copyData: [Buffer.from(JSON.stringify(rows))], count: rows.length, keys: new Set(rows.map((r) => r.key)), ends: false, days: new Set() };
      },
      storePrepared: (batches: readonly PreparedCopy[], opts: WriteOptions) =>
        write(batches.flatMap((b) => JSON.parse(b.copyData[0]!.toString()) as ValidSignal[]), opts.inTransaction),
    },
    receiptStore: {
      async find(_t: string, s: string, id: string) { return receipts.get(`${s}/${id}`) ?? null; },
      async record(_c: unknown, _t: string, list: SensorReceipt[]) {
        const clash = list.filter((r) => receipts.has(`${r.sensorId}/${r.messageId}`));
        if (clash.length === 0) for (const { sensorId, ...r } of list) receipts.set(`${sensorId}/${r.messageId}`, r);
        return clash.map(({ sensorId, messageId }) => ({ sensorId, messageId }));
      },
    },
  };
}

function aggregator(store: ReturnType<typeof storeFor>, config: Partial<AggregatorConfig> = {}) {
  const metrics = createMetrics();
  const agg = createAggregator({
    store: store.store, receipts: store.receiptStore, metrics, logger: pino({ level: 'silent' }),
    config: { batchSize: 100, batchTimeoutMs: 5000, maxQueue: 10_000, maxConcurrentFlushes: 4, retryBaseMs: 10, retryMaxMs: 40, ...config },
  });
  return { agg, metrics };
}

for (const mode of ['rows', 'prepared'] as const) describe(`aggregator (${mode})`, () => {
  const fakeStore = () => storeFor(mode);

  test('flushes as soon as the window holds SIGNAL_BATCH_SIZE signals', async () => {
    const s = fakeStore();
    const { agg } = aggregator(s, { batchSize: 3, batchTimeoutMs: 60_000 });
    const started = Date.now();
    const outcomes = await Promise.all([agg.submit(message([entry('1.1.1.1'), entry('1.1.1.2')])), agg.submit(message([entry('1.1.1.3')]))]);
    assert.ok(Date.now() - started < 1000);
    assert.equal(s.flushes.length, 1);
    assert.equal(s.flushes[0]!.length, 3);
    assert.deepEqual(outcomes.map((o) => o.stored), [2, 1]);
  });

  test('flushes a window that stays below the batch size when SIGNAL_BATCH_TIMEOUT_MS passes', async () => {
    const s = fakeStore();
    const { agg } = aggregator(s, { batchSize: 100, batchTimeoutMs: 150 });
    const started = Date.now();
    const outcome = await agg.submit(message([entry('2.2.2.2')]));
    const waited = Date.now() - started;
    assert.ok(waited >= 140 && waited < 1000, `waited ${waited} ms`);
    assert.equal(outcome.stored, 1);
    assert.equal(s.flushes.length, 1);
  });

  test('merges duplicates across messages of one window and reports them per message', async () => {
    const s = fakeStore();
    const { agg, metrics } = aggregator(s, { batchSize: 4 });
    const [a, b] = await Promise.all([
      agg.submit(message([entry('3.3.3.3'), entry('3.3.3.4')], 'a')),
      agg.submit(message([entry('3.3.3.3'), entry('3.3.3.3')], 'b')),
    ]);
    assert.deepEqual(a, { signalCount: 2, stored: 2, merged: 0, duplicates: 0, replayed: false });
    assert.deepEqual(b, { signalCount: 2, stored: 0, merged: 2, duplicates: 0, replayed: false });
    assert.equal(s.flushes[0]!.length, 2);
    assert.equal(s.flushes[0]![0]!.value.event_count, 3);
    assert.equal((await metrics.aggregatorMerged.get()).values[0]!.value, 2);
  });

  test('resolves nothing before the store commits', async () => {
    const s = fakeStore();
    const release = s.hold();
    const { agg } = aggregator(s, { batchSize: 1 });
    let resolved = false;
    const p = agg.submit(message([entry('4.4.4.4')])).then((o) => { resolved = true; return o; });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(resolved, false);
    assert.equal(agg.depth(), 1);
    release();
    assert.equal((await p).stored, 1);
    assert.equal(agg.depth(), 0);
  });

  test('retries a failed flush with backoff and resolves only once it commits', async () => {
    const s = fakeStore();
    s.failNext(3);
    const { agg, metrics } = aggregator(s, { batchSize: 1 });
    const started = Date.now();
    const o = await agg.submit(message([entry('5.5.5.5')], 'retry'));
    assert.equal(o.stored, 1);
    assert.ok(Date.now() - started >= 10 + 20 + 40, 'backed off 10, 20 and 40 ms');
    assert.equal(s.flushes.length, 1);
    assert.equal((await metrics.aggregatorFlushFailures.get()).values.find((v) => v.labels.kind === 'transient')!.value, 3);
  });

  test('retries a flush whose connection was dropped on a fresh one and resolves once it commits', async () => {
    const s = fakeStore();
    s.failNext(1, () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    const { agg } = aggregator(s, { batchSize: 1 });
    assert.equal((await agg.submit(message([entry('5.5.6.1')], 'dropped'))).stored, 1);
    assert.equal(s.flushes.length, 1);
  });

  test('refuses the messages of a flush with a retryable DATABASE_UNAVAILABLE, acknowledging nothing, when the database stays away', async () => {
    const s = fakeStore();
    s.failNext(100, () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const { agg } = aggregator(s, { batchSize: 1 });
    const err = await agg.submit(message([entry('5.5.6.2')], 'away')).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof DatabaseUnavailableError);
    assert.deepEqual(errorMessage(err, 'away'), {
      type: 'error', id: 'away', code: 'DATABASE_UNAVAILABLE', error: 'the database is unavailable; nothing was stored, retry later', retryAfterMs: 1000,
    });
    assert.equal(s.flushes.length, 0);
    assert.equal(s.receipts.size, 0);
    assert.equal(agg.depth(), 0, 'the refused messages left the queue; the sensor holds them');
  });

  test('refuses a message that does not fit the queue with BACKPRESSURE and a retry hint, taking none of it', async () => {
    const s = fakeStore();
    const release = s.hold();
    const { agg } = aggregator(s, { batchSize: 2, maxQueue: 3 });
    const first = agg.submit(message([entry('6.6.6.1'), entry('6.6.6.2')]));
    await assert.rejects(agg.submit(message([entry('6.6.6.3'), entry('6.6.6.4')])), (e: unknown) =>
      e instanceof BackpressureError && e.retryAfterMs > 0 && /queue is full \(2\/3\)/.test(e.message));
    assert.equal(agg.depth(), 2);
    release();
    await first;
    assert.equal((await agg.submit(message([entry('6.6.6.3'), entry('6.6.6.4')]))).stored, 2);
    assert.deepEqual(s.flushes.map((f) => f.map((r) => r.subjectId)), [['6.6.6.1', '6.6.6.2'], ['6.6.6.3', '6.6.6.4']]);
  });

  test('calls low-water listeners when the queue falls to half after being full', async () => {
    const s = fakeStore();
    const { agg } = aggregator(s, { batchSize: 4, maxQueue: 4 });
    let calls = 0;
    agg.onLowWater(() => calls++);
    await agg.submit(message([entry('7.7.7.1'), entry('7.7.7.2'), entry('7.7.7.3'), entry('7.7.7.4')]));
    assert.equal(calls, 1);
  });

  test('acknowledges a resent message id from its receipt without storing it again', async () => {
    const s = fakeStore();
    const { agg } = aggregator(s, { batchSize: 1 });
    const first = await agg.submit(message([entry('8.8.8.8')], 'once'));
    const again = await agg.submit(message([entry('8.8.8.8')], 'once'));
    assert.deepEqual(again, { ...first, replayed: true });
    assert.equal(s.flushes.length, 1);
  });

  test('refuses a reused message id that carries another number of signals instead of acknowledging it as a replay', async () => {
    const s = fakeStore();
    const { agg } = aggregator(s, { batchSize: 1 });
    await agg.submit(message([entry('14.0.0.1')], 'reused'));
    await assert.rejects(agg.submit(message([entry('14.0.0.2'), entry('14.0.0.3')], 'reused')), (e: any) => e.code === 'message_id_reused' && /used before for 1 signal/.test(e.message));
    assert.equal(s.flushes.length, 1);
  });

  test('joins a resend to the original while that one is still in flight', async () => {
    const s = fakeStore();
    const release = s.hold();
    const { agg } = aggregator(s, { batchSize: 1 });
    const a = agg.submit(message([entry('9.9.9.9')], 'dup'));
    const b = agg.submit(message([entry('9.9.9.9')], 'dup'));
    release();
    assert.deepEqual(await b, { ...(await a), replayed: true });
    assert.equal(s.flushes.length, 1);
  });

  test('runs flushes of full windows concurrently up to the configured limit', async () => {
    const s = fakeStore();
    const release = s.hold();
    const { agg } = aggregator(s, { batchSize: 1, maxConcurrentFlushes: 3 });
    const all = Array.from({ length: 6 }, (_, i) => agg.submit(message([entry(`10.0.0.${i}`)])));
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all(all);
    assert.equal(s.maxInFlight(), 3);
  });

  test('refuses only the message at fault when the table refuses a window, and stores the others', async () => {
    const s = fakeStore();
    const { agg } = aggregator(s, { batchSize: 3 });
    const results = await Promise.allSettled([
      agg.submit(message([entry('12.0.0.1')])),
      agg.submit(message([entry('poison')])),
      agg.submit(message([entry('12.0.0.2')])),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    // Not the database's own error (INTERNAL, which sensors resend forever): a refusal a resend cannot overcome.
    const refusal = (results[1] as PromiseRejectedResult).reason;
    assert.ok(refusal instanceof StoreRefusedError);
    assert.equal(errorMessage(refusal, 'm').code, 'STORE_REFUSED');
    assert.deepEqual(s.flushes.map((f) => f.map((r) => r.subjectId)), [['12.0.0.1'], ['12.0.0.2']]);
    assert.equal(agg.depth(), 0);
  });

  test('answers a message from its receipt when another hub committed the same id during the flush', async () => {
    const s = fakeStore();
    const release = s.hold();
    const { agg } = aggregator(s, { batchSize: 2 });
    const mine = agg.submit(message([entry('13.0.0.1')], 'shared'));
    const other = agg.submit(message([entry('13.0.0.2')], 'own'));
    s.receipts.set('s/shared', { messageId: 'shared', signalCount: 1, stored: 1, merged: 0, duplicates: 0 });
    release();
    assert.deepEqual(await mine, { signalCount: 1, stored: 1, merged: 0, duplicates: 0, replayed: true });
    assert.equal((await other).stored, 1);
    assert.deepEqual(s.flushes.map((f) => f.map((r) => r.subjectId)), [['13.0.0.2']]);
  });

  test('drains open windows on stop and refuses new messages afterwards', async () => {
    const s = fakeStore();
    const { agg } = aggregator(s, { batchSize: 100, batchTimeoutMs: 60_000 });
    const p = agg.submit(message([entry('11.0.0.1')]));
    await agg.stop(1000);
    assert.equal((await p).stored, 1);
    await assert.rejects(agg.submit(message([entry('11.0.0.2')])), /shutting down/);
  });

  test('on stop, commits a message that was still looking up its receipt when the drain began, without waiting for its window', async () => {
    const s = fakeStore();
    let lookedUp!: () => void;
    const lookingUp = new Promise<void>((r) => { lookedUp = r; });
    let answer!: () => void;
    const find = s.receiptStore.find;
    s.receiptStore.find = async (...args) => {
      lookedUp();
      await new Promise<void>((r) => { answer = r; });
      return find(...args);
    };
    const { agg } = aggregator(s, { batchSize: 100, batchTimeoutMs: 60_000 });
    const p = agg.submit(message([entry('11.0.0.3')], 'late'));
    await lookingUp;
    const stopped = agg.stop(1000);
    answer();
    const windowTimer = new Promise((r) => setTimeout(r, 2000, 'still waiting for its window'));
    assert.equal(await Promise.race([p.then((o) => o.stored), windowTimer]), 1);
    await stopped;
    assert.deepEqual(s.flushes.map((f) => f.map((r) => r.subjectId)), [['11.0.0.3']]);
  });
});

describe('aggregator with COPY data prepared per message', () => {
  test('prepares each message of a window apart, with its own merges, and stores them in one transaction', async () => {
    const s = storeFor('prepared');
    const { agg, metrics } = aggregator(s, { batchSize: 4 });
    const [a, b] = await Promise.all([
      agg.submit(message([entry('15.0.0.1'), entry('15.0.0.1')], 'a')),
      agg.submit(message([entry('15.0.0.2'), entry('15.0.0.3')], 'b')),
    ]);
    assert.deepEqual(s.prepared, [1, 2], 'one COPY batch a message, of its deduplicated rows');
    assert.deepEqual(a, { signalCount: 2, stored: 1, merged: 1, duplicates: 0, replayed: false });
    assert.deepEqual(b, { signalCount: 2, stored: 2, merged: 0, duplicates: 0, replayed: false });
    assert.deepEqual(s.flushes.map((f) => f.map((r) => r.subjectId)), [['15.0.0.1', '15.0.0.2', '15.0.0.3']]);
    assert.equal(s.flushes[0]![0]!.value.event_count, 2);
    assert.equal((await metrics.aggregatorMerged.get()).values[0]!.value, 1);
    assert.deepEqual(s.receipts.get('s/a'), { messageId: 'a', signalCount: 2, stored: 1, merged: 1, duplicates: 0 });
  });

  test('keeps the rows of a window where a signal merges with another message\'s, and stores them as rows', async () => {
    const s = storeFor('prepared');
    const { agg } = aggregator(s, { batchSize: 3 });
    const [a, b] = await Promise.all([agg.submit(message([entry('16.0.0.1')])), agg.submit(message([entry('16.0.0.2'), entry('16.0.0.1')]))]);
    assert.deepEqual(s.prepared, [], 'nothing prepared: a message alone would not hold its merged row');
    assert.deepEqual([a.stored, b.stored, b.merged], [1, 1, 1]);
    assert.deepEqual(s.flushes.map((f) => f.map((r) => [r.subjectId, r.value.event_count])), [[['16.0.0.1', 2], ['16.0.0.2', 1]]]);
  });

  for (const [mode, held] of [['prepared', false], ['rows', true]] as const) {
    test(`${held ? 'holds' : 'lets go of'} a message's rows while its flush waits on the store (${mode})`, async () => {
      const s = storeFor(mode);
      const release = s.hold();
      const { agg } = aggregator(s, { batchSize: 1 });
      const writing = s.writing();
      const { outcome, row } = submitted(agg);
      await writing;
      // A WeakRef keeps its target until the job that made it ends.
      await new Promise((r) => setImmediate(r));
      gc();
      assert.equal(row.deref() !== undefined, held, held ? 'rows the store cannot prepare wait with their flush' : 'the row was collected');
      release();
      assert.equal((await outcome).stored, 1);
      assert.deepEqual(s.flushes.map((f) => f.map((r) => r.subjectId)), [['17.0.0.1']]);
    });
  }
});

/** Submits one message of one signal and keeps only a weak reference to its row. */
function submitted(agg: ReturnType<typeof aggregator>['agg']) {
  const e = entry('17.0.0.1');
  return { outcome: agg.submit(message([e])), row: new WeakRef(e.row) };
}
