import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { aThreat } from './helpers/sensor.ts';
import { SensorClient, type AckEvent } from '../src/index.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ signalBatchTimeoutMs: 20, sensorPingIntervalMs: 100 }); });
after(async () => { await hub.close(); });

const wsUrl = () => hub.url.replace(/^http/, 'ws') + '/ws/sensors';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const countOf = async (ips: string[]) =>
  (await hub.db.pools.owner.query('SELECT subject_id, count(*)::int AS n FROM signal_streams WHERE subject_id = ANY($1) GROUP BY subject_id', [ips])).rows as { subject_id: string; n: number }[];

describe('SensorClient', () => {
  test('sends a signal-batch when 100 signals are buffered, without waiting for the interval', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-size', flushIntervalMs: 60_000 });
    await c.connect();
    const acks: AckEvent[] = [];
    c.on('ack', (a) => acks.push(a));
    for (let i = 0; i < 250; i++) c.send(aThreat());
    while (acks.length < 2) await sleep(10);
    assert.deepEqual(acks.map((a) => a.count), [100, 100]);
    assert.equal(c.held(), 50);
    c.close();
  });

  test('sends a partial batch after the flush interval', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-interval', flushIntervalMs: 150 });
    await c.connect();
    const started = Date.now();
    c.send(aThreat());
    const ack = await new Promise<AckEvent>((r) => c.once('ack', r));
    assert.ok(Date.now() - started >= 150);
    assert.equal(ack.count, 1);
    assert.equal(ack.stored, 1);
    c.close();
  });

  test('resends unacknowledged messages with the same ids after a dropped connection, storing each signal once', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-resend', batchSize: 20, flushIntervalMs: 5, reconnectBaseMs: 50 });
    await c.connect();
    const ids = new Set<string>();
    let replays = 0;
    c.on('ack', (a: AckEvent) => { ids.add(a.id); if (a.replayed) replays++; });
    const ips: string[] = [];
    for (let i = 0; i < 200; i++) {
      const s = aThreat();
      ips.push(s.sourceIp as string);
      c.send(s);
    }
    c.flush();
    (c as unknown as { ws: { terminate(): void } }).ws.terminate();
    await c.drain(10_000);
    assert.equal(ids.size, 10);
    assert.ok(c.stats.reconnects >= 1);
    const rows = await countOf(ips);
    assert.equal(rows.length, 200);
    assert.ok(rows.every((r) => r.n === 1));
    c.close();
  });

  test('drain() resolves at the ack that settles the last message (event drained), before the next turn of the loop', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-drain', batchSize: 10, flushIntervalMs: 60_000 });
    try {
      await c.connect();
      for (let i = 0; i < 25; i++) c.send(aThreat());
      const order: string[] = [];
      let acks = 0;
      // Scheduled by the last ack: a drain() that waited for a timer of its own would resolve after it.
      c.on('ack', () => { if (++acks === 3) setImmediate(() => order.push('next turn')); });
      c.on('drained', () => order.push('drained'));
      await c.drain(10_000);
      order.push('drain resolved');
      assert.equal(c.held(), 0);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, ['drained', 'drain resolved', 'next turn']);
    } finally {
      c.close();
    }
  });

  test('drain() rejects after its timeout while messages stay unacknowledged, naming how many', async () => {
    const c = new SensorClient({ url: 'ws://127.0.0.1:9/ws/sensors', apiKey: 'x', sensorId: 'offline-drain', reconnectBaseMs: 60_000 });
    try {
      for (let i = 0; i < 3; i++) c.send(aThreat());
      await assert.rejects(c.drain(50), /3 signals still unacknowledged after 50 ms/);
      assert.equal(c.listenerCount('drained'), 0, 'the waiter is removed');
    } finally {
      c.close();
    }
  });

  test('refuses signals beyond its local buffer and reports them', async () => {
    const c = new SensorClient({ url: 'ws://127.0.0.1:9/ws/sensors', apiKey: 'x', sensorId: 'offline', maxBuffer: 5, reconnectBaseMs: 60_000 });
    const refused: unknown[] = [];
    c.on('refused', (r) => refused.push(r));
    const results = Array.from({ length: 8 }, () => c.send(aThreat()));
    assert.deepEqual(results, [true, true, true, true, true, false, false, false]);
    assert.equal(c.stats.refused, 3);
    assert.deepEqual(refused[0], { count: 1, reason: 'local buffer full' });
    c.close();
  });

  test('answers pings so the hub keeps it connected, and exposes the blocklist snapshot', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-ping' });
    const disconnects: unknown[] = [];
    c.on('disconnected', (d) => disconnects.push(d));
    await c.connect();
    await sleep(500);
    assert.deepEqual(disconnects, []);
    c.requestBlocklist();
    await new Promise((r) => c.once('blocklist', r));
    assert.deepEqual(c.blocklist, []);
    c.close();
  });

  test('sends heartbeats that update the sensor record', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-beat', heartbeatIntervalMs: 50, health: () => ({ status: 'healthy', cpu: 12, memory: 30, disk: 5, requestsLastMinute: 10, avgLatencyMs: 1, configHash: 'a', rulesHash: 'b' }) });
    await c.connect();
    let row;
    for (let i = 0; i < 100; i++) {
      row = (await hub.db.pools.owner.query("SELECT last_metrics FROM sensors WHERE sensor_id = 'sdk-beat'")).rows[0];
      if (row?.last_metrics) break;
      await sleep(20);
    }
    assert.equal(row.last_metrics.cpu, 12);
    c.close();
  });

  test('rejects connect() when the hub refuses the key, and stops reconnecting', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: 'qk_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', sensorId: 'sdk-bad', reconnectBaseMs: 10 });
    await assert.rejects(c.connect(), /refused this sensor \(4003/);
    await sleep(100);
    assert.equal(c.stats.reconnects, 0);
    c.close();
  });

  test('drops a message the hub refuses as invalid and reports it instead of resending forever', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-invalid', flushIntervalMs: 5 });
    await c.connect();
    c.send({ signalType: 'IP_THREAT', sourceIp: '1.2.3.4', severity: 'NOPE', confidence: 0.1 });
    const rejected = await new Promise<{ error: { code: string } }>((r) => c.once('rejected', r));
    assert.equal(rejected.error.code, 'INVALID_SIGNAL');
    assert.equal(c.held(), 0);
    c.close();
  });
});

