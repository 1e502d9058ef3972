import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { quantile } from '../src/cli/simulate.ts';
import { createTraffic } from '../src/sdk/traffic.ts';
import { inShare } from '../src/sdk/simulated-sensor.ts';
import { contentHash } from '../src/core/canonical-json.ts';
import { checkThreatSignal } from '../src/ingest/threat-signal.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ signalBatchTimeoutMs: 50 }); });
after(async () => { await hub.close(); });

describe('quorum simulate', () => {
  test('runs sensors for the duration, prints a summary, and every sent signal is acknowledged and stored', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      '--import', 'tsx', 'src/cli/main.ts', 'simulate', '--url', hub.url, '--key', hub.adminKey,
      '--sensors', '3', '--rate', '200', '--duration', '2', '--scenario', 'mixed',
    ], { cwd: path.resolve(import.meta.dirname, '..') });
    const summary = JSON.parse(stdout);
    assert.equal(summary.sensors, 3);
    assert.ok(summary.sent >= 1000 && summary.sent <= 1300, `sent ${summary.sent}`);
    assert.equal(summary.acked, summary.sent);
    assert.equal(summary.unacked, 0);
    assert.equal(summary.stored + summary.merged, summary.acked);
    assert.ok(summary.merged > 0, 'repeat offenders merged');
    assert.match(stderr, /sent \d+ {2}acked \d+/);
    const { rows } = await hub.db.pools.owner.query("SELECT coalesce(sum((signal_value->>'event_count')::int), 0)::int AS events, count(*)::int AS n FROM signal_streams WHERE signal_value->>'sensor_id' LIKE 'sim-%'");
    assert.equal(rows[0].n, summary.stored);
    assert.deepEqual(summary.blocklist, { entries: 0, version: 0, requests: summary.sent, blocked: 0 });
  });

  test('enforces the tenant blocklist in every simulated sensor and shows what it blocked', async () => {
    const tenantId = (await hub.keys.createTenant('simulate-blocklist')).id;
    const key = (await hub.keys.createKey({ tenantId, scopes: ['admin'] })).key;
    // The mixed scenario's repeat offenders (a share of its requests) come from 10.0.0.100–119.
    assert.equal((await hub.request('POST', '/v1/mitigations', { key, body: { indicator: '10.0.0.96/27', ttl_seconds: 600 } })).status, 201);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      '--import', 'tsx', 'src/cli/main.ts', 'simulate', '--url', hub.url, '--key', key, '--sensors', '2', '--rate', '200', '--duration', '1', '--scenario', 'mixed',
    ], { cwd: path.resolve(import.meta.dirname, '..') });
    const { blocklist, sent } = JSON.parse(stdout);
    assert.deepEqual([blocklist.entries, blocklist.version], [1, 1]);
    assert.equal(blocklist.requests, sent + blocklist.blocked);
    assert.ok(blocklist.blocked > blocklist.requests * 0.05 && blocklist.blocked < blocklist.requests * 0.5, JSON.stringify(blocklist));
    assert.match(stderr, /blocklist 1 entries, \d+ requests blocked/);
  });
});

