// Ingest benchmark (`npm run bench:ingest`): raw COPY and single-row INSERT commits straight into signal_streams as
// the baselines, alternating with the same rows through POST /v1/signals in batches and one by one. Prints the ratios.

import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createDatabaseFromTemplate, startScratchCluster } from '../test/helpers/scratch-cluster.ts';
import { freePort } from '../test/helpers/process.ts';
import { startChildHub } from '../test/helpers/child-hub.ts';
import { postgresCpuSince, postgresTicks, processUsage } from './process-usage.ts';
import { localUrl } from '../src/db/pools.ts';
import { copyRows } from '../src/store/signal-queries.ts';
import { createPartitionManager } from '../src/store/partitions.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { createHttpClient } from './http-client.ts';
import { pct } from './percentile.ts';
import { quietDatabase } from './quiet-database.ts';
import { runPacedLoad } from './paced-load.ts';
import { SINGLE_INSERT, singleInsertValues } from './single-insert.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SINGLES = Number(process.env.BENCH_SINGLES ?? 5000);
const SINGLE_CLIENTS = Number(process.env.BENCH_SINGLE_CLIENTS ?? 16);
/** BENCH_WITHOUT_FEED=1: ingest as before migration 006 (no writer_xid column, no feed index, no signal_writes trigger, no consumer), to price the feed. */
const WITHOUT_FEED = process.env.BENCH_WITHOUT_FEED === '1';
/** Each measurement and its baseline alternate this many times (BENCH_ROUNDS). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/**
 * Rows posted in batches, and single POSTs a tenth of that, before anything is measured (BENCH_WARMUP_ROWS; 0 for none):
 * a hub runs for days, and a freshly started one spends a sixth of its CPU compiling its code.
 */
const WARMUP_ROWS = Number(process.env.BENCH_WARMUP_ROWS ?? 20_000);
/** Seconds of single POSTs paced at half of (d)'s rate (the load the p99 goal names). */
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 5);
/** Seconds of the same pace, unmeasured, before them: the load process compiles its code on them. */
const PACED_WARMUP_SECONDS = 2;

const root = path.resolve(import.meta.dirname, '..');
const scratch = await startScratchCluster(path.join(root, '.bench-pg'));
const { cluster } = scratch;
const ownerUrl = localUrl('postgres', cluster.ownerPassword, cluster.port, 'bench');
let hub: ChildProcess | null = null;

function makeSignals(n: number, source: string): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    source, subject_type: 'ip', subject_id: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    signal_key: ['threat.ip_threat', 'threat.bot_signature', 'threat.rate_anomaly'][i % 3],
    signal_value: { value: (i % 100) / 100, event_count: 1 + (i % 7), sensor_id: `sensor-${i % 20}`, metadata: { rule_ids: [`rule_${i % 50}`] } },
    severity: ['low', 'medium', 'high', 'critical'][i % 4], observed_at: new Date(now - (i % 3600) * 1000).toISOString(), ttl_seconds: 3600,
  }));
}

/** Where the hub's feed consumers stand in a tenant's feed: correlation's two positions (deciding and recording rules), the pointer keeper's mark. */
const CONSUMER_POSITIONS = {
  correlation: ['correlation', 'correlation_recording'].map((c) => `SELECT (writer_xid, id) FROM feed_positions WHERE consumer = '${c}' AND tenant_id = $1`),
  'current-signal pointers': ['SELECT (writer_xid, id) FROM current_signal_marks WHERE tenant_id = $1'],
};

/** Seconds from `since` until every position of a consumer covers the tenant's last stored row (at most 120 s). */
async function feedCaughtUp(owner: pg.Pool, tenantId: string, since: number, consumer: keyof typeof CONSUMER_POSITIONS = 'correlation'): Promise<number> {
  for (const end = performance.now() + 120_000; performance.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const { rows } = await owner.query(
      `SELECT coalesce(${CONSUMER_POSITIONS[consumer].map((p) => `(${p}) >= h.pos`).join(' AND ')}, false) AS done
       FROM (SELECT (writer_xid, id) AS pos FROM signal_streams WHERE tenant_id = $1 ORDER BY writer_xid DESC, id DESC LIMIT 1) h`, [tenantId]);
    if (rows[0].done) return (performance.now() - since) / 1000;
  }
  throw new Error(`the ${consumer} consumer did not catch up within 120 s`);
}

