// The committed signals feed: at-least-once after commit, in commit order per tenant, resumed from the stored position,
// one consumer per tenant among processes, idempotent correlation, and no decision lost to a SIGKILL before correlation.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import pino from 'pino';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { startChildHub } from './helpers/child-hub.ts';
import { freePort } from './helpers/process.ts';
import { fastnetmonBan, fixtureJson, putConfig, shippedConfig } from './helpers/correlation.ts';
import { createLeaseHolder } from '../src/db/leases.ts';
import { endPool, withTenant } from '../src/db/pools.ts';
import { withTenantBesideFeed } from '../src/store/feed-horizon.ts';
import { createFeedConsumer, MIN_PASS_GAP_MS, YIELD_MAX_MS } from '../src/store/signal-feed.ts';
import { belowFeedHorizon } from './helpers/feed-horizon.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { FEED_READ_SETTINGS, FEED_START, type FeedInterest, horizonSql, loadPosition, pendingSql, readFeed, readFeedAsTenant, readFeedHead } from '../src/store/feed-queries.ts';
import { planNodes } from './helpers/plans.ts';
import { interceptingPool } from './helpers/counting-pool.ts';
import type { StoredBatch } from '../src/store/signal-queries.ts';

const silent = pino({ level: 'silent' });

/** A consumer of the hub's feed under its own name, recording what it was handed. */
function consumer(hub: TestHub, name: string, handle: (b: StoredBatch) => Promise<void> = async () => undefined, batchSize = 100) {
  const seen: string[] = [];
  const feed = createFeedConsumer({
    name, owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize,
    leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: `test.${name}`, logger: silent }),
    handle: async (b) => { await handle(b); seen.push(...b.signals.map((s) => String(s.value.value))); },
  });
  return { feed, seen };
}

const plain = (n: number) => ({ source: 'feedtest', subjectType: 'host', subjectId: `h${n}`, key: 'load.avg', value: { value: n }, observedAt: new Date() });

