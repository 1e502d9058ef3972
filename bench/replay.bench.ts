// Replay benchmark (`npm run bench:replay`): stores BENCH_ROWS attack reports, then runs one replay and then
// BENCH_REPLAYS concurrent ones against a hub process; prints its RSS growth and /healthz latency during each.

import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import YAML from 'yaml';
import { createDatabaseFromTemplate, startScratchCluster } from '../test/helpers/scratch-cluster.ts';
import { freePort } from '../test/helpers/process.ts';
import { startChildHub } from '../test/helpers/child-hub.ts';
import { localUrl } from '../src/db/pools.ts';
import { copyRows } from '../src/store/signal-queries.ts';
import { createPartitionManager } from '../src/store/partitions.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const REPLAYS = Number(process.env.BENCH_REPLAYS ?? 3);

const root = path.resolve(import.meta.dirname, '..');
const scratch = await startScratchCluster(path.join(root, '.bench-pg'));
const { cluster } = scratch;
const ownerUrl = localUrl('postgres', cluster.ownerPassword, cluster.port, 'bench');
let hub: ChildProcess | null = null;

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Attack reports as the adapters store them, with a raw notification of a few hundred bytes each. */
function reportLines(tenantId: string, n: number, since: number, spanMs: number): string[] {
  const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return Array.from({ length: n }, (_, i) => {
    const victim = `10.${(i >> 8) & 63}.${i & 255}.${(i >> 14) & 255}`;
    const source = i % 2 ? 'alertmanager' : 'fastnetmon';
    const value = {
      value: 0.7 + (i % 3) / 10, vector: ['udp_flood', 'syn_flood', 'icmp_flood'][i % 3], external_id: `attack-${i}`, bps: 1e9 + i, pps: 9e5 + i,
      raw: { action: 'ban', ip: victim, alert_scope: 'host', attack_details: { attack_uuid: `uuid-${i}`, incoming_udp_pps: 950000, incoming_tcp_pps: 1000, incoming_syn_tcp_pps: 10, total_incoming_traffic_bits: 1200000000 } },
    };
    const observed = new Date(since + Math.floor((i / n) * spanMs)).toISOString();
    return [tenantId, source, 'ip', victim, 'ddos.attack', JSON.stringify(value), 'high', observed, 3600].map((v) => csv(String(v))).join(',') + '\n';
  });
}

/** Runs `replays` concurrent replays while sampling the hub's RSS and /healthz latency every 50 ms. */
async function measure(base: string, pid: number, key: string, body: string, replays: number) {
  const rssBefore = rssMiB(pid);
  let rssPeak = rssBefore;
  const health: number[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      rssPeak = Math.max(rssPeak, rssMiB(pid));
      const t = performance.now();
      await fetch(`${base}/healthz`).then((r) => r.arrayBuffer());
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const statuses = await Promise.all(Array.from({ length: replays }, async () => {
    const res = await fetch(`${base}/v1/config/correlation/replay`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    const text = await res.text();
    if (res.status !== 200 && res.status !== 429) throw new Error(`replay answered ${res.status}: ${text.slice(0, 300)}`);
    return res.status;
  }));
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await sampler;
  health.sort((a, b) => a - b);
  return { statuses, seconds, rssBefore, rssPeak, healthP50: health[Math.floor(health.length / 2)] ?? 0, healthMax: health.at(-1) ?? 0 };
}

try {
  await createDatabaseFromTemplate(cluster, 'bench', true);
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  const since = Date.now() - 2 * 3600_000;
  await createPartitionManager(owner).ensureAhead(new Date(since), 3);
  const tenantId = (await owner.query("INSERT INTO tenants (name) VALUES ('default') RETURNING id")).rows[0].id as string;
  const key = (await createKeyStore(owner).createKey({ tenantId, scopes: ['signal:read'] })).key;
  const client = await owner.connect();
  await copyRows(client, 'COPY signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds) FROM STDIN WITH (FORMAT csv)',
    reportLines(tenantId, ROWS, since, 3600_000));
  client.release();
  await owner.end();

  const port = await freePort();
  hub = await startChildHub({
    ownerUrl, appUrl: localUrl('quorum_app', cluster.appPassword, cluster.port, 'bench'), port,
    dataDir: path.join(root, '.bench-pg', 'hub'), env: { QUORUM_LOG_LEVEL: 'warn' },
    nodeArgs: process.env.BENCH_HUB_NODE_ARGS?.split(' ').filter(Boolean),
  });
  const base = `http://127.0.0.1:${port}`;
  // A whole policy document: valid as candidate overrides and as a full config alike, so old and new hubs compare.
  const quiet = { ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true };
  const decisive = { ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true };
  decisive.playbooks[0].correlation = { min_sources: 1, confidence_threshold: 0.85 };
  const body = (config: unknown) => JSON.stringify({ config, since: new Date(since - 60_000).toISOString(), until: new Date().toISOString() });
  await fetch(`${base}/healthz`);

  const fmt = (r: Awaited<ReturnType<typeof measure>>) =>
    `answers ${r.statuses.join(',')} in ${r.seconds.toFixed(1)} s; hub RSS ${r.rssBefore.toFixed(0)} → peak ${r.rssPeak.toFixed(0)} MiB (+${(r.rssPeak - r.rssBefore).toFixed(0)}); /healthz p50 ${r.healthP50.toFixed(0)} ms, max ${r.healthMax.toFixed(0)} ms`;
  console.log(`\nQuorum replay benchmark — ${ROWS.toLocaleString('en-US')} stored attack reports in range`);
  // Every victim is reported once: the live policy (min_sources 2) decides nothing; the decisive one decides on a third.
  console.log(`one replay, no decisions:        ${fmt(await measure(base, hub.pid!, key, body(quiet), 1))}`);
  console.log(`one replay, ${(ROWS / 3).toFixed(0)} decisions:   ${fmt(await measure(base, hub.pid!, key, body(decisive), 1))}`);
  console.log(`${REPLAYS} concurrent, no decisions:  ${fmt(await measure(base, hub.pid!, key, body(quiet), REPLAYS))}`);
} finally {
  if (hub) {
    hub.kill('SIGTERM');
    await new Promise((r) => hub!.once('exit', r));
  }
  await scratch.stop();
}
