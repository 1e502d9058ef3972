// Ingest first during a burst: how heavy this hub's signal writes are, and the bounded hold of the feed's consumers.
// The stretch logic runs on a clock the test moves; the emitter's counting and the consumers' hold run on the database.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createIngestPressure, LIGHT_GAP_MS } from '../src/store/ingest-pressure.ts';
import { SqlEmitter } from '../src/store/emitter.ts';
import { createFeedConsumer } from '../src/store/signal-feed.ts';
import { createPointerKeeper } from '../src/score/pointer-keeper.ts';
import { pointerMarkStatement } from '../src/score/pointer-queries.ts';
import { readPosition } from '../src/store/feed-queries.ts';
import { createLeaseHolder } from '../src/db/leases.ts';
import { withTenant } from '../src/db/pools.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { belowFeedHorizon } from './helpers/feed-horizon.ts';

const silent = pino({ level: 'silent' });

/** Whether `p` has resolved once the pressure has looked again (it looks at least every 50 ms). */
async function resolvedSoon(p: Promise<unknown>): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 150))]);
}

describe('ingest pressure', () => {
  function pressure(maxDeferMs = 1000) {
    let now = 1_000_000;
    const p = createIngestPressure({ heavyRows: 100, maxDeferMs }, () => now);
    return { p, advance: (ms: number) => { now += ms; } };
  }

  test('light ingest never holds a consumer back', async () => {
    const { p } = pressure();
    const end = p.writing(99);
    assert.equal(await p.deferred(), 0);
    end();
    assert.equal(p.rowsInFlight(), 0);
  });

  test('a heavy stretch holds consumers back until its writes have been under the threshold for the light gap', async () => {
    const { p, advance } = pressure();
    const end = p.writing(100);
    const waiting = p.deferred();
    advance(100);
    end();
    advance(LIGHT_GAP_MS - 1);
    assert.equal(await resolvedSoon(waiting), false);
    advance(1);
    assert.equal(await resolvedSoon(waiting), true);
    assert.equal(await waiting, 100 + LIGHT_GAP_MS);
  });

  test('the hold lasts at most maxDeferMs from the stretch\'s start, then consumers go on though ingest stays heavy', async () => {
    const { p, advance } = pressure(1000);
    const end = p.writing(150);
    advance(400);
    const waiting = p.deferred();
    advance(599);
    assert.equal(await resolvedSoon(waiting), false);
    advance(1);
    assert.equal(await waiting, 600);
    // The stretch has used its budget: a later wait in it is none.
    assert.equal(await p.deferred(), 0);
    end();
  });

  test('a dip shorter than the light gap keeps the stretch and its budget; a longer one ends it', async () => {
    const { p, advance } = pressure(1000);
    let end = p.writing(100);
    advance(900);
    end();
    advance(LIGHT_GAP_MS - 1);
    end = p.writing(100);
    // Same stretch (started 900 + LIGHT_GAP_MS - 1 ms ago): its budget is spent.
    assert.equal(await p.deferred(), 0);
    end();
    advance(LIGHT_GAP_MS);
    end = p.writing(100);
    // A new stretch: a new budget.
    const waiting = p.deferred();
    assert.equal(await resolvedSoon(waiting), false);
    advance(1000);
    assert.equal(await waiting, 1000);
    end();
  });

  test('QUORUM_FEED_DEFER_MS=0 never holds back', async () => {
    const { p } = pressure(0);
    const end = p.writing(10_000);
    assert.equal(await p.deferred(), 0);
    end();
  });

  test('ending a write twice counts its rows out once', () => {
    const { p } = pressure();
    const a = p.writing(60);
    const b = p.writing(70);
    a();
    a();
    assert.equal(p.rowsInFlight(), 70);
    b();
    assert.equal(p.rowsInFlight(), 0);
  });
});