/** Posts WARMUP_ROWS signals in batches and a tenth of that one by one, from the benchmark's clients (source bench_warmup). */
async function warmUp(http: ReturnType<typeof createHttpClient>, url: string, headers: Record<string, string>): Promise<void> {
  const batched = makeSignals(WARMUP_ROWS, 'bench_warmup');
  const bodies = [
    ...Array.from({ length: Math.ceil(batched.length / BATCH) }, (_, i) => JSON.stringify({ signals: batched.slice(i * BATCH, (i + 1) * BATCH) })),
    ...makeSignals(Math.ceil(WARMUP_ROWS / 10), 'bench_warmup').map((s) => JSON.stringify(s)),
  ];
  let next = 0;
  await Promise.all(Array.from({ length: SINGLE_CLIENTS }, async () => {
    while (next < bodies.length) {
      const res = await http.post(url, headers, bodies[next++]!);
      if (res.status !== 201) throw new Error(`warm-up answered ${res.status}: ${res.text}`);
    }
  }));
}

/** One signal committed as its own INSERT by a client whose tenant is set: the unit of (d). */
async function insertOne(c: pg.Client, tenantId: string, s: ReturnType<typeof makeSignals>[number]): Promise<void> {
  await c.query(SINGLE_INSERT, singleInsertValues(tenantId, s));
}

/**
 * The hub's own histogram of POST /v1/signals durations (request read → answer sent), by bucket bound in seconds:
 * what the hub itself took, without the load client's and the kernel's share of the latency the client sees.
 */
