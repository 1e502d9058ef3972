// Sensor health end to end: real WebSocket sensors against a real hub on the embedded database — heartbeats stored as
// latest health plus one history row per minute, bad heartbeats refused with nothing stored, stale/offline derived from the
// hub's clock, the silence sweep announcing once, sync state against the block feed, the dashboard event, tenant isolation.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { authedSensor, type TestSensor } from './helpers/sensor.ts';
import { authedDashboard, subscribe } from './helpers/dashboard.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { runCli } from './helpers/process.ts';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sweepSilentSensors } from '../src/ingest/health-watch.ts';
import { recordHeartbeatHealth } from '../src/ingest/sensor-health-queries.ts';
import type { HeartbeatPayload } from '../src/ingest/sensor-protocol.ts';
import { withTenant } from '../src/db/pools.ts';
import { blocklistSync, deriveHealth, hashSync } from '../src/ingest/sensor-health.ts';

let hub: TestHub;
let now = new Date('2026-12-03T10:00:10Z');
let A: { id: string; writer: string; reader: string };
let B: { id: string; writer: string; reader: string };
const T = { staleAfterMs: 60_000, offlineAfterMs: 300_000 };
/** A time as the API writes it (PostgreSQL's JSON form). */
const pgTime = (d: Date) => d.toISOString().replace('.000Z', '+00:00');

const beat = (over: Record<string, unknown> = {}) => ({
  type: 'heartbeat',
  payload: { timestamp: now.getTime(), status: 'healthy', cpu: 12.5, memory: 40, disk: 55, requestsLastMinute: 900, avgLatencyMs: 2.5, configHash: 'cfg-1', rulesHash: 'rules-1', ...over },
});

/** Sends a heartbeat and waits until the hub stored it (its last_heartbeat_at is the hub's clock now). */
async function heartbeat(s: TestSensor, tenantId: string, sensorId: string, over: Record<string, unknown> = {}): Promise<void> {
  s.send(beat(over));
  const at = now.toISOString();
  await waitUntil('the heartbeat stored', 5000, async () => {
    const r = await hub.db.pools.owner.query("SELECT last_metrics FROM sensors WHERE tenant_id = $1 AND sensor_id = $2 AND last_heartbeat_at = $3", [tenantId, sensorId, at]);
    const m = r.rows[0]?.last_metrics;
    return m && Object.entries(over).every(([k, v]) => JSON.stringify(m[k]) === JSON.stringify(v)) ? true : undefined;
  }).catch(async (err) => {
    const r = await hub.db.pools.owner.query('SELECT last_heartbeat_at, last_metrics FROM sensors WHERE tenant_id = $1 AND sensor_id = $2', [tenantId, sensorId]);
    throw new Error(`${err.message}: ${at} ${JSON.stringify(r.rows)} ${JSON.stringify(s.pending())}`);
  });
}