describe('the feed consumer', () => {
  let hub: TestHub;
  before(async () => { hub = await startTestHub({ feedConsume: false }); });
  after(async () => { await hub.close(); });
  const emit = async (...ns: number[]) => { for (const n of ns) await hub.emitter.emit(hub.bootstrap.tenantId, plain(n)); };
  const idOf = async (n: number) => (await hub.pools.owner.query("SELECT id::text FROM signal_streams WHERE source = 'feedtest' AND subject_id = $1", [`h${n}`])).rows[0].id as string;

  test('hands on every committed signal once, in commit order, in bounded batches', async () => {
    const batches: number[] = [];
    const { feed, seen } = consumer(hub, 'order', async (b) => { batches.push(b.signals.length); }, 2);
    await emit(1, 2, 3, 4, 5);
    await feed.caughtUp();
    assert.deepEqual(seen, ['1', '2', '3', '4', '5']);
    assert.deepEqual(batches, [2, 2, 1]);
    await feed.stop(1000);
  });

  test('a consumer that dies mid-batch is resumed by the next one from the stored position, the unfinished batch offered again', async () => {
    let reached!: () => void;
    const stuck = new Promise<void>((resolve) => { reached = resolve; });
    const first = consumer(hub, 'resume', async (b) => {
      if (b.signals.some((s) => s.value.value === 13)) { reached(); await new Promise(() => undefined); }
    }, 2);
    await emit(11, 12, 13, 14, 15);
    void first.feed.caughtUp();
    await stuck;
    // Its lease connection goes as a killed process's would; the in-flight batch never finishes.
    await first.feed.stop(0);
    const second = consumer(hub, 'resume', undefined, 2);
    await second.feed.caughtUp();
    assert.deepEqual(second.seen.filter((v) => first.seen.includes(v)), [], 'nothing handled before is offered again');
    assert.ok(second.seen.includes('13'), 'the unfinished batch is offered again');
    assert.deepEqual(second.seen.slice(-3), ['13', '14', '15']);
    assert.deepEqual([...first.seen, ...second.seen].filter((v) => Number(v) > 10), ['11', '12', '13', '14', '15']);
    await second.feed.stop(1000);
  });

  test('two consumers of one feed: only the lease holder reads a tenant, and the other takes over from its position when it stops', async () => {
    const a = consumer(hub, 'pair');
    const b = consumer(hub, 'pair');
    await emit(21, 22);
    await a.feed.caughtUp();
    await b.feed.caughtUp();
    assert.deepEqual(a.seen.filter((v) => Number(v) > 20), ['21', '22']);
    assert.deepEqual(b.seen, []);
    await a.feed.stop(1000);
    await emit(23);
    await b.feed.caughtUp();
    assert.deepEqual(b.seen.filter((v) => Number(v) > 20), ['23']);
    await b.feed.stop(1000);
  });

  test('a row committed behind an older, still-open writer waits for it: the feed never skips a late committer', async () => {
    const late = await hub.pools.app.connect();
    try {
      // The older writer draws its transaction id first and commits last.
      await late.query('BEGIN');
      await late.query("SELECT set_config('app.current_tenant', $1, true)", [hub.bootstrap.tenantId]);
      await late.query('SELECT pg_current_xact_id()');
      await late.query(
        `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, observed_at)
         VALUES ($1, 'feedtest', 'host', 'late', 'load.avg', '{"value": 31}', now())`, [hub.bootstrap.tenantId]);
      await emit(32);
      const page = await withTenant(hub.pools.app, hub.bootstrap.tenantId, (c) => readFeed(c, hub.bootstrap.tenantId, FEED_START, 1000));
      assert.equal(page.pending, true);
      assert.equal(page.rows.some((r) => r.value.value === 32), false);
      await late.query('COMMIT');
    } finally {
      late.release();
    }
    const { feed, seen } = consumer(hub, 'late');
    await feed.caughtUp();
    assert.deepEqual(seen.slice(-2), ['31', '32']);
    await feed.stop(1000);
  });

  test('whether rows wait behind an open writer is learnt between the running transactions, never by reading the open writer\'s rows', async () => {
    const tenantId = (await hub.keys.createTenant('pending-probe')).id;
    const open = await hub.pools.owner.connect();
    const pendingPlan = () => withTenant(hub.pools.app, tenantId, async (c) => {
      const res = await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) SELECT ${pendingSql(horizonSql('$2'))} AS pending`, [tenantId, []]);
      return res.rows[0]['QUERY PLAN'][0].Plan;
    }, FEED_READ_SETTINGS);
    const heapFetches = (plan: unknown) => planNodes(plan).reduce((n, node) => n + (node['Heap Fetches'] ?? 0), 0);
    const pendingNow = async () => (await withTenant(hub.pools.app, tenantId, (c) => readFeed(c, tenantId, FEED_START, 100))).pending;
    try {
      await open.query('BEGIN');
      await open.query(
        `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, observed_at)
         SELECT $1, 'feedtest', 'host', 'open' || i, 'load.avg', '{"value": 1}', now() FROM generate_series(1, 5000) i`, [tenantId]);
      assert.equal(await pendingNow(), false, 'only the open writer\'s own rows lie above the horizon');
      await hub.emitter.emit(tenantId, { ...plain(51), key: 'pending.probe' });
      assert.equal(await pendingNow(), true);
      // A scan from the horizon fetched all 5,000 uncommitted rows to learn they were invisible.
      assert.ok(heapFetches(await pendingPlan()) < 100, `heap fetches: ${heapFetches(await pendingPlan())}`);
    } finally {
      await open.query('ROLLBACK');
      open.release();
    }
  });

  test("a transaction that writes no signal, run beside the feed, holds back no feed read while it runs; any other one does", async () => {
    const tenantId = hub.bootstrap.tenantId;
    const read = () => withTenant(hub.pools.app, tenantId, (c) => readFeed(c, tenantId, FEED_START, 100_000));
    // Other work on the server (the hub's background writes, other databases' tests) may hold the horizon for a moment
    // at a read: it ends soon; a transaction the test holds open does not.
    const readsSoon = async (value: number) => {
      for (let i = 0; i < 500; i++) {
        if ((await read()).rows.some((r) => r.value.value === value)) return true;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return false;
    };
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let started!: () => void;
    const running = new Promise<void>((resolve) => { started = resolve; });
    // A consumer's transaction: its id is older than the signal's and it stays open while the feed is read.
    const beside = withTenantBesideFeed(hub.pools.app, tenantId, async (c) => {
      await c.query('SELECT 1');
      started();
      await held;
    });
    await running;
    await emit(41);
    try {
      assert.ok(await readsSoon(41), 'the open transaction beside the feed held the horizon back');
    } finally {
      release();
      await beside;
    }
    // The same open transaction without the registration: the signal waits for it, as any late committer's would.
    const other = await hub.pools.app.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      await emit(42);
      const page = await read();
      assert.equal(page.pending, true);
      assert.equal(page.rows.some((r) => r.value.value === 42), false);
      await other.query('COMMIT');
    } finally {
      other.release();
    }
    assert.ok(await readsSoon(42));
  });

  test('hands on the signals of one transaction in id order across a power of ten, skipping none at a page boundary', async () => {
    // Ids ordered as text put 10000 before 9996: a page ending at 10003 made the next one start after it, past 9996–9999.
    const seq = "pg_get_serial_sequence('signal_streams', 'id')";
    const current = Number((await hub.pools.owner.query(`SELECT nextval(${seq})::text AS n`)).rows[0].n);
    await hub.pools.owner.query(`SELECT setval(${seq}, $1)`, [10 ** Math.ceil(Math.log10(current + 10)) - 5]);
    const { feed, seen } = consumer(hub, 'digits', undefined, 4);
    await feed.caughtUp();
    const before = seen.length;
    await hub.emitter.emitBatch(hub.bootstrap.tenantId, Array.from({ length: 10 }, (_, i) => plain(51 + i)));
    await feed.caughtUp();
    assert.deepEqual(seen.slice(before), Array.from({ length: 10 }, (_, i) => String(51 + i)));
    await feed.stop(1000);
  });

  test('a feed read is answered before its COMMIT comes back; the connection returns to the pool after it, or is given up if it fails', async () => {
    await emit(81);
    // Any transaction on the server holds the horizon (other databases' tests too): the read would not see 81 yet.
    await belowFeedHorizon(hub.pools.owner, await idOf(81));
    for (const outcome of ['commits', 'fails'] as const) {
      let releaseCommit!: () => void;
      const commitHeld = new Promise<void>((resolve) => { releaseCommit = resolve; });
      const pool = interceptingPool(hub.db.appUrl, (text, send) => (text === 'COMMIT'
        ? commitHeld.then(() => (outcome === 'commits' ? send() : Promise.reject(Object.assign(new Error('connection lost'), { code: '57P01' }))))
        : send()));
      try {
        // Bounded: a read that waited for its COMMIT would only end when the guard lets the COMMIT go.
        let guardFired = false;
        const guard = setTimeout(() => { guardFired = true; releaseCommit(); }, 5000);
        const page = await readFeedAsTenant(pool, hub.bootstrap.tenantId, FEED_START, 1000);
        clearTimeout(guard);
        assert.equal(guardFired, false, 'the read waited for its COMMIT');
        assert.ok(page.rows.some((r) => r.value.value === 81));
        assert.equal(pool.idleCount, 0, 'the connection is still in its transaction');
        const back = new Promise((resolve) => pool.once(outcome === 'commits' ? 'release' : 'remove', resolve));
        releaseCommit();
        await back;
        assert.deepEqual([pool.totalCount, pool.idleCount], outcome === 'commits' ? [1, 1] : [0, 0]);
      } finally {
        // After a failed assertion too: a read left in its transaction holds the server's horizon for every database.
        releaseCommit();
        await endPool(pool);
      }
    }
  });

  test('a pass ends without waiting for its position to be saved: the next batch is handled while the save is on its way', async () => {
    let holdSaves = false;
    let releaseSaves!: () => void;
    const savesHeld = new Promise<void>((resolve) => { releaseSaves = resolve; });
    const owner = interceptingPool(hub.db.ownerUrl, (text, send) => (holdSaves && text.includes('INSERT INTO feed_positions') ? savesHeld.then(send) : send()));
    const handled = new Map<number, () => void>();
    const handledOf = (n: number) => new Promise<void>((resolve) => handled.set(n, resolve));
    const feed = createFeedConsumer({
      name: 'save_behind', owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.save_behind', logger: silent }),
      handle: async (b) => { for (const s of b.signals) handled.get(s.value.value as number)?.(); },
    });
    try {
      await feed.caughtUp();
      holdSaves = true;
      const [first, second] = [handledOf(191), handledOf(192)];
      // Each row is woken for once it is below the feed's horizon: a transaction of another test file, older than the
      // row, would have the pass find it pending, and the retry pass (which has no save of its own to leave) waits for
      // the held save before it ends, so 192 would wait for the guard (CI, 6 Dec 2026).
      await emit(191);
      await belowFeedHorizon(hub.pools.owner, await idOf(191));
      feed.wake(hub.bootstrap.tenantId);
      await first;
      await emit(192);
      await belowFeedHorizon(hub.pools.owner, await idOf(192));
      // The save of 191's position is held back; a pass that waited for it would never reach 192.
      let guardFired = false;
      const guard = setTimeout(() => { guardFired = true; releaseSaves(); }, 5000);
      feed.wake(hub.bootstrap.tenantId);
      await second;
      clearTimeout(guard);
      assert.equal(guardFired, false, 'the pass waited for its save');
      releaseSaves();
      // Once caught up, the stored position is the last one handled.
      await feed.caughtUp();
      const stored = await loadPosition(hub.pools.owner, 'save_behind', hub.bootstrap.tenantId);
      assert.deepEqual(stored, await withTenant(hub.pools.app, hub.bootstrap.tenantId, (c) => readFeedHead(c, hub.bootstrap.tenantId)));
    } finally {
      releaseSaves();
      await feed.stop(1000);
      await endPool(owner);
    }
  });

  test('a consumer that yields to another reads only once that one\'s pass has ended, or after YIELD_MAX_MS', async () => {
    const events: string[] = [];
    /** A value the first consumer's handler holds: `handling` once it has it, until `release` (once) lets it go. */
    const hold = (n: number) => {
      let started!: () => void;
      let letGo!: () => void;
      let released = false;
      return {
        handling: new Promise<void>((resolve) => { started = resolve; }),
        done: new Promise<void>((resolve) => { letGo = resolve; }),
        start: () => { events.push(`first handling ${n}`); started(); },
        release: () => { if (!released) events.push(`first released ${n}`); released = true; letGo(); },
      };
    };
    const holds = new Map([[95, hold(95)], [96, hold(96)]]);
    const first = consumer(hub, 'yield_first', async (b) => {
      for (const s of b.signals) {
        const h = holds.get(s.value.value as number);
        if (h) { h.start(); await h.done; }
      }
    });
    const handledNow = new Map<number, () => void>();
    const second = createFeedConsumer({
      name: 'yield_second', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.yield_second', logger: silent }), yieldTo: first.feed,
      handle: async (b) => { for (const s of b.signals) { events.push(`second handled ${s.value.value}`); handledNow.get(s.value.value as number)?.(); } },
    });
    /** Emits n, lets the first consumer's pass hold it, wakes the second and answers how long until the second had it. */
    const secondReads = async (n: number, releaseAfterMs: number) => {
      await emit(n);
      first.feed.wake(hub.bootstrap.tenantId);
      await holds.get(n)!.handling;
      const handled = new Promise<void>((resolve) => handledNow.set(n, resolve));
      const began = performance.now();
      second.wake(hub.bootstrap.tenantId);
      const release = setTimeout(() => holds.get(n)!.release(), releaseAfterMs);
      await handled;
      clearTimeout(release);
      holds.get(n)!.release();
      return performance.now() - began;
    };
    try {
      await Promise.all([first.feed.caughtUp(), second.caughtUp()]);
      events.length = 0;
      // Held well past the bound: the second reads once YIELD_MAX_MS has passed, not before.
      const bounded = await secondReads(95, 5 * YIELD_MAX_MS);
      assert.ok(bounded >= YIELD_MAX_MS - 1, `read after ${bounded} ms`);
      // Released before the bound: the second reads as soon as the first's pass ends.
      const prompt = await secondReads(96, YIELD_MAX_MS / 4);
      assert.ok(prompt < YIELD_MAX_MS, `read after ${prompt} ms`);
      assert.deepEqual(events.filter((e) => / 9[56]$/.test(e)), [
        'first handling 95', 'second handled 95', 'first released 95', 'first handling 96', 'first released 96', 'second handled 96']);
      const deferred = await hub.metrics.registry.getSingleMetricAsString('quorum_feed_deferred_seconds_total');
      const seconds = Number(/consumer="yield_second"} (\S+)/.exec(deferred)?.[1]);
      assert.ok(seconds >= (YIELD_MAX_MS + YIELD_MAX_MS / 4 - 2) / 1000, `held back ${seconds} s`);
    } finally {
      for (const h of holds.values()) h.release();
      await Promise.all([first.feed.stop(1000), second.stop(1000)]);
    }
  });

  test('a feed read and a head read are each planned once per connection, not again at every read (planning cost ten times the read)', async () => {
    const one = new pg.Pool({ connectionString: hub.db.appUrl, max: 1 });
    try {
      await emit(71, 72, 73);
      for (let i = 0; i < 7; i++) {
        assert.ok((await readFeedAsTenant(one, hub.bootstrap.tenantId, FEED_START, 2)).rows.length === 2);
        assert.ok(await withTenant(one, hub.bootstrap.tenantId, (c) => readFeedHead(c, hub.bootstrap.tenantId)));
      }
      const plans = await one.query(
        "SELECT name, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name LIKE 'read_signal_feed%' ORDER BY name");
      assert.deepEqual(plans.rows, [{ name: 'read_signal_feed', generic: 7, custom: 0 }, { name: 'read_signal_feed_head', generic: 7, custom: 0 }]);
    } finally {
      await endPool(one);
    }
  });

  test('an idle tenant costs no round trip per commit: its position moves to the head on full passes (poll, caughtUp) only', async () => {
    const tenantId = hub.bootstrap.tenantId;
    let idleAsked!: () => void;
    const feed = createFeedConsumer({
      name: 'idle', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.idle', logger: silent }),
      handle: async () => assert.fail('an idle tenant is never read'),
      idle: async () => { idleAsked?.(); return true; },
    });
    const position = async () => (await hub.pools.owner.query("SELECT id::text FROM feed_positions WHERE consumer = 'idle' AND tenant_id = $1", [tenantId])).rows[0]?.id;
    const ready = async (n: number) => belowFeedHorizon(hub.pools.owner, await idOf(n));
    await emit(61);
    await ready(61);
    await feed.caughtUp();
    assert.equal(await position(), await idOf(61));
    await emit(62);
    await ready(62);
    const asked = new Promise<void>((resolve) => { idleAsked = resolve; });
    feed.wake(tenantId);
    await asked;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await position(), await idOf(61), 'a commit\'s wake-up leaves an idle tenant\'s position alone');
    await feed.caughtUp();
    assert.equal(await position(), await idOf(62));
    await feed.stop(1000);
  });

  test(`passes start at least ${MIN_PASS_GAP_MS} ms apart: wake-ups during a stream of commits fold into the next pass, and nothing is skipped`, async () => {
    const passes: number[] = [];
    const seen: string[] = [];
    const feed = createFeedConsumer({
      name: 'gap', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.gap', logger: silent }),
      handle: async (b) => { seen.push(...b.signals.map((s) => String(s.value.value))); },
      // Asked first thing in each pass over the tenant (its lease and position are held after the first): a pass's start.
      idle: async (t) => { if (t === hub.bootstrap.tenantId) passes.push(performance.now()); return false; },
    });
    await feed.caughtUp();
    const from = seen.length;
    const values = Array.from({ length: 30 }, (_, i) => 71 + i);
    const started = performance.now();
    // A wake-up every millisecond while the signals are committed: far more than passes may start.
    const waking = setInterval(() => feed.wake(hub.bootstrap.tenantId), 1);
    try {
      for (const n of values) await emit(n);
    } finally {
      clearInterval(waking);
    }
    await feed.caughtUp();
    const ended = performance.now();
    assert.deepEqual(seen.slice(from), values.map(String));
    // Pass starts are MIN_PASS_GAP_MS apart, so a window holds at most its length / gap of them, plus one at each edge
    // (a full pass reads the tenant list before it reaches this tenant, so single gaps are not compared).
    const inWindow = passes.filter((t) => t >= started).length;
    const bound = Math.floor((ended - started) / MIN_PASS_GAP_MS) + 2;
    assert.ok(inWindow <= bound, `${inWindow} passes in ${(ended - started).toFixed(0)} ms (at most ${bound})`);
    await feed.stop(1000);
  });

  test('a consumer further behind than its threshold logs feed.lagging once, and feed.caught_up when back under', async () => {
    const said: { level: string; event: unknown; consumer: unknown }[] = [];
    const logger = { ...silent, warn: (o: Record<string, unknown>) => { said.push({ level: 'warn', event: o.event, consumer: o.consumer }); }, info: (o: Record<string, unknown>) => { said.push({ level: 'info', event: o.event, consumer: o.consumer }); } };
    let slow = false;
    const feed = createFeedConsumer({
      name: 'lag_warn', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: logger as never, pollIntervalMs: 60_000, batchSize: 1,
      lagWarnSeconds: 0.1, leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.lag_warn', logger: silent }),
      // Once through the earlier tests' signals, each is handled slowly: the second waits behind the first well past the threshold.
      handle: async () => { if (slow) await new Promise((r) => setTimeout(r, 300)); },
    });
    await feed.caughtUp();
    slow = true;
    said.length = 0;
    await emit(51, 52, 53);
    await feed.caughtUp();
    assert.deepEqual(said, [
      { level: 'warn', event: 'feed.lagging', consumer: 'lag_warn' },
      { level: 'info', event: 'feed.caught_up', consumer: 'lag_warn' },
    ]);
    await feed.stop(1000);
  });

  test('a consumer reads whole only the entries it wants: the others stay in PostgreSQL, every end comes, and only * is special in a glob', async () => {
    const tenantId = hub.bootstrap.tenantId;
    const head = (await withTenant(hub.pools.app, tenantId, (c) => readFeedHead(c, tenantId)))!;
    const entry = (key: string, value: { value: number; ended?: boolean }) => ({ ...plain(0), key, value });
    await hub.emitter.emitBatch(tenantId, [
      entry('load.avg', { value: 81 }), entry('ddos.attack', { value: 82 }), entry('axb.c', { value: 83 }), entry('a_b.c', { value: 84 }),
      entry('disk.used', { value: 85, ended: true }), entry('ab.c', { value: 86 }), entry('load.avg', { value: 87 }),
    ]);
    // One transaction stored the seven: once its last row is below the horizon (another test file's transaction on the
    // same server may hold it back a moment), a read passes all seven.
    await belowFeedHorizon(hub.pools.owner, (await hub.pools.owner.query('SELECT max(id)::text AS id FROM signal_streams WHERE tenant_id = $1', [tenantId])).rows[0].id);
    const interest = { signalKeys: ['ddos.*', 'a_b.*'], ends: true };
    let returned = 0;
    const page = await withTenant(hub.pools.app, tenantId, async (c) => {
      const counting = { query: async (q: never) => { const res = await c.query<Record<string, unknown>>(q); returned += res.rows?.length ?? 0; return res; } };
      return readFeed(counting, tenantId, head, 100, interest);
    });
    // The entries not wanted never leave PostgreSQL: three wanted rows and the one that closes the page.
    assert.equal(returned, 4);
    const all = await withTenant(hub.pools.app, tenantId, (c) => readFeed(c, tenantId, head, 100));
    assert.deepEqual(page.rows.map((r) => r.value.value), [82, 84, 85]);
    assert.deepEqual(all.rows.map((r) => r.value.value), [81, 82, 83, 84, 85, 86, 87]);
    assert.deepEqual([page.passed, page.last, page.oldestIngestedMs], [7, all.rows[6]!.position, all.rows[0]!.ingestedMs]);
    assert.deepEqual(page.rows.map((r) => r.position), [1, 3, 4].map((i) => all.rows[i]!.position));

    // Pages of two entries, most of them wanted by nobody: the consumer goes on past them to the end of the feed.
    const handed: unknown[] = [];
    const feed = createFeedConsumer({
      name: 'wanted', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 2,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.wanted', logger: silent }),
      interest: async () => interest, handle: async (b) => { handed.push(...b.signals.map((s) => s.value.value)); },
    });
    await feed.caughtUp();
    assert.deepEqual(handed, [82, 84, 85]);
    assert.deepEqual(await loadPosition(hub.pools.owner, 'wanted', tenantId), all.rows[6]!.position);
    await feed.stop(1000);
  });

  test('a policy changed while a page was read has the page read again under the new interest: no entry stored after the change is passed unread', async () => {
    const tenantId = hub.bootstrap.tenantId;
    const head = (await withTenant(hub.pools.app, tenantId, (c) => readFeedHead(c, tenantId)))!;
    await emit(91, 92);
    // The first answer is the policy before the change; every later one is the new policy's.
    const before = { signalKeys: ['nothing.*'], ends: false };
    const after = { signalKeys: ['load.*'], ends: false };
    let asked = 0;
    const handed: unknown[] = [];
    await hub.pools.owner.query(
      "INSERT INTO feed_positions (consumer, tenant_id, writer_xid, id) VALUES ('changed', $1, $2::xid8, $3::bigint)", [tenantId, head.xid, head.id]);
    const feed = createFeedConsumer({
      name: 'changed', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.changed', logger: silent }),
      interest: async () => (asked++ === 0 ? before : after), handle: async (b) => { handed.push(...b.signals.map((s) => s.value.value)); },
    });
    await feed.caughtUp();
    assert.deepEqual(handed, [91, 92]);
    await feed.stop(1000);
  });

  test('a feed read with an interest walks the feed index without sorting what it reads, even behind a backlog the statistics never saw', async () => {
    const owner = hub.pools.owner;
    const tenantId = (await owner.query("INSERT INTO tenants (name) VALUES ('feed-plan') RETURNING id::text")).rows[0].id as string;
    await owner.query('ANALYZE signal_streams');
    await owner.query(
      `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, observed_at)
       SELECT $1, 'feedtest', 'host', 'h' || i, 'load.avg', '{"value": 1}', now() FROM generate_series(1, 20000) i`, [tenantId]);
    let sent = '';
    const plan = await withTenant(hub.pools.app, tenantId, async (c) => {
      const recording = { query: (q: string | { text: string }) => { sent = typeof q === 'string' ? sent : q.text; return c.query(q as never); } };
      await readFeed(recording, tenantId, FEED_START, 500, { signalKeys: ['ddos.*'], ends: true });
      return (await c.query(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${sent}`)).rows[0]['QUERY PLAN'][0].Plan;
    }, FEED_READ_SETTINGS);
    const nodes = planNodes(plan);
    // Only the page itself (at most the limit, held by the CTE) may be sorted, never rows read from the table.
    const sortedScans = nodes.filter((n) => n['Node Type'] === 'Sort').flatMap(planNodes).filter((n) => /^signal_streams/.test(n['Relation Name'] ?? ''));
    assert.deepEqual(sortedScans.map((n) => n['Relation Name']), []);
    assert.ok(nodes.some((n) => n['Index Name']?.includes('writer_xid') || n['Index Name']?.includes('feed')), JSON.stringify(nodes.map((n) => n['Index Name'])));
  });

  test('the lag metric reads 0 once a consumer has caught up', async () => {
    const { feed } = consumer(hub, 'lag');
    await emit(41);
    await feed.caughtUp();
    const text = await hub.metrics.registry.metrics();
    assert.match(text, /quorum_feed_lag_seconds\{consumer="lag"\} 0\n/);
    await feed.stop(1000);
  });
  test('a commit wakes a consumer at once only when its interest may want some of it; the rest is passed on the next full pass', async () => {
    // A tenant of its own: the end report below must not reach other tests' consumers of the default tenant.
    const tenantId = (await hub.keys.createTenant('interest-wake')).id;
    const handed: string[] = [];
    const wanted: FeedInterest = { signalKeys: ['wanted.*'], ends: true };
    let passStarted: (() => void) | null = null;
    const feed = createFeedConsumer({
      name: 'interest-wake', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.interest-wake', logger: silent }),
      handle: async (b) => { if (b.tenantId === tenantId) handed.push(...b.signals.map((s) => `${s.key}:${String(s.value.value)}`)); },
      idle: async (t) => { if (t === tenantId) passStarted?.(); return false; },
      // One object while the policy holds: a different one after a read has the page read again.
      interest: async () => wanted,
    });
    const decisions: boolean[] = [];
    const off = hub.bus.subscribe(async (batch) => { if (batch.tenantId === tenantId) decisions.push(await feed.committed(batch)); });
    try {
      await feed.caughtUp();
      const idOf = async (n: number) => (await hub.pools.owner.query('SELECT id::text FROM signal_streams WHERE tenant_id = $1 AND subject_id = $2', [tenantId, `h${n}`])).rows[0].id;
      const position = async () => (await loadPosition(hub.pools.owner, 'interest-wake', tenantId)).id;
      await hub.emitter.emit(tenantId, plain(181));
      assert.deepEqual(decisions, [false], 'load.avg is outside the interest: no pass for it');
      // A wanted key wakes a pass at once (the poll is a minute away), and the pass hands on the wanted entry only.
      const started = new Promise<void>((resolve) => { passStarted = resolve; });
      await hub.emitter.emit(tenantId, { ...plain(182), key: 'wanted.thing' });
      await started;
      assert.equal(decisions[1], true);
      // An end report is wanted too (`ends`), whatever its key.
      await hub.emitter.emit(tenantId, { ...plain(183), value: { value: 183, ended: true } });
      assert.deepEqual(decisions, [false, true, true]);
      await feed.caughtUp();
      assert.deepEqual(handed, ['wanted.thing:182', 'load.avg:183']);
      assert.equal(await position(), await idOf(183), 'the unwanted entry was passed over with the rest');
    } finally {
      off();
      await feed.stop(1000);
    }
  });

  test('a tenant whose rows wait behind an older writer is woken at once by its next commit here of keys it does not want: once per wait', async () => {
    const tenantId = (await hub.keys.createTenant('behind-writer')).id;
    const handed: string[] = [];
    const wanted: FeedInterest = { signalKeys: ['wanted.*'], ends: false };
    const feed = createFeedConsumer({
      name: 'behind-writer', owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'test.behind-writer', logger: silent }),
      handle: async (b) => { if (b.tenantId === tenantId) handed.push(...b.signals.map((s) => s.key)); },
      interest: async () => wanted,
    });
    const woke: boolean[] = [];
    const off = hub.bus.subscribe(async (batch) => { if (batch.tenantId === tenantId) woke.push(await feed.committed(batch)); });
    /** Stores a signal of `key` and answers whether its commit woke the consumer. */
    const wakes = async (key: string) => {
      const before = woke.length;
      await hub.emitter.emit(tenantId, { ...plain(191), key });
      return (await waitUntil('the commit\'s wake-up decision', 2000, async () => (woke.length > before ? { woken: woke[before]! } : undefined))).woken;
    };
    const writer = await hub.pools.owner.connect();
    try {
      await feed.caughtUp();
      // The older writer draws its transaction id first: the wanted entry committed after it waits behind it.
      await writer.query('BEGIN');
      await writer.query('SELECT pg_current_xact_id()');
      assert.equal(await wakes('wanted.thing'), true);
      // Once a pass has found it waiting, an unwanted commit wakes the consumer: one such wake-up per wait.
      await waitUntil('an unwanted commit to wake the waiting consumer', 5000, async () => (await wakes('load.avg')) || undefined);
      assert.equal(await wakes('load.avg'), false, 'the wait is not over: the timed retry covers it, not every commit');
      await writer.query('COMMIT');
      await feed.caughtUp();
      assert.deepEqual(handed, ['wanted.thing']);
      // The wait ended with a clean pass: the next wait is woken once again. (Whether an unwanted commit wakes it in
      // between depends on the other files' transactions on the shared server, whose rows may hold the horizon.)
      await writer.query('BEGIN');
      await writer.query('SELECT pg_current_xact_id()');
      assert.equal(await wakes('wanted.other'), true);
      await waitUntil('an unwanted commit to wake the consumer in its second wait', 5000, async () => (await wakes('load.avg')) || undefined);
      await writer.query('COMMIT');
      await feed.caughtUp();
      assert.deepEqual(handed, ['wanted.thing', 'wanted.other']);
    } finally {
      await writer.query('ROLLBACK').catch(() => undefined);
      writer.release();
      off();
      await feed.stop(1000);
    }
  });
});

