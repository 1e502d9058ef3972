import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { startChildHub } from './helpers/child-hub.ts';
import { freePort } from './helpers/process.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { aThreat, authedSensor } from './helpers/sensor.ts';
import { SensorClient } from '../src/sdk/sensor-client.ts';
import { createKeyStore } from '../src/auth/key-store.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function countIps(db: TestDatabase, ips: string[]): Promise<Map<string, number>> {
  const { rows } = await db.pools.owner.query('SELECT subject_id, count(*)::int AS n FROM signal_streams WHERE subject_id = ANY($1) GROUP BY subject_id', [ips]);
  return new Map(rows.map((r) => [r.subject_id, r.n]));
}

describe('durable acknowledgements', () => {
  let hub: TestHub;
  before(async () => { hub = await startTestHub({ signalBatchSize: 1000, signalBatchTimeoutMs: 400 }); });
  after(async () => { await hub.close(); });

  test('acknowledges a batch only after its signals are committed', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'durable' });
    const batch = Array.from({ length: 25 }, () => aThreat());
    const ips = batch.map((b) => b.sourceIp as string);
    const sentAt = Date.now();
    s.send({ type: 'signal-batch', id: 'd-1', payload: batch });
    let ack: Record<string, unknown> | null = null;
    void s.next('batch-ack').then((a) => { ack = a; });
    while (ack === null) {
      const stored = [...(await countIps(hub.db, ips)).values()].reduce((a, b) => a + b, 0);
      if (ack === null) assert.ok(stored === 0 || stored === 25, 'a flush is all-or-nothing');
      if (Date.now() - sentAt > 5000) assert.fail('no batch-ack');
      await sleep(10);
    }
    assert.ok(Date.now() - sentAt >= 350, 'the ack waited for the batch window to flush');
    const counts = await countIps(hub.db, ips);
    assert.equal(counts.size, 25, 'every acknowledged signal is visible the moment the ack arrives');
    s.close();
  });

  test('stores a message once when the sensor resends it after a forced disconnect before the ack', async () => {
    const batch = Array.from({ length: 10 }, () => aThreat());
    const ips = batch.map((b) => b.sourceIp as string);
    const first = await authedSensor(hub.url, hub.adminKey, { sensorId: 'resender' });
    first.send({ type: 'signal-batch', id: 'r-1', payload: batch });
    await sleep(20);
    first.close();
    const second = await authedSensor(hub.url, hub.adminKey, { sensorId: 'resender' });
    second.send({ type: 'signal-batch', id: 'r-1', payload: batch });
    const ack = await second.next('batch-ack');
    assert.equal(ack.id, 'r-1');
    assert.equal(ack.stored, 10);
    second.send({ type: 'signal-batch', id: 'r-1', payload: batch });
    assert.deepEqual(await second.next('batch-ack'), { type: 'batch-ack', count: 10, sequenceId: 2, id: 'r-1', stored: 10, merged: 0, duplicates: 0, rejected: 0, replayed: true });
    await sleep(500);
    const counts = await countIps(hub.db, ips);
    assert.deepEqual([...counts.values()], Array(10).fill(1));
    second.close();
  });

  test('acknowledges a resend of a committed message from its receipt on a new connection', async () => {
    const batch = Array.from({ length: 5 }, () => aThreat());
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'replayer' });
    s.send({ type: 'signal-batch', id: 'c-1', payload: batch });
    const ack = await s.next('batch-ack');
    s.close();
    const again = await authedSensor(hub.url, hub.adminKey, { sensorId: 'replayer' });
    const started = Date.now();
    again.send({ type: 'signal-batch', id: 'c-1', payload: batch });
    const replay = await again.next('batch-ack');
    assert.ok(Date.now() - started < 300, 'a receipt answers at once, without waiting for a window');
    assert.deepEqual({ ...replay, sequenceId: ack.sequenceId }, { ...ack, replayed: true });
    const receipts = await hub.db.pools.owner.query("SELECT stored, signal_count FROM sensor_receipts WHERE sensor_id = 'replayer' AND message_id = 'c-1'");
    assert.deepEqual(receipts.rows, [{ stored: 5, signal_count: 5 }]);
    assert.deepEqual([...(await countIps(hub.db, batch.map((b) => b.sourceIp as string))).values()], [1, 1, 1, 1, 1]);
    again.close();
  });
});

describe('database failures', () => {
  test('retries a flush the database refuses and acknowledges only once it commits', async () => {
    const hub = await startTestHub({ signalBatchTimeoutMs: 20 });
    try {
      const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'patient' });
      await hub.db.pools.owner.query('REVOKE INSERT ON signal_streams FROM quorum_app, quorum_ingest');
      const batch = Array.from({ length: 4 }, () => aThreat());
      s.send({ type: 'signal-batch', id: 'wait', payload: batch });
      await sleep(700);
      assert.deepEqual(s.pending(), [], 'no ack while the database refuses');
      assert.equal((await countIps(hub.db, batch.map((b) => b.sourceIp as string))).size, 0);
      const failures = (await hub.metrics.aggregatorFlushFailures.get()).values.find((v) => v.labels.kind === 'transient');
      assert.ok((failures?.value ?? 0) >= 2, 'retried');
      await hub.db.pools.owner.query('GRANT INSERT ON signal_streams TO quorum_app, quorum_ingest');
      const ack = await s.next('batch-ack', 10_000);
      assert.equal(ack.stored, 4);
      assert.equal((await countIps(hub.db, batch.map((b) => b.sourceIp as string))).size, 4);
      s.close();
    } finally {
      await hub.close();
    }
  });
});