const historyCount = async (tenantId: string, sensorId: string) =>
  (await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM sensor_health_history WHERE tenant_id = $1 AND sensor_id = $2', [tenantId, sensorId])).rows[0].n as number;

before(async () => {
  hub = await startTestHub({ dashboardStateIntervalMs: 100, sensorStaleAfterMs: T.staleAfterMs, sensorOfflineAfterMs: T.offlineAfterMs, keyRatePerSecond: 100_000, keyRateBurst: 100_000 }, () => now);
  A = await tenantWithKeys(hub, 'health-a', { writer: ['signal:write'], reader: ['signal:read', 'dashboard:read'] });
  B = await tenantWithKeys(hub, 'health-b', { writer: ['signal:write'], reader: ['signal:read'] });
});
after(async () => { await hub.close(); });

describe('sensor health', () => {
  test('stores the latest heartbeat and one history row per sensor per minute, the last of the minute winning', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-1' });
    await heartbeat(s, A.id, 'edge-1', { cpu: 10 });
    now = new Date(now.getTime() + 20_000);
    await heartbeat(s, A.id, 'edge-1', { cpu: 20 });
    assert.equal(await historyCount(A.id, 'edge-1'), 1, 'two heartbeats in one minute: one row');
    now = new Date(now.getTime() + 30_000);
    await heartbeat(s, A.id, 'edge-1', { cpu: 30, status: 'degraded' });
    assert.equal(await historyCount(A.id, 'edge-1'), 2);

    const res = await hub.request('GET', `/v1/sensors/edge-1/health?since=2026-12-03T09:00:00Z&until=2026-12-03T11:00:00Z`, { key: A.reader });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.history.map((r: any) => [r.minute, r.cpu, r.status]), [
      ['2026-12-03T10:00:00+00:00', 20, 'healthy'], ['2026-12-03T10:01:00+00:00', 30, 'degraded'],
    ]);
    assert.equal(res.body.truncated, false);
    assert.equal(res.body.sensor.health, 'degraded');
    assert.equal(res.body.sensor.health_since, pgTime(now));
    assert.equal(res.body.sensor.metrics.cpu, 30);
    assert.deepEqual(res.body.sensor.sync.config, { expected: null, reported: 'cfg-1', state: 'in_sync', since: '2026-12-03T10:00:10+00:00' });
    s.close();
  });

  test('a heartbeat older than the one stored changes nothing: a sensor\'s frames are handled at once, and the later may commit first', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-order' });
    const record = (over: Record<string, unknown>, at: Date) => withTenant(hub.pools.app, A.id, (c) =>
      recordHeartbeatHealth(c, A.id, 'edge-order', beat(over).payload as unknown as HeartbeatPayload, at));
    const later = new Date(now.getTime() + 1000);
    assert.ok(await record({ cpu: 2, rulesHash: 'rules-new' }, later));
    assert.equal(await record({ cpu: 1, rulesHash: 'rules-old' }, now), null);
    const stored = await hub.db.pools.owner.query(
      `SELECT (extract(epoch FROM s.last_heartbeat_at) * 1000)::float8 AS at_ms, s.last_metrics ->> 'cpu' AS cpu, y.reported_rules_hash FROM sensors s
       JOIN sensor_sync_state y USING (tenant_id, sensor_id) WHERE s.tenant_id = $1 AND s.sensor_id = 'edge-order'`, [A.id]);
    assert.deepEqual(stored.rows, [{ at_ms: later.getTime(), cpu: '2', reported_rules_hash: 'rules-new' }]);
    assert.equal(await historyCount(A.id, 'edge-order'), 1);
    s.close();
  });

  test('stores a heartbeat whose figures are as small or large as JSON numbers go (no float underflow)', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-tiny' });
    await heartbeat(s, A.id, 'edge-tiny', { cpu: 7.6e-97, memory: 1e-323, requestsLastMinute: 1e300 });
    assert.equal(await historyCount(A.id, 'edge-tiny'), 1);
    s.close();
  });

  test('refuses a bad heartbeat with the protocol error and stores nothing', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-bad' });
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'fine' }, 'payload.status'], [{ cpu: 101 }, 'payload.cpu'], [{ memory: -1 }, 'payload.memory'], [{ disk: '50' }, 'payload.disk'],
      [{ requestsLastMinute: -3 }, 'payload.requestsLastMinute'], [{ avgLatencyMs: null }, 'payload.avgLatencyMs'], [{ configHash: 7 }, 'payload.configHash'],
      [{ rulesHash: 'r'.repeat(257) }, 'payload.rulesHash'], [{ timestamp: 'now' }, 'payload.timestamp'], [{ blocklistVersion: -1 }, 'payload.blocklistVersion'],
    ];
    for (const [over, path] of cases) {
      s.send(beat(over));
      const e = await s.next('error');
      assert.equal(e.code, 'INVALID_MESSAGE');
      assert.ok(e.error.startsWith(`Invalid message: ${path}: `), `${JSON.stringify(over)} → ${e.error}`);
    }
    s.send({ type: 'heartbeat', payload: [1, 2] });
    assert.match((await s.next('error')).error, /^Invalid message: payload: must be an object/);
    const row = (await hub.db.pools.owner.query("SELECT last_heartbeat_at, last_metrics FROM sensors WHERE tenant_id = $1 AND sensor_id = 'edge-bad'", [A.id])).rows[0];
    assert.deepEqual([row.last_heartbeat_at, row.last_metrics], [null, null]);
    assert.equal(await historyCount(A.id, 'edge-bad'), 0);
    assert.equal((await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM sensor_sync_state WHERE sensor_id = 'edge-bad'")).rows[0].n, 0);
    s.close();
  });

  test('derives stale after two silent intervals and offline after the offline threshold, and the sweep announces each once', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-quiet' });
    await heartbeat(s, A.id, 'edge-quiet');
    s.close();
    const healthOf = async () => (await hub.request('GET', '/v1/sensors/edge-quiet/health', { key: A.reader })).body.sensor.health;
    assert.equal(await healthOf(), 'healthy');
    const lines: any[] = [];
    const sweep = () => sweepSilentSensors({ owner: hub.db.pools.owner, clock: () => now, thresholds: T, retentionDays: 30, logger: { info: (o: any) => lines.push(o), error: () => undefined } });
    const start = now;
    now = new Date(start.getTime() + 61_000);
    assert.equal(await healthOf(), 'stale');
    // Two hubs sweeping at once: the database hands the change to one of them.
    await Promise.all([sweep(), sweep()]);
    assert.deepEqual(lines.filter((l) => l.sensorId === 'edge-quiet').map((l) => l.event), ['sensor.stale']);
    now = new Date(start.getTime() + 301_000);
    assert.equal(await healthOf(), 'offline');
    await sweep();
    await sweep();
    assert.deepEqual(lines.filter((l) => l.sensorId === 'edge-quiet').map((l) => l.event), ['sensor.stale', 'sensor.offline']);
    assert.equal(lines.find((l) => l.event === 'sensor.offline').tenantId, A.id);
    const back = await authedSensor(hub.url, A.writer, { sensorId: 'edge-quiet' });
    await heartbeat(back, A.id, 'edge-quiet');
    assert.equal(await healthOf(), 'healthy');
    const mark = (await hub.db.pools.owner.query("SELECT silence_announced FROM sensors WHERE sensor_id = 'edge-quiet'")).rows[0].silence_announced;
    assert.equal(mark, null, 'a heartbeat clears the mark, so the next silence is announced again');
    back.close();
  });

  test('keeps the sync state of the blocklist version against the block feed', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-sync' });
    const feed = (await hub.request('GET', '/v1/blocks/sensors', { key: A.reader })).body.version as number;
    await heartbeat(s, A.id, 'edge-sync', { blocklistVersion: feed });
    const one = async () => (await hub.request('GET', '/v1/sensors/health', { key: A.reader })).body.sensors.find((x: any) => x.sensor_id === 'edge-sync');
    assert.deepEqual((await one()).sync.blocklist, { expected: feed, reported: feed, state: 'in_sync', since: pgTime(now) });
    now = new Date(now.getTime() + 5000);
    await heartbeat(s, A.id, 'edge-sync', { blocklistVersion: feed + 3 });
    assert.equal((await one()).sync.blocklist.state, 'drifted');
    now = new Date(now.getTime() + 5000);
    await heartbeat(s, A.id, 'edge-sync', { configHash: 'cfg-2' });
    const later = await one();
    assert.equal(later.sync.blocklist.reported, feed + 3, 'a heartbeat without a blocklist version leaves the last one');
    assert.deepEqual(later.sync.config, { expected: null, reported: 'cfg-2', state: 'in_sync', since: pgTime(now) });
    s.close();
  });

  test('GET /v1/sensors and /v1/sensors/{id} carry the health and sync state GET /v1/sensors/health derives, stale too', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-fleet' });
    await heartbeat(s, A.id, 'edge-fleet', { status: 'degraded', blocklistVersion: 0 });
    const fromHealth = async () => (await hub.request('GET', '/v1/sensors/health', { key: A.reader })).body.sensors.find((x: any) => x.sensor_id === 'edge-fleet');
    const fromList = async () => (await hub.request('GET', '/v1/sensors', { key: A.reader })).body.sensors.find((x: any) => x.sensor_id === 'edge-fleet');
    const one = (await hub.request('GET', '/v1/sensors/edge-fleet', { key: A.reader })).body;
    const h = await fromHealth();
    assert.equal(one.health, 'degraded');
    assert.deepEqual([one.health, one.health_since, one.sync], [h.health, h.health_since, h.sync]);
    assert.deepEqual((await fromList()).sync, h.sync);
    assert.equal(one.approval_status, 'approved', 'the record\'s fields stay');
    assert.equal(one.reported_status, undefined, 'the derivation\'s inputs are not answered');
    s.close();
    now = new Date(now.getTime() + 61_000);
    assert.deepEqual([(await fromList()).health, (await fromHealth()).health], ['stale', 'stale']);
  });

  test('raises a health event on the dashboard sensors topic when a sensor reports degraded', async () => {
    const s = await authedSensor(hub.url, A.writer, { sensorId: 'edge-dash' });
    await heartbeat(s, A.id, 'edge-dash');
    const { d } = await authedDashboard(hub.url, A.reader);
    await subscribe(d, 'sensors');
    s.send(beat({ status: 'degraded' }));
    const ev = await waitUntil('the health event', 10_000, async () => {
      const e = await d.next('sensor', 10_000);
      return e.payload.sensorId === 'edge-dash' && e.payload.change === 'health' ? e : undefined;
    });
    assert.equal(ev.payload.health, 'degraded');
    assert.equal(ev.payload.reportedStatus, 'degraded');
    d.close();
    s.close();
  });

  test('quorum sensors health lists the sensors and shows one with its history; an unknown id exits 3', async () => {
    const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'quorum-health-cli-')), 'reader');
    await writeFile(keyFile, `${A.reader}\n`);
    const cli = async (...args: string[]) => {
      const p = runCli([...args, '--url', hub.url, '--key-file', keyFile]);
      return { code: await p.exited, stdout: p.stdout(), out: p.output() };
    };
    const list = await cli('sensors', 'health');
    assert.equal(list.code, 0, list.out);
    assert.deepEqual(list.stdout.split('\n')[0]!.trim().split(/\s{2,}/), ['SENSOR', 'HEALTH', 'SINCE', 'LAST HEARTBEAT', 'CPU', 'MEM', 'CONFIG', 'RULES', 'BLOCKLIST']);
    assert.match(list.stdout, /\nedge-1 +\S+/);
    const one = await cli('sensors', 'health', 'edge-1', '--since', '2026-12-03T09:00:00Z', '--until', '2026-12-03T11:00:00Z', '-o', 'json');
    assert.equal(one.code, 0, one.out);
    assert.deepEqual(JSON.parse(one.stdout).history.map((r: any) => r.cpu), [20, 30]);
    const text = await cli('sensors', 'health', 'edge-1', '--since', '2026-12-03T09:00:00Z', '--until', '2026-12-03T11:00:00Z');
    assert.match(text.stdout, /^sensor: +edge-1 \(edge one\)/);
    // An explicit range: the hub's clock is the test's, and a range relative to the real clock could end before it starts.
    const unknown = await cli('sensors', 'health', 'no-such-sensor', '--since', '2026-12-03T09:00:00Z', '--until', '2026-12-03T11:00:00Z');
    assert.equal(unknown.code, 3, unknown.out);
  });

  test('keeps tenants apart and refuses bad ranges', async () => {
    const s = await authedSensor(hub.url, B.writer, { sensorId: 'edge-b' });
    await heartbeat(s, B.id, 'edge-b');
    const mine = await hub.request('GET', '/v1/sensors/health', { key: B.reader });
    assert.deepEqual(mine.body.sensors.map((x: any) => x.sensor_id), ['edge-b']);
    assert.equal((await hub.request('GET', '/v1/sensors/edge-1/health', { key: B.reader })).status, 404);
    assert.equal((await hub.request('GET', '/v1/sensors/edge-b/health', { key: A.reader })).status, 404);
    assert.ok(!(await hub.request('GET', '/v1/sensors/health', { key: A.reader })).body.sensors.some((x: any) => x.sensor_id === 'edge-b'));
    for (const q of ['since=2026-12-03T11:00:00Z&until=2026-12-03T10:00:00Z', 'since=yesterday', 'until=1', 'limit=3']) {
      const r = await hub.request('GET', `/v1/sensors/edge-b/health?${q}`, { key: B.reader });
      assert.equal(r.status, 400, q);
    }
    assert.equal((await hub.request('GET', '/v1/sensors/health', { key: B.writer })).status, 403);
    s.close();
  });
});

