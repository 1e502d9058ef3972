import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { loadConfig } from '../src/config/config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { watchKeyRevocations } from '../src/auth/revocation.ts';
import { createRateLimiter } from '../src/auth/rate-limit.ts';
import { RETRYABLE_CODES, SensorClient } from '../src/sdk/sensor-client.ts';
import { addressKey } from '../src/ingest/sensor-gateway.ts';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { aThreat, authedSensor, authMessage, sensorUrl, TestSensor } from './helpers/sensor.ts';

let hub: TestHub;
let limited: TestHub;
before(async () => {
  [hub, limited] = await Promise.all([
    startTestHub({ signalBatchTimeoutMs: 20, sensorMaxConnections: 20, sensorMaxUnauthenticated: 16, sensorMaxPerAddress: 4 }),
    startTestHub({ signalBatchTimeoutMs: 20, keyRatePerSecond: 2, keyRateBurst: 3 }),
  ]);
});
after(async () => { await Promise.all([hub.close(), limited.close()]); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rowCount = async (h: TestHub) => (await h.db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams')).rows[0].n as number;

/**
 * Keyless sockets that open again whenever they are closed (the attack of defect 4), from the given local addresses.
 * Bounded: at most `maxOpens` connection attempts in all; `stop()` ends it.
 */
function flood(url: string, addresses: string[], sockets: number, maxOpens = 20_000) {
  const live = new Set<WebSocket>();
  const stats = { opens: 0, refused: 0, open: 0 };
  let stopped = false;
  const openOne = (i: number) => {
    if (stopped || stats.opens >= maxOpens) return;
    stats.opens++;
    const ws = new WebSocket(url, { localAddress: addresses[i % addresses.length] });
    live.add(ws);
    ws.on('open', () => { stats.open++; });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      live.delete(ws);
      if (code === 1013) stats.refused++;
      setImmediate(() => openOne(i));
    });
  };
  for (let i = 0; i < sockets; i++) openOne(i);
  return {
    stats,
    stop() {
      stopped = true;
      for (const ws of live) ws.terminate();
    },
  };
}

async function refusedMetric(h: TestHub, cap: string): Promise<number> {
  const text = await h.metrics.registry.getSingleMetricAsString('quorum_sensor_connections_refused_total');
  return Number(new RegExp(`cap="${cap}"} (\\d+)`).exec(text)?.[1] ?? 0);
}

describe('sensor connection caps (issue 7, defect 4)', () => {
  test('a flood of keyless sockets that reconnect whenever closed does not keep a real sensor out', async () => {
    const attack = flood(sensorUrl(hub.url), ['127.0.0.2'], 200);
    try {
      for (let i = 0; i < 500 && attack.stats.refused < 200; i++) await sleep(10);
      assert.ok(attack.stats.refused >= 200, `the flood is running into the caps (${JSON.stringify(attack.stats)})`);
      const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'real-under-flood' });
      s.send({ type: 'signal', id: 'under-flood', payload: aThreat() });
      assert.equal((await s.next('signal-ack')).id, 'under-flood');
      s.close();
    } finally {
      attack.stop();
    }
    assert.ok(await refusedMetric(hub, 'per_address') > 0);
  });

  test('a sensor that presents its key on the upgrade gets in even when keyless sockets fill the unauthenticated cap', async () => {
    const addresses = Array.from({ length: 8 }, (_, i) => `127.0.1.${i + 1}`);
    const attack = flood(sensorUrl(hub.url), addresses, 64);
    try {
      for (let i = 0; i < 500 && attack.stats.refused < 100; i++) await sleep(10);
      assert.ok(await refusedMetric(hub, 'unauthenticated') > 0, 'the flood fills the unauthenticated cap');
      const sdk = new SensorClient({ url: sensorUrl(hub.url), apiKey: hub.adminKey, sensorId: 'sdk-under-flood', flushIntervalMs: 5 });
      await sdk.connect();
      sdk.send(aThreat());
      await sdk.drain(10_000);
      sdk.close();
    } finally {
      attack.stop();
    }
  });

  test('closes the socket beyond the per-address cap with 1013 at once, and takes sockets from other addresses', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, async () => {
      const s = new TestSensor(sensorUrl(hub.url));
      await s.opened;
      return s;
    }));
    const fifth = new TestSensor(sensorUrl(hub.url));
    assert.deepEqual(await fifth.closed, { code: 1013, reason: 'Max connections reached' });
    const other = new WebSocket(sensorUrl(hub.url), { localAddress: '127.0.0.3' });
    await new Promise((resolve, reject) => { other.once('open', resolve); other.once('close', (code) => reject(new Error(`closed ${code}`))); });
    other.terminate();
    // An authenticated sensor no longer holds an unauthenticated place: the address may open another socket.
    held[0]!.send(authMessage(hub.adminKey, { sensorId: 'frees-a-place' }));
    assert.equal((await held[0]!.next()).type, 'auth-success');
    const next = new TestSensor(sensorUrl(hub.url));
    await next.opened;
    for (const s of [...held, next]) s.close();
  });
});

