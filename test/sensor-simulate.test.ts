import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { quantile } from '../src/cli/simulate.ts';
import { createTraffic } from '../src/sdk/traffic.ts';
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
