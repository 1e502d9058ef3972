// Feed cost by partition count (`npm run bench:feed-partitions`): a tenant's feed read, a full pass's statement and
// decision latency on a hub with its first week of daily partitions, then with the default retention's 180 days more.
// The ratio (180 days / first week) is what a hub pays after half a year. Never leaves a server running.

import type { Hub } from '../src/hub.ts';
import { FEED_START, listTenantFeedStates, readFeedAsTenant } from '../src/store/feed-queries.ts';
import { createPartitionManager, utcDay } from '../src/store/partitions.ts';
import type { SignalInput } from '../src/store/emitter.ts';
import { pct } from './percentile.ts';
import { startDecidingHub } from './deciding-hub.ts';

const TENANTS = Number(process.env.BENCH_FEED_TENANTS ?? 100);
const DAYS = Number(process.env.BENCH_FEED_DAYS ?? 180);
const READS = 200;
const PASSES = 40;
const DECISIONS = 100;

interface Figures {
  partitions: number;
  readMs: number[];
  passMs: number[];
  decisionMs: number[];
}

/** Times `n` runs of `run`, after a few unmeasured ones (plans made, caches warm). */
async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await run(i);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    ms.push(performance.now() - t0);
  }
  return ms;
}

const ddos = (i: number, source: string): SignalInput => ({
  source, subjectType: 'ip', subjectId: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, key: 'ddos.attack',
  value: { value: 0.9, vector: 'udp_flood' }, severity: 'critical', observedAt: new Date(),
});

/** The three figures on the hub as its partitions stand; `round` keeps the decisions' subjects apart. */
async function measure(hub: Hub, tenantIds: string[], round: number): Promise<Figures> {
  const owner = hub.pools.owner;
  const partitions = Number((await owner.query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'signal_streams'::regclass")).rows[0].count);
  const readMs = await timed(READS, (i) => readFeedAsTenant(hub.pools.app, tenantIds[i % tenantIds.length]!, FEED_START, 500, null));
  const passMs = await timed(PASSES, () => listTenantFeedStates(owner, 'correlation', tenantIds));
  const tenantId = hub.bootstrap.tenantId;
  const decisionMs = await timed(DECISIONS, async (i) => {
    const subject = round * 1_000_000 + i;
    await hub.emitter.emit(tenantId, ddos(subject, 'fastnetmon'));
    await hub.correlation.caughtUp();
    const t0 = performance.now();
    await hub.emitter.emit(tenantId, ddos(subject, 'alertmanager'));
    await hub.correlation.caughtUp();
    return performance.now() - t0;
  });
  return { partitions, readMs, passMs, decisionMs };
}

function print(label: string, f: Figures): void {
  const ms = (xs: number[], p: number) => pct(xs, p).toFixed(2).padStart(7);
  console.log(`${label}: ${f.partitions} partitions`);
  console.log(`  a tenant's feed read (nothing to hand on)   p50 ${ms(f.readMs, 50)} ms   p99 ${ms(f.readMs, 99)} ms`);
  console.log(`  a full pass's statement, ${TENANTS} tenants held  p50 ${ms(f.passMs, 50)} ms   p99 ${ms(f.passMs, 99)} ms`);
  console.log(`  corroborating signal → decision stored      p50 ${ms(f.decisionMs, 50)} ms   p99 ${ms(f.decisionMs, 99)} ms`);
}

const { hub, close } = await startDecidingHub('feed-partitions');
try {
  const tenantIds = [hub.bootstrap.tenantId];
  while (tenantIds.length < TENANTS) tenantIds.push((await hub.keys.createTenant(`bench-${tenantIds.length}`)).id);
  const week = await measure(hub, tenantIds, 1);
  const past = Array.from({ length: DAYS }, (_, i) => utcDay(new Date(Date.now() - (i + 2) * 86_400_000)));
  await createPartitionManager(hub.pools.owner).ensureDays(past);
  const aged = await measure(hub, tenantIds, 2);
  print('first week', week);
  print(`after ${DAYS} days more (the default retention)`, aged);
  const ratio = (a: number[], b: number[]) => (pct(a, 50) / pct(b, 50)).toFixed(1);
  console.log(`ratio (p50, aged / first week): feed read ${ratio(aged.readMs, week.readMs)} ×, full pass ${ratio(aged.passMs, week.passMs)} ×, decision ${ratio(aged.decisionMs, week.decisionMs)} ×`);
} finally {
  await close();
}