test('counts IPv4 addresses singly and IPv6 addresses by their /64 for the per-address cap', () => {
  assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
  assert.equal(addressKey('2001:db8:0:1::17'), '2001:db8:0:1::/64');
  assert.equal(addressKey('2001:DB8:0:1:ffff:1:2:3'), '2001:db8:0:1::/64');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
  assert.equal(addressKey('fe80::1'), 'fe80:0:0:0::/64');
  assert.equal(addressKey(null), '');
});

describe('per-key rate limits', () => {
  const keyWithRate = async (rateLimit: { perSecond: number; burst: number } | null) =>
    (await limited.keys.createKey({ tenantId: limited.bootstrap.tenantId, scopes: ['signal:write'], rateLimit })).key;

  test('answers HTTP 429 with Retry-After beyond the hub default and stores nothing of the refused request', async () => {
    const key = await keyWithRate(null);
    const before = await rowCount(limited);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await limited.request('POST', '/v1/signals', { key, body: aSignal({ subject_id: `rate-${i}.example` }) }));
    assert.deepEqual(statuses.map((r) => r.status).slice(0, 3), [201, 201, 201]);
    const refusal = statuses.find((r) => r.status === 429)!;
    assert.ok(refusal, 'a burst of 3 at 2/s: the 4th or 5th request is refused');
    assert.equal(refusal.body.code, 'rate_limited');
    assert.ok(Number(refusal.headers.get('retry-after')) >= 1);
    assert.equal(await rowCount(limited), before + statuses.filter((r) => r.status === 201).length);
    const reads = await limited.request('GET', '/v1/signals?limit=1', { key: limited.adminKey });
    assert.equal(reads.status, 200, 'reads are not limited');
  });

  test('a key\'s own rate overrides the default, and HTTP and the sensor tunnel share its bucket', async () => {
    const key = await keyWithRate({ perSecond: 1, burst: 2 });
    assert.equal((await limited.request('POST', '/v1/signals', { key, body: aSignal({ subject_id: 'shared-1.example' }) })).status, 201);
    const s = await authedSensor(limited.url, key, { sensorId: 'rate-limited' });
    s.send({ type: 'signal', id: 'r-1', payload: aThreat() });
    assert.equal((await s.next()).type, 'signal-ack');
    const before = await rowCount(limited);
    s.send({ type: 'signal', id: 'r-2', payload: aThreat() });
    const refusal = await s.next();
    assert.equal(refusal.type, 'error');
    assert.equal(refusal.code, 'RATE_LIMITED');
    assert.equal(refusal.id, 'r-2');
    assert.ok(refusal.retryAfterMs > 0 && refusal.retryAfterMs <= 1000);
    s.send({ type: 'pong' });
    s.send({ type: 'blocklist-sync' });
    assert.equal((await s.next()).code, 'RATE_LIMITED', 'pongs are free, other messages are charged');
    assert.equal(await rowCount(limited), before);
    s.close();
  });

  test('limits the adapter routes with the same bucket, and never reads', async () => {
    const key = (await limited.keys.createKey({ tenantId: limited.bootstrap.tenantId, scopes: ['signal:write', 'signal:read'], rateLimit: { perSecond: 1, burst: 1 } })).key;
    const statuses = [];
    for (const url of ['/v1/signals/alertmanager', '/v1/signals/fastnetmon', '/v1/signals/webhook/nope']) {
      statuses.push((await limited.request('POST', url, { key, body: { alerts: [] } })).status);
    }
    assert.ok(statuses[0] !== 429, `the first write goes through (${statuses[0]})`);
    assert.deepEqual(statuses.slice(1), [429, 429]);
    assert.equal((await limited.request('GET', '/v1/signals?limit=1', { key })).status, 200);
  });

  test('the SDK resends a RATE_LIMITED message after the delay the hub names, until it is acknowledged', async () => {
    const key = await keyWithRate({ perSecond: 20, burst: 1 });
    const sdk = new SensorClient({ url: sensorUrl(limited.url), apiKey: key, sensorId: 'sdk-rate', batchSize: 1, flushIntervalMs: 1 });
    await sdk.connect();
    const refused: string[] = [];
    sdk.on('server-error', (e) => refused.push(e.code));
    for (let i = 0; i < 10; i++) sdk.send(aThreat());
    await sdk.drain(15_000);
    assert.equal(sdk.stats.acked, 10);
    assert.equal(sdk.stats.rejected, 0);
    assert.ok(refused.includes('RATE_LIMITED'));
    sdk.close();
  });

  test('a token bucket refills at its rate up to its burst', () => {
    let now = 0;
    const limiter = createRateLimiter({ defaults: { perSecond: 10, burst: 2 }, clock: () => now });
    assert.deepEqual([limiter.take('k', null), limiter.take('k', null), limiter.take('k', null)], [0, 0, 100]);
    now = 50;
    assert.equal(limiter.take('k', null), 50);
    now = 1000;
    assert.deepEqual([limiter.take('k', null), limiter.take('k', null), limiter.take('k', null)], [0, 0, 100]);
    assert.equal(limiter.take('other', { perSecond: 1, burst: 1 }), 0);
    assert.equal(limiter.take('other', { perSecond: 1, burst: 1 }), 1000);
  });

  test('the SDK resends only the refusals a resend can overcome', () => {
    for (const code of ['BACKPRESSURE', 'RATE_LIMITED', 'SHUTTING_DOWN', 'DATABASE_UNAVAILABLE', 'INTERNAL']) assert.ok(RETRYABLE_CODES.has(code), code);
    for (const code of ['INVALID_JSON', 'INVALID_MESSAGE', 'INVALID_SIGNAL', 'BATCH_TOO_LARGE', 'MESSAGE_ID_REUSED', 'STORE_REFUSED', 'UNKNOWN_TYPE']) assert.ok(!RETRYABLE_CODES.has(code), code);
  });
});

