// A hub with QUORUM_SENSOR_BLOCKLIST_MAX_ENTRIES: each sensor holds the blocks that matter most (severity, then
// recency), the snapshot says what was left out, and when a kept block ends the next one in priority enters.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { writeBlock } from './helpers/blocks.ts';
import { authedSensor } from './helpers/sensor.ts';
import type { Severity } from '../src/core/types.ts';

let hub: TestHub;
let now = Math.floor(Date.now() / 1000) * 1000;
before(async () => { hub = await startTestHub({ sensorBlocklistMaxEntries: 2, reconcileIntervalMs: 3_600_000 }, () => new Date(now)); });
after(async () => { await hub.close(); });

const ip = async (tenantId: string, indicator: string, severity: Severity | null) => {
  now += 1000; // each block is more recent than the one before
  return writeBlock(hub.pools.app, tenantId, { blockType: 'IP', indicator, severity, at: new Date(now) });
};
const ups = (m: any) => m.updates.map((u: any) => `${u.type} ${u.indicator}`);

test('a capped sensor holds the highest severity, then the most recent blocks; one leaving lets the next in', async () => {
  const tenantId = (await hub.keys.createTenant('capped')).id;
  const key = (await hub.keys.createKey({ tenantId, scopes: ['admin'] })).key;
  await ip(tenantId, '10.90.0.1', 'low');
  const critical = await ip(tenantId, '10.90.0.2', 'critical');
  await ip(tenantId, '10.90.0.3', 'high');
  await ip(tenantId, '10.90.0.4', 'low'); // more recent than .1, same severity
  const s = await authedSensor(hub.url, key, { sensorId: 'capped-1', capabilities: ['blocklist-push'] });
  s.send({ type: 'blocklist-sync' });
  const snap = await s.next('blocklist-snapshot');
  assert.deepEqual(snap.entries.map((e: any) => e.indicator).sort(), ['10.90.0.2', '10.90.0.3']);
  assert.deepEqual([snap.total, snap.maxEntries, snap.omitted], [4, 2, 2]);
  assert.equal((await hub.metrics.sensorBlocklistOmitted.get()).values.find((v) => v.labels.view === 'all')?.value, 2);

  // The critical block ends: the most recent low one (.4) enters in its place.
  assert.equal((await hub.request('POST', `/v1/mitigations/${critical}/withdraw`, { key, body: { reason: 'over' } })).status, 200);
  assert.deepEqual(ups(await s.next('blocklist-push')), ['remove 10.90.0.2', 'add 10.90.0.4']);

  // A new critical block pushes out the lowest kept one (.4); a new info block never enters.
  await ip(tenantId, '10.90.0.5', 'critical');
  assert.deepEqual(ups(await s.next('blocklist-push')), ['remove 10.90.0.4', 'add 10.90.0.5']);
  await ip(tenantId, '10.90.0.6', 'info');
  assert.deepEqual(ups(await s.next('blocklist-push')), []);

  // A sensor behind gets a snapshot (never a delta: what it holds depends on the whole list).
  s.send({ type: 'blocklist-sync', payload: { version: 1 } });
  const again = await s.next('blocklist-snapshot');
  assert.deepEqual(again.entries.map((e: any) => e.indicator).sort(), ['10.90.0.3', '10.90.0.5']);
  assert.equal(again.omitted, 3);
  s.close();
});