describe('hub shutdown', () => {
  test('commits and acknowledges what a window holds before closing sensors with 1000', async () => {
    const hub = await startTestHub({ signalBatchSize: 1000, signalBatchTimeoutMs: 60_000 });
    try {
      const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'leaving' });
      const batch = Array.from({ length: 7 }, () => aThreat());
      s.send({ type: 'signal-batch', id: 'last', payload: batch });
      // The message is in its window (60 s long) when the stop begins.
      await waitUntil('the message in its window', 5000, async () => (await hub.metrics.aggregatorQueueDepth.get()).values[0]?.value === 7);
      const stopped = hub.stop();
      const ack = await s.next('batch-ack');
      assert.equal(ack.stored, 7);
      assert.deepEqual(await s.closed, { code: 1000, reason: 'Server shutting down' });
      await stopped;
      assert.equal((await countIps(hub.db, batch.map((b) => b.sourceIp as string))).size, 7);
    } finally {
      await hub.stop();
      await hub.db.drop();
    }
  });
});

describe('backpressure', () => {
  let hub: TestHub;
  before(async () => { hub = await startTestHub({ signalBatchSize: 20, signalBatchTimeoutMs: 10, signalMaxQueue: 40, signalFlushConcurrency: 2 }); });
  after(async () => { await hub.close(); });

  test('with a queue too small for the load, refuses with BACKPRESSURE, loses nothing acknowledged and stores nothing twice', async () => {
    const clients = Array.from({ length: 4 }, (_, i) => new SensorClient({
      url: hub.url.replace(/^http/, 'ws') + '/ws/sensors', apiKey: hub.adminKey, sensorId: `bp-${i}`, batchSize: 10, maxInFlight: 16, flushIntervalMs: 5,
    }));
    await Promise.all(clients.map((c) => c.connect()));
    const errors: string[] = [];
    for (const c of clients) c.on('server-error', (e) => errors.push(e.code));
    const ips: string[] = [];
    for (let k = 0; k < 300; k++) {
      for (const c of clients) {
        const sig = aThreat();
        ips.push(sig.sourceIp as string);
        assert.equal(c.send(sig), true);
      }
    }
    await Promise.all(clients.map((c) => c.drain(60_000)));
    assert.ok(errors.includes('BACKPRESSURE'), 'the queue filled at least once');
    assert.ok(errors.every((e) => e === 'BACKPRESSURE'), `only BACKPRESSURE errors: ${[...new Set(errors)]}`);
    const counts = await countIps(hub.db, ips);
    assert.equal(counts.size, 1200, 'every acknowledged signal is stored');
    assert.ok([...counts.values()].every((n) => n === 1), 'no signal is stored twice');
    const metrics = await hub.metrics.sensorBackpressure.get();
    assert.ok(metrics.values[0]!.value > 0);
    for (const c of clients) c.close();
  });
});

describe('hub crash', () => {
  let db: TestDatabase;
  let child: ChildProcess | null = null;
  before(async () => { db = await createTestDatabase(); });
  after(async () => {
    child?.kill('SIGKILL');
    await db.drop();
  });

  const startChild = (port: number, dataDir: string) => startChildHub({
    ownerUrl: db.ownerUrl, appUrl: db.appUrl, port, dataDir, env: { SIGNAL_BATCH_SIZE: '200', SIGNAL_BATCH_TIMEOUT_MS: '50' },
  });

  test('after SIGKILL mid-stream and a restart, every acknowledged signal is in the table exactly once', async () => {
    const keys = createKeyStore(db.pools.owner);
    const tenant = await keys.createTenant('crash');
    const key = await keys.createKey({ tenantId: tenant.id, scopes: ['signal:write'] });
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-crash-'));
    child = await startChild(port, dataDir);

    const client = new SensorClient({ url: `ws://127.0.0.1:${port}/ws/sensors`, apiKey: key.key, sensorId: 'crashy', batchSize: 50, flushIntervalMs: 10, reconnectBaseMs: 100, reconnectMaxMs: 500 });
    await client.connect();
    const ackedBeforeKill: string[] = [];
    const sentIps: string[] = [];
    let killed = false;
    const acked = new Map<string, number>();
    client.on('ack', (a) => { acked.set(a.id, a.count); if (!killed) ackedBeforeKill.push(a.id); });
    // Killed once the hub has acknowledged something (an event, not a fixed time: a loaded machine may take longer).
    const firstAck = new Promise((resolve, reject) => {
      client.once('ack', resolve);
      setTimeout(() => reject(new Error('no acknowledgement within 30 s')), 30_000).unref();
    });
    const streaming = (async () => {
      for (let i = 0; i < 200; i++) {
        for (let k = 0; k < 25; k++) {
          const sig = aThreat();
          if (client.send(sig)) sentIps.push(sig.sourceIp as string);
        }
        await sleep(5);
      }
    })();
    await firstAck;
    child.kill('SIGKILL');
    killed = true;
    await new Promise((r) => child!.once('exit', r));
    assert.ok(ackedBeforeKill.length > 0, 'some messages were acknowledged before the crash');
    await sleep(200);
    child = await startChild(port, dataDir);
    await streaming;
    await client.drain(60_000);
    client.close();

    const counts = await countIps(db, sentIps);
    assert.equal(counts.size, sentIps.length, 'every signal the sensor handed over is stored');
    assert.ok([...counts.values()].every((n) => n === 1), 'none is stored twice');
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    child = null;
  });
});
