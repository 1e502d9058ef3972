// An idle hub's cost does not grow with its tenants: the background loops (feed consumers, the pointer keeper, the block
// follower, reconciliation, the BGP announcer's reconcile) visit only tenants with something to do, found in one statement each.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { gobgpdMissing, startGobgpd, type Gobgpd } from './helpers/gobgpd.ts';

let hub: TestHub;
let second: Hub | null = null;
let gobgpd: Gobgpd | null = null;
const FAST_POLLS = { feedPollIntervalMs: 50, blockFollowPollMs: 100, reconcileIntervalMs: 100 };
// Polls and rounds far more often than by default, so a few seconds cover many of them; with a real gobgpd when there
// is one, so that the announcer reconciles too.
before(async () => {
  if (!gobgpdMissing()) gobgpd = await startGobgpd();
  const bgp = gobgpd ? { gobgpAddr: gobgpd.address, gobgpReconcileMs: 100, gobgpLeaseRetryMs: 100 } : {};
  hub = await startTestHub({ ...FAST_POLLS, ...bgp });
});
after(async () => {
  await second?.stop();
  await hub.close();
  await gobgpd?.stop();
});

/**
 * Transactions committed in this test's database per second over `ms`. PostgreSQL's statistics reach the view up to a
 * second late, so the count starts after 1.5 s: the commits before the call are not counted in the window.
 */
async function commitsPerSecond(ms: number): Promise<number> {
  const read = async () => Number((await hub.db.pools.owner.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()')).rows[0].xact_commit);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const from = await read();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ((await read()) - from) / ((performance.now() - started) / 1000);
}

/** Advisory locks held in this test's database: the hub's leases (one per feed consumer and tenant, and a few others). */
async function leases(): Promise<number> {
  const sql = "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
  return (await hub.db.pools.owner.query(sql)).rows[0].n;
}

test('three hundred idle tenants cost an idle hub about what one does', async () => {
  const alone = await commitsPerSecond(3000);
  // Each consumer of the feed holds a lease per tenant.
  const perTenant = (await hub.request('GET', '/v1/feed/consumers', { key: hub.adminKey })).body.consumers.length as number;
  for (let i = 0; i < 300; i++) await hub.keys.createTenant(`idle-${i}`);
  // The hub takes each new tenant's leases once (a round trip each): measured after that, not during it.
  const until = performance.now() + 30_000;
  while ((await leases()) < perTenant * 301) {
    assert.ok(performance.now() < until, `leases taken: ${await leases()} of ${perTenant * 301}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const many = await commitsPerSecond(3000);
  // Before: every poll read each tenant's feed (four consumers, 20 polls a second), every round reconciled each tenant
  // in two transactions and every announcer reconcile read each tenant's blocks: ten times the one tenant's rate and
  // more, as many as the machine could run.
  // (1,609 against 188 with the announcer alone left as it was.) Room for a loaded machine, far below those.
  assert.ok(many < 3 * alone + 100, `${many.toFixed(0)} commits/s with 301 tenants against ${alone.toFixed(0)} with one`);
});

/** CPU seconds this process (the hubs in it) uses per second over `ms`: its own time, whatever else the machine runs. */
async function processCpu(ms: number): Promise<number> {
  const from = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000 / ms;
}

test('a second hub on the database, whose tenants the first follows, adds little: it tries their leases in one statement a pass', async () => {
  const one = await processCpu(3000);
  second = await startHub(loadConfig({
    databaseUrl: hub.db.ownerUrl, appDatabaseUrl: hub.db.appUrl, port: 0, dataDir: await mkdtemp(path.join(tmpdir(), 'quorum-hub-')),
    logLevel: 'silent', logFormat: 'json', ...FAST_POLLS,
  }, {}), pino({ level: 'silent' }));
  await second.correlation.caughtUp();
  const two = await processCpu(3000);
  // Before: the second hub's every pass tried each lease the first holds, a round trip each (12,700 a second here):
  // 0.76 CPU-s a second against 0.19 for the first alone; now 0.20 against 0.12.
  assert.ok(two < 2.5 * one + 0.05, `${two.toFixed(2)} CPU-s a second with two hubs against ${one.toFixed(2)} with one`);
});
