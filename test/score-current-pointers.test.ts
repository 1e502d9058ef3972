// The current-signal pointers (migration 021): kept off the ingest path by following the feed, read by the Trust Score
// with the rows after their mark merged in, and always answering exactly what reading signal_streams' history answers.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import pg from 'pg';
import { createTenantsAB, createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { planNodes } from './helpers/plans.ts';
import { interceptingPool } from './helpers/counting-pool.ts';
import { endPool, GENERIC_PLANS, withTenant } from '../src/db/pools.ts';
import { FEED_READ_SETTINGS, FEED_START, readFeed } from '../src/store/feed-queries.ts';
import { createLeaseHolder } from '../src/db/leases.ts';
import { POINTER_LAG_LIMIT, readSubjectCurrentSignals, streamTenantCurrentSignals, SUBJECT_READ_SETTINGS, type CurrentSignal } from '../src/score/current-signals.ts';
import { createPointerKeeper } from '../src/score/pointer-keeper.ts';
import { advancePointers, forgetDroppedPointers, POINTER_PASS_SETTINGS, readPointerReach } from '../src/score/pointer-queries.ts';

const silent = pino({ level: 'silent' });
let db: TestDatabase;
let tenantA: string;
let tenantB: string;
const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

/** A pointer keeper as a hub runs it, under the hub's lease namespace. */
function pointerFeed(batchSize = 7) {
  return createPointerKeeper({
    owner: db.pools.owner, app: db.pools.app, logger: silent, pollIntervalMs: 60_000, batchSize,
    leases: createLeaseHolder({ url: db.ownerUrl, namespace: 'quorum.feed.current_signals', logger: silent }),
  });
}

interface Row { type?: string; id: string; key: string; value: unknown; at: string; ttl?: number | null }

/** Stores rows for a tenant as the owner, in order (a later row has a higher id), each its own commit. */
async function store(tenant: string, rows: Row[]): Promise<void> {
  for (const r of rows) {
    await db.pools.owner.query(
      `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds)
       VALUES ($1, 'patch_scanner', $2, $3, $4, $5, 'low', $6, $7)`,
      [tenant, r.type ?? 'host', r.id, r.key, JSON.stringify({ value: r.value }), r.at, r.ttl ?? null]);
  }
}

/** A deterministic mix of rows: few subjects and keys, many versions, ties on observed_at, late arrivals and TTLs. */
function mixedRows(seed: number, count: number): Row[] {
  let x = seed;
  const next = (n: number) => { x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0; return (x >>> 16) % n; };
  return Array.from({ length: count }, () => ({
    type: ['host', 'user'][next(2)], id: `mix-${next(6)}`, key: ['patch.cve_count', 'disk.usage_pct', 'agent.heartbeat'][next(3)]!,
    value: next(100), at: minutesAgo(next(8) * 15), ttl: [null, null, 600, 3600][next(4)]!,
  }));
}

type Streamed = { subject: string; signals: CurrentSignal[] }[];

async function streamIn(c: pg.PoolClient, tenant: string, at = now): Promise<Streamed> {
  const out: Streamed = [];
  await streamTenantCurrentSignals(c, tenant, at, (type, id, signals) => { out.push({ subject: `${type}/${id}`, signals }); });
  return out;
}

/** What the reads answer as they stand: the tenant stream and every subject's own read. */
async function readAll(tenant: string, at = now): Promise<{ stream: Streamed; subjects: CurrentSignal[][] }> {
  return withTenant(db.pools.app, tenant, (c) => readAllOn(c, tenant, at));
}

class Rollback extends Error { constructor(readonly value: unknown) { super('rollback'); } }

/** The same reads from signal_streams' history alone: the tenant's mark is removed in a transaction rolled back after. */
async function readHistory(tenant: string, at = now): Promise<{ stream: Streamed; subjects: CurrentSignal[][] }> {
  try {
    await withTenant(db.pools.app, tenant, async (c) => {
      await c.query('DELETE FROM current_signal_marks WHERE tenant_id = $1', [tenant]);
      throw new Rollback(await readAllOn(c, tenant, at));
    });
  } catch (err) {
    if (err instanceof Rollback) return err.value as Awaited<ReturnType<typeof readAllOn>>;
    throw err;
  }
  throw new Error('unreachable');
}

async function readAllOn(c: pg.PoolClient, tenant: string, at: Date): Promise<{ stream: Streamed; subjects: CurrentSignal[][] }> {
  const stream = await streamIn(c, tenant, at);
  const subjects: CurrentSignal[][] = [];
  for (const type of ['host', 'user']) for (let i = 0; i < 6; i++) subjects.push(await readSubjectCurrentSignals(c, tenant, type, `mix-${i}`, at));
  return { stream, subjects };
}

const reach = (tenant: string) => withTenant(db.pools.app, tenant, (c) => readPointerReach(c, tenant, POINTER_LAG_LIMIT));
/**
 * A database of its own, analysed while empty, a tenant with a mark at the start of its feed, and one connection on
 * which `plan` runs first; then 20,000 rows of that tenant arrive and `check` runs on the same connection.
 */
async function plannedOnEmpty(plan: (one: pg.Pool, tenant: string) => Promise<unknown>,
  check: (one: pg.Pool, tenant: string, fresh: TestDatabase) => Promise<void>): Promise<void> {
  const fresh = await createTestDatabase();
  const one = new pg.Pool({ connectionString: fresh.appUrl, max: 1 });
  try {
    const tenant = (await fresh.pools.owner.query("INSERT INTO tenants (name) VALUES ('fresh') RETURNING id")).rows[0].id as string;
    await fresh.pools.owner.query('ANALYZE signal_streams');
    await fresh.pools.owner.query("INSERT INTO current_signal_marks (tenant_id, writer_xid, id) VALUES ($1, '0', 0)", [tenant]);
    await plan(one, tenant);
    await fresh.pools.owner.query(
      `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at)
       SELECT $1, 'patch_scanner', 'host', 'h' || i, 'check.k', '{"value": 1}', 'low', $2::timestamptz FROM generate_series(1, 20000) i`, [tenant, now]);
    await check(one, tenant, fresh);
  } finally {
    await endPool(one);
    await fresh.drop();
  }
}

/** The partitions of signal_streams a plan reads sequentially (a feed read must seek the index instead). */
const sequentialFeedScans = (plan: unknown) => planNodes(plan)
  .filter((n) => n['Node Type'] === 'Seq Scan' && /^signal_streams/.test(n['Relation Name'] ?? '')).map((n) => n['Relation Name']);

const pointerRows = (tenant: string) => db.pools.owner.query(
  'SELECT subject_type, subject_id, signal_key, observed_at, id::text FROM current_signal_pointers WHERE tenant_id = $1 ORDER BY 1, 2, 3', [tenant]).then((r) => r.rows);

before(async () => {
  db = await createTestDatabase();
  ({ tenantA, tenantB } = await createTenantsAB(db.pools.owner));
});
after(async () => { await db.drop(); });

describe('current-signal pointers', () => {
  test('a rebuild of a tenant with no signal below the horizon marks it at the feed\'s start (it failed before migration 033)', async () => {
    const { rows: [{ id }] } = await db.pools.owner.query("INSERT INTO tenants (name) VALUES ('no-signals-yet') RETURNING id");
    await db.pools.owner.query('SELECT quorum_rebuild_current_signal_pointers($1)', [id]);
    const marks = await db.pools.owner.query('SELECT writer_xid::text AS xid, id::text FROM current_signal_marks WHERE tenant_id = $1', [id]);
    assert.deepEqual(marks.rows, [{ xid: '0', id: '0' }]);
  });

  test('a caught-up keeper makes the reads use the pointers, and they answer exactly what the history answers', async () => {
    await store(tenantA, mixedRows(1, 300));
    const feed = pointerFeed();
    await feed.caughtUp();
    await feed.stop(1000);
    assert.equal((await reach(tenantA))!.behind, 0);
    const read = await readAll(tenantA);
    assert.ok(read.stream.length > 5, `${read.stream.length} subjects`);
    assert.deepEqual(read, await readHistory(tenantA));
    // An earlier instant (more signals unexpired) too: TTLs are applied to the latest row, as GET /v1/subjects does.
    const earlier = new Date(now.getTime() - 50 * 60_000);
    assert.deepEqual(await readAll(tenantA, earlier), await readHistory(tenantA, earlier));
    // And the reads do go through the pointers: one moved back by hand (rolled back) shows in both.
    await assert.rejects(withTenant(db.pools.app, tenantA, async (c) => {
      const { rows: [p] } = await c.query<{ subject_id: string; signal_key: string }>(
        `UPDATE current_signal_pointers SET (observed_at, id) = (SELECT observed_at, id FROM signal_streams s WHERE s.tenant_id = $1
           AND s.subject_type = p.subject_type AND s.subject_id = p.subject_id AND s.signal_key = p.signal_key ORDER BY observed_at, id LIMIT 1)
         FROM (SELECT * FROM current_signal_pointers WHERE tenant_id = $1 AND subject_type = 'host' AND subject_id = 'mix-0' LIMIT 1) p
         WHERE current_signal_pointers.tenant_id = p.tenant_id AND current_signal_pointers.subject_type = p.subject_type
           AND current_signal_pointers.subject_id = p.subject_id AND current_signal_pointers.signal_key = p.signal_key
         RETURNING current_signal_pointers.subject_id, current_signal_pointers.signal_key`, [tenantA]);
      const oldest = (await c.query<{ id: string }>(
        `SELECT id::text FROM signal_streams WHERE tenant_id = $1 AND subject_type = 'host' AND subject_id = $2 AND signal_key = $3
         ORDER BY observed_at, id LIMIT 1`, [tenantA, p!.subject_id, p!.signal_key])).rows[0]!.id;
      const ids = (await readSubjectCurrentSignals(c, tenantA, 'host', p!.subject_id, new Date(0))).map((s) => s.id);
      assert.ok(ids.includes(oldest), `${oldest} not in ${ids}`);
      throw new Rollback(null);
    }), Rollback);
  });

  test('behind the feed, the rows after the mark are merged in: newer values, new keys and subjects, late older ones', async () => {
    await store(tenantA, [
      { id: 'mix-0', key: 'patch.cve_count', value: 'newest', at: minutesAgo(1) },
      { id: 'mix-1', key: 'secrets.exposed', value: 'new key', at: minutesAgo(2) },
      { type: 'user', id: 'mix-5', key: 'disk.usage_pct', value: 'late and older', at: minutesAgo(400) },
      { id: 'mix-2', key: 'agent.heartbeat', value: 'expired latest', at: minutesAgo(30), ttl: 60 },
    ]);
    assert.equal((await reach(tenantA))!.behind, 4);
    const read = await readAll(tenantA);
    assert.deepEqual(read, await readHistory(tenantA));
    assert.equal(read.subjects[0]!.find((s) => s.signal_key === 'patch.cve_count')!.value, 'newest');
    assert.ok(read.subjects[1]!.some((s) => s.signal_key === 'secrets.exposed'));
    // Caught up again, the same answer from the pointers alone.
    const feed = pointerFeed();
    await feed.caughtUp();
    await feed.stop(1000);
    assert.equal((await reach(tenantA))!.behind, 0);
    assert.deepEqual(await readAll(tenantA), read);
  });

  test(`more than ${POINTER_LAG_LIMIT.toLocaleString('en-US')} rows behind, or with no mark at all, the history is read instead`, async () => {
    await db.pools.owner.query(
      `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at)
       SELECT $1, 'patch_scanner', 'host', 'mix-' || (i % 6), 'patch.cve_count', jsonb_build_object('value', i), 'low', $2
       FROM generate_series(1, $3) i`, [tenantA, minutesAgo(0.5), POINTER_LAG_LIMIT + 1]);
    assert.equal((await reach(tenantA))!.behind, POINTER_LAG_LIMIT + 1);
    const read = await readAll(tenantA);
    assert.deepEqual(read, await readHistory(tenantA));
    assert.equal(read.subjects[0]!.find((s) => s.signal_key === 'patch.cve_count')!.value, Math.floor((POINTER_LAG_LIMIT + 1) / 6) * 6);
    // Tenant B never had a consumer pass: no mark, and its reads are the history's.
    await store(tenantB, mixedRows(2, 40));
    assert.equal(await reach(tenantB), null);
    assert.ok((await readAll(tenantB)).stream.length > 0);
    const feed = pointerFeed(500);
    await feed.caughtUp();
    await feed.stop(1000);
    assert.deepEqual(await readAll(tenantA), read);
  });

  test('a keeper that died mid-batch left nothing half-done, and rows passed again change nothing', async () => {
    const before = await pointerRows(tenantA);
    const mark = (await reach(tenantA))!.mark;
    await store(tenantA, [{ id: 'mix-3', key: 'patch.cve_count', value: 'after the crash', at: minutesAgo(-0.1) }]);
    // The batch's transaction never commits, as when the process is killed before COMMIT. (The row may still wait
    // behind an older writer elsewhere on the cluster, which the keeper below waits out.)
    await assert.rejects(withTenant(db.pools.app, tenantA, async (c) => {
      await advancePointers(c, tenantA, 100);
      throw new Rollback(null);
    }, POINTER_PASS_SETTINGS), Rollback);
    assert.deepEqual(await pointerRows(tenantA), before);
    assert.deepEqual((await reach(tenantA))!, { mark, behind: 1 });
    const feed = pointerFeed(100);
    await feed.caughtUp();
    await feed.stop(1000);
    const after = await pointerRows(tenantA);
    assert.equal(after.length, before.length);
    // The mark moved back by hand (as after restoring an old copy of the table): the whole feed passes again, same pointers.
    await db.pools.owner.query("UPDATE current_signal_marks SET writer_xid = '0', id = 0 WHERE tenant_id = $1", [tenantA]);
    const again = pointerFeed(1000);
    await again.caughtUp();
    await again.stop(1000);
    assert.deepEqual(await pointerRows(tenantA), after);
    assert.equal((await reach(tenantA))!.behind, 0);
    assert.equal((await readAll(tenantA)).subjects[3]!.find((s) => s.signal_key === 'patch.cve_count')!.value, 'after the crash');
  });

  test('a keeper\'s pass stands beside the feed: rows committed while it is open are read at once, not held behind it', async () => {
    const tenant = (await db.pools.owner.query("INSERT INTO tenants (name) VALUES ('beside-feed') RETURNING id::text")).rows[0].id as string;
    await store(tenant, [{ id: 'before', key: 'patch.cve_count', value: 1, at: minutesAgo(1) }]);
    // The keeper's connection holds its COMMIT for this tenant until the test lets it go: a pass open with its writes done.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let reached!: () => void;
    const atCommit = new Promise<void>((resolve) => { reached = resolve; });
    let ours = false;
    const app = interceptingPool(db.appUrl, (text, send) => {
      if (text.startsWith('BEGIN')) ours = text.includes(tenant);
      if (text !== 'COMMIT' || !ours) return send();
      reached();
      return held.then(send);
    });
    const keeper = createPointerKeeper({
      owner: db.pools.owner, app, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
      leases: createLeaseHolder({ url: db.ownerUrl, namespace: 'test.pointers.beside', logger: silent }),
    });
    keeper.start();
    try {
      await atCommit;
      await store(tenant, [{ id: 'after', key: 'patch.cve_count', value: 2, at: minutesAgo(0) }]);
      // Other databases' work on the cluster may hold the horizon for a moment; the open pass would hold it for good.
      let read = false;
      for (let i = 0; i < 500 && !read; i++, await new Promise((r) => setTimeout(r, 10))) {
        const page = await withTenant(db.pools.app, tenant, (c) => readFeed(c, tenant, FEED_START, 100));
        read = page.rows.some((r) => r.subjectId === 'after');
      }
      assert.ok(read, 'the open pointer pass held the feed back');
    } finally {
      release();
      await keeper.stop(5000);
      await endPool(app);
    }
  });

  test('two hubs keeping them at once keep the same pointers that a rebuild from signal_streams makes', async () => {
    const feeds = [pointerFeed(3), pointerFeed(5)];
    feeds.forEach((f) => f.start());
    const writes = [store(tenantA, mixedRows(3, 60)), store(tenantB, mixedRows(4, 60))];
    for (let i = 0; i < 5; i++) feeds.forEach((f) => f.wake());
    await Promise.all(writes);
    await Promise.all(feeds.map((f) => f.caughtUp()));
    await Promise.all(feeds.map((f) => f.stop(1000)));
    for (const tenant of [tenantA, tenantB]) {
      assert.equal((await reach(tenant))!.behind, 0);
      const kept = await pointerRows(tenant);
      await db.pools.owner.query('SELECT quorum_rebuild_current_signal_pointers($1)', [tenant]);
      assert.deepEqual(await pointerRows(tenant), kept);
      assert.deepEqual(await readAll(tenant), await readHistory(tenant));
    }
  });

  test("rows retention dropped are skipped at once and their pointers forgotten at the tenant's next recompute", async () => {
    await store(tenantB, [{ id: 'old-only', key: 'patch.cve_count', value: 1, at: minutesAgo(300) }]);
    const feed = pointerFeed();
    await feed.caughtUp();
    await feed.stop(1000);
    // Retention drops whole days, oldest first: here the oldest rows of tenant B go.
    const cut = minutesAgo(60);
    await db.pools.owner.query('DELETE FROM signal_streams WHERE tenant_id = $1 AND observed_at < $2', [tenantB, cut]);
    assert.deepEqual(await readAll(tenantB), await readHistory(tenantB));
    const gone = await withTenant(db.pools.app, tenantB, (c) => forgetDroppedPointers(c, tenantB));
    assert.ok(gone > 0);
    assert.equal((await pointerRows(tenantB)).some((p) => new Date(p.observed_at as Date) < new Date(cut)), false);
    assert.deepEqual(await readAll(tenantB), await readHistory(tenantB));
  });

  test("a tenant never sees another tenant's pointers or mark, even when it names that tenant", async () => {
    const seen = await withTenant(db.pools.app, tenantA, async (c) => ({
      pointers: (await c.query('SELECT count(*)::int AS n FROM current_signal_pointers WHERE tenant_id = $1', [tenantB])).rows[0].n,
      reach: await readPointerReach(c, tenantB, POINTER_LAG_LIMIT),
      stream: await streamIn(c, tenantB),
    }));
    assert.deepEqual(seen, { pointers: 0, reach: null, stream: [] });
    await assert.rejects(withTenant(db.pools.app, tenantA, (c) => c.query(
      "INSERT INTO current_signal_pointers VALUES ($1, 'host', 'x', 'a.b', now(), 1)", [tenantB])), /row-level security/);
  });

  test('one subject\'s read looks only at the rows after the mark, even when one tenant holds every row', async () => {
    // A database of its own where the statistics say tenant_id selects everything: the generic plan's worst case.
    const alone = await createTestDatabase();
    try {
      const tenant = (await alone.pools.owner.query("INSERT INTO tenants (name) VALUES ('alone') RETURNING id")).rows[0].id;
      await alone.pools.owner.query(
        `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at)
         SELECT $1, 'patch_scanner', 'host', 'h' || (i % 1000), 'check.k' || (i % 7), '{"value": 1}', 'low', $2::timestamptz - make_interval(secs => i % 3600)
         FROM generate_series(1, 20000) i`, [tenant, now]);
      await alone.pools.owner.query('SELECT quorum_rebuild_current_signal_pointers($1)', [tenant]);
      await alone.pools.owner.query('ANALYZE signal_streams');
      const plan = await withTenant(alone.pools.app, tenant, async (c) => {
        assert.equal((await readSubjectCurrentSignals(c, tenant, 'host', 'h7', now)).length, 7);
        const args = [tenant, now.toISOString(), 'host', 'h7', POINTER_LAG_LIMIT].map((v) => `'${v}'`).join(', ');
        return (await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read_subject_current_signals(${args})`)).rows[0]['QUERY PLAN'][0].Plan;
      }, SUBJECT_READ_SETTINGS);
      const nodes = planNodes(plan);
      // Every scan of the feed after the mark seeks it in the index; as a filter, it read the tenant's every partition.
      const feedScans = nodes.filter((n) => /writer_xid/.test(`${n['Index Cond'] ?? ''} ${n.Filter ?? ''}`));
      assert.ok(feedScans.length > 0);
      assert.deepEqual(feedScans.filter((n) => /writer_xid/.test(n.Filter ?? '')).map((n) => `${n['Node Type']} ${n['Relation Name']}`), []);
    } finally {
      await alone.drop();
    }
  });

  test('the keeper\'s batch, planned while the partitions were empty, walks the feed index once they fill: never a sequential scan', async () => {
    // A connection keeps its generic plan until the table is analysed again: planned on empty partitions, the "rows
    // still pending" probe read the whole partition at every batch once it filled (45 ms a batch of 500 against 5).
    await plannedOnEmpty((one, tenant) => withTenant(one, tenant, (c) => advancePointers(c, tenant, 500), POINTER_PASS_SETTINGS), async (one, tenant) => {
      const plan = await withTenant(one, tenant, async (c) => (await c.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE advance_current_signal_pointers('${tenant}', 500, '0', '0', pg_snapshot_xmin(pg_current_snapshot()), '-infinity')`)).rows[0]['QUERY PLAN'][0].Plan, FEED_READ_SETTINGS);
      assert.deepEqual(sequentialFeedScans(plan), []);
    });
  });

  test('one subject\'s read, planned while the partitions were empty, reads the rows after the mark through the feed index once they fill', async () => {
    // As the score service reads: the statement's generic plan is made at the first read, on empty partitions.
    const read = (one: pg.Pool, tenant: string) => withTenant(one, tenant, (c) => readSubjectCurrentSignals(c, tenant, 'host', 'h7', now), SUBJECT_READ_SETTINGS);
    await plannedOnEmpty(async (one, tenant) => assert.deepEqual(await read(one, tenant), []), async (one, tenant, fresh) => {
      // Pointers for every subject (h7's among them), and five rows after the mark: both halves of the read run.
      await fresh.pools.owner.query('SELECT quorum_rebuild_current_signal_pointers($1)', [tenant]);
      await fresh.pools.owner.query('UPDATE current_signal_marks SET (writer_xid, id) = (SELECT writer_xid, max(id) - 5 FROM signal_streams GROUP BY writer_xid)');
      assert.deepEqual((await read(one, tenant)).map((r) => r.subject_id), ['h7']);
      const args = [tenant, now.toISOString(), 'host', 'h7', POINTER_LAG_LIMIT].map((v) => `'${v}'`).join(', ');
      const plan = await withTenant(one, tenant, async (c) => (await c.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read_subject_current_signals(${args})`)).rows[0]['QUERY PLAN'][0].Plan, SUBJECT_READ_SETTINGS);
      assert.deepEqual(sequentialFeedScans(plan), []);
    });
  });

  test('a tenant\'s read of how far its pointers reach, planned while the partitions were empty, seeks the feed index once they fill', async () => {
    // Past five reads PostgreSQL keeps the generic plan, made here on empty partitions.
    const plan = async (one: pg.Pool, tenant: string) => { for (let i = 0; i < 6; i++) await withTenant(one, tenant, (c) => readPointerReach(c, tenant, 1000)); };
    await plannedOnEmpty(plan, async (one, tenant) => {
      const reach = await withTenant(one, tenant, async (c) => {
        assert.equal((await readPointerReach(c, tenant, 1000))!.behind, 1001);
        await c.query('SET LOCAL enable_seqscan = off'); // as readPointerReach runs it
        return (await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read_pointer_reach('${tenant}', 1000)`)).rows[0]['QUERY PLAN'][0].Plan;
      });
      assert.deepEqual(sequentialFeedScans(reach), []);
      // The caller's transaction goes on with sequential scans allowed again.
      assert.equal(await withTenant(one, tenant, async (c) => {
        await readPointerReach(c, tenant, 1000);
        return (await c.query('SHOW enable_seqscan')).rows[0].enable_seqscan;
      }), 'on');
    });
  });

  test('one subject\'s read and the keeper\'s batch are planned once per connection, not again at each call (planning cost more than the read)', async () => {
    const one = new pg.Pool({ connectionString: db.appUrl, max: 1 });
    try {
      for (let i = 0; i < 8; i++) await withTenant(one, tenantA, (c) => readSubjectCurrentSignals(c, tenantA, 'host', `mix-${i % 6}`, now), [GENERIC_PLANS]);
      const plans = await withTenant(one, tenantA, async (c) => (await c.query(
        "SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = 'read_subject_current_signals'")).rows);
      assert.deepEqual(plans, [{ generic: 8, custom: 0 }]);
      // The keeper's batch likewise: planned afresh, its merge over the partitions cost more than a small batch.
      for (let i = 0; i < 6; i++) await withTenant(one, tenantA, (c) => advancePointers(c, tenantA, 100), POINTER_PASS_SETTINGS);
      const advance = await withTenant(one, tenantA, async (c) => (await c.query(
        "SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = 'advance_current_signal_pointers'")).rows);
      assert.deepEqual(advance, [{ generic: 6, custom: 0 }]);
    } finally {
      await endPool(one);
    }
  });
});