describe('SensorClient in-flight window', () => {
  // A hub that holds every signal (its window is never full and never times out here): nothing is acknowledged, so
  // what it has received is exactly what the client keeps in flight.
  let holding: TestHub;
  before(async () => { holding = await startTestHub({ signalBatchSize: 100_000, signalBatchTimeoutMs: 600_000, signalMaxQueue: 100_000 }); });
  after(async () => { await holding.close(); });
  const queued = async () => Number(/^quorum_aggregator_queue_depth (\S+)$/m.exec((await holding.request('GET', '/metrics')).body as string)?.[1]);

  test('keeps about 2,000 signals unacknowledged by default: 2 messages of 1,000, 20 of 100', async () => {
    let expected = 0;
    for (const batchSize of [1000, 100]) {
      const c = new SensorClient({ url: holding.url.replace(/^http/, 'ws') + '/ws/sensors', apiKey: holding.adminKey, sensorId: `sdk-window-${batchSize}`, batchSize, flushIntervalMs: 5, maxBuffer: 20_000 });
      try {
        await c.connect();
        for (let i = 0; i < 6000; i++) c.send(aThreat());
        expected += 2000;
        for (const end = Date.now() + 5000; await queued() < expected && Date.now() < end;) await sleep(10);
        // Forty flush intervals more: a client that did not keep to its window would have sent the rest by now.
        await sleep(200);
        assert.equal(await queued(), expected);
        assert.equal(c.held(), 6000);
      } finally {
        c.close();
      }
    }
  });
});