describe('correlation from the feed', () => {
  let hub: TestHub;
  let child: ChildProcess | null = null;
  before(async () => { hub = await startTestHub({ feedConsume: false }); });
  after(async () => { child?.kill('SIGKILL'); await hub.close(); });
  const mitigations = async () => (await hub.request('GET', '/v1/mitigations', { key: hub.adminKey })).body.mitigations;

  test('a hub SIGKILLed after the 201s of two corroborating signals loses no decision: the next hub makes exactly one mitigation', async () => {
    await putConfig(hub, shippedConfig());
    const port = await freePort();
    // The first hub only ingests, so the kill lands between commit and correlation every time.
    child = await startChildHub({ ownerUrl: hub.db.ownerUrl, appUrl: hub.db.appUrl, port, env: { QUORUM_FEED_CONSUME: 'false' } });
    const post = (url: string, body: unknown) => fetch(`http://127.0.0.1:${port}${url}`, {
      method: 'POST', headers: { authorization: `Bearer ${hub.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    assert.equal((await post('/v1/signals/fastnetmon', fastnetmonBan('10.0.0.5'))).status, 200);
    assert.equal((await post('/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'))).status, 200);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = null;
    assert.deepEqual(await mitigations(), []);

    Object.values(hub.correlation.feeds).forEach((f) => f.start());
    await hub.correlation.caughtUp();
    const m = await mitigations();
    assert.equal(m.length, 1);
    assert.deepEqual(m[0].correlation.sources, ['fastnetmon', 'alertmanager']);
  });

  test('offering the same signals again adds no group member and no decision, and leaves the mitigation as it was', async () => {
    const before = await mitigations();
    const tenantId = hub.bootstrap.tenantId;
    const page = await withTenant(hub.pools.app, tenantId, (c) => readFeed(c, tenantId, FEED_START, 1000));
    await hub.correlation.engine.onBatch({ tenantId, signals: page.rows });
    await hub.correlation.engine.onBatch({ tenantId, signals: page.rows });
    assert.deepEqual(await mitigations(), before);
    const groups = (await hub.request('GET', '/v1/signal-groups', { key: hub.adminKey })).body.signal_groups;
    assert.equal(groups.length, 1);
    assert.equal(groups[0].signal_count, 2);
  });
});
