// Decision latency benchmark (`npm run bench:decision`): signal committed → corroborated mitigation stored, p50/p99,
// next to a baseline from the same run: the commit round trip of a plain signal no rule selects. Never leaves a server running.

import type { SignalInput } from '../src/store/emitter.ts';
import { pct } from './percentile.ts';
import { startDecidingHub } from './deciding-hub.ts';

const N = Number(process.env.BENCH_DECISIONS ?? 500);
const WARMUP = 30;

const { hub, close } = await startDecidingHub('decision');
try {
  const tenantId = hub.bootstrap.tenantId;
  let committedAt = 0;
  hub.bus.subscribe(() => { committedAt = performance.now(); });
  const ddos = (i: number, source: string, confidence: number): SignalInput => ({
    source, subjectType: 'ip', subjectId: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, key: 'ddos.attack',
    value: { value: confidence, vector: 'udp_flood' }, severity: 'critical', observedAt: new Date(),
  });
  const plain = (i: number): SignalInput => ({
    source: 'cert_scan', subjectType: 'domain', subjectId: `d${i}.example`, key: 'cert.expiry_days', value: { value: 12 }, observedAt: new Date(),
  });

  const baseline: number[] = [];
  const decision: number[] = [];
  for (let i = 1; i <= N + WARMUP; i++) {
    // Baseline: one plain signal's store() round trip (validate, COPY, commit) with correlation running.
    const t0 = performance.now();
    await hub.emitter.emit(tenantId, plain(i));
    const insertMs = performance.now() - t0;
    await hub.correlation.caughtUp();

    // The first source opens the group; the second corroborates it: time from its commit to the mitigation stored.
    await hub.emitter.emit(tenantId, ddos(i, 'fastnetmon', 0.9));
    await hub.correlation.caughtUp();
    await hub.emitter.emit(tenantId, ddos(i, 'alertmanager', 0.9));
    await hub.correlation.caughtUp();
    const decidedMs = performance.now() - committedAt;
    if (i > WARMUP) {
      baseline.push(insertMs);
      decision.push(decidedMs);
    }
  }
  const stored = await hub.pools.owner.query<{ n: number }>("SELECT count(*)::int AS n FROM mitigations WHERE status = 'active'");
  if (stored.rows[0]!.n !== N + WARMUP) throw new Error(`expected ${N + WARMUP} mitigations, found ${stored.rows[0]!.n}`);

  const fmt = (x: number) => x.toFixed(2).padStart(7);
  console.log(`decision latency over ${N} corroborated decisions (after ${WARMUP} warm-up), sequential, embedded PostgreSQL`);
  console.log(`  signal committed → mitigation stored   p50 ${fmt(pct(decision, 50))} ms   p99 ${fmt(pct(decision, 99))} ms`);
  console.log(`  baseline: plain signal insert (commit)  p50 ${fmt(pct(baseline, 50))} ms   p99 ${fmt(pct(baseline, 99))} ms`);
  console.log(`  ratio decision / insert                 p50 ${fmt(pct(decision, 50) / pct(baseline, 50))} ×   p99 ${fmt(pct(decision, 99) / pct(baseline, 99))} ×`);
} finally {
  await close();
}