describe('ingest first, on the database', () => {
  let hub: TestHub;
  let tenantId: string;
  before(async () => {
    hub = await startTestHub({ feedConsume: false });
    tenantId = hub.bootstrap.tenantId;
  });
  after(async () => { await hub.close(); });

  /** `n` signals in the wire format, about subjects p<from>, p<from + 1>, … */
  const signals = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({
    source: 'pressuretest', subject_type: 'host', subject_id: `p${from + i}`, signal_key: 'load.avg', signal_value: { value: from + i },
    observed_at: new Date().toISOString(),
  }));
  const store = (emitter: SqlEmitter, n: number, from: number, inTransaction?: () => Promise<void>) =>
    emitter.store(tenantId, emitter.validate(signals(n, from), true), { inTransaction });

  test('the emitter counts a write\'s rows while it runs, on every path, and counts them out when it fails', async () => {
    const p = createIngestPressure({ heavyRows: 1, maxDeferMs: 0 });
    const emitter = new SqlEmitter(hub.pools.app, { ingestPool: hub.pools.ingest, ownerPool: hub.pools.owner, pressure: p });
    let during = -1;
    await store(emitter, 40, 0, async () => { during = p.rowsInFlight(); });
    assert.equal(during, 40);
    assert.equal(p.rowsInFlight(), 0);
    // A single signal goes through group commit: counted too (from the call on, with no partition to make first).
    const single = store(new SqlEmitter(hub.pools.app, { pressure: p }), 1, 100);
    assert.equal(p.rowsInFlight(), 1);
    await single;
    await assert.rejects(store(emitter, 3, 200, async () => { throw new Error('refused'); }), /refused/);
    assert.equal(p.rowsInFlight(), 0);
  });

  test('a feed consumer holds back while ingest is heavy and reads as soon as the stretch ends', async () => {
    const p = createIngestPressure({ heavyRows: 1000, maxDeferMs: 60_000 });
    const handled: string[] = [];
    const feed = createFeedConsumer({
      name: 'pressure_test', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.pressure', logger: silent }),
      handle: async (b) => { handled.push(...b.signals.map((s) => s.subjectId)); }, ingestFirst: p.deferred,
    });
    await feed.caughtUp();
    handled.splice(0);
    await store(hub.emitter, 2, 300);
    await waitBelowHorizon(hub, 'p301');
    const burst = p.writing(1000);
    const caughtUp = feed.caughtUp();
    assert.equal(await resolvedSoon(caughtUp), false);
    assert.deepEqual(handled, []);
    burst();
    await caughtUp;
    assert.deepEqual(handled, ['p300', 'p301']);
    const metrics = await hub.metrics.registry.getSingleMetricAsString('quorum_feed_deferred_seconds_total');
    const held = Number(/consumer="pressure_test"} (\S+)/.exec(metrics)?.[1]);
    assert.ok(held >= LIGHT_GAP_MS / 1000, `held ${held} s`);
    await feed.stop(1000);
  });

  test('the pointer keeper holds back too, and passes once the stretch ends', async () => {
    const p = createIngestPressure({ heavyRows: 1000, maxDeferMs: 60_000 });
    const keeper = createPointerKeeper({
      owner: hub.pools.owner, app: hub.pools.app, logger: silent, pollIntervalMs: 60_000, batchSize: 100, metrics: hub.metrics, ingestFirst: p.deferred,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.pressure.pointers', logger: silent }),
    });
    await keeper.caughtUp();
    await store(hub.emitter, 1, 400);
    const id = await waitBelowHorizon(hub, 'p400');
    const burst = p.writing(5000);
    const caughtUp = keeper.caughtUp();
    assert.equal(await resolvedSoon(caughtUp), false);
    const mark = () => withTenant(hub.pools.app, tenantId, (c) => readPosition(c, pointerMarkStatement(tenantId)));
    assert.notEqual((await mark()).id, id);
    burst();
    await caughtUp;
    assert.equal((await mark()).id, id);
    await keeper.stop(1000);
  });
});

/** The row id of a stored subject, once it is below the feed's horizon (a consumer may read it). */
async function waitBelowHorizon(hub: TestHub, subjectId: string): Promise<string> {
  const id = (await hub.pools.owner.query("SELECT id::text FROM signal_streams WHERE source = 'pressuretest' AND subject_id = $1", [subjectId])).rows[0].id as string;
  await belowFeedHorizon(hub.pools.owner, id);
  return id;
}
