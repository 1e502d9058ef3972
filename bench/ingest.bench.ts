// Ingest benchmark (`npm run bench:ingest`): raw COPY and single-row INSERT commits straight into signal_streams as
// the baselines, then the same rows through POST /v1/signals in batches and one by one. Prints rows/s and the ratios.

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

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SINGLES = Number(process.env.BENCH_SINGLES ?? 5000);
const SINGLE_CLIENTS = Number(process.env.BENCH_SINGLE_CLIENTS ?? 16);
/** BENCH_WITHOUT_FEED=1: ingest as before migration 006 (no writer_xid column, no feed index, no consumer), to price the feed. */
const WITHOUT_FEED = process.env.BENCH_WITHOUT_FEED === '1';

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

/** Where each feed consumer of the hub stands in a tenant's feed: correlation's position, the pointer keeper's mark. */
const CONSUMER_POSITIONS = {
  correlation: "SELECT (writer_xid, id) FROM feed_positions WHERE consumer = 'correlation' AND tenant_id = $1",
  'current-signal pointers': 'SELECT (writer_xid, id) FROM current_signal_marks WHERE tenant_id = $1',
};

/** Seconds from `since` until a consumer's position covers the tenant's last stored row (at most 120 s). */
async function feedCaughtUp(owner: pg.Pool, tenantId: string, since: number, consumer: keyof typeof CONSUMER_POSITIONS = 'correlation'): Promise<number> {
  for (const end = performance.now() + 120_000; performance.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const { rows } = await owner.query(
      `SELECT (${CONSUMER_POSITIONS[consumer]})
              >= (SELECT (writer_xid, id) FROM signal_streams WHERE tenant_id = $1 ORDER BY writer_xid DESC, id DESC LIMIT 1) AS done`, [tenantId]);
    if (rows[0].done) return (performance.now() - since) / 1000;
  }
  throw new Error(`the ${consumer} consumer did not catch up within 120 s`);
}

async function countSource(owner: pg.Pool, source: string): Promise<number> {
  return (await owner.query('SELECT count(*)::int AS n FROM signal_streams WHERE source = $1', [source])).rows[0].n;
}

