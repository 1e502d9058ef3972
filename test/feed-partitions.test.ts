// The feed across many daily partitions: every entry is still handed on (backfills into old days, any writer), feed
// statements open only the partitions that can hold entries, and the bounds they use (signal_writes) are folded safely.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { planNodes } from './helpers/plans.ts';
import { belowFeedHorizon } from './helpers/feed-horizon.ts';
import { createLeaseHolder } from '../src/db/leases.ts';
import { withTenant } from '../src/db/pools.ts';
import { createFeedConsumer } from '../src/store/signal-feed.ts';
import { compactSignalWrites, FEED_READ_SETTINGS, listTenantFeedStates, loadPosition, readFeed } from '../src/store/feed-queries.ts';
import { createPartitionManager, utcDay } from '../src/store/partitions.ts';
import type { StoredBatch } from '../src/store/signal-queries.ts';

const silent = pino({ level: 'silent' });
const DAY_MS = 86_400_000;
let hub: TestHub;
let tenantId: string;

before(async () => {
  hub = await startTestHub({ feedConsume: false });
  tenantId = hub.bootstrap.tenantId;
  // Half a year of daily partitions, as the default retention keeps.
  await createPartitionManager(hub.db.pools.owner).ensureDays(Array.from({ length: 180 }, (_, i) => utcDay(new Date(Date.now() - (i + 2) * DAY_MS))));
});
after(async () => { await hub.close(); });

const signal = (n: number, daysAgo = 0) => ({
  source: 'partitions', subjectType: 'host', subjectId: `h${n}`, key: 'load.avg', value: { value: n }, observedAt: new Date(Date.now() - daysAgo * DAY_MS),
});

/** A consumer of the feed under its own name, recording the values it was handed. */
function consumer(name: string) {
  const seen: number[] = [];
  const feed = createFeedConsumer({
    name, owner: hub.pools.owner, app: hub.pools.app, metrics: hub.metrics, logger: silent, pollIntervalMs: 60_000, batchSize: 100,
    leases: createLeaseHolder({ url: hub.db.ownerUrl, namespace: `test.${name}`, logger: silent }),
    handle: async (b: StoredBatch) => { seen.push(...b.signals.map((s) => Number(s.value.value))); },
  });
  return { feed, seen };
}

test('a backfill into a day months old, stored after newer signals were handed on, is handed on too', async () => {
  const { feed, seen } = consumer('backfill');
  await hub.emitter.emit(tenantId, signal(1));
  await feed.caughtUp();
  await hub.emitter.emit(tenantId, signal(2, 120));
  await hub.emitter.emit(tenantId, signal(3));
  await feed.caughtUp();
  assert.deepEqual(seen, [1, 2, 3]);
  await feed.stop(1000);
});

test("rows an operator inserts by hand into an old day are offered too: the bound is kept by a trigger, not by the hub's writers", async () => {
  const { feed, seen } = consumer('by-hand');
  await hub.emitter.emit(tenantId, signal(10));
  await feed.caughtUp();
  await hub.pools.owner.query(
    `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, observed_at)
     VALUES ($1, 'partitions', 'host', 'h11', 'load.avg', '{"value": 11}', now() - interval '90 days'),
            ($1, 'partitions', 'host', 'h12', 'load.avg', '{"value": 12}', now() - interval '150 days')`, [tenantId]);
  await feed.caughtUp();
  assert.deepEqual(seen.filter((v) => v >= 10), [10, 11, 12]);
  await feed.stop(1000);
});

/** Partitions of signal_streams a plan's nodes actually ran on (loops > 0), by name. */
function partitionsRun(plan: unknown): string[] {
  return planNodes(plan).filter((n) => /^signal_streams_p/.test(n['Relation Name'] ?? '') && (n['Actual Loops'] ?? 0) > 0).map((n) => n['Relation Name'] as string);
}

