// Rule rollouts end to end: hub processes on one database, real WebSocket sensors that apply what they are pushed, ack
// it and report its hash in their heartbeats. Immediate, canary promoted, canary rolled back, scheduled across a restart.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHubPair, startHubProcess, waitUntil, type HubPair, type HubProcess } from './helpers/hub-process.ts';
import { authedSensor, type TestSensor } from './helpers/sensor.ts';

const ENV = { QUORUM_ROLLOUT_POLL_MS: '200' };
let pair: HubPair;
/** Hubs started again by a test, killed at the end besides the pair's first two. */
const restarted: HubProcess[] = [];
before(async () => { pair = await startHubPair(ENV); });
after(async () => {
  await Promise.all(restarted.map((h) => h.kill('SIGKILL')));
  await pair.stop();
});

/** A sensor that applies every push_rules it gets: acks it (or refuses when `fails`) and reports the hash it holds. */
interface AnsweringSensor { s: TestSensor; id: string; versions: string[]; stop(): void }

async function answeringSensor(hub: HubProcess, id: string, fails = false): Promise<AnsweringSensor> {
  const s = await authedSensor(hub.url, pair.key, { sensorId: id });
  const out: AnsweringSensor = { s, id, versions: [], stop: () => { stopped = true; s.close(); } };
  let stopped = false;
  let held = '';
  const beat = () => s.send({ type: 'heartbeat', payload: { timestamp: Date.now(), status: 'healthy', cpu: 5, memory: 5, disk: 5, requestsLastMinute: 1, avgLatencyMs: 1, configHash: '', rulesHash: held } });
  beat();
  void (async () => {
    while (!stopped) {
      const m = await s.next('push_rules', 1000).catch(() => null);
      if (!m) continue;
      out.versions.push(m.payload.version);
      const refuse = fails && m.payload.version !== 'v1';
      if (!refuse) held = m.payload.hash;
      s.send({ type: 'command-ack', payload: { commandId: m.commandId, success: !refuse, message: refuse ? 'rule-2: unknown action' : `loaded ${m.payload.rules.rules.length} rules` } });
      beat();
    }
  })();
  return out;
}

