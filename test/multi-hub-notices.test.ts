// Commit notices between hubs: heard by the other hubs and not by the sender, throttled per tenant (a burst of
// commits is one leading and one trailing notice), and the sensor addresses the guardrails see from the database.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createNotificationListener, type NotificationListener } from '../src/db/notifications.ts';
import { createCommitNotices } from '../src/store/commit-notices.ts';
import { cachedSensorAddresses } from '../src/decide/protected-addresses.ts';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { waitUntil } from './helpers/hub-process.ts';

const silent = pino({ level: 'silent' });
let db: TestDatabase;
const listeners: NotificationListener[] = [];

/** A hub's commit notices on a LISTEN connection of its own, recording the tenants it heard of. */
function hub(intervalMs: number) {
  const notifications = createNotificationListener({ url: db.ownerUrl, logger: silent });
  listeners.push(notifications);
  const notices = createCommitNotices({ pool: db.pools.owner, notifications, logger: silent, intervalMs });
  const heard: string[] = [];
  notices.onOtherHubCommit((tenantId) => heard.push(tenantId));
  return { notices, heard };
}

before(async () => { db = await createTestDatabase(); });
after(async () => {
  await Promise.all(listeners.map((l) => l.stop()));
  await db.drop();
});

describe('commit notices', () => {
  test('another hub hears of a commit; the sending hub does not hear its own', async () => {
    const a = hub(20);
    const b = hub(20);
    // LISTEN is issued once the connection is up: send until the first notice gets through.
    await waitUntil('b to hear a', 5000, async () => { a.notices.committed('t-1'); return b.heard.length > 0; });
    a.notices.stop();
    b.notices.stop();
    assert.deepEqual([...new Set(b.heard)], ['t-1']);
    assert.deepEqual(a.heard, []);
  });

  test('a burst of commits of one tenant sends one notice at once and one trailing notice, other tenants unaffected', async () => {
    const a = hub(300);
    const b = hub(300);
    await waitUntil('the connections to listen', 5000, async () => { a.notices.committed('warm-up'); return b.heard.length > 0; });
    for (let i = 0; i < 100; i++) a.notices.committed('t-2');
    a.notices.committed('t-3');
    const heard = () => b.heard.filter((t) => t !== 'warm-up');
    await waitUntil('the trailing notice', 5000, async () => heard().filter((t) => t === 't-2').length === 2);
    assert.deepEqual(heard().slice(0, 2).sort(), ['t-2', 't-3']);
    assert.deepEqual(heard(), [...heard().slice(0, 2), 't-2'], 'the trailing notice comes last, once');
    a.notices.stop();
    b.notices.stop();
  });
});

describe('the LISTEN connection', () => {
  test('channels subscribed in one tick are all heard, and pg never warns of a query sent while another runs', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const l = createNotificationListener({ url: db.ownerUrl, logger: silent });
    listeners.push(l);
    const heard = new Set<string>();
    const channels = ['quorum_test_a', 'quorum_test_b', 'quorum_test_c', 'quorum_test_d'];
    for (const ch of channels) l.on(ch, () => heard.add(ch));
    await waitUntil('every channel to be heard', 5000, async () => {
      for (const ch of channels) await db.pools.owner.query(`NOTIFY ${ch}`);
      return heard.size === channels.length;
    });
    process.off('warning', onWarning);
    assert.deepEqual(warnings.filter((m) => m.includes('already executing a query')), []);
  });
});

describe('registered sensor addresses for the guardrails', () => {
  test("joins the database's list, read once per interval per tenant, with this hub's open sessions", async () => {
    let reads = 0;
    let stored = ['198.51.100.7'];
    const here = new Map([['t', ['203.0.113.9']]]);
    const source = cachedSensorAddresses({
      registered: async () => { reads++; return stored; }, connectedHere: (t) => here.get(t) ?? [], cacheMs: 60_000,
    });
    assert.deepEqual(await source('t'), ['198.51.100.7', '203.0.113.9']);
    stored = ['198.51.100.8'];
    here.set('t', ['203.0.113.10']);
    // Within the interval the database is not asked again; this hub's own sessions are always current.
    assert.deepEqual(await source('t'), ['198.51.100.7', '203.0.113.10']);
    assert.equal(reads, 1);
    assert.deepEqual(await source('u'), ['198.51.100.8']);
    assert.equal(reads, 2);
  });

  test('a failed read is not kept: the decision fails and the next one asks again', async () => {
    let fail = true;
    const source = cachedSensorAddresses({
      registered: async () => { if (fail) throw new Error('database away'); return ['198.51.100.7']; }, connectedHere: () => [], cacheMs: 60_000,
    });
    await assert.rejects(async () => source('t'), /database away/);
    fail = false;
    assert.deepEqual(await source('t'), ['198.51.100.7']);
  });
});
