// Sensors hold their tenant's blocklist: blocklist-sync answers with a snapshot and its version, every block change is
// pushed in version order, a sensor behind gets a delta (or a snapshot when too far behind), drift is repaired by hash.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blocklistHash } from '../src/core/blocklist-hash.ts';
import type { BlockType, Severity } from '../src/core/types.ts';
import { writeBlock } from './helpers/blocks.ts';
import { startTestHub, type TestHub, tenantWithKeys } from './helpers/hub.ts';
import { authedSensor, sensorUrl, type Received, type TestSensor } from './helpers/sensor.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { SensorClient } from '../src/sdk/sensor-client.ts';

// Whole seconds near real time; moved forward to expire blocks.
let now = Math.floor(Date.now() / 1000) * 1000;
let hub: TestHub;
const MAX_DELTA = 3;
before(async () => { hub = await startTestHub({ reconcileIntervalMs: 3_600_000, sensorBlocklistMaxDelta: MAX_DELTA }, () => new Date(now)); });
after(async () => { await hub.close(); });

let tenants = 0;
const freshTenant = () => tenantWithKeys(hub, `sensor-blocklist-${++tenants}`, { key: ['admin'] });

const block = async (key: string, indicator: string, ttl_seconds = 600) => {
  const res = await hub.request('POST', '/v1/mitigations', { key, body: { indicator, ttl_seconds, reason: 'sensor test' } });
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body.mitigation.id as string;
};
const withdraw = async (key: string, id: string) => {
  const res = await hub.request('POST', `/v1/mitigations/${id}/withdraw`, { key, body: { reason: 'done' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
};

/** A block of another type than IP, written directly (any severity, the test clock as its creation time). */
const typedBlock = (tenantId: string, blockType: BlockType, indicator: string, severity: Severity | null = null) =>
  writeBlock(hub.pools.app, tenantId, { blockType, indicator, severity, at: new Date(now) });

const PUSH = { capabilities: ['blocklist-push'] };
let sensors = 0;
async function sensor(key: string, over: Record<string, unknown> = PUSH): Promise<TestSensor> {
  const s = await authedSensor(hub.url, key, { sensorId: `bl-${++sensors}`, ...over });
  return s;
}
async function synced(key: string, over: Record<string, unknown> = PUSH): Promise<{ s: TestSensor; snapshot: Received }> {
  const s = await sensor(key, over);
  s.send({ type: 'blocklist-sync' });
  return { s, snapshot: await s.next('blocklist-snapshot') };
}
/** Asserts nothing else arrived before an answer to a frame sent now (answers come in order on one socket). */
async function nothingMore(s: TestSensor): Promise<void> {
  s.send({ type: 'sentinel' });
  const m = await s.next();
  assert.equal(m.type, 'error', `expected nothing before the sentinel's answer, got ${JSON.stringify(m)}`);
  assert.equal(m.code, 'UNKNOWN_TYPE');
}
const lines = (entries: { blockType: string; indicator: string }[]) => entries.map((e) => `${e.blockType} ${e.indicator}`).sort();
const feedVersion = async (key: string) => (await hub.request('GET', '/v1/blocks/changes?limit=1', { key })).body.version as number;
const heartbeat = (extra: Record<string, unknown>) => ({
  type: 'heartbeat', payload: { timestamp: now, status: 'healthy', cpu: 1, memory: 1, disk: 1, requestsLastMinute: 0, avgLatencyMs: 1, configHash: '', rulesHash: '', ...extra },
});

describe('blocklist-sync', () => {
  test('answers with every active block of the tenant in protocol terms and the feed version it reflects', async () => {
    const t = await freshTenant();
    await block(t.key, '203.0.113.7');
    await block(t.key, '198.51.100.0/24');
    await block(t.key, '2001:db8::1');
    await typedBlock(t.id, 'FINGERPRINT', 't13d1516h2_8daaf6152771_b0da82dd1658', 'high');
    await typedBlock(t.id, 'ASN', 'AS64500');
    const gone = await block(t.key, '203.0.113.8');
    await withdraw(t.key, gone);
    const { snapshot } = await synced(t.key);
    assert.deepEqual(lines(snapshot.entries), [
      'ASN AS64500', 'FINGERPRINT t13d1516h2_8daaf6152771_b0da82dd1658', 'IP 2001:db8::1', 'IP 203.0.113.7', 'IP_RANGE 198.51.100.0/24',
    ]);
    const ip = snapshot.entries.find((e: any) => e.indicator === '203.0.113.7');
    assert.deepEqual(ip, { blockType: 'IP', indicator: '203.0.113.7', expiresAt: new Date(now + 600_000).toISOString(), source: 'MANUAL' });
    assert.equal(snapshot.version, await feedVersion(t.key));
    assert.equal(snapshot.version, 7);
    assert.deepEqual([snapshot.total, snapshot.maxEntries, snapshot.omitted], [5, null, 0]);
    assert.equal(typeof snapshot.sequenceId, 'number');
  });

  test('a tenant without blocks gets an empty snapshot at version 0', async () => {
    const t = await freshTenant();
    const { snapshot } = await synced(t.key);
    assert.deepEqual([snapshot.entries, snapshot.version], [[], 0]);
  });
});

describe('live changes reach a connected sensor as blocklist-push, in version order', () => {
  test('create, extend, withdraw, expire and safelist lift each push one update', async () => {
    const t = await freshTenant();
    const { s, snapshot } = await synced(t.key);
    let version = snapshot.version;
    const nextPush = async () => {
      const m = await s.next('blocklist-push');
      assert.equal(m.fromVersion, version);
      version = m.version;
      return m.updates.map((u: any) => [u.type, u.blockType, u.indicator]);
    };
    const a = await block(t.key, '10.70.0.1');
    assert.deepEqual(await nextPush(), [['add', 'IP', '10.70.0.1']]);
    now += 1000;
    await block(t.key, '10.70.0.1', 1200);
    const ext = await s.next('blocklist-push');
    assert.equal(ext.fromVersion, version);
    version = ext.version;
    assert.deepEqual(ext.updates.map((u: any) => [u.type, u.indicator, u.expiresAt]), [['add', '10.70.0.1', new Date(now + 1_200_000).toISOString()]]);
    await withdraw(t.key, a);
    assert.deepEqual(await nextPush(), [['remove', 'IP', '10.70.0.1']]);
    await block(t.key, '10.70.0.2', 60);
    assert.deepEqual(await nextPush(), [['add', 'IP', '10.70.0.2']]);
    now += 61_000;
    await hub.correlation.reconciler.reconcile();
    assert.deepEqual(await nextPush(), [['remove', 'IP', '10.70.0.2']]);
    await block(t.key, '10.70.1.5');
    assert.deepEqual(await nextPush(), [['add', 'IP', '10.70.1.5']]);
    assert.equal((await hub.request('POST', '/v1/safelist', { key: t.key, body: { cidr: '10.70.1.0/24' } })).status, 201);
    assert.deepEqual(await nextPush(), [['remove', 'IP', '10.70.1.5']]);
    assert.equal(version, await feedVersion(t.key));
    await nothingMore(s);
  });

  test('a sensor never receives another tenant\'s block', async () => {
    const a = await freshTenant();
    const b = await freshTenant();
    const { s: onB } = await synced(b.key);
    const { s: onA } = await synced(a.key);
    await block(a.key, '10.71.0.1');
    await onA.next('blocklist-push');
    await hub.distribute.follower.caughtUp();
    await nothingMore(onB);
    const again = await synced(b.key);
    assert.deepEqual(again.snapshot.entries, []);
  });
});

describe('a sensor that missed versions', () => {
  test('names the version it holds in blocklist-sync and gets a delta from it', async () => {
    const t = await freshTenant();
    await block(t.key, '10.72.0.1');
    const first = await synced(t.key);
    first.s.close();
    const b = await block(t.key, '10.72.0.2');
    await withdraw(t.key, b);
    const s = await sensor(t.key);
    s.send({ type: 'blocklist-sync', payload: { version: first.snapshot.version } });
    const delta = await s.next('blocklist-push');
    assert.deepEqual([delta.fromVersion, delta.version], [first.snapshot.version, first.snapshot.version + 2]);
    assert.deepEqual(delta.updates.map((u: any) => [u.type, u.indicator]), [['add', '10.72.0.2'], ['remove', '10.72.0.2']]);
    await nothingMore(s);
  });

  test('more than the delta limit behind gets a snapshot instead', async () => {
    const t = await freshTenant();
    const first = await synced(t.key);
    first.s.close();
    for (let i = 1; i <= MAX_DELTA + 1; i++) await block(t.key, `10.73.0.${i}`);
    const s = await sensor(t.key);
    s.send({ type: 'blocklist-sync', payload: { version: first.snapshot.version } });
    const snap = await s.next('blocklist-snapshot');
    assert.equal(snap.entries.length, MAX_DELTA + 1);
    assert.equal(snap.version, MAX_DELTA + 1);
  });

  test('reporting an old version in a heartbeat (no sync) catches up with a delta', async () => {
    const t = await freshTenant();
    await block(t.key, '10.74.0.1');
    const s = await sensor(t.key);
    s.send(heartbeat({ blocklistVersion: 0 }));
    const delta = await s.next('blocklist-push');
    assert.deepEqual([delta.fromVersion, delta.version, delta.updates.length], [0, 1, 1]);
  });

  test('a version ahead of the hub gets a snapshot', async () => {
    const t = await freshTenant();
    const s = await sensor(t.key);
    s.send({ type: 'blocklist-sync', payload: { version: 99 } });
    const snap = await s.next('blocklist-snapshot');
    assert.equal(snap.version, 0);
  });
});

describe('GET /v1/blocks/sensors', () => {
  test('lists each sensor with the version its heartbeat reported and how far behind the feed it is', async () => {
    const t = await freshTenant();
    await block(t.key, '10.76.0.1');
    await block(t.key, '10.76.0.2');
    const s = await sensor(t.key);
    const reporting = `bl-${sensors}`;
    s.send(heartbeat({ blocklistVersion: 1 }));
    await s.next('blocklist-push');
    const silent = await sensor(t.key);
    const quiet = `bl-${sensors}`;
    // The push may reach the sensor before the heartbeat's version is stored (a CI run read null): read until it is.
    const res = await waitUntil("the reporting sensor's blocklist version stored", 2000, async () => {
      const listed = await hub.request('GET', '/v1/blocks/sensors', { key: t.key });
      return listed.body.sensors?.find((r: { sensor_id: string }) => r.sensor_id === reporting)?.blocklist_version != null && listed;
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    const rows = Object.fromEntries(res.body.sensors.map((r: { sensor_id: string }) => [r.sensor_id, r]));
    assert.deepEqual([rows[reporting].state, rows[reporting].blocklist_version, rows[reporting].behind], ['connected', 1, 1]);
    assert.deepEqual([rows[quiet].blocklist_version, rows[quiet].behind], [null, null]);
    s.close();
    silent.close();
  });
});

describe('drift repair', () => {
  test('a heartbeat whose hash differs from the hub\'s re-syncs the sensor; a matching one changes nothing', async () => {
    const t = await freshTenant();
    await block(t.key, '10.75.0.1');
    await typedBlock(t.id, 'USER_AGENT', 'BadBot/1.0');
    const { s, snapshot } = await synced(t.key);
    const good = blocklistHash(snapshot.entries);
    s.send(heartbeat({ blocklistVersion: snapshot.version, blocklistHash: good }));
    await nothingMore(s);
    s.send(heartbeat({ blocklistVersion: snapshot.version, blocklistHash: blocklistHash([{ blockType: 'IP', indicator: '10.75.0.1' }]) }));
    const repair = await s.next('blocklist-snapshot');
    assert.deepEqual(lines(repair.entries), lines(snapshot.entries));
    assert.equal(repair.version, snapshot.version);
  });

  test('the hash is SHA-256 over the sorted `blockType|indicator` lines', () => {
    // '_' sorts before '|': sha256("IP_RANGE|10.1.0.0/16\nIP|10.0.0.1\n"), computed independently with coreutils' sha256sum.
    assert.equal(blocklistHash([{ blockType: 'IP_RANGE', indicator: '10.1.0.0/16' }, { blockType: 'IP', indicator: '10.0.0.1' }]),
      '0326978eed9db9854762926136ff75b25d16545c89c55d496e9ff416527ab180');
    assert.equal(blocklistHash([]), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('sensor generations', () => {
  test('a sensor that declares blocklist-update gets only blocklist-update with `action`, IP and FINGERPRINT only', async () => {
    const t = await freshTenant();
    const { s, snapshot } = await synced(t.key, { capabilities: ['blocklist-update'] });
    assert.deepEqual(snapshot.entries, []);
    await typedBlock(t.id, 'ASN', 'AS64501');
    await block(t.key, '10.76.0.0/24');
    await block(t.key, '10.77.0.1');
    const m = await s.next('blocklist-update');
    assert.deepEqual(m.updates.map((u: any) => [u.action, u.blockType, u.indicator]), [['add', 'IP', '10.77.0.1']]);
    await nothingMore(s);
  });

  test('a sensor that says nothing gets both forms, each applicable alone', async () => {
    const t = await freshTenant();
    const { s } = await synced(t.key, {});
    await block(t.key, '10.78.0.1');
    const push = await s.next('blocklist-push');
    const update = await s.next('blocklist-update');
    assert.deepEqual(push.updates.map((u: any) => [u.type, u.indicator]), [['add', '10.78.0.1']]);
    assert.deepEqual(update.updates.map((u: any) => [u.action, u.indicator]), [['add', '10.78.0.1']]);
  });
});

describe('the SDK keeps a local blocklist in step', () => {
  const until = (c: SensorClient, check: () => boolean) => new Promise<void>((resolve) => {
    if (check()) return resolve();
    const on = () => { if (check()) { c.off('blocklist', on); resolve(); } };
    c.on('blocklist', on);
  });

  test('snapshot, pushes and isBlocked over IPs, ranges (v4 and v6) and other types', async () => {
    const t = await freshTenant();
    await block(t.key, '198.51.100.0/24');
    await block(t.key, '2001:db8:5::/48');
    await typedBlock(t.id, 'FINGERPRINT', 't13d1516h2_8daaf6152771_b0da82dd1658');
    const c = new SensorClient({ url: sensorUrl(hub.url), apiKey: t.key, sensorId: 'sdk-bl-1', heartbeatIntervalMs: 100 });
    await c.connect();
    await until(c, () => c.blocklist.length === 3);
    assert.equal(c.isBlocked('198.51.100.77'), true);
    assert.equal(c.isBlocked('198.51.101.1'), false);
    assert.equal(c.isBlocked('2001:db8:5:1::9'), true);
    assert.equal(c.isBlocked('2001:DB8:6::1'), false);
    assert.equal(c.isBlocked('FINGERPRINT', 't13d1516h2_8daaf6152771_b0da82dd1658'), true);
    assert.equal(c.isBlocked('ASN', 'AS1'), false);
    await block(t.key, '203.0.113.9');
    await until(c, () => c.isBlocked('203.0.113.9'));
    assert.equal(c.blocklistState.version, await feedVersion(t.key));
    // Its heartbeat reports what it holds; the hub finds the same hash, so it never re-syncs it.
    const row = await waitUntil('a heartbeat with the blocklist', 10_000, async () => {
      const r = (await hub.db.pools.owner.query("SELECT last_metrics FROM sensors WHERE sensor_id = 'sdk-bl-1'")).rows[0];
      return r?.last_metrics?.blocklistVersion === c.blocklistState.version ? r.last_metrics : undefined;
    });
    assert.equal(row.blocklistHash, c.blocklistState.hash);
    c.close();
  });

  test('a reconnect after missed versions catches up with a delta', async () => {
    const t = await freshTenant();
    const first = await block(t.key, '10.79.0.1');
    const c = new SensorClient({ url: sensorUrl(hub.url), apiKey: t.key, sensorId: 'sdk-bl-2', reconnectBaseMs: 1500, reconnectMaxMs: 1500 });
    await c.connect();
    await until(c, () => c.isBlocked('10.79.0.1'));
    const deltasBefore = await deltasSent();
    const back = new Promise((r) => c.once('connected', r));
    (c as unknown as { ws: { terminate(): void } }).ws.terminate();
    await block(t.key, '10.79.0.2');
    await withdraw(t.key, first);
    await back;
    await until(c, () => c.isBlocked('10.79.0.2') && !c.isBlocked('10.79.0.1'));
    const deltas = await deltasSent();
    c.close();
    assert.equal(deltas, deltasBefore + 1, 'one delta for one reconnect');
  });
});

/** The delta messages this hub has sent so far. */
async function deltasSent(): Promise<number> {
  return (await hub.metrics.sensorBlocklistMessages.get()).values.find((v) => v.labels.type === 'delta')?.value ?? 0;
}