async function api(hub: HubProcess, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(hub.url + route, {
    method, headers: { authorization: `Bearer ${pair.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The versions a sensor was pushed, a repeat in a row counted once (delivery is at least once: docs/fleet.md). */
const pushed = (a: AnsweringSensor) => a.versions.filter((v, i) => v !== a.versions[i - 1]);

const bundle = (n: number) => ({ rules: Array.from({ length: n }, (_, i) => ({ id: `rule-${i + 1}`, action: 'block' })) });

async function upload(hub: HubProcess, version: string, n: number): Promise<string> {
  const res = await api(hub, 'POST', '/v1/rule-bundles', { version, document: bundle(n) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.hash;
}

async function rolloutEnds(hub: HubProcess, id: string, state: string, timeoutMs = 15_000): Promise<any> {
  return waitUntil(`rollout ${id} ${state}`, timeoutMs, async () => {
    const r = (await api(hub, 'GET', `/v1/rollouts/${id}`)).body;
    if (r.state !== 'running' && r.state !== 'scheduled' && r.state !== state) throw new Error(`rollout ended ${r.state}: ${r.reason}`);
    return r.state === state ? r : undefined;
  });
}

/** Every sensor's rules sync state, as GET /v1/sensors/health reports it. */
async function rulesSync(hub: HubProcess, ids: string[]): Promise<Record<string, string>> {
  const res = await api(hub, 'GET', '/v1/sensors/health?limit=1000');
  return Object.fromEntries(res.body.sensors.filter((s: any) => ids.includes(s.sensor_id)).map((s: any) => [s.sensor_id, s.sync.rules.state]));
}

test('an immediate rollout reaches every target, whichever hub holds it, and their sync state reads in_sync', async () => {
  const sensors = [await answeringSensor(pair.a, 'im-a1'), await answeringSensor(pair.a, 'im-a2'), await answeringSensor(pair.b, 'im-b1')];
  const ids = sensors.map((s) => s.id);
  const hash = await upload(pair.a, 'im-v1', 2);
  const created = await api(pair.b, 'POST', '/v1/rollouts', { kind: 'rules', version: 'im-v1', strategy: 'immediate', targets: { sensorIds: ids } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const done = await rolloutEnds(pair.a, created.body.id, 'completed');
  assert.deepEqual([done.counts.applied, done.counts.failed], [3, 0]);
  assert.deepEqual(done.sensors.map((s: any) => [s.sensor_id, s.status, s.message]), ids.sort().map((id) => [id, 'applied', 'loaded 2 rules']));
  await waitUntil('every sensor reports the hash', 5000, async () => Object.values(await rulesSync(pair.a, ids)).every((s) => s === 'in_sync') || undefined);
  const health = (await api(pair.a, 'GET', '/v1/sensors/im-b1/health')).body;
  assert.deepEqual([health.sensor.sync.rules.expected, health.sensor.sync.rules.reported], [hash, hash]);
  sensors.forEach((s) => s.stop());
});

test('a canary rollout promotes itself when the canaries acknowledge and stay healthy through the soak', async () => {
  const sensors = await Promise.all(['ca-1', 'ca-2', 'ca-3', 'ca-4'].map((id, i) => answeringSensor(i % 2 ? pair.b : pair.a, id)));
  await upload(pair.a, 'ca-v1', 3);
  const created = await api(pair.a, 'POST', '/v1/rollouts', {
    kind: 'rules', version: 'ca-v1', strategy: 'canary', targets: { sensorIds: sensors.map((s) => s.id) }, canary: { percent: 25, soakSeconds: 1 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual([created.body.phase, created.body.counts.canaries], ['canary', 1]);
  const done = await rolloutEnds(pair.b, created.body.id, 'completed');
  assert.ok(done.canary_acked_at && done.promoted_at && done.canary_acked_at < done.promoted_at);
  assert.deepEqual(sensors.map(pushed), [['ca-v1'], ['ca-v1'], ['ca-v1'], ['ca-v1']]);
  sensors.forEach((s) => s.stop());
});

test('a canary rollout rolls back when one canary fails: the canaries get the previous version, the rest never the new one', async () => {
  const sensors = [await answeringSensor(pair.a, 'rb-1', true), await answeringSensor(pair.b, 'rb-2'), await answeringSensor(pair.a, 'rb-3')];
  const targets = { sensorIds: sensors.map((s) => s.id) };
  const v1 = await upload(pair.a, 'v1', 1);
  await upload(pair.a, 'v2', 2);
  const first = await api(pair.a, 'POST', '/v1/rollouts', { kind: 'rules', version: 'v1', strategy: 'immediate', targets });
  await rolloutEnds(pair.a, first.body.id, 'completed');

  const canary = await api(pair.a, 'POST', '/v1/rollouts', { kind: 'rules', version: 'v2', strategy: 'canary', targets, canary: { sensorIds: ['rb-1', 'rb-2'], soakSeconds: 60 } });
  assert.equal(canary.status, 201, JSON.stringify(canary.body));
  const ended = await rolloutEnds(pair.b, canary.body.id, 'rolled_back');
  assert.equal(ended.reason, 'canary rb-1 failed to apply it: rule-2: unknown action');
  await waitUntil('both canaries are back on v1', 10_000, async () => sensors.slice(0, 2).every((s) => s.versions.at(-1) === 'v1') || undefined);
  assert.deepEqual(sensors.map(pushed), [['v1', 'v2', 'v1'], ['v1', 'v2', 'v1'], ['v1']]);
  const health = (await api(pair.a, 'GET', '/v1/sensors/rb-2/health')).body;
  assert.equal(health.sensor.sync.rules.expected, v1);
  sensors.forEach((s) => s.stop());
});

test('a scheduled rollout fires at its time after every hub restarted', async () => {
  const early = await answeringSensor(pair.a, 'sc-1');
  early.stop();
  await upload(pair.a, 'sc-v1', 1);
  const at = new Date(Date.now() + 1500).toISOString();
  const created = await api(pair.a, 'POST', '/v1/rollouts', { kind: 'rules', version: 'sc-v1', strategy: 'scheduled', at, targets: { sensorIds: ['sc-1'] } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.state, 'scheduled');
  await Promise.all([pair.a.kill('SIGKILL'), pair.b.kill('SIGKILL')]);
  pair.a = await startHubProcess(pair.db, ENV, pair.a.dataDir);
  pair.b = await startHubProcess(pair.db, ENV, pair.b.dataDir);
  restarted.push(pair.a, pair.b);
  const sensor = await answeringSensor(pair.b, 'sc-1');
  const done = await rolloutEnds(pair.a, created.body.id, 'completed');
  assert.ok(done.started_at >= at, `started ${done.started_at}, scheduled ${at}`);
  assert.deepEqual(pushed(sensor), ['sc-v1']);
  sensor.stop();
});