describe('quorum simulate as a fleet', () => {
  test('enrols its sensors with a registration token (pending until approved) and names the failing and unhealthy ones', async () => {
    const tenantId = (await hub.keys.createTenant('simulate-fleet')).id;
    const admin = (await hub.keys.createKey({ tenantId, scopes: ['admin'] })).key;
    const res = await hub.request('POST', '/v1/sensors/registration-tokens', { key: admin, body: { maxUses: 10, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
    assert.equal(res.status, 201);
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import', 'tsx', 'src/cli/main.ts', 'simulate', '--url', hub.url, '--sensors', '10', '--rate', '0', '--duration', '0.5',
      '--fail-share', '0.2', '--unhealthy-share', '0.1', '--prefix', 'fleet-', '--heartbeat', '1',
    ], { cwd: path.resolve(import.meta.dirname, '..'), env: { ...process.env, QUORUM_REGISTRATION_TOKEN: res.body.token, QUORUM_API_KEY: '' } });
    const { fleet, sent } = JSON.parse(stdout);
    assert.equal(sent, 0);
    assert.deepEqual(fleet, { approved: 0, pending: 10, failing: ['fleet-5', 'fleet-10'], unhealthy: ['fleet-1'], commands: {}, applied: { config: {}, rules: {} } });
    const sensors = await hub.request('GET', '/v1/sensors?approval=pending', { key: admin });
    assert.equal(sensors.body.sensors.filter((x: { sensor_id: string }) => x.sensor_id.startsWith('fleet-')).length, 10);
  });

  test('answers a fleet-wide push_rules while it runs: its failing share acks failed, and the summary counts both', async () => {
    const tenantId = (await hub.keys.createTenant('simulate-commands')).id;
    const admin = (await hub.keys.createKey({ tenantId, scopes: ['admin', 'signal:write', 'signal:read'] })).key;
    const run = promisify(execFile)(process.execPath, [
      '--import', 'tsx', 'src/cli/main.ts', 'simulate', '--url', hub.url, '--key', admin, '--sensors', '3', '--rate', '0', '--duration', '4',
      '--fail-share', '0.34', '--unhealthy-share', '0.34', '--prefix', 'cmd-sim-',
    ], { cwd: path.resolve(import.meta.dirname, '..') });
    // The fleet is up once the hub lists its three sensors connected.
    for (let i = 0; i < 300; i++) {
      const { body } = await hub.request('GET', '/v1/sensors', { key: admin });
      if (body.sensors.filter((x: { state: string }) => x.state === 'connected').length === 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const rules = { rules: [{ id: 'r1' }] };
    const sent = await hub.request('POST', '/v1/commands', { key: admin, body: { type: 'push_rules', payload: { version: 'r-1', hash: contentHash(rules).hash, rules }, selector: { connected: true } } });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal(sent.body.commands.length, 3);
    const { stdout } = await run;
    const { fleet } = JSON.parse(stdout);
    assert.deepEqual(fleet.failing, ['cmd-sim-3']);
    assert.deepEqual(fleet.commands, { push_rules: { succeeded: 2, failed: 1 } });
    assert.deepEqual(fleet.applied.rules, { 'r-1': 2 });
    const { body } = await hub.request('GET', '/v1/commands?limit=10', { key: admin });
    assert.deepEqual(body.commands.map((c: { sensor_id: string; status: string }) => [c.sensor_id, c.status]).sort(), [['cmd-sim-1', 'succeeded'], ['cmd-sim-2', 'succeeded'], ['cmd-sim-3', 'failed']]);
    // The unhealthy share (counted from the other end) said so in its heartbeats, the first one sent right after auth.
    const health = await hub.request('GET', '/v1/sensors/health', { key: admin });
    assert.deepEqual(health.body.sensors.map((x: { sensor_id: string; reported_status: string }) => [x.sensor_id, x.reported_status]).sort(), [['cmd-sim-1', 'unhealthy'], ['cmd-sim-2', 'healthy'], ['cmd-sim-3', 'healthy']]);
  });

  test('refuses a share outside 0–1 and a fleet beyond its bound as usage errors', async () => {
    for (const args of [['--fail-share', '1.5'], ['--sensors', '10001'], ['--rate', '-1'], ['--sensors', '2.5']]) {
      const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--url', hub.url, '--key', hub.adminKey, ...args], { cwd: path.resolve(import.meta.dirname, '..') }).catch((e) => e);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /quorum: invalid_argument: --/);
    }
  });
});

describe('a share of a fleet', () => {
  const cases: [number, number, number[]][] = [[10, 0.1, [10]], [10, 0.2, [5, 10]], [10, 0.3, [4, 7, 10]], [4, 0.5, [2, 4]], [5, 0, []], [3, 1, [1, 2, 3]], [1000, 0.1, []]];
  for (const [n, share, expected] of cases) {
    test(`of ${share} in ${n} sensors is ${n === 1000 ? '100 of them' : `[${expected.join(', ')}]`}`, () => {
      const picked = Array.from({ length: n }, (_, k) => k + 1).filter((i) => inShare(i, share));
      if (n === 1000) assert.equal(picked.length, 100);
      else assert.deepEqual(picked, expected);
    });
  }
});

describe('simulated traffic', () => {
  test('is valid in every scenario', () => {
    for (const scenario of ['mixed', 'burst', 'flood'] as const) {
      const t = createTraffic(scenario);
      for (let i = 0; i < 2000; i++) assert.ok(!Array.isArray(checkThreatSignal(t.next())), scenario);
    }
  });

  test('gives every flood signal its own source IP', () => {
    const t = createTraffic('flood');
    const ips = new Set(Array.from({ length: 5000 }, () => t.next().sourceIp));
    assert.equal(ips.size, 5000);
  });
});

describe('quantile', () => {
  const cases: [number[], number, number][] = [[[], 0.5, 0], [[5], 0.99, 5], [[1, 2, 3, 4], 0.5, 2], [[1, 2, 3, 4], 0.99, 4], [Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99]];
  for (const [xs, q, expected] of cases) test(`of ${xs.length} values at ${q} is ${expected}`, () => assert.equal(quantile(xs, q), expected));
});
