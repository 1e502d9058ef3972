// `npm run bench:fleet`: a fleet-wide command to 1,000 connected SDK sensors (POST /v1/commands → every ack recorded) and an
// immediate rule rollout to them, next to a blocklist push to the same sensors in the same run (a ratio). Loopback, bounded.

import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { withTenant } from '../src/db/pools.ts';
import type { SensorClient } from '../src/sdk/sensor-client.ts';
import { simulatedSensor } from '../src/sdk/simulated-sensor.ts';
import { freePort } from '../test/helpers/process.ts';
import { pct } from './percentile.ts';

const SENSORS = Number(process.env.BENCH_FLEET_SENSORS ?? 1000);
/** Rounds of each measurement after one warm-up round. */
const ROUNDS = Number(process.env.BENCH_FLEET_ROUNDS ?? 2);
const CONNECT_BATCH = 50;
const PHASE_LIMIT_MS = 30_000;

/** Errors the hub answered the sensors with, by code and text (none expected). */
const serverErrors = new Map<string, number>();
const fmt = (x: number) => x.toFixed(1).padStart(8);
const line = (label: string, xs: number[]) => console.log(`  ${label.padEnd(56)} p50 ${fmt(pct(xs, 50))} ms   p99 ${fmt(pct(xs, 99))} ms   max ${fmt(Math.max(...xs))} ms`);

/** Resolves when `done()` holds, checking every 5 ms; throws after PHASE_LIMIT_MS. */
async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const end = Date.now() + PHASE_LIMIT_MS;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`${what}: not done within ${PHASE_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function post(hub: Hub, key: string, route: string, body: unknown): Promise<any> {
  const res = await fetch(hub.url + route, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${route} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** SENSORS simulated SDK sensors of one tenant, connected CONNECT_BATCH at a time with their key on the upgrade. */
async function connectFleet(hub: Hub, key: string): Promise<SensorClient[]> {
  const url = `${hub.url.replace(/^http/, 'ws')}/ws/sensors`;
  const clients: SensorClient[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SENSORS; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, SENSORS - i) }, (_, k) => simulatedSensor({ url, apiKey: key, sensorId: `fleet-${String(i + k + 1).padStart(4, '0')}` }));
    for (const c of batch) c.on('server-error', (e: { code?: string; error?: string }) => { const k = `${e.code}: ${e.error}`.slice(0, 160); serverErrors.set(k, (serverErrors.get(k) ?? 0) + 1); });
    await Promise.all(batch.map((c) => c.connect()));
    clients.push(...batch);
  }
  await Promise.all(clients.map((c) => c.blocklistReady(PHASE_LIMIT_MS)));
  console.log(`  ${SENSORS} SDK sensors connected, authenticated and holding the blocklist in ${(performance.now() - t0).toFixed(0)} ms`);
  return clients;
}

/** Baseline: one block (POST /v1/mitigations) → in the blocklist of every sensor; per-sensor times from the POST. */
async function blocklistRound(hub: Hub, key: string, clients: SensorClient[], r: number): Promise<{ each: number[]; all: number }> {
  const indicator = `203.0.113.${r + 1}`;
  const each: number[] = [];
  const t0 = performance.now();
  const seen = new Set<SensorClient>();
  const listeners = clients.map((c) => {
    const on = () => {
      if (seen.has(c) || !c.isBlocked(indicator)) return;
      seen.add(c);
      each.push(performance.now() - t0);
    };
    c.on('blocklist', on);
    return () => c.off('blocklist', on);
  });
  await post(hub, key, '/v1/mitigations', { indicator, ttl_seconds: 3600 });
  await until('blocklist push', () => seen.size === clients.length);
  listeners.forEach((off) => off());
  return { each, all: Math.max(...each) };
}

/** One fleet-wide command → every sensor's ack recorded as succeeded; per-sensor times from the POST (hub clock: finished_at). */
async function commandRound(hub: Hub, key: string, tenantId: string): Promise<{ each: number[]; sent: number[]; all: number }> {
  const wall0 = Date.now();
  const t0 = performance.now();
  const answer = await post(hub, key, '/v1/commands', { type: 'collect_diagnostics', payload: {}, selector: { connected: true } });
  if (answer.commands.length !== SENSORS) throw new Error(`the selector chose ${answer.commands.length} sensors, not ${SENSORS}`);
  const finished = () => withTenant(hub.pools.app, tenantId, (c) => c.query<{ status: string; ms: number; sent_ms: number }>(
    `SELECT status, extract(epoch FROM finished_at) * 1000 - $2::float8 AS ms, extract(epoch FROM sent_at) * 1000 - $2::float8 AS sent_ms FROM sensor_commands
     WHERE tenant_id = $1 AND fleet_request_id = $3 AND finished_at IS NOT NULL`, [tenantId, wall0, answer.fleet_request_id]));
  let all = 0;
  await until('fleet command', async () => {
    const n = (await finished()).rows.length;
    if (n === SENSORS) all = performance.now() - t0;
    return n === SENSORS;
  }).catch(async (err) => {
    const { rows } = await hub.pools.owner.query('SELECT status, attempts, count(*)::int AS n FROM sensor_commands WHERE fleet_request_id = $1 GROUP BY 1, 2', [answer.fleet_request_id]);
    throw new Error(`${(err as Error).message}; commands by status and attempts: ${JSON.stringify(rows)}; errors sent to sensors: ${JSON.stringify([...serverErrors])}`);
  });
  const rows = (await finished()).rows;
  const failed = rows.filter((x) => x.status !== 'succeeded');
  if (failed.length) throw new Error(`${failed.length} commands did not succeed: ${JSON.stringify(failed.slice(0, 3))}`);
  return { each: rows.map((x) => x.ms), sent: rows.map((x) => x.sent_ms), all };
}

/** Resolves with the answer, or null when the hub has no such route (a build without rollouts). */
async function postIfRouted(hub: Hub, key: string, route: string, body: unknown): Promise<any | null> {
  const res = await fetch(hub.url + route, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status === 404 && text.includes('no route')) return null;
  if (res.status >= 300) throw new Error(`${route} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** An immediate rule rollout → applied by every sensor (its `applied` event) and the rollout completed; null without rollouts. */
