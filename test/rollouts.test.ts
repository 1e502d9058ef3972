// Rule and config rollouts against a real hub on the embedded database: uploads, immediate, canary (promote, roll back
// on failure or ill health), scheduled, abort and drift repair. Push commands are finished the way the fleet delivery
// finishes them (test/helpers/command-outcomes.ts); sensors are real WebSocket sessions sending heartbeats.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { authedSensor, type TestSensor } from './helpers/sensor.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { finishCommandAsDeliveryWould } from './helpers/command-outcomes.ts';
import { withTenant } from '../src/db/pools.ts';
import { contentHash } from '../src/core/canonical-json.ts';

let hub: TestHub;
let now = new Date('2026-12-03T10:00:00Z');
const tick = (ms: number) => { now = new Date(now.getTime() + ms); };
type Tenant = { id: string; writer: string; admin: string; reader: string };

const bundle = (n: number) => ({ rules: [{ id: `rule-${n}`, match: `pattern ${n}`, action: 'block' }] });

async function tenant(name: string): Promise<Tenant> {
  return tenantWithKeys(hub, name, { writer: ['signal:write'], admin: ['admin'], reader: ['signal:read'] });
}

/** Connected sensors of a tenant, each having sent a healthy heartbeat. */
async function fleet(t: Tenant, ids: string[]): Promise<TestSensor[]> {
  const out: TestSensor[] = [];
  for (const sensorId of ids) {
    const s = await authedSensor(hub.url, t.writer, { sensorId });
    out.push(s);
    await heartbeat(s, t, sensorId, {});
  }
  return out;
}

/** Sends a heartbeat and waits until the hub stored it. */
async function heartbeat(s: TestSensor, t: Tenant, sensorId: string, over: Record<string, unknown>): Promise<void> {
  s.send({ type: 'heartbeat', payload: { timestamp: now.getTime(), status: 'healthy', cpu: 10, memory: 20, disk: 30, requestsLastMinute: 5, avgLatencyMs: 1, configHash: '', rulesHash: '', ...over } });
  await waitUntil(`${sensorId}'s heartbeat stored`, 5000, async () => {
    const r = await hub.db.pools.owner.query('SELECT 1 FROM sensors WHERE tenant_id = $1 AND sensor_id = $2 AND last_heartbeat_at = $3 AND last_metrics = $4',
      [t.id, sensorId, now.toISOString(), { timestamp: now.getTime(), status: 'healthy', cpu: 10, memory: 20, disk: 30, requestsLastMinute: 5, avgLatencyMs: 1, configHash: '', rulesHash: '', ...over }]);
    return r.rowCount === 1 || undefined;
  });
}

async function commandsOf(t: Tenant, rolloutId: string): Promise<{ id: string; sensor_id: string; type: string; payload: any; status: string }[]> {
  return withTenant(hub.db.pools.owner, t.id, async (c) => (await c.query(
    'SELECT id, sensor_id, type, payload, status FROM sensor_commands WHERE tenant_id = $1 AND rollout_id = $2 ORDER BY seq', [t.id, rolloutId])).rows);
}

