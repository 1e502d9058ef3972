// Correlation benchmark (`npm run bench:correlation`): plain ingest as the baseline, then correlation draining that
// backlog, its lag under a steady feed and decision latency at half its capacity and at half the goal. Bounded loops; never leaves a server running.

import path from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import YAML from 'yaml';
import { createDatabaseFromTemplate, startScratchCluster } from '../test/helpers/scratch-cluster.ts';
import { freePort } from '../test/helpers/process.ts';
import { startChildHub } from '../test/helpers/child-hub.ts';
import { processUsage } from './process-usage.ts';
import { localUrl } from '../src/db/pools.ts';
import { createPartitionManager } from '../src/store/partitions.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
import { pct } from './percentile.ts';
import { quietDatabase } from './quiet-database.ts';
import { labelledSeriesSum } from './metrics-text.ts';

const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 100_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 1000);
const BATCH = 1000;
const CLIENTS = 4;
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 20);
/**
 * How long (e), the stretch the latency goal names, runs: 60 s makes ~440 decisions, so its p99 is the fifth-worst
 * one. In 20 s (~145 decisions) it was the second-worst, and one stall of the shared machine decided the verdict.
 */
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 60);
const PROBE_EVERY_MS = 100;
const DRAIN_LIMIT_MS = 600_000;
/** Correlation's feed consumers: the rules that decide, the rules that only record their groups. */
const CORRELATION_CONSUMERS = ['correlation', 'correlation_recording'];
/** The hub's QUORUM_FEED_BATCH_SIZE (its default when unset). */
const FEED_BATCH = process.env.BENCH_FEED_BATCH;

const root = path.resolve(import.meta.dirname, '..');
// BENCH_PG_FLAGS: more server settings for the scratch cluster (e.g. "-c backend_flush_after=256kB"), for experiments.
const pgFlags = (process.env.BENCH_PG_FLAGS ?? '').split(' ').filter(Boolean);
const scratch = await startScratchCluster(path.join(root, '.bench-pg'), ['-c', 'track_commit_timestamp=on', ...pgFlags]);
const { cluster } = scratch;
const ownerUrl = localUrl('postgres', cluster.ownerPassword, cluster.port, 'bench');
const appUrl = localUrl('quorum_app', cluster.appPassword, cluster.port, 'bench');
const hubDir = path.join(root, '.bench-pg', 'hub');
let hub: ChildProcess | null = null;


/** Load signals: two sources over KEYS hosts, selected by the every_signal rule and never meeting its gate (min 3 sources). */
function loadSignals(n: number, offset: number): Record<string, unknown>[] {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, j) => {
    const i = offset + j;
    return {
      source: i % 2 ? 'bench_a' : 'bench_b', subject_type: 'host', subject_id: `host-${i % KEYS}`, signal_key: 'bench.event',
      signal_value: { value: 0.3, seq: i }, severity: 'low', observed_at: now,
    };
  });
}

/** A DDoS report about a probe address: two of them from two sources make one decision through ddos_by_victim. */
const probe = (i: number, source: string) => ({
  source, subject_type: 'ip', subject_id: `10.77.${(i >> 8) & 255}.${i & 255}`, signal_key: 'ddos.attack',
  signal_value: { value: 0.9, vector: 'udp_flood' }, severity: 'critical', observed_at: new Date().toISOString(),
});

async function startHub(port: number, consume: boolean): Promise<ChildProcess> {
  return startChildHub({
    ownerUrl, appUrl, port, dataDir: hubDir,
    env: {
      QUORUM_LOG_LEVEL: 'warn', QUORUM_KEY_RATE_PER_SECOND: '1000000', QUORUM_KEY_RATE_BURST: '10000000', QUORUM_FEED_CONSUME: String(consume),
      ...(FEED_BATCH ? { QUORUM_FEED_BATCH_SIZE: FEED_BATCH } : {}),
    },
  });
}

async function stopHub(): Promise<void> {
  if (!hub) return;
  const exited = new Promise((r) => hub!.once('exit', r));
  hub.kill('SIGTERM');
  await exited;
  hub = null;
}