async function rolloutRound(hub: Hub, key: string, clients: SensorClient[]): Promise<{ each: number[]; all: number } | null> {
  const version = `bench-${Date.now()}`;
  if (!await postIfRouted(hub, key, '/v1/rule-bundles', { version, document: { rules: [{ id: 'bench-1', match: 'union select', action: 'block' }] } })) return null;
  const each: number[] = [];
  const t0 = performance.now();
  const offs = clients.map((c) => {
    const on = (a: { kind: string; version: string }) => { if (a.kind === 'rules' && a.version === version) each.push(performance.now() - t0); };
    c.on('applied', on);
    return () => c.off('applied', on);
  });
  const rollout = await post(hub, key, '/v1/rollouts', { kind: 'rules', version, strategy: 'immediate', targets: { connected: true } });
  let all = 0;
  await until('rollout', async () => {
    const res = await fetch(`${hub.url}/v1/rollouts/${rollout.id}`, { headers: { authorization: `Bearer ${key}` } });
    const r = await res.json() as { state: string; reason: string | null };
    if (r.state === 'rolled_back' || r.state === 'aborted') throw new Error(`rollout ${r.state}: ${r.reason}`);
    if (r.state === 'completed') all = performance.now() - t0;
    return r.state === 'completed';
  });
  offs.forEach((off) => off());
  if (each.length !== clients.length) throw new Error(`${each.length} of ${clients.length} sensors applied the rollout`);
  return { each, all };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-bench-fleet-'));
const config = loadConfig({
  dataDir, port: 0, embeddedPgPort: await freePort(), logLevel: 'silent', logFormat: 'json', reconcileIntervalMs: 3_600_000,
  sensorMaxConnections: SENSORS + 50, keyRatePerSecond: 1_000_000, keyRateBurst: 1_000_000,
}, {});
const hub = await startHub(config, pino({ level: 'silent' }));
let clients: SensorClient[] = [];
try {
  console.log(`fleet benchmark: ${SENSORS} SDK sensors (SensorClient, the simulator's sensors), hub and sensors in one process, embedded PostgreSQL; ${ROUNDS} rounds after a warm-up; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const tenantId = (await hub.keys.createTenant('bench-fleet')).id;
  const key = (await hub.keys.createKey({ tenantId, scopes: ['admin', 'signal:write', 'signal:read', 'mitigation:write'] })).key;
  clients = await connectFleet(hub, key);
  const push = { each: [] as number[], all: [] as number[] };
  const command = { each: [] as number[], sent: [] as number[], all: [] as number[] };
  for (let r = 0; r <= ROUNDS; r++) {
    const b = await blocklistRound(hub, key, clients, r);
    const c = await commandRound(hub, key, tenantId);
    if (r === 0) continue;
    push.each.push(...b.each);
    push.all.push(b.all);
    command.each.push(...c.each);
    command.sent.push(...c.sent);
    command.all.push(c.all);
  }
  console.log(`\n1. baseline: one block → blocklist-push applied by each of ${SENSORS} sensors (percentiles over every sensor and round)`);
  line('POST /v1/mitigations → in the sensor\'s blocklist', push.each);
  line('POST → all sensors hold it', push.all);
  console.log(`\n2. fleet-wide collect_diagnostics (POST /v1/commands, selector {connected: true}) → every ack recorded`);
  line('POST /v1/commands → sent to this sensor (sent_at, last attempt)', command.sent);
  line('POST /v1/commands → this sensor\'s command succeeded (finished_at)', command.each);
  line(`POST → all ${SENSORS} succeeded`, command.all);
  const rollout = await rolloutRound(hub, key, clients);
  console.log(`\n3. immediate rule rollout (POST /v1/rollouts, targets {connected: true}), one round`);
  if (rollout) {
    line('POST /v1/rollouts → this sensor applied the bundle (SDK event)', rollout.each);
    console.log(`  POST → the rollout completed: ${rollout.all.toFixed(0)} ms`);
  } else console.log('  skipped: this build has no rollouts API');
  console.log(`\nratio command / blocklist push: per sensor p50 ${(pct(command.each, 50) / pct(push.each, 50)).toFixed(2)} ×, p99 ${(pct(command.each, 99) / pct(push.each, 99)).toFixed(2)} ×; all acknowledged ${(pct(command.all, 50) / pct(push.all, 50)).toFixed(2)} × (medians)`);
  if (rollout) console.log(`ratio rollout / blocklist push: per sensor p50 ${(pct(rollout.each, 50) / pct(push.each, 50)).toFixed(2)} ×, p99 ${(pct(rollout.each, 99) / pct(push.each, 99)).toFixed(2)} ×; completed ${(rollout.all / pct(push.all, 50)).toFixed(2)} ×`);
  console.log(`errors the hub answered sensors with (each retried by the SDK): ${serverErrors.size ? JSON.stringify([...serverErrors]) : 'none'}`);
  console.log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  for (const c of clients) c.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
}
