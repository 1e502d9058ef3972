// Trust Score benchmark (`npm run bench:trust`): a month of signals (10 million by default) loaded with COPY, then one
// subject's score against a plain GET /v1/subjects/{type}/{id} in the same run, one tenant's score, and all tenants'.

import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createDatabaseFromTemplate, startScratchCluster } from '../test/helpers/scratch-cluster.ts';
import { freePort } from '../test/helpers/process.ts';
import { startChildHub } from '../test/helpers/child-hub.ts';
import { createPools, closePools, localUrl, withTenant, type Pools } from '../src/db/pools.ts';
import { createPartitionManager, utcDay } from '../src/store/partitions.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { DEFAULT_TRUST_SCORE_POLICY, THREAT_EXPOSURE, type TrustScorePolicy } from '../src/core/trust-score-policy.ts';
import { scoreTenant } from '../src/score/tenant-scoring.ts';
import { loadTrustData, subjectOf, type TrustDataShape } from './trust-score-data.ts';
import { createLeaseHolder } from '../src/db/leases.ts';
import { createPointerKeeper } from '../src/score/pointer-keeper.ts';
import { postgresCpuSince, postgresTicks, processUsage } from './process-usage.ts';
import { pct } from './percentile.ts';
import pino from 'pino';

const QUICK = process.env.BENCH_QUICK === '1';
const TENANTS = Number(process.env.BENCH_TENANTS ?? 10);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? (QUICK ? 1_000 : 10_000));
const DAYS = 30;
const SUBJECT_READS = Number(process.env.BENCH_SUBJECT_READS ?? (QUICK ? 200 : 1_000));
const WARMUP = 50;
/** Every timed loop also stops at this many seconds, whatever its count. */
const LOOP_SECONDS = 120;
const COPY_STREAMS = 2;
/** Feed rows of one tenant passed again by the pointer keeper to price it (BENCH_POINTER_ROWS). */
const POINTER_ROWS = Number(process.env.BENCH_POINTER_ROWS ?? (QUICK ? 20_000 : 100_000));

// The bench's sources mapped as an operator would; two keys carry value thresholds.
const POLICY: TrustScorePolicy = {
  ...DEFAULT_TRUST_SCORE_POLICY,
  sources: {
    patch_scanner: 'patch_hygiene', edr_agent: 'agent_health', secrets_scanner: 'secrets_exposure', config_audit: 'configuration_drift',
    pam_vault: 'emergency_access_discipline', backup_monitor: 'evidence_continuity', synapse: THREAT_EXPOSURE,
  },
  value_thresholds: { 'patch.cve_count': 10, 'disk.usage_pct': 90 },
};
const TENANT_AGE_DAYS = 120;

