// CrowdSec bouncer benchmark (`npm run bench:enforcement:bouncer`, BENCH_QUICK=1 for a smoke run): the startup stream of
// 100,000 decisions, delta polls and single-IP lookups with 2,000,000 expired blocks in the table, and corroborating
// signal committed → visible to a poll; each figure next to a baseline from the same run. Never leaves a server running.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import YAML from 'yaml';
import { loadConfig } from '../src/config/config.ts';
import { startHub } from '../src/hub.ts';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
import type { SignalInput } from '../src/store/emitter.ts';
import { readActiveIpBlocks } from '../src/distribute/bouncer-queries.ts';
import { withTenant } from '../src/db/pools.ts';
import { freePort } from '../test/helpers/process.ts';
import { seedBlocks } from '../test/helpers/bulk-blocks.ts';
import { pct } from './percentile.ts';
import { createHttpClient } from './http-client.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ACTIVE = QUICK ? 10_000 : 100_000;
const EXPIRED = QUICK ? 50_000 : 2_000_000;
const POLLS = QUICK ? 100 : 1000;
const STARTUPS = QUICK ? 2 : 5;
const DECISIONS = QUICK ? 20 : 200;

const fmt = (x: number) => x.toFixed(2).padStart(8);
const line = (what: string, xs: number[], base: number[]) => console.log(
  `  ${what.padEnd(48)} p50 ${fmt(pct(xs, 50))} ms  p99 ${fmt(pct(xs, 99))} ms   baseline p50 ${fmt(pct(base, 50))} ms  p99 ${fmt(pct(base, 99))} ms   ratio p50 ${fmt(pct(xs, 50) / pct(base, 50))} ×`);