async function hubLatencyBuckets(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Object.fromEntries([...text.matchAll(/quorum_http_request_duration_seconds_bucket\{le="([^"]+)",route="\/v1\/signals"\} (\d+)/g)]
    .map((m) => [m[1]!, Number(m[2])]));
}

async function countSource(owner: pg.Pool, source: string): Promise<number> {
  return (await owner.query('SELECT count(*)::int AS n FROM signal_streams WHERE source = $1', [source])).rows[0].n;
}

/** What one measured stretch took: rows stored (counted in the database) and seconds. */
interface Stretch { rows: number; seconds: number }
const rate = (xs: Stretch[]) => xs.reduce((a, x) => a + x.rows, 0) / xs.reduce((a, x) => a + x.seconds, 0);
const ratios = (xs: Stretch[], base: Stretch[]) => xs.map((x, i) => (x.rows / x.seconds / (base[i]!.rows / base[i]!.seconds)).toFixed(2)).join(' / ');

try {
  await createDatabaseFromTemplate(cluster, 'bench');
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  // A dropped idle connection must fail the next query (the pool replaces it), not end the run: twice in ten runs
  // on 4 Dec one was terminated (57P01) mid-run and the unhandled event killed the benchmark before it printed.
  owner.on('error', (err) => console.error(`bench database connection: ${err.message}`));
  await createPartitionManager(owner).ensureAhead(new Date(), 3);
  if (WITHOUT_FEED) await owner.query('ALTER TABLE signal_streams DROP COLUMN writer_xid; DROP TRIGGER signal_streams_record_writes ON signal_streams');
  const tenantId = (await owner.query("INSERT INTO tenants (name) VALUES ('default') RETURNING id")).rows[0].id as string;
  const key = (await createKeyStore(owner).createKey({ tenantId, scopes: ['signal:write'] })).key;
  const appUrl = localUrl('quorum_app', cluster.appPassword, cluster.port, 'bench');
  /** Waits until every feed consumer has handled what is stored, so that no stretch pays for the one before it. */
  const settled = async (since: number) => WITHOUT_FEED ? { correlation: 0, pointers: 0 }
    : { correlation: await feedCaughtUp(owner, tenantId, since), pointers: await feedCaughtUp(owner, tenantId, since, 'current-signal pointers') };

  // The hub runs as its own process, as in production.
  const port = await freePort();
  hub = await startChildHub({
    ownerUrl, appUrl, port,
    // Throughput, not policy, is measured: the per-key write limit must not throttle the single-POST run.
    dataDir: path.join(root, '.bench-pg', 'hub'), env: { QUORUM_LOG_LEVEL: 'warn', QUORUM_KEY_RATE_PER_SECOND: '1000000', QUORUM_KEY_RATE_BURST: '10000000', ...(WITHOUT_FEED ? { QUORUM_FEED_CONSUME: 'false' } : {}) },
    nodeArgs: process.env.BENCH_HUB_NODE_ARGS?.split(' ').filter(Boolean),
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const http = createHttpClient(Math.max(CLIENTS, SINGLE_CLIENTS));
  await warmUp(http, `${base}/v1/signals`, headers);
  await settled(performance.now());

  // Each pair runs in ROUNDS alternating stretches, baseline first: a drift of the machine (its disk's flush time
  // above all) then moves both sides of a ratio alike, and the spread of the per-round ratios shows what is left.
  const copies: Stretch[] = [];
  const batches: Stretch[] = [];
  let batchCpu = 0;
  let batchCpuUntilSettled = 0;
  let lastSettle = { correlation: 0, pointers: 0 };
  const perRound = Math.ceil(ROWS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    // (a) Baseline: the database's own limit — one COPY stream straight into signal_streams, as the owner.
    const copySource = `bench_copy_${round}`;
    const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const lines = makeSignals(perRound, copySource).map((s) => [tenantId, s.source, s.subject_type, s.subject_id, s.signal_key, JSON.stringify(s.signal_value), s.severity, s.observed_at, s.ttl_seconds]
      .map((v) => csv(String(v))).join(',') + '\n');
    await quietDatabase(owner);
    const client = await owner.connect();
    let t0 = performance.now();
    await copyRows(client, 'COPY signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds) FROM STDIN WITH (FORMAT csv)', lines);
    copies.push({ seconds: (performance.now() - t0) / 1000, rows: await countSource(owner, copySource) });
    client.release();
    await settled(performance.now());

    // (b) The same number of rows through POST /v1/signals in batches, from a few concurrent clients.
    const httpSource = `bench_http_${round}`;
    const signals = makeSignals(perRound, httpSource);
    const bodies: string[] = [];
    for (let i = 0; i < signals.length; i += BATCH) bodies.push(JSON.stringify({ signals: signals.slice(i, i + BATCH) }));
    let next = 0;
    await quietDatabase(owner);
    const hubCpu0 = processUsage(hub.pid!).cpuSeconds;
    t0 = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const res = await http.post(`${base}/v1/signals`, headers, bodies[next++]!);
        if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${res.text}`);
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    batchCpu += processUsage(hub.pid!).cpuSeconds - hubCpu0;
    batches.push({ seconds, rows: await countSource(owner, httpSource) });
    // The feed consumers' part of (b) may land after it (a consumer behind by a few pages): the hub's CPU per batched
    // row is also taken up to the moment every consumer has handled every stored row.
    lastSettle = await settled(t0);
    batchCpuUntilSettled += processUsage(hub.pid!).cpuSeconds - hubCpu0;
  }

  // (d) Baseline for single POSTs: PostgreSQL's own single-row commit rate, pgbench-style — each client a connection
  // as quorum_app with its tenant set once, committing one INSERT per statement. (c) Single-signal POSTs.
  const inserts: Stretch[] = [];
  const singles: Stretch[] = [];
  const latencies: number[] = [];
  let singleCpu = 0;
  let singlePgCpu = 0;
  let singleBenchCpu = 0;
  const singlesPerRound = Math.ceil(SINGLES / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const insertSource = `bench_insert_${round}`;
    const insertSignals = makeSignals(singlesPerRound, insertSource);
    const clients = await Promise.all(Array.from({ length: SINGLE_CLIENTS }, async () => {
      const c = new pg.Client({ connectionString: appUrl });
      await c.connect();
      await c.query("SELECT set_config('app.current_tenant', $1, false)", [tenantId]);
      return c;
    }));
    let nextInsert = 0;
    await quietDatabase(owner);
    let t0 = performance.now();
    await Promise.all(clients.map(async (c) => {
      while (nextInsert < insertSignals.length) {
        await insertOne(c, tenantId, insertSignals[nextInsert++]!);
      }
    }));
    inserts.push({ seconds: (performance.now() - t0) / 1000, rows: await countSource(owner, insertSource) });
    await Promise.all(clients.map((c) => c.end()));
    await settled(performance.now());

    const singleSource = `bench_single_${round}`;
    const bodies = makeSignals(singlesPerRound, singleSource).map((s) => JSON.stringify(s));
    let next = 0;
    await quietDatabase(owner);
    const cpu0 = processUsage(hub.pid!).cpuSeconds;
    const pg0 = postgresTicks(scratch.dataDir);
    const bench0 = process.cpuUsage();
    t0 = performance.now();
    await Promise.all(Array.from({ length: SINGLE_CLIENTS }, async () => {
      while (next < bodies.length) {
        const sent = performance.now();
        const res = await http.post(`${base}/v1/signals`, headers, bodies[next++]!);
        if (res.status !== 201) throw new Error(`single answered ${res.status}`);
        latencies.push(performance.now() - sent);
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    singleCpu += processUsage(hub.pid!).cpuSeconds - cpu0;
    singlePgCpu += postgresCpuSince(scratch.dataDir, pg0);
    const benchCpu = process.cpuUsage(bench0);
    singleBenchCpu += (benchCpu.user + benchCpu.system) / 1e6;
    singles.push({ seconds, rows: await countSource(owner, singleSource) });
    await settled(performance.now());
  }

  // (e) Single POSTs at the load the goal names, half of (d)'s commit rate, open loop: each request has its due time,
  // and its latency counts from then, so a hub that falls behind pays for the queue it builds (no coordinated omission).
  // (f) Its floor: single-row INSERT commits paced the same way, straight to PostgreSQL. Both come from a lean load
  // process of its own (bench/paced-load.ts): from this one, node:http and this process's heap added 1–2 ms at p50
  // and 5–20 ms at p99 to what the client saw (measured alternately, 5 Dec 2026).
  const pacedRate = rate(inserts) / 2;
  const pacedCount = Math.round(pacedRate * PACED_SECONDS);
  const pacedWarmup = Math.round(pacedRate * PACED_WARMUP_SECONDS);
  const hubUrl = new URL(base);
  const pacedRequests = makeSignals(pacedWarmup + pacedCount, 'bench_paced').map((s) => {
    const body = JSON.stringify(s);
    return `POST /v1/signals HTTP/1.1\r\nhost: ${hubUrl.host}\r\nauthorization: ${headers.authorization}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  });
  await quietDatabase(owner);
  const hubBefore = await hubLatencyBuckets(base);
  const { latencies: paced, seconds: pacedSeconds } = await runPacedLoad({ kind: 'http', port: Number(hubUrl.port), requests: pacedRequests, rate: pacedRate, clients: SINGLE_CLIENTS, warmup: pacedWarmup });
  const pacedAchieved = paced.length / pacedSeconds;
  const hubAfter = await hubLatencyBuckets(base);
  const hubWithin10ms = (hubAfter['0.01']! - (hubBefore['0.01'] ?? 0)) / (hubAfter['+Inf']! - (hubBefore['+Inf'] ?? 0));
  await settled(performance.now());
  const floorRows = makeSignals(pacedWarmup + pacedCount, 'bench_paced_insert').map((s) => singleInsertValues(tenantId, s));
  await quietDatabase(owner);
  const { latencies: pacedFloor } = await runPacedLoad({ kind: 'insert', url: appUrl, tenantId, rows: floorRows, rate: pacedRate, clients: SINGLE_CLIENTS, warmup: pacedWarmup });
  await owner.end();
  http.close();

  const singleCount = singles.reduce((a, x) => a + x.rows, 0);
  const batchRows = batches.reduce((a, x) => a + x.rows, 0);
  const batchSeconds = batches.reduce((a, x) => a + x.seconds, 0);
  const singleSeconds = singles.reduce((a, x) => a + x.seconds, 0);
  const p99 = pct(latencies, 99);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`\nQuorum ingest benchmark${WITHOUT_FEED ? ' WITHOUT the committed signals feed' : ''} — ${ROWS.toLocaleString('en-US')} rows, batches of ${BATCH}, ${CLIENTS} HTTP clients; ${SINGLES} single POSTs from ${SINGLE_CLIENTS} clients; each pair in ${ROUNDS} alternating rounds`);
  console.log(`(a) COPY straight into signal_streams   ${fmt(rate(copies)).padStart(9)} rows/s   (baseline)`);
  console.log(`(b) POST /v1/signals, batches           ${fmt(rate(batches)).padStart(9)} rows/s   (b)/(a) = ${(rate(batches) / rate(copies)).toFixed(2)} (goal ≥ 0.6; by round ${ratios(batches, copies)})   hub CPU ${(batchCpu / batchSeconds * 100).toFixed(0)}% of one core`);
  console.log(`    (b) hub CPU per row: ${(batchCpu / batchRows * 1e6).toFixed(1)} µs during (b); ${(batchCpuUntilSettled / batchRows * 1e6).toFixed(1)} µs until every consumer had handled every row (last round: correlation ${lastSettle.correlation.toFixed(1)} s after its (b) began, the current-signal pointers ${lastSettle.pointers.toFixed(1)} s)`);
  console.log(`(c) POST /v1/signals, one per request   ${fmt(rate(singles)).padStart(9)} rows/s   (c)/(d) = ${(rate(singles) / rate(inserts)).toFixed(2)} (goal ≥ 0.5; by round ${ratios(singles, inserts)})   p99 ${p99.toFixed(1)} ms (goal ≤ 10 ms)   hub CPU ${(singleCpu / singleSeconds * 100).toFixed(0)}% of one core`);
  // CPU per request hardly depends on what else runs on the machine, unlike the rates: compare these across changes.
  console.log(`    (c) CPU per POST: hub ${(singleCpu / singleCount * 1e6).toFixed(0)} µs, PostgreSQL ${(singlePgCpu / singleCount * 1e6).toFixed(0)} µs, load client ${(singleBenchCpu / singleCount * 1e6).toFixed(0)} µs`);
  console.log(`(d) single-row INSERT commits, as app   ${fmt(rate(inserts)).padStart(9)} rows/s   (baseline for (c); by round ${inserts.map((x) => fmt(x.rows / x.seconds)).join(' / ')})`);
  console.log(`(e) POST /v1/signals, one per request, paced at 0.5 × (d) = ${fmt(pacedRate)}/s from ${SINGLE_CLIENTS} connections of a load process of its own for ${PACED_SECONDS} s: achieved ${fmt(pacedAchieved)}/s   p50 ${pct(paced, 50).toFixed(1)} ms   p99 ${pct(paced, 99).toFixed(1)} ms (goal ≤ 10 ms at that load)   max ${Math.max(...paced).toFixed(1)} ms`);
  console.log(`    (e) answered within 10 ms: ${(paced.filter((x) => x <= 10).length / paced.length * 100).toFixed(1)} % as the load client saw it, ${(hubWithin10ms * 100).toFixed(1)} % by the hub's own clock (quorum_http_request_duration_seconds)`);
  console.log(`(f) single-row INSERT commits paced the same (the floor of (e))   p50 ${pct(pacedFloor, 50).toFixed(1)} ms   p99 ${pct(pacedFloor, 99).toFixed(1)} ms   max ${Math.max(...pacedFloor).toFixed(1)} ms   (e)/(f) at p99 ${(pct(paced, 99) / pct(pacedFloor, 99)).toFixed(2)}`);
} finally {
  if (hub) {
    hub.kill('SIGTERM');
    await new Promise((r) => hub!.once('exit', r));
  }
  await scratch.stop();
}