const root = path.resolve(import.meta.dirname, '..');
const scratch = await startScratchCluster(path.join(root, '.bench-pg'), ['-c', `shared_buffers=${process.env.BENCH_PG_SHARED_BUFFERS ?? '256MB'}`]);
const { cluster } = scratch;
const ownerUrl = localUrl('postgres', cluster.ownerPassword, cluster.port, 'bench');
const appUrl = localUrl('quorum_app', cluster.appPassword, cluster.port, 'bench');
let hub: ChildProcess | null = null;
let pools: Pools | null = null;
const fmt = (ms: number) => ms.toFixed(2).padStart(8);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** Runs `step` up to `count` times (or LOOP_SECONDS), after WARMUP untimed runs; answers each run's milliseconds. */
async function timed(count: number, step: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await step(i);
  const out: number[] = [];
  const until = performance.now() + LOOP_SECONDS * 1000;
  for (let i = 0; i < count && performance.now() < until; i++) {
    const t0 = performance.now();
    await step(WARMUP + i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** A subject picked evenly at random (fixed seed) from the first tenant. */
function pickSubject(i: number): { subjectType: string; subjectId: string } {
  return subjectOf((Math.imul(i + 1, 2_654_435_761) >>> 0) % SUBJECTS);
}

try {
  await createDatabaseFromTemplate(cluster, 'bench');
  const owner = new pg.Pool({ connectionString: ownerUrl, max: COPY_STREAMS + 1 });
  const now = new Date();
  const shape: TrustDataShape = { tenants: TENANTS, subjectsPerTenant: SUBJECTS, days: DAYS, now };
  await createPartitionManager(owner).ensureDays(Array.from({ length: DAYS + 4 }, (_, i) => utcDay(new Date(now.getTime() - (DAYS + 1 - i) * 86_400_000))));
  const tenantIds = (await owner.query<{ id: string }>("INSERT INTO tenants (name) SELECT 'tenant-' || i FROM generate_series(1, $1) i RETURNING id", [TENANTS])).rows.map((r) => r.id);

  console.log(`loading ${TENANTS} tenants × ${SUBJECTS.toLocaleString('en-US')} subjects × ${DAYS} days with COPY (load average ${load()})`);
  let t0 = performance.now();
  const rows = await loadTrustData(owner, shape, tenantIds, COPY_STREAMS);
  const loadSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  // Steady state: autovacuum has set the visibility map of all but the newest pages, which index-only scans rely on.
  await owner.query('VACUUM ANALYZE signal_streams');
  const vacuumSeconds = (performance.now() - t0) / 1000;
  const sizes = (await owner.query<{ heap: string; idx: string }>(
    `WITH parts AS (SELECT inhrelid AS oid FROM pg_inherits WHERE inhparent = 'signal_streams'::regclass)
     SELECT (SELECT pg_size_pretty(sum(pg_table_size(oid))) FROM parts) AS heap,
       (SELECT pg_size_pretty(sum(pg_relation_size(i.indexrelid))) FROM pg_index i JOIN parts p ON p.oid = i.indrelid
        WHERE pg_get_indexdef(i.indexrelid) LIKE '%signal_key%') AS idx`)).rows[0]!;
  console.log(`loaded ${rows.toLocaleString('en-US')} signals in ${loadSeconds.toFixed(0)} s (${Math.round(rows / loadSeconds).toLocaleString('en-US')} rows/s), VACUUM ANALYZE ${vacuumSeconds.toFixed(0)} s; heap ${sizes.heap}, current-state index ${sizes.idx}`);
  // The feed consumers are off in this bench: the pointers are built from signal_streams, as migration 021 does on upgrade.
  t0 = performance.now();
  let pg0 = postgresTicks(scratch.dataDir);
  for (const id of tenantIds) await owner.query('SELECT quorum_rebuild_current_signal_pointers($1)', [id]);
  await owner.query('VACUUM ANALYZE current_signal_pointers');
  const rebuild = { seconds: (performance.now() - t0) / 1000, cpu: postgresCpuSince(scratch.dataDir, pg0) };
  const pointerSize = (await owner.query<{ size: string; n: string }>(
    "SELECT pg_size_pretty(pg_total_relation_size('current_signal_pointers')) AS size, (SELECT count(*) FROM current_signal_pointers)::text AS n")).rows[0]!;
  console.log(`pointers rebuilt from signal_streams in ${rebuild.seconds.toFixed(1)} s (PostgreSQL CPU ${rebuild.cpu.toFixed(1)} s): ${Number(pointerSize.n).toLocaleString('en-US')} pointers, ${pointerSize.size}`);

  // The keeper's price: the last tenant's pointers dropped and its mark moved POINTER_ROWS rows back, then caught up.
  const [lastTenant] = tenantIds.slice(-1);
  await owner.query('DELETE FROM current_signal_pointers WHERE tenant_id = $1', [lastTenant]);
  await owner.query(
    `WITH start AS (SELECT writer_xid, id FROM signal_streams WHERE tenant_id = $1 ORDER BY writer_xid DESC, id DESC OFFSET $2 LIMIT 1)
     UPDATE current_signal_marks m SET writer_xid = s.writer_xid, id = s.id FROM start s WHERE m.tenant_id = $1`,
    [lastTenant, POINTER_ROWS]);
  const benchApp = new pg.Pool({ connectionString: appUrl, max: 2 });
  const silent = pino({ level: 'silent' });
  const pointerFeed = createPointerKeeper({
    owner, app: benchApp, logger: silent, pollIntervalMs: 60_000, batchSize: 500,
    leases: createLeaseHolder({ url: ownerUrl, namespace: 'quorum.feed.current_signals', logger: silent }),
  });
  t0 = performance.now();
  pg0 = postgresTicks(scratch.dataDir);
  const node0Feed = process.cpuUsage();
  await pointerFeed.caughtUp();
  const feed = { seconds: (performance.now() - t0) / 1000, cpu: postgresCpuSince(scratch.dataDir, pg0), node: process.cpuUsage(node0Feed) };
  await pointerFeed.stop(1000);
  await benchApp.end();
  console.log(`pointer keeper: ${POINTER_ROWS.toLocaleString('en-US')} feed rows in ${feed.seconds.toFixed(1)} s (${Math.round(POINTER_ROWS / feed.seconds).toLocaleString('en-US')} rows/s), PostgreSQL CPU ${(feed.cpu / POINTER_ROWS * 1e6).toFixed(0)} µs a row, bench CPU ${((feed.node.user + feed.node.system) / POINTER_ROWS).toFixed(0)} µs a row`);
  await owner.query('SELECT quorum_rebuild_current_signal_pointers($1)', [lastTenant]);

  const keyStore = createKeyStore(owner);
  const key = (await keyStore.createKey({ tenantId: tenantIds[0]!, scopes: ['signal:read'] })).key;
  const adminKeys = await Promise.all(tenantIds.map(async (tenantId) => (await keyStore.createKey({ tenantId, scopes: ['admin'] })).key));
  // The tenants' age selects the bootstrap weights: older than 90 days, the full ones.
  await owner.query("UPDATE tenants SET created_at = now() - make_interval(days => $1)", [TENANT_AGE_DAYS]);
  await owner.end();
  const port = await freePort();
  // The feed consumers stay off: they would correlate the 10 million loaded rows while the reads are timed.
  hub = await startChildHub({ ownerUrl, appUrl, port, env: { QUORUM_LOG_LEVEL: 'warn', QUORUM_FEED_CONSUME: 'false' } });
  pools = createPools({ ownerUrl, appUrl, appPoolSize: 1 });
  const hubUrl = `http://127.0.0.1:${port}`;
  const call = async (method: string, url: string, bearer: string, body?: unknown) => {
    const res = await fetch(`${hubUrl}${url}`, {
      method, headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status !== 200) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  // Each tenant maps the bench's sources through the API, as an operator would.
  const mapping = { sources: POLICY.sources, value_thresholds: POLICY.value_thresholds };
  for (const adminKey of adminKeys) await call('PUT', '/v1/trust-score/mapping', adminKey, mapping);
  const loadBefore = load();

  // (a) Baseline: the plain current state over HTTP, as a dashboard reads it.
  const get = await timed(SUBJECT_READS, async (i) => {
    const { subjectType, subjectId } = pickSubject(i);
    await call('GET', `/v1/subjects/${subjectType}/${encodeURIComponent(subjectId)}`, key);
  });

  // (b) One subject's live score over HTTP, as the API answers it: findings read at the request, the formula, the explanation.
  const subject = await timed(SUBJECT_READS, async (i) => {
    const { subjectType, subjectId } = pickSubject(i);
    const answer = await call('GET', `/v1/trust-score/subjects/${subjectType}/${encodeURIComponent(subjectId)}`, key);
    if (typeof answer.score !== 'number') throw new Error(`${subjectType}/${subjectId}: no score in ${JSON.stringify(answer).slice(0, 200)}`);
  });

  // (c) Baseline for a tenant: touching each of its rows once (an index-only count), then (d) its score, for every tenant.
  const serverPid = (await pools.app.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const countMs: number[] = [];
  const tenantMs: number[] = [];
  let serverCpu = 0;
  let recomputedSubjects = 0;
  const node0 = process.cpuUsage();
  const recompute0 = performance.now();
  for (const id of tenantIds) {
    t0 = performance.now();
    await withTenant(pools.app, id, (c) => c.query('SELECT count(*) FROM signal_streams WHERE tenant_id = $1', [id]));
    countMs.push(performance.now() - t0);
    const cpu0 = processUsage(serverPid).cpuSeconds;
    t0 = performance.now();
    const result = await withTenant(pools.app, id, (c) => scoreTenant(c, id, POLICY, TENANT_AGE_DAYS, now));
    tenantMs.push(performance.now() - t0);
    serverCpu += processUsage(serverPid).cpuSeconds - cpu0;
    if (result.subjects !== SUBJECTS) throw new Error(`tenant scored ${result.subjects} subjects, expected ${SUBJECTS}`);
  }
  const allSeconds = (performance.now() - recompute0 - countMs.reduce((a, b) => a + b, 0)) / 1000;
  const nodeCpu = process.cpuUsage(node0);

  // (f) The 30-minute job as the hub runs it: every tenant recomputed and stored (subject scores, history), over HTTP.
  t0 = performance.now();
  for (const adminKey of adminKeys) recomputedSubjects += Number((await call('POST', '/v1/trust-score/recompute', adminKey)).subjects);
  const recomputeSeconds = (performance.now() - t0) / 1000;

  // (g) The next recompute after 1 % of each tenant's subjects got a new signal: incremental, only those are scored again.
  const changed = Math.max(1, Math.round(SUBJECTS / 100));
  const incrementalMs: number[] = [];
  let rescored = 0;
  for (const adminKey of adminKeys) {
    const observed = new Date().toISOString();
    const signals = Array.from({ length: changed }, (_, i) => {
      const { subjectType, subjectId } = subjectOf((i * 97) % SUBJECTS);
      return { source: 'patch_scanner', subject_type: subjectType, subject_id: subjectId, signal_key: 'patch.cve_count', signal_value: { value: 25 }, severity: 'high', observed_at: observed };
    });
    const posted = await fetch(`${hubUrl}/v1/signals`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ signals }) });
    if (posted.status !== 201) throw new Error(`POST /v1/signals answered ${posted.status}: ${await posted.text()}`);
    t0 = performance.now();
    const r = await call('POST', '/v1/trust-score/recompute', adminKey);
    incrementalMs.push(performance.now() - t0);
    if (r.mode !== 'incremental') throw new Error(`the recompute after ${changed} changed subjects was ${String(r.mode)}, expected incremental`);
    rescored += Number(r.rescored);
  }
  const fullPerTenantMs = recomputeSeconds * 1000 / TENANTS;

  console.log(`\nQuorum Trust Score benchmark — ${rows.toLocaleString('en-US')} signals, ${TENANTS} tenants × ${SUBJECTS.toLocaleString('en-US')} subjects, ${DAYS} days; load average ${loadBefore} before, ${load()} after`);
  console.log(`(a) GET /v1/subjects/{type}/{id} over HTTP   p50 ${fmt(pct(get, 50))} ms   p99 ${fmt(pct(get, 99))} ms   (baseline, ${get.length} reads)`);
  console.log(`(b) GET /v1/trust-score/subjects/{type}/{id} p50 ${fmt(pct(subject, 50))} ms   p99 ${fmt(pct(subject, 99))} ms   (goal p99 ≤ 10 ms)   (b)/(a) p50 ${(pct(subject, 50) / pct(get, 50)).toFixed(2)}, p99 ${(pct(subject, 99) / pct(get, 99)).toFixed(2)}`);
  console.log(`(c) count one tenant's rows (index only)     p50 ${fmt(pct(countMs, 50))} ms   max ${fmt(Math.max(...countMs))} ms   (baseline)`);
  console.log(`(d) one tenant's score (${SUBJECTS.toLocaleString('en-US')} subjects)       p50 ${fmt(pct(tenantMs, 50))} ms   max ${fmt(Math.max(...tenantMs))} ms   (goal ≤ 1,000 ms)   (d)/(c) p50 ${(pct(tenantMs, 50) / pct(countMs, 50)).toFixed(1)}`);
  console.log(`(e) every tenant's score, one after another  ${allSeconds.toFixed(1)} s for ${TENANTS} tenants   server CPU ${serverCpu.toFixed(1)} s, bench CPU ${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)} s`);
  console.log(`(f) POST /v1/trust-score/recompute, every tenant (scored and stored)   ${recomputeSeconds.toFixed(1)} s for ${recomputedSubjects.toLocaleString('en-US')} subjects   (goal ≤ 60 s)`);
  console.log(`(g) the next recompute of a tenant after ${changed} of its subjects got a signal (incremental)   p50 ${fmt(pct(incrementalMs, 50))} ms   max ${fmt(Math.max(...incrementalMs))} ms   ${rescored / TENANTS} subjects rescored a tenant   (g)/(f) per tenant p50 ${(pct(incrementalMs, 50) / fullPerTenantMs).toFixed(3)}`);
} finally {
  if (pools) await closePools(pools);
  if (hub) {
    hub.kill('SIGTERM');
    await new Promise((r) => hub!.once('exit', r));
  }
  await scratch.stop();
}
