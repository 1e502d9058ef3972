// `npm run bench:dashboard`: how long a committed decision or signal takes to reach 50 open dashboards (goal p99 ≤ 250 ms),
// on an idle hub and while sensors ingest at full speed. Loopback only, bounded in events and time.

import path from 'node:path';
import pg from 'pg';
import { localUrl } from '../src/db/pools.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { SensorClient } from '../src/sdk/sensor-client.ts';
import { createTraffic } from '../src/sdk/traffic.ts';
import { quantile } from '../src/cli/simulate.ts';
import { startChildHub } from '../test/helpers/child-hub.ts';
import { freePort } from '../test/helpers/process.ts';
import { createDatabaseFromTemplate, startScratchCluster } from '../test/helpers/scratch-cluster.ts';
import { connectDashboards, type BenchDashboards } from './dashboards.ts';

const DASHBOARDS = Number(process.env.BENCH_DASHBOARDS ?? 50);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const LOAD_SIGNALS = Number(process.env.BENCH_LOAD_SIGNALS ?? 150_000);
const GAP_MS = 25;
const EVENT_TIMEOUT_MS = 5000;
const round = (x: number) => Math.round(x * 10) / 10;

interface Figures {
  events: number; arrivals: number; p50Ms: number; p99Ms: number; maxMs: number; missed: number; refused?: number;
  /** The HTTP request's own round trip (send → answer): how busy the hub and its database are, for comparison. */
  requestP50Ms?: number; requestP99Ms?: number;
}

function figures(latencies: number[], events: number, missed: number): Figures {
  latencies.sort((a, b) => a - b);
  return { events, arrivals: latencies.length, p50Ms: round(quantile(latencies, 0.5)), p99Ms: round(quantile(latencies, 0.99)), maxMs: round(latencies.at(-1) ?? 0), missed };
}

/**
 * Posts `EVENTS` things one after another and times each one's arrival at every dashboard, from the moment the hub
 * answered the request (the commit is done by then: an upper bound on commit → dashboard).
 */