try {
  await createDatabaseFromTemplate(cluster, 'bench');
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  await createPartitionManager(owner).ensureAhead(new Date(), 3);
  if (WITHOUT_FEED) await owner.query('ALTER TABLE signal_streams DROP COLUMN writer_xid');
  const tenantId = (await owner.query("INSERT INTO tenants (name) VALUES ('default') RETURNING id")).rows[0].id as string;
  const key = (await createKeyStore(owner).createKey({ tenantId, scopes: ['signal:write'] })).key;

  // (a) Baseline: the database's own limit — one COPY stream straight into signal_streams, as the owner.
  const copySignals = makeSignals(ROWS, 'bench_copy');
  const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = copySignals.map((s) => [tenantId, s.source, s.subject_type, s.subject_id, s.signal_key, JSON.stringify(s.signal_value), s.severity, s.observed_at, s.ttl_seconds]
    .map((v) => csv(String(v))).join(',') + '\n');
  const client = await owner.connect();
  let t0 = performance.now();
  await copyRows(client, 'COPY signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds) FROM STDIN WITH (FORMAT csv)', lines);
  const copySeconds = (performance.now() - t0) / 1000;
  client.release();
  const copyRate = (await countSource(owner, 'bench_copy')) / copySeconds;

  // (d) Baseline for single POSTs: PostgreSQL's own single-row commit rate, pgbench-style — each client a connection
  // as quorum_app with its tenant set once, committing one INSERT per statement.
  const insertSignals = makeSignals(SINGLES, 'bench_insert');
  const appUrl = localUrl('quorum_app', cluster.appPassword, cluster.port, 'bench');
  let nextInsert = 0;
  t0 = performance.now();
  await Promise.all(Array.from({ length: SINGLE_CLIENTS }, async () => {
    const c = new pg.Client({ connectionString: appUrl });
    await c.connect();
    await c.query("SELECT set_config('app.current_tenant', $1, false)", [tenantId]);
    while (nextInsert < insertSignals.length) {
      const s = insertSignals[nextInsert++]!;
      await c.query(
        `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [tenantId, s.source, s.subject_type, s.subject_id, s.signal_key, JSON.stringify(s.signal_value), s.severity, s.observed_at, s.ttl_seconds]);
    }
    await c.end();
  }));
  const insertRate = (await countSource(owner, 'bench_insert')) / ((performance.now() - t0) / 1000);

  // The hub runs as its own process, as in production.
  const port = await freePort();
  hub = await startChildHub({
    ownerUrl, appUrl: localUrl('quorum_app', cluster.appPassword, cluster.port, 'bench'), port,
    // Throughput, not policy, is measured: the per-key write limit must not throttle the single-POST run.
    dataDir: path.join(root, '.bench-pg', 'hub'), env: { QUORUM_LOG_LEVEL: 'warn', QUORUM_KEY_RATE_PER_SECOND: '1000000', QUORUM_KEY_RATE_BURST: '10000000', ...(WITHOUT_FEED ? { QUORUM_FEED_CONSUME: 'false' } : {}) },
    nodeArgs: process.env.BENCH_HUB_NODE_ARGS?.split(' ').filter(Boolean),
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const http = createHttpClient(Math.max(CLIENTS, SINGLE_CLIENTS));

  // (b) The same rows through POST /v1/signals in batches, from a few concurrent clients.
  const httpSignals = makeSignals(ROWS, 'bench_http');
  const bodies: string[] = [];
  for (let i = 0; i < httpSignals.length; i += BATCH) bodies.push(JSON.stringify({ signals: httpSignals.slice(i, i + BATCH) }));
  let next = 0;
  const hubCpu0 = processUsage(hub.pid!).cpuSeconds;
  t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await http.post(`${base}/v1/signals`, headers, body);
      if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${res.text}`);
    }
  }));
  const httpSeconds = (performance.now() - t0) / 1000;
  const hubCpuShare = (processUsage(hub.pid!).cpuSeconds - hubCpu0) / httpSeconds;
  const httpRate = (await countSource(owner, 'bench_http')) / httpSeconds;
  // The feed consumers' part of (b) may land after it (a consumer behind by a few pages): the hub's CPU per batched row
  // is also taken up to the moment correlation has handled every stored row, which load on the machine hardly moves.
  const caughtUpSeconds = WITHOUT_FEED ? 0 : await feedCaughtUp(owner, tenantId, t0);
  const hubCpuPerRow = (processUsage(hub.pid!).cpuSeconds - hubCpu0) / ROWS;
  // (c) starts on a hub that has digested (a) and (b): the pointer keeper follows behind (its backlog would otherwise be
  // most of PostgreSQL's work during (c)), and its CPU per row is timed on its own by bench:trust.
  const pointersSeconds = WITHOUT_FEED ? 0 : await feedCaughtUp(owner, tenantId, t0, 'current-signal pointers');

  // (c) Single-signal POSTs.
  const singles = makeSignals(SINGLES, 'bench_single').map((s) => JSON.stringify(s));
  const latencies: number[] = [];
  next = 0;
  const singleCpu0 = processUsage(hub.pid!).cpuSeconds;
  const singlePg0 = postgresTicks(scratch.dataDir);
  const singleBench0 = process.cpuUsage();
  t0 = performance.now();
  await Promise.all(Array.from({ length: SINGLE_CLIENTS }, async () => {
    while (next < singles.length) {
      const sent = performance.now();
      const res = await http.post(`${base}/v1/signals`, headers, singles[next++]!);
      if (res.status !== 201) throw new Error(`single answered ${res.status}`);
      latencies.push(performance.now() - sent);
    }
  }));
  const singleSeconds = (performance.now() - t0) / 1000;
  const singleCpu = processUsage(hub.pid!).cpuSeconds - singleCpu0;
  const singleBenchCpu = process.cpuUsage(singleBench0);
  const singlePgCpu = postgresCpuSince(scratch.dataDir, singlePg0);
  const singleCpuShare = singleCpu / singleSeconds;
  const singleRate = (await countSource(owner, 'bench_single')) / singleSeconds;
  latencies.sort((x, y) => x - y);
  const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
  await owner.end();
  http.close();

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`\nQuorum ingest benchmark${WITHOUT_FEED ? ' WITHOUT the committed signals feed' : ''} — ${ROWS.toLocaleString('en-US')} rows, batches of ${BATCH}, ${CLIENTS} HTTP clients; ${SINGLES} single POSTs from ${SINGLE_CLIENTS} clients`);
  console.log(`(a) COPY straight into signal_streams   ${fmt(copyRate).padStart(9)} rows/s   (baseline)`);
  console.log(`(b) POST /v1/signals, batches           ${fmt(httpRate).padStart(9)} rows/s   (b)/(a) = ${(httpRate / copyRate).toFixed(2)} (goal ≥ 0.6)   hub CPU ${(hubCpuShare * 100).toFixed(0)}% of one core`);
  console.log(`    (b) hub CPU per row: ${(hubCpuShare * httpSeconds / ROWS * 1e6).toFixed(1)} µs during (b); ${(hubCpuPerRow * 1e6).toFixed(1)} µs until correlation had handled every row (${caughtUpSeconds.toFixed(1)} s after (b) began; the current-signal pointers ${pointersSeconds.toFixed(1)} s)`);
  console.log(`(c) POST /v1/signals, one per request   ${fmt(singleRate).padStart(9)} rows/s   (c)/(d) = ${(singleRate / insertRate).toFixed(2)}   p99 ${p99.toFixed(1)} ms   (goal ≥ 0.5, ≤ 10 ms)   hub CPU ${(singleCpuShare * 100).toFixed(0)}% of one core`);
  // CPU per request hardly depends on what else runs on the machine, unlike the rates: compare these across changes.
  console.log(`    (c) CPU per POST: hub ${(singleCpu / SINGLES * 1e6).toFixed(0)} µs, PostgreSQL ${(singlePgCpu / SINGLES * 1e6).toFixed(0)} µs, load client ${((singleBenchCpu.user + singleBenchCpu.system) / SINGLES).toFixed(0)} µs`);
  console.log(`(d) single-row INSERT commits, as app   ${fmt(insertRate).padStart(9)} rows/s   (baseline for (c); (d)/(a) = ${(insertRate / copyRate).toFixed(3)})`);
} finally {
  if (hub) {
    hub.kill('SIGTERM');
    await new Promise((r) => hub!.once('exit', r));
  }
  await scratch.stop();
}