try {
  await createDatabaseFromTemplate(cluster, 'bench');
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  // A dropped idle connection must fail the next query, not end the process before the servers are stopped.
  owner.on('error', (err) => console.error(`bench database connection: ${err.message}`));
  await createPartitionManager(owner).ensureAhead(new Date(), 3);
  const tenantId = (await owner.query("INSERT INTO tenants (name) VALUES ('default') RETURNING id")).rows[0].id as string;
  const key = (await createKeyStore(owner).createKey({ tenantId, scopes: ['signal:write'] })).key;
  // The hub defaults: a rule that selects every signal, grouped by host; the shipped DDoS rule for the decisions.
  const policy = YAML.parse(DEFAULT_CONFIG_YAML);
  policy.enabled = true;
  policy.min_sources = 3;
  policy.rules.push({ name: 'every_signal', match: {}, group_by: ['subject_id'] });
  policy.guardrails = { max_new_per_minute: 1_000_000, max_active_per_tenant: 1_000_000 };
  await mkdir(hubDir, { recursive: true });
  await writeFile(path.join(hubDir, 'correlation.yaml'), YAML.stringify(policy));

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const send = async (signals: unknown[]) => {
    const res = await fetch(`${base}/v1/signals`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ signals }) });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };

  // (a) Baseline: plain ingest by a hub that stores but does not correlate; what it stores is the backlog for (b).
  hub = await startHub(port, false);
  const bodies: Record<string, unknown>[][] = [];
  for (let i = 0; i < SIGNALS; i += BATCH) bodies.push(loadSignals(Math.min(BATCH, SIGNALS - i), i));
  let next = 0;
  let t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => { while (next < bodies.length) await send(bodies[next++]!); }));
  const ingestRate = SIGNALS / ((performance.now() - t0) / 1000);
  await stopHub();

  // (b) The same hub, now correlating, drains the backlog; timed from the first position seen to the end of the feed.
  const newest = async () => (await owner.query(
    `SELECT writer_xid::text AS xid, id::text FROM signal_streams WHERE tenant_id = $1
     ORDER BY signal_streams.writer_xid DESC, signal_streams.id DESC LIMIT 1`, [tenantId])).rows[0] as { xid: string; id: string };
  /** The position of correlation's consumer further behind (the recording rules', which take the load): both start at the feed's start. */
  const position = async () => {
    const rows = (await owner.query(
      `SELECT writer_xid::text AS xid, id::text FROM feed_positions WHERE consumer = ANY($2) AND tenant_id = $1 ORDER BY writer_xid, id`,
      [tenantId, CORRELATION_CONSUMERS])).rows as { xid: string; id: string }[];
    return rows.length === CORRELATION_CONSUMERS.length ? rows[0]! : { xid: '0', id: '0' };
  };
  const handledUpTo = async (p: { xid: string; id: string }) => (await owner.query(
    'SELECT count(*)::int AS n FROM signal_streams WHERE tenant_id = $1 AND (writer_xid, id) <= ($2::xid8, $3::bigint)', [tenantId, p.xid, p.id])).rows[0].n as number;
  /** Waits (bounded) until the consumer's position is the newest stored signal. */
  const waitCaughtUp = async (limitMs: number) => {
    const end = (await newest()).id;
    for (const started = performance.now(); (await position()).id !== end;) {
      if (performance.now() - started > limitMs) throw new Error('correlation did not catch up in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  hub = await startHub(port, true);
  const cpu0 = processUsage(hub.pid!).cpuSeconds;
  const first = await position();
  const handledAtStart = await handledUpTo(first);
  t0 = performance.now();
  await waitCaughtUp(DRAIN_LIMIT_MS);
  const drainSeconds = (performance.now() - t0) / 1000;
  const drainRate = (SIGNALS - handledAtStart) / drainSeconds;
  const drainCpu = (processUsage(hub.pid!).cpuSeconds - cpu0) / drainSeconds;

  // The age of the oldest signal not yet correlated (0 when caught up): how far correlation trails the newest commit.
  // Two statements, the position first: as one join, the row comparison against the position's columns was no index
  // condition, and each sample scanned the tenant's feed (67–75 ms of PostgreSQL a sample, a fifth of a core at 4 a second).
  const lagNow = async () => {
    const p = await position();
    return (await owner.query(
      `SELECT coalesce(extract(epoch FROM clock_timestamp() - (
         SELECT s.ingested_at FROM signal_streams s WHERE s.tenant_id = $1 AND (s.writer_xid, s.id) > ($2::xid8, $3::bigint)
         ORDER BY s.writer_xid, s.id LIMIT 1)), 0)::float8 AS lag`, [tenantId, p.xid, p.id])).rows[0].lag as number;
  };
  let fed = 0;
  /** A steady feed at `rate` for `seconds`, lag sampled, probe pairs (numbered from `firstProbe`) decided along the way. */
  const steady = async (rate: number, firstProbe: number, seconds: number) => {
    const perTick = Math.max(1, Math.round(rate / 10));
    const lags: number[] = [];
    const probes: number[] = [];
    const fedBefore = fed;
    // Each stretch starts from the same state: the drain before it leaves WAL and vacuums to be paid for.
    await quietDatabase(owner);
    const steadyEnds = performance.now() + seconds * 1000;
    const feeding = (async () => {
      for (let tick = 0; tick < seconds * 10; tick++) {
        const due = performance.now() + 100;
        await send(loadSignals(perTick, SIGNALS + fed));
        fed += perTick;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      }
    })();
    const sampling = (async () => {
      while (performance.now() < steadyEnds) {
        lags.push(await lagNow());
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const probing = (async () => {
      for (let i = firstProbe; performance.now() < steadyEnds - 500 && i < firstProbe + 30_000; i++) {
        await send([probe(i, 'fastnetmon')]);
        await new Promise((r) => setTimeout(r, 20));
        await send([probe(i, 'alertmanager')]);
        probes.push(i);
        await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
      }
    })();
    await Promise.all([feeding, sampling, probing]);
    await waitCaughtUp(60_000);
    // Commit times from PostgreSQL itself: the corroborating signal's transaction, and the decision's.
    const latency = await owner.query<{ ms: number }>(
      `SELECT extract(epoch FROM pg_xact_commit_timestamp(m.xmin) - pg_xact_commit_timestamp((s.writer_xid::text::bigint % 4294967296)::text::xid)) * 1000 AS ms
       FROM signal_streams s JOIN mitigations m ON m.tenant_id = s.tenant_id AND m.indicator = (s.subject_id || '/32')::cidr AND m.status = 'active'
       WHERE s.tenant_id = $1 AND s.signal_key = 'ddos.attack' AND s.source = 'alertmanager' AND s.subject_id = ANY($2)`,
      [tenantId, probes.map((i) => probe(i, '').subject_id)]);
    const decisions = latency.rows.map((r) => Number(r.ms));
    if (decisions.length !== probes.length) throw new Error(`expected ${probes.length} decisions, found ${decisions.length}`);
    return { rate, seconds, lags, decisions, fed: fed - fedBefore, probeSignals: probes.length * 2 };
  };
  // (c) and (d) at half the measured capacity; (e) at half the goal's 5,000 signals/s, the load the latency goal names.
  const atHalfDrain = await steady(Math.round(drainRate / 2), 1, STEADY_SECONDS);
  const atHalfGoal = await steady(2500, 30_001, LATENCY_SECONDS);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const lagMetric = CORRELATION_CONSUMERS.map((c) => `${c} ${new RegExp(`quorum_feed_lag_seconds\\{consumer="${c}"\\} (\\S+)`).exec(metrics)?.[1]}`).join(', ');
  const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
  const batchMs = (metric('quorum_correlation_batch_seconds_sum') / metric('quorum_correlation_batch_seconds_count')) * 1000;
  const batches = metric('quorum_correlation_batch_seconds_count');
  // Held back: for ingest only while the hub writes thousands of rows at once (QUORUM_FEED_DEFER_ROWS), never here;
  // the recording rules' consumer while a pass of the deciding one runs (at most 100 ms a read), at each probe.
  const deferred = labelledSeriesSum(metrics, 'quorum_feed_deferred_seconds_total');
  const recordingYielded = labelledSeriesSum(metrics, 'quorum_feed_deferred_seconds_total', 'consumer="correlation_recording"');
  await owner.end();

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  console.log(`\nQuorum correlation benchmark — ${fmt(SIGNALS)} signals over ${fmt(KEYS)} keys (rule every_signal, no decision), feed batches of ${FEED_BATCH ?? 500}`);
  console.log(`(a) plain ingest, POST /v1/signals batches of ${BATCH}, ${CLIENTS} clients   ${fmt(ingestRate).padStart(8)} signals/s   (baseline)`);
  console.log(`(b) correlation draining the backlog                       ${fmt(drainRate).padStart(8)} signals/s   (b)/(a) = ${(drainRate / ingestRate).toFixed(2)}   goal ≥ 5,000/s: ${drainRate >= 5000 ? 'met' : 'NOT met'}   hub CPU ${(drainCpu * 100).toFixed(0)}% of a core`);
  const steadyLines = (label: string, r: Awaited<ReturnType<typeof steady>>) => {
    console.log(`${label} steady feed at ${fmt(r.rate)} signals/s for ${r.seconds} s (${fmt(r.fed)} signals + ${r.probeSignals} probe signals): lag = age of the oldest uncorrelated signal, sampled every 250 ms`);
    const third = Math.max(1, Math.floor(r.lags.length / 3));
    console.log(`      p50 ${pct(r.lags, 50).toFixed(3)} s   p99 ${pct(r.lags, 99).toFixed(3)} s   max ${Math.max(...r.lags).toFixed(3)} s   first third mean ${mean(r.lags.slice(0, third)).toFixed(3)} s, last third ${mean(r.lags.slice(-third)).toFixed(3)} s`);
    const d = r.decisions;
    console.log(`      decision latency, ${d.length} decisions: corroborating signal committed → mitigation committed   p50 ${pct(d, 50).toFixed(1)} ms   p99 ${pct(d, 99).toFixed(1)} ms   max ${Math.max(...d).toFixed(1)} ms   goal p99 ≤ 50 ms: ${pct(d, 99) <= 50 ? 'met' : 'NOT met'}`);
  };
  steadyLines('(c)+(d) at 50 % of (b):', atHalfDrain);
  steadyLines('(e) at 50 % of the 5,000/s goal:', atHalfGoal);
  console.log(`      quorum_feed_lag_seconds at the end ${lagMetric}; the hub handled ${fmt(batches)} feed batches in (b)–(e), ${batchMs.toFixed(1)} ms each on average; consumers held back ${deferred.toFixed(2)} s (of which the recording rules, waiting for deciding passes, ${recordingYielded.toFixed(2)} s)`);
} finally {
  await stopHub();
  await scratch.stop();
}