async function timeArrivals(d: BenchDashboards, post: (i: number) => Promise<{ tag: string; answeredAt: number; changed: boolean; requestMs: number }>, match: (msg: any) => string | null): Promise<Figures> {
  const requests: number[] = [];
  const answered = new Map<string, number>();
  const early = new Map<string, number[]>();
  const latencies: number[] = [];
  const arrived = new Map<string, number>();
  d.onFrame((msg, at) => {
    const tag = match(msg);
    if (tag === null) return;
    arrived.set(tag, (arrived.get(tag) ?? 0) + 1);
    const t = answered.get(tag);
    if (t === undefined) early.set(tag, [...(early.get(tag) ?? []), at]);
    else latencies.push(Math.max(0, at - t));
  });
  let missed = 0;
  let refused = 0;
  for (let i = 0; i < EVENTS; i++) {
    const { tag, answeredAt, changed, requestMs } = await post(i);
    requests.push(requestMs);
    // A decision the guardrails refused before it existed changes nothing: no event follows it.
    if (!changed) {
      refused++;
      continue;
    }
    answered.set(tag, answeredAt);
    // Frames that beat the HTTP answer to the client count as 0 ms after it.
    for (const _ of early.get(tag) ?? []) latencies.push(0);
    early.delete(tag);
    const deadline = performance.now() + EVENT_TIMEOUT_MS;
    while ((arrived.get(tag) ?? 0) < DASHBOARDS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    if ((arrived.get(tag) ?? 0) < DASHBOARDS) missed++;
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  requests.sort((a, b) => a - b);
  return { ...figures(latencies, EVENTS - refused, missed), refused, requestP50Ms: round(quantile(requests, 0.5)), requestP99Ms: round(quantile(requests, 0.99)) };
}

/** Raises the hub defaults' max_new_per_minute (tenants may only tighten it) and waits until the tenant's policy shows it. */
async function raiseDecisionLimit(url: string, operator: string, admin: string): Promise<void> {
  const call = async (method: string, route: string, key: string, body?: unknown) => {
    const res = await fetch(url + route, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    if (res.status !== 200) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const { config } = await call('GET', '/v1/config/correlation/defaults', operator);
  await call('PUT', '/v1/config/correlation/defaults', operator, { ...config, guardrails: { ...config.guardrails, max_new_per_minute: 100_000 } });
  for (let i = 0; i < 100; i++) {
    if ((await call('GET', '/v1/config/correlation', admin)).config?.guardrails?.max_new_per_minute === 100_000) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the raised guardrail did not reach the tenant policy');
}

async function main(): Promise<void> {
  const scratch = await startScratchCluster(path.join(path.resolve(import.meta.dirname, '..'), '.bench-pg'), ['-c', 'shared_buffers=256MB']);
  await createDatabaseFromTemplate(scratch.cluster, 'bench_dashboard');
  const { cluster } = scratch;
  const ownerUrl = localUrl('postgres', cluster.ownerPassword, cluster.port, 'bench_dashboard');
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  const port = await freePort();
  const child = await startChildHub({
    ownerUrl, appUrl: localUrl('quorum_app', cluster.appPassword, cluster.port, 'bench_dashboard'), port,
    env: { QUORUM_LOG_LEVEL: 'warn', QUORUM_KEY_RATE_PER_SECOND: '1000000', QUORUM_KEY_RATE_BURST: '10000000', SIGNAL_BATCH_TIMEOUT_MS: '20', SIGNAL_BATCH_SIZE: '1000', SIGNAL_MAX_QUEUE: '100000' },
  });
  const url = `http://127.0.0.1:${port}`;
  let dashboards: BenchDashboards | null = null;
  try {
    await owner.query('SELECT quorum_ensure_signal_partition(current_date)');
    const keys = createKeyStore(owner);
    const tenant = await keys.createTenant('bench');
    const admin = (await keys.createKey({ tenantId: tenant.id, scopes: ['admin'] })).key;
    const viewer = (await keys.createKey({ tenantId: tenant.id, scopes: ['dashboard:read'] })).key;
    const writer = (await keys.createKey({ tenantId: tenant.id, scopes: ['signal:write'] })).key;
    // Room for every decision of the run: the guardrails' volume limit (120 new per minute) is not what is measured.
    await raiseDecisionLimit(url, (await keys.createKey({ tenantId: tenant.id, scopes: ['operator'] })).key, admin);
    dashboards = await connectDashboards(`ws://127.0.0.1:${port}/ws/dashboard`, viewer, DASHBOARDS);

    const post = async (route: string, body: unknown) => {
      const sentAt = performance.now();
      const res = await fetch(url + route, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      const answeredAt = performance.now();
      return { answeredAt, requestMs: answeredAt - sentAt, changed: res.status === 200 || res.status === 201 || res.status === 202 };
    };
    let n = 0;
    const decision = async () => {
      const ip = `10.${200 + (n >> 16)}.${(n >> 8) & 255}.${n++ & 255}`;
      return { tag: `${ip}/32`, ...await post('/v1/mitigations', { indicator: ip, ttl_seconds: 3600, reason: 'bench' }) };
    };
    const signal = async () => {
      const subject = `bench-${n++}.example`;
      return { tag: subject, ...await post('/v1/signals', { signals: [{ source: 'bench', subject_type: 'domain', subject_id: subject, signal_key: 'bench.latency', signal_value: { value: 1 }, observed_at: new Date().toISOString() }] }) };
    };
    // A decision past the guardrails' volume limits is a rejection: it is a mitigation event all the same.
    const decisionTag = (m: any) => (m.type === 'mitigation' ? m.payload.indicator : null);
    const signalTag = (m: any) => (m.type === 'signal' ? m.payload.subjectId : null);

    console.error(`(1) ${EVENTS} decisions, one every ~${GAP_MS} ms, to ${DASHBOARDS} dashboards on an idle hub …`);
    const idleDecisions = await timeArrivals(dashboards, decision, decisionTag);
    console.error(`(2) ${EVENTS} signals the same way (the signals topic is sampled every QUORUM_DASHBOARD_SIGNAL_TICK_MS) …`);
    const idleSignals = await timeArrivals(dashboards, signal, signalTag);

    console.error(`(3) ${EVENTS} decisions while 4 sensors ingest ${LOAD_SIGNALS} signals at full speed …`);
    const sensors = Array.from({ length: 4 }, (_, i) => new SensorClient({ url: `ws://127.0.0.1:${port}/ws/sensors`, apiKey: writer, sensorId: `load-${i}`, batchSize: 1000, flushIntervalMs: 5, maxBuffer: LOAD_SIGNALS, maxInFlight: 8 }));
    await Promise.all(sensors.map((s) => s.connect()));
    const traffic = createTraffic('flood');
    for (let i = 0; i < LOAD_SIGNALS; i++) sensors[i % 4]!.send(traffic.next());
    for (const s of sensors) s.flush();
    const loadedDecisions = await timeArrivals(dashboards, decision, decisionTag);
    await Promise.all(sensors.map((s) => s.drain(120_000)));
    for (const s of sensors) s.close();

    console.log(JSON.stringify({
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, dashboards: DASHBOARDS,
      measured: 'from the hub\'s HTTP answer (after commit) to the frame\'s arrival at each dashboard',
      idle: { decisions: idleDecisions, signals: idleSignals }, underIngest: { decisions: loadedDecisions, signals: LOAD_SIGNALS },
      goal: 'decisions p99 <= 250 ms',
    }, null, 2));
  } finally {
    dashboards?.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    owner.on('error', () => undefined);
    await owner.end();
    await scratch.stop();
  }
}

await main();