const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-bench-bouncer-'));
const cfg = { ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true, guardrails: { max_new_per_minute: 1_000_000, max_active_per_tenant: 1_000_000 } };
await writeFile(path.join(dataDir, 'correlation.yaml'), YAML.stringify(cfg));
const config = loadConfig({ dataDir, port: 0, embeddedPgPort: await freePort(), logLevel: 'silent', logFormat: 'json', reconcileIntervalMs: 3_600_000 }, {});
const hub = await startHub(config, pino({ level: 'silent' }));
// The client runs on the hub's event loop: a lean one (fetch() costs several times the hub's CPU for a small answer).
const http = createHttpClient(2);
try {
  const big = (await hub.keys.createTenant('bench-big')).id;
  const key = (await hub.keys.createKey({ tenantId: big, scopes: ['blocklist:read'] })).key;
  const seeded = performance.now();
  await seedBlocks(hub.pools.owner, big, EXPIRED, 'expired', '11.0.0.0', new Date());
  await seedBlocks(hub.pools.owner, big, ACTIVE, 'active', '10.0.0.0', new Date());
  await hub.pools.owner.query('VACUUM ANALYZE mitigations');
  await hub.pools.owner.query('VACUUM ANALYZE block_changes');
  // The seed bypassed the follower: left alone, its next poll would read all 4.2 M changes of the new tenant in the
  // background while the polls below are measured. A hub that lived through them read each once, as it was written.
  const followed = performance.now();
  await hub.distribute.follower.caughtUp();
  const followMs = performance.now() - followed;
  await hub.pools.owner.query('CHECKPOINT');
  console.log(`the block follower read the seeded changes in ${(followMs / 1000).toFixed(1)} s; then CHECKPOINT`);
  console.log(`seeded ${ACTIVE} active and ${EXPIRED} expired blocks in ${((performance.now() - seeded) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const get = async (url: string, k = key, ua = 'bench') => {
    const res = await http.get(hub.url + url, { 'x-api-key': k, 'user-agent': ua });
    if (res.status !== 200 && res.status !== 404) throw new Error(`${url} answered ${res.status}: ${res.text}`);
    return res.text;
  };

  /** A startup answer read to its last byte and dropped as it comes (a bouncer decodes it elsewhere); returns decisions seen. */
  const startupAnswer = (ua: string, gzip: boolean) => new Promise<number>((resolve, reject) => {
    httpGet(`${hub.url}/v1/decisions/stream?startup=true`, { headers: { 'x-api-key': key, 'user-agent': ua, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve(bytes));
    }).on('error', reject);
  });

  // 1. Startup stream: the whole answer, to the last byte, plain and gzip; baseline: reading the same blocks alone.
  const startup: number[] = [];
  const startupGzip: number[] = [];
  const read: number[] = [];
  let peakRssGrowth = 0;
  for (let i = 0; i < STARTUPS; i++) {
    let t = performance.now();
    await withTenant(hub.pools.app, big, (c) => readActiveIpBlocks(c, big, new Date(), 5000, async () => undefined));
    read.push(performance.now() - t);
    const rss = process.memoryUsage().rss;
    const sampler = setInterval(() => { peakRssGrowth = Math.max(peakRssGrowth, process.memoryUsage().rss - rss); }, 10);
    t = performance.now();
    const bytes = await startupAnswer(`startup-${i}`, false);
    startup.push(performance.now() - t);
    t = performance.now();
    await startupAnswer(`startup-gzip-${i}`, true);
    startupGzip.push(performance.now() - t);
    clearInterval(sampler);
    if (bytes < ACTIVE * 150) throw new Error(`the startup answer is incomplete (${bytes} bytes)`);
  }

  // 2. Delta polls of a bouncer positioned by its startup (nothing new, and a new block each time), and single-IP
  //    lookups (hits and misses); baseline: the block changes feed endpoint after the current version (one indexed read).
  await get('/v1/decisions/stream?startup=true', key, 'poller');
  const feedKey = (await hub.keys.createKey({ tenantId: big, scopes: ['signal:read'] })).key;
  const feedVersion = Number((await hub.pools.owner.query('SELECT version FROM block_versions WHERE tenant_id = $1', [big])).rows[0].version);
  const delta: number[] = [];
  const lookup: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < POLLS; i++) {
    let t = performance.now();
    await http.get(`${hub.url}/v1/blocks/changes?since=${feedVersion}`, { authorization: `Bearer ${feedKey}` });
    baseline.push(performance.now() - t);
    t = performance.now();
    await get('/v1/decisions/stream', key, 'poller');
    delta.push(performance.now() - t);
    const ip = i % 2 ? `10.0.${(i >> 8) & 255}.${i & 255}` : `12.0.${(i >> 8) & 255}.${i & 255}`;
    t = performance.now();
    await get(`/v1/decisions?ip=${ip}`);
    lookup.push(performance.now() - t);
  }

  // 3. A bouncer that has never pulled asks for a delta: it gets the startup answer of its tenant (here the bench's
  //    default tenant: a few active blocks), whatever the history in the table.
  const quietKey = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['blocklist:read'] })).key;
  const neverPulled: number[] = [];
  for (let i = 0; i < POLLS; i++) {
    const t = performance.now();
    await get('/v1/decisions/stream', quietKey, `never-${i}`);
    neverPulled.push(performance.now() - t);
  }

  // 4. Corroborating signal committed → visible to a poll (a bouncer polling back to back); baseline: → mitigation stored.
  const tenantId = hub.bootstrap.tenantId;
  await get('/v1/decisions/stream?startup=true', quietKey, 'watcher');
  let committedAt = 0;
  hub.bus.subscribe(() => { committedAt = performance.now(); });
  const ddos = (i: number, source: string): SignalInput => ({
    source, subjectType: 'ip', subjectId: `172.16.${(i >> 8) & 255}.${i & 255}`, key: 'ddos.attack',
    value: { value: 0.9, vector: 'udp_flood' }, severity: 'critical', observedAt: new Date(),
  });
  const visible: number[] = [];
  const stored: number[] = [];
  for (let i = 1; i <= DECISIONS; i++) {
    await hub.emitter.emit(tenantId, ddos(i, 'fastnetmon'));
    await hub.correlation.caughtUp();
    const value = `172.16.${(i >> 8) & 255}.${i & 255}`;
    let seen = false;
    const poller = (async () => {
      for (let n = 0; !seen && n < 100_000; n++) {
        if ((await get('/v1/decisions/stream', quietKey, 'watcher')).includes(`"value":"${value}"`)) { seen = true; return performance.now(); }
      }
      throw new Error(`${value} never became visible`);
    })();
    await hub.emitter.emit(tenantId, ddos(i, 'alertmanager'));
    const commit = committedAt;
    await hub.correlation.caughtUp();
    stored.push(performance.now() - commit);
    visible.push((await poller) - commit);
  }

  console.log(`CrowdSec bouncer API, ${ACTIVE} active + ${EXPIRED} expired blocks in one tenant, embedded PostgreSQL, in-process client${QUICK ? ' (BENCH_QUICK)' : ''}`);
  console.log(`  (the whole decision list is checked by test/crowdsec-large.test.ts; here the answer's bytes are counted and dropped)`);
  line(`startup stream of ${ACTIVE} decisions (plain)`, startup, read);
  line(`startup stream of ${ACTIVE} decisions (gzip)`, startupGzip, read);
  console.log(`    (baseline: reading the ${ACTIVE} active blocks in one snapshot, no HTTP; peak RSS growth while streaming ${(peakRssGrowth / 2 ** 20).toFixed(1)} MiB)`);
  line('delta poll, positioned bouncer', delta, baseline);
  line('single-IP lookup (half hits, half misses)', lookup, baseline);
  line('delta poll, bouncer that never pulled', neverPulled, baseline);
  console.log('    (baseline: GET /v1/blocks/changes?since=<current>, one indexed read over HTTP)');
  line('corroborating signal committed → visible to a poll', visible, stored);
  console.log('    (baseline: the same commit → mitigation stored)');
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  http.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
}
