// Two hub processes on one database: a dashboard connected to hub B sees what hub A decided and stored (the events come
// from the block changes feed and the signals feed, never from the deciding process), and only its own tenant's.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyStore } from '../src/auth/key-store.ts';
import { startHubPair, type HubPair, type HubProcess } from './helpers/hub-process.ts';
import { authedDashboard, subscribe } from './helpers/dashboard.ts';
import { aSignal } from './helpers/hub.ts';

// Only the feeds can bring A's work to B within the deadlines: the block follower's poll is a minute away (its NOTIFY is the path).
const ENV = { QUORUM_BLOCK_FOLLOW_POLL_MS: '60000', QUORUM_DASHBOARD_SIGNAL_TICK_MS: '50' };
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

test('a block decided on hub A and a signal stored on hub A reach a dashboard on hub B, and not another tenant\'s dashboard', async () => {
  const keys = createKeyStore(db.pools.owner);
  const other = await keys.createTenant('other');
  const otherKey = (await keys.createKey({ tenantId: other.id, scopes: ['dashboard:read'] })).key;
  const onB = await authedDashboard(b.url, key);
  const stranger = await authedDashboard(b.url, otherKey);
  await subscribe(onB.d, 'signals');
  await subscribe(stranger.d, 'signals');

  const res = await a.post('/v1/mitigations', key, { indicator: '192.0.2.77', ttl_seconds: 600, reason: 'multi-hub dashboard' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const m = await onB.d.next('mitigation', 5000);
  assert.equal(m.payload.indicator, '192.0.2.77/32');
  assert.equal(m.payload.change, 'created');
  assert.deepEqual((await onB.d.next('blocklist')).payload.updates.map((u: any) => u.indicator), ['192.0.2.77/32']);

  // Subscribing placed B's signal reader at the feed's head, so a signal committed now reaches it once its writer is
  // below the snapshot horizon. The horizon is the whole server's: another test file's long transaction (a bulk seed)
  // holds it back, hence the long deadline (a lag, never a loss).
  const posted = await a.post('/v1/signals', key, { signals: [aSignal({ subject_id: 'multi-hub.example' })] });
  assert.ok(posted.status < 300, JSON.stringify(posted.body));
  const signal = await onB.d.next('signal', 60_000);
  assert.equal(signal.payload.subjectId, 'multi-hub.example');

  stranger.d.send({ type: 'ping' });
  const answer = await stranger.d.next();
  assert.equal(answer.type, 'pong', `the stranger saw ${JSON.stringify(answer)}`);
  assert.deepEqual(stranger.d.pending(), []);
  for (const x of [onB, stranger]) x.d.close();
});