describe('key revocation across hubs (issue 7, defect 9)', () => {
  let second: Hub;
  before(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-hub-b-'));
    const config = loadConfig({ databaseUrl: hub.db.ownerUrl, appDatabaseUrl: hub.db.appUrl, port: 0, dataDir, logLevel: 'silent', logFormat: 'json', authCacheMs: 60_000 }, {});
    second = await startHub(config, pino({ level: 'silent' }));
  });
  after(async () => { await second.stop(); });

  test('revoking a key on one hub closes its sensor sessions on another hub with auth-revoked and 4001 within 1 s, and that hub\'s auth cache forgets it', async () => {
    const key = await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:write', 'signal:read'] });
    const onSecond = await authedSensor(second.url, key.key, { sensorId: 'revoked-elsewhere' });
    const onFirst = await authedSensor(hub.url, key.key, { sensorId: 'revoked-here' });
    const read = () => fetch(`${second.url}/v1/signals?limit=1`, { headers: { authorization: `Bearer ${key.key}` } }).then((r) => r.status);
    assert.equal(await read(), 200, 'the second hub has verified (and cached) the key');
    const started = Date.now();
    assert.equal(await hub.keys.revokeKey(key.id), true);
    const revoked = await onSecond.next('auth-revoked', 1000);
    assert.equal(revoked.error, 'API key has been revoked');
    assert.equal((await onSecond.closed).code, 4001);
    assert.equal((await onFirst.closed).code, 4001);
    assert.ok(Date.now() - started < 1000, `closed after ${Date.now() - started} ms`);
    assert.equal(await read(), 401);
  });

  test('after the notification connection comes back, every cached key is forgotten and every session re-verified', () => {
    const calls: string[] = [];
    let reconnect = () => undefined as void;
    watchKeyRevocations({
      notifications: { on: () => undefined, onReconnect: (h) => { reconnect = h; } },
      keys: { forget: (id) => calls.push(`forget ${id}`), forgetAll: () => calls.push('forgetAll') },
      sessions: { recheckKey: (id) => calls.push(`recheck ${id}`), recheckAll: () => calls.push('recheckAll') },
    });
    reconnect();
    assert.deepEqual(calls, ['forgetAll', 'recheckAll']);
  });
});