test('a feed read opens only the partitions from the oldest day written after its position, of 185', async () => {
  const { feed } = consumer('pruned');
  // The last write before the position is today's: the read's floor comes from what was written after it.
  await hub.emitter.emit(tenantId, signal(19));
  await feed.caughtUp();
  await feed.stop(1000);
  const position = await loadPosition(hub.pools.owner, 'pruned', tenantId);
  await hub.emitter.emit(tenantId, signal(20));
  await hub.emitter.emit(tenantId, signal(21, 1));
  // A transaction another file runs on the shared server may be older than these writes: the read passes them after it ends.
  const newest = await hub.pools.owner.query<{ id: string }>('SELECT max(id)::text AS id FROM signal_streams WHERE tenant_id = $1', [tenantId]);
  await belowFeedHorizon(hub.pools.owner, newest.rows[0]!.id);
  let sent: { text: string; values?: unknown[] } | null = null;
  const plan = await withTenant(hub.pools.app, tenantId, async (c) => {
    const recording = {
      query: (q: string | { name?: string; text: string; values?: unknown[] }) => {
        if (typeof q !== 'string' && q.name === 'read_signal_feed') sent = q;
        return c.query(q as never);
      },
    };
    const page = await readFeed(recording, tenantId, position, 100);
    assert.deepEqual(page.rows.map((r) => r.value.value), [20, 21]);
    const args = sent!.values!.map((v) => (v === null ? 'NULL' : `'${String(v)}'`)).join(', ');
    return (await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read_signal_feed(${args})`)).rows[0]['QUERY PLAN'][0].Plan;
  }, FEED_READ_SETTINGS);
  // Yesterday's and the days after it (the partitions made ahead): before, all 185 were opened and probed.
  const yesterday = `signal_streams_p${utcDay(new Date(Date.now() - DAY_MS)).replaceAll('-', '')}`;
  const run = partitionsRun(plan);
  assert.ok(run.length > 0 && run.every((name) => name >= yesterday), `partitions run: ${run.join(', ')}`);
});

test("a poll's statement over every tenant opens no partition of signal_streams at all", async () => {
  for (const name of ['quiet-1', 'quiet-2']) await hub.keys.createTenant(name);
  const c = await hub.pools.owner.connect();
  try {
    const tenants = (await c.query('SELECT id::text FROM tenants ORDER BY id')).rows.map((r) => r.id as string);
    // Every tenant held: only the one whose feed is behind is answered (entries 20 and 21 wait after its position).
    assert.deepEqual(await listTenantFeedStates(c, 'pruned', tenants), [{ id: tenantId, held: true, behind: true }]);
    // None held: every tenant, for its lease to be tried, and no feed probed.
    assert.deepEqual((await listTenantFeedStates(c, 'pruned', [])).map((s) => [s.held, s.behind]), tenants.map(() => [false, false]));
    // PostgreSQL's generic plan, which a poll's statement comes to after five runs: the held ids joined as a set, never
    // compared one by one with each tenant (`= ANY`: 16 ms a poll at 1,000 tenants).
    await c.query('SET plan_cache_mode = force_generic_plan');
    const plan = (await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE list_tenant_feed_states('pruned', '{${tenants.join(',')}}')`)).rows[0]['QUERY PLAN'][0].Plan;
    await c.query('RESET plan_cache_mode');
    assert.deepEqual(planNodes(plan).filter((n) => /^signal_streams/.test(n['Relation Name'] ?? '')).map((n) => n['Relation Name']), []);
    assert.deepEqual(planNodes(plan).flatMap((n) => [n.Filter, n['Join Filter']]).filter((f) => /ANY/.test(f ?? '')), []);
  } finally {
    c.release();
  }
});

test('folding the bounds every follower has passed loses no entry, and retention forgets the bounds of dropped days', async () => {
  const owner = hub.pools.owner;
  const { feed, seen } = consumer('folded');
  await feed.caughtUp();
  const before = Number((await owner.query('SELECT count(*) FROM signal_writes WHERE tenant_id = $1', [tenantId])).rows[0].count);
  // Every follower of the tenant has a position (the consumers above, this one): rows below the slowest fold into one.
  await owner.query("DELETE FROM feed_positions WHERE consumer NOT IN ('backfill', 'by-hand', 'folded', 'pruned')");
  assert.ok(await compactSignalWrites(owner, new Date(Date.now() - 365 * DAY_MS)) > 0);
  const left = Number((await owner.query('SELECT count(*) FROM signal_writes WHERE tenant_id = $1', [tenantId])).rows[0].count);
  assert.ok(left < before, `${left} rows left of ${before}`);
  const handed = seen.length;
  await hub.emitter.emit(tenantId, signal(30, 170));
  await feed.caughtUp();
  assert.deepEqual(seen.slice(handed), [30]);
  // Retention: bounds whose rows all lay before the cutoff go; the others stay.
  await compactSignalWrites(owner, new Date(Date.now() - 100 * DAY_MS));
  const oldest = new Date((await owner.query('SELECT min(newest_observed_at) AS at FROM signal_writes WHERE tenant_id = $1', [tenantId])).rows[0].at as string);
  assert.ok(oldest.getTime() >= Date.now() - 100 * DAY_MS - 1000, `a bound of ${oldest.toISOString()} is left`);
  await feed.stop(1000);
});
