// Two hub processes on one database: a block decided on hub A reaches the sensors connected to hub B (and A) by the
// block feed's NOTIFY, never another tenant's sensor; a sensor that moves from A to B carries on from its version.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyStore } from '../src/auth/key-store.ts';
import { startHubPair, type HubPair, type HubProcess } from './helpers/hub-process.ts';
import { TestSensor, authMessage, sensorUrl } from './helpers/sensor.ts';

// Only a NOTIFY can bring a change to the other hub within the tests' deadlines: the polls are a minute away.
const ENV = { QUORUM_BLOCK_FOLLOW_POLL_MS: '60000', QUORUM_FEED_POLL_INTERVAL_MS: '60000' };
let pair: HubPair;
let db: HubPair['db'];
let a: HubProcess;
let b: HubProcess;
let key: string;

before(async () => {
  pair = await startHubPair(ENV);
  ({ db, a, b, key } = pair);
});
after(() => pair?.stop());

async function sensorOn(hub: HubProcess, apiKey: string, sensorId: string): Promise<TestSensor> {
  const s = new TestSensor(sensorUrl(hub.url));
  await s.opened;
  s.send(authMessage(apiKey, { sensorId, capabilities: ['blocklist-push'] }));
  assert.equal((await s.next()).type, 'auth-success');
  return s;
}

test('a block decided on hub A reaches a sensor on hub B and one on hub A, and no sensor of another tenant', async () => {
  const other = await createKeyStore(db.pools.owner).createTenant('other');
  const otherKey = (await createKeyStore(db.pools.owner).createKey({ tenantId: other.id, scopes: ['signal:write'] })).key;
  const onB = await sensorOn(b, key, 'edge-b');
  const onA = await sensorOn(a, key, 'edge-a');
  const stranger = await sensorOn(b, otherKey, 'stranger-b');
  for (const s of [onB, onA, stranger]) {
    s.send({ type: 'blocklist-sync' });
    await s.next('blocklist-snapshot');
  }
  const res = await a.post('/v1/mitigations', key, { indicator: '192.0.2.44', ttl_seconds: 600, reason: 'multi-hub' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  for (const s of [onB, onA]) {
    const push = await s.next('blocklist-push', 5000);
    assert.deepEqual(push.updates.map((u: any) => [u.type, u.blockType, u.indicator]), [['add', 'IP', '192.0.2.44']]);
  }
  // The stranger's hub has handed the change on by now (onB is on the same hub); nothing came before the sentinel's answer.
  stranger.send({ type: 'sentinel' });
  assert.equal((await stranger.next()).code, 'UNKNOWN_TYPE');

  // edge-a moves to hub B after missing a withdrawal: B answers its version with a delta.
  onA.close();
  const withdrawn = await b.post(`/v1/mitigations/${res.body.mitigation.id}/withdraw`, key, { reason: 'over' });
  assert.equal(withdrawn.status, 200);
  const moved = await sensorOn(b, key, 'edge-a');
  moved.send({ type: 'blocklist-sync', payload: { version: 1 } });
  const delta = await moved.next('blocklist-push');
  assert.deepEqual([delta.fromVersion, delta.version], [1, 2]);
  assert.deepEqual(delta.updates.map((u: any) => [u.type, u.indicator]), [['remove', '192.0.2.44']]);
  for (const s of [onB, moved, stranger]) s.close();
});