async function rollout(t: Tenant, id: string): Promise<any> {
  const res = await hub.request('GET', `/v1/rollouts/${id}`, { key: t.reader });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** Waits until the rollout reaches `state` (and `phase`, when given). */
const rolloutReaches = (t: Tenant, id: string, state: string, phase?: string) => waitUntil(`rollout ${state} ${phase ?? ''}`, 10_000, async () => {
  const r = await rollout(t, id);
  return r.state === state && (phase === undefined || r.phase === phase) ? r : undefined;
});

/** Waits until the rollout has `n` commands and returns them. */
const commandsReach = (t: Tenant, id: string, n: number) => waitUntil(`${n} commands of the rollout`, 10_000, async () => {
  const cs = await commandsOf(t, id);
  return cs.length >= n ? cs : undefined;
});

async function upload(t: Tenant, version: string, document: unknown, path = '/v1/rule-bundles') {
  const res = await hub.request('POST', path, { key: t.admin, body: { version, document } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function createRollout(t: Tenant, body: Record<string, unknown>) {
  const res = await hub.request('POST', '/v1/rollouts', { key: t.admin, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Acks every open command of the rollout with success (as sensors would). */
async function ackAll(t: Tenant, id: string, status: 'succeeded' | 'failed' = 'succeeded') {
  for (const c of await commandsOf(t, id)) if (c.status === 'pending' || c.status === 'sent') await finishCommandAsDeliveryWould(hub.db.pools.owner, t.id, c.id, status, status === 'succeeded' ? 'loaded' : 'refused');
}

before(async () => {
  hub = await startTestHub({ rolloutPollMs: 100, rolloutDriftRepairs: 2, sensorStaleAfterMs: 600_000, sensorOfflineAfterMs: 1_200_000, keyRatePerSecond: 100_000, keyRateBurst: 100_000 }, () => now);
});
after(async () => { await hub.close(); });

describe('rule bundles and sensor configs', () => {
  test('are stored as immutable versions with the hash of their canonical form, listed without and read with their document', async () => {
    const t = await tenant('docs');
    const doc = { rules: [{ match: 'x', id: 'r1' }], name: 'base' };
    const stored = await upload(t, 'v1', doc);
    assert.deepEqual({ version: stored.version, ...contentHash(doc) }, { version: 'v1', hash: stored.hash, size: stored.size });
    const again = await hub.request('POST', '/v1/rule-bundles', { key: t.admin, body: { version: 'v1', document: bundle(2) } });
    assert.equal(again.status, 409);
    assert.equal((await hub.request('POST', '/v1/sensor-configs', { key: t.admin, body: { version: 'v1', document: { logLevel: 'debug' } } })).status, 201, 'the same version of the other kind is its own');
    const list = await hub.request('GET', '/v1/rule-bundles', { key: t.reader });
    assert.deepEqual(list.body.versions.map((v: any) => [v.version, v.hash, 'document' in v]), [['v1', stored.hash, false]]);
    const one = await hub.request('GET', '/v1/rule-bundles/v1', { key: t.reader });
    assert.deepEqual(one.body.document, doc);
    assert.equal((await hub.request('GET', '/v1/rule-bundles/v9', { key: t.reader })).status, 404);
  });

  test('refuse a bundle of the wrong shape with a 400 naming the field, and store nothing', async () => {
    const t = await tenant('docs-bad');
    const res = await hub.request('POST', '/v1/rule-bundles', { key: t.admin, body: { version: 'v1', document: { rules: [{ id: 'a' }, { id: 'a' }] } } });
    assert.equal(res.status, 400);
    assert.equal(res.body.field, 'document.rules[1].id');
    assert.deepEqual((await hub.request('GET', '/v1/rule-bundles', { key: t.reader })).body.versions, []);
  });
});

describe('rollouts', () => {
  test('an immediate rollout pushes the version to every target and completes once each applied it', async () => {
    const t = await tenant('immediate');
    const sensors = await fleet(t, ['im-1', 'im-2', 'im-3']);
    const doc = await upload(t, 'v1', bundle(1));
    const r = await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'immediate', targets: {} });
    assert.equal(r.state, 'running');
    assert.equal(r.phase, 'full');
    const cs = await commandsOf(t, r.id);
    assert.deepEqual(cs.map((c) => [c.sensor_id, c.type, c.payload.version, c.payload.hash]).sort(), [
      ['im-1', 'push_rules', 'v1', doc.hash], ['im-2', 'push_rules', 'v1', doc.hash], ['im-3', 'push_rules', 'v1', doc.hash]]);
    assert.deepEqual(cs[0]!.payload.rules, bundle(1));
    const health = await hub.request('GET', '/v1/sensors/health', { key: t.reader });
    assert.deepEqual(health.body.sensors.map((s: any) => s.sync.rules.expected), [doc.hash, doc.hash, doc.hash], 'each sensor now expects the version');

    await ackAll(t, r.id);
    const done = await rolloutReaches(t, r.id, 'completed');
    assert.deepEqual([done.counts.applied, done.counts.targets, done.reason], [3, 3, null]);
    assert.deepEqual(done.sensors.map((s: any) => s.status), ['applied', 'applied', 'applied']);
    const sync = await withTenant(hub.db.pools.owner, t.id, async (c) => (await c.query('SELECT status, applied_version FROM rule_sync_state WHERE tenant_id = $1 ORDER BY sensor_id', [t.id])).rows);
    assert.deepEqual(sync, [{ status: 'applied', applied_version: 'v1' }, { status: 'applied', applied_version: 'v1' }, { status: 'applied', applied_version: 'v1' }]);
    sensors.forEach((s) => s.close());
  });

  test('a second rollout of a kind is refused while one is active, and allowed for the other kind', async () => {
    const t = await tenant('one-active');
    const sensors = await fleet(t, ['oa-1']);
    await upload(t, 'v1', bundle(1));
    await upload(t, 'c1', { logLevel: 'info' }, '/v1/sensor-configs');
    await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'immediate', targets: {} });
    const second = await hub.request('POST', '/v1/rollouts', { key: t.admin, body: { kind: 'rules', version: 'v1', strategy: 'immediate', targets: {} } });
    assert.equal(second.status, 409, JSON.stringify(second.body));
    await createRollout(t, { kind: 'config', version: 'c1', strategy: 'immediate', targets: {} });
    const none = await hub.request('POST', '/v1/rollouts', { key: t.admin, body: { kind: 'rules', version: 'v1', strategy: 'immediate', targets: { tags: ['nowhere'] } } });
    assert.equal(none.status, 409, 'still one active');
    sensors.forEach((s) => s.close());
  });

  test('a canary rollout promotes itself after the soak when the canaries applied it and stay healthy', async () => {
    const t = await tenant('canary-ok');
    const ids = ['co-1', 'co-2', 'co-3', 'co-4'];
    const sensors = await fleet(t, ids);
    await upload(t, 'v1', bundle(1));
    const r = await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'canary', targets: {}, canary: { percent: 25, soakSeconds: 60 } });
    assert.deepEqual([r.phase, r.counts.canaries, r.counts.pending, r.counts.waiting], ['canary', 1, 1, 3]);
    await ackAll(t, r.id);
    const acked = await waitUntil('the soak started', 10_000, async () => (await rollout(t, r.id)).canary_acked_at ?? undefined);
    assert.ok(acked);
    tick(61_000);
    for (const [i, s] of sensors.entries()) await heartbeat(s, t, ids[i]!, {});
    const promoted = await rolloutReaches(t, r.id, 'running', 'full');
    assert.ok(promoted.promoted_at);
    assert.equal((await commandsReach(t, r.id, 4)).length, 4);
    await ackAll(t, r.id);
    const done = await rolloutReaches(t, r.id, 'completed');
    assert.equal(done.counts.applied, 4);
    sensors.forEach((s) => s.close());
  });

  test('a canary rollout rolls back when a canary fails: the canaries get the previous version again', async () => {
    const t = await tenant('canary-fail');
    const ids = ['cf-1', 'cf-2', 'cf-3', 'cf-4'];
    const sensors = await fleet(t, ids);
    await upload(t, 'v1', bundle(1));
    const v2 = await upload(t, 'v2', bundle(2));
    const first = await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'immediate', targets: {} });
    await ackAll(t, first.id);
    await rolloutReaches(t, first.id, 'completed');

    const r = await createRollout(t, { kind: 'rules', version: 'v2', strategy: 'canary', targets: {}, canary: { sensorIds: ['cf-2', 'cf-3'], soakSeconds: 600 } });
    const [a, b] = await commandsOf(t, r.id);
    assert.deepEqual([a!.payload.hash, b!.payload.hash], [v2.hash, v2.hash]);
    await finishCommandAsDeliveryWould(hub.db.pools.owner, t.id, a!.id, 'succeeded', 'loaded');
    await finishCommandAsDeliveryWould(hub.db.pools.owner, t.id, b!.id, 'failed', 'rule-2: unknown action');
    const ended = await rolloutReaches(t, r.id, 'rolled_back');
    assert.match(ended.reason, /canary cf-\d failed to apply it: rule-2: unknown action/);
    const back = (await commandsOf(t, r.id)).slice(2);
    assert.deepEqual(back.map((c) => [c.sensor_id, c.payload.version]).sort(), [['cf-2', 'v1'], ['cf-3', 'v1']]);
    assert.deepEqual(ended.sensors.filter((s: any) => !s.canary).map((s: any) => s.status), ['waiting', 'waiting'], 'the rest never got v2');
    sensors.forEach((s) => s.close());
  });

  test('a canary rollout rolls back when a canary reports unhealthy after applying it', async () => {
    const t = await tenant('canary-sick');
    const sensors = await fleet(t, ['cs-1', 'cs-2']);
    await upload(t, 'v1', bundle(1));
    const r = await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'canary', targets: {}, canary: { sensorIds: ['cs-1'], soakSeconds: 600 } });
    await ackAll(t, r.id);
    await waitUntil('the soak started', 10_000, async () => (await rollout(t, r.id)).canary_acked_at ?? undefined);
    tick(5000);
    await heartbeat(sensors[0]!, t, 'cs-1', { status: 'unhealthy' });
    const ended = await rolloutReaches(t, r.id, 'rolled_back');
    assert.equal(ended.reason, 'canary cs-1 turned unhealthy');
    const health = await hub.request('GET', '/v1/sensors/cs-1/health', { key: t.reader });
    assert.equal(health.body.sensor.sync.rules.expected, null, 'no earlier version: the sensor expects none again');
    sensors.forEach((s) => s.close());
  });

  test('a canary can be promoted by hand, and an active rollout aborted; neither once it has ended', async () => {
    const t = await tenant('manual');
    const sensors = await fleet(t, ['m-1', 'm-2']);
    await upload(t, 'v1', bundle(1));
    const r = await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'canary', targets: {}, canary: { percent: 50, soakSeconds: 3600 } });
    const p = await hub.request('POST', `/v1/rollouts/${r.id}/promote`, { key: t.admin });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.deepEqual([p.body.phase, p.body.counts.pending], ['full', 2]);
    assert.equal((await hub.request('POST', `/v1/rollouts/${r.id}/promote`, { key: t.admin })).status, 409);
    const a = await hub.request('POST', `/v1/rollouts/${r.id}/abort`, { key: t.admin });
    assert.deepEqual([a.status, a.body.state], [200, 'aborted']);
    assert.equal((await hub.request('POST', `/v1/rollouts/${r.id}/abort`, { key: t.admin })).status, 409);
    assert.equal((await hub.request('POST', '/v1/rollouts/00000000-0000-4000-8000-000000000000/abort', { key: t.admin })).status, 404);
    sensors.forEach((s) => s.close());
  });

  test('aborting cancels the pushes not yet sent, and the rollout\'s sensors say so', async () => {
    const t = await tenant('abort-queued');
    const sensors = await fleet(t, ['aq-1', 'aq-2']);
    for (const s of sensors) {
      s.close();
      await s.closed;
    }
    await upload(t, 'v1', bundle(1));
    const r = await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'immediate', targets: {} });
    assert.deepEqual((await commandsReach(t, r.id, 2)).map((c) => c.status), ['pending', 'pending']);
    const a = await hub.request('POST', `/v1/rollouts/${r.id}/abort`, { key: t.admin });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.deepEqual((await commandsOf(t, r.id)).map((c) => c.status), ['cancelled', 'cancelled']);
    const ended = await rollout(t, r.id);
    assert.deepEqual(ended.sensors.map((s: any) => [s.status, s.message]), [['failed', 'the rollout was aborted'], ['failed', 'the rollout was aborted']]);
  });

  test('a scheduled rollout waits, persisted, and starts when its time comes', async () => {
    const t = await tenant('scheduled');
    const sensors = await fleet(t, ['sc-1', 'sc-2']);
    await upload(t, 'c1', { logLevel: 'warn' }, '/v1/sensor-configs');
    const at = new Date(now.getTime() + 30_000).toISOString();
    const r = await createRollout(t, { kind: 'config', version: 'c1', strategy: 'scheduled', at, targets: { sensorIds: ['sc-2'] } });
    assert.deepEqual([r.state, r.phase, r.counts.targets], ['scheduled', 'waiting', 0]);
    assert.equal((await commandsOf(t, r.id)).length, 0);
    tick(31_000);
    const cs = await commandsReach(t, r.id, 1);
    assert.deepEqual(cs.map((c) => [c.sensor_id, c.type, c.payload.config]), [['sc-2', 'push_config', { logLevel: 'warn' }]]);
    assert.equal((await rollout(t, r.id)).state, 'running');
    sensors.forEach((s) => s.close());
  });

  test('a sensor reporting another hash than its version gets it again, a bounded number of times, then stays drifted', async () => {
    const t = await tenant('drift');
    const sensors = await fleet(t, ['d-1']);
    const doc = await upload(t, 'v1', bundle(1));
    const r = await createRollout(t, { kind: 'rules', version: 'v1', strategy: 'immediate', targets: {} });
    await ackAll(t, r.id);
    await rolloutReaches(t, r.id, 'completed');
    tick(1000);
    await heartbeat(sensors[0]!, t, 'd-1', { rulesHash: doc.hash });
    assert.equal((await commandsOf(t, r.id)).length, 1, 'in sync: nothing pushed');
    for (let repair = 1; repair <= 2; repair += 1) {
      tick(1000);
      await heartbeat(sensors[0]!, t, 'd-1', { rulesHash: 'something-else' });
      const cs = await commandsReach(t, r.id, 1 + repair);
      assert.equal(cs.at(-1)!.payload.version, 'v1');
      await finishCommandAsDeliveryWould(hub.db.pools.owner, t.id, cs.at(-1)!.id, 'succeeded');
      await waitUntil('the repair applied', 5000, async () => (await withTenant(hub.db.pools.owner, t.id, (c) => c.query("SELECT 1 FROM rule_sync_state WHERE tenant_id = $1 AND status = 'applied'", [t.id]))).rowCount === 1 || undefined);
    }
    tick(1000);
    await heartbeat(sensors[0]!, t, 'd-1', { rulesHash: 'something-else' });
    await waitUntil('the hub gave up', 5000, async () => (await withTenant(hub.db.pools.owner, t.id, (c) => c.query('SELECT 1 FROM rule_sync_state WHERE tenant_id = $1 AND gave_up_at IS NOT NULL', [t.id]))).rowCount === 1 || undefined);
    assert.equal((await commandsOf(t, r.id)).length, 3, 'two repairs, no third');
    const health = await hub.request('GET', '/v1/sensors/d-1/health', { key: t.reader });
    assert.equal(health.body.sensor.sync.rules.state, 'drifted');
    sensors.forEach((s) => s.close());
  });

  test('bad rollout requests are a clear 400 and change nothing', async () => {
    const t = await tenant('bad-rollouts');
    const sensors = await fleet(t, ['b-1']);
    await upload(t, 'v1', bundle(1));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'rules', version: 'v9', strategy: 'immediate', targets: {} }, /no rule bundle version v9/],
      [{ kind: 'rules', version: 'v1', strategy: 'canary', targets: {} }, /canary/],
      [{ kind: 'rules', version: 'v1', strategy: 'canary', targets: {}, canary: { percent: 5, sensorIds: ['b-1'], soakSeconds: 1 } }, /exactly one/],
      [{ kind: 'rules', version: 'v1', strategy: 'canary', targets: {}, canary: { sensorIds: ['elsewhere'], soakSeconds: 1 } }, /not among the targets/],
      [{ kind: 'rules', version: 'v1', strategy: 'scheduled', targets: {} }, /at is required/],
      [{ kind: 'rules', version: 'v1', strategy: 'scheduled', targets: {}, at: '2020-01-01T00:00:00Z' }, /future/],
      [{ kind: 'rules', version: 'v1', strategy: 'immediate', targets: { tags: ['none'] } }, /select no approved sensor/],
    ];
    for (const [body, message] of cases) {
      const res = await hub.request('POST', '/v1/rollouts', { key: t.admin, body });
      assert.equal(res.status, 400, JSON.stringify([body, res.body]));
      assert.match(res.body.detail ?? res.body.message ?? JSON.stringify(res.body), message);
    }
    assert.deepEqual((await hub.request('GET', '/v1/rollouts', { key: t.reader })).body.rollouts, []);
    sensors.forEach((s) => s.close());
  });
});