describe('sensor health logic', () => {
  test('health: silence beats the reported status, unknown before a heartbeat', () => {
    const at = new Date('2026-12-03T10:00:00Z');
    const ago = (ms: number) => new Date(at.getTime() - ms);
    assert.equal(deriveHealth(null, null, at, T), 'unknown');
    assert.equal(deriveHealth('degraded', ago(60_000), at, T), 'degraded');
    assert.equal(deriveHealth('degraded', ago(60_001), at, T), 'stale');
    assert.equal(deriveHealth('healthy', ago(300_001), at, T), 'offline');
    assert.equal(deriveHealth('healthy', ago(90_000), at, { staleAfterMs: 60_000, offlineAfterMs: 30_000 }), 'offline', 'offline is at least stale');
  });

  test('sync: behind when the expectation is newer than the report, drifted when the sensor moved after it', () => {
    const t1 = '2026-12-03T10:00:00Z';
    const t2 = '2026-12-03T10:05:00Z';
    assert.equal(hashSync(null, null, 'h1', t1).state, 'in_sync');
    assert.equal(hashSync('h2', t2, 'h1', t1).state, 'behind');
    assert.equal(hashSync('h2', t1, 'h3', t2).state, 'drifted');
    assert.deepEqual(hashSync('h2', t1, 'h2', t2), { expected: 'h2', reported: 'h2', state: 'in_sync', since: t2 });
    assert.equal(hashSync('h2', t1, null, null).state, 'unknown');
    assert.deepEqual([blocklistSync(5, 5, t1).state, blocklistSync(5, 3, t1).state, blocklistSync(5, 9, t1).state, blocklistSync(5, null, null).state], ['in_sync', 'behind', 'drifted', 'unknown']);
  });
});
