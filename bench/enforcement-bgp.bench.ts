// Router enforcement latency (`npm run bench:enforcement:bgp`, `BENCH_QUICK=1` for a smoke run): corroborating signal
// committed → FlowSpec route in a real gobgpd's RIB, p50/p99, next to a bare AddPath → RIB baseline from the same run.

import * as grpc from '@grpc/grpc-js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import YAML from 'yaml';
import { loadConfig } from '../src/config/config.ts';
import { startHub } from '../src/hub.ts';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
import type { SignalInput } from '../src/store/emitter.ts';
import { createGobgpClient, serviceDefinition } from '../src/distribute/bgp/gobgp-client.ts';
import { createRouteCodec, loadGobgpProtos, type ApiPath } from '../src/distribute/bgp/route-codec.ts';
import { routeForBlock } from '../src/distribute/bgp/routes.ts';
import { announceDefaults } from '../src/distribute/bgp/target.ts';
import { gobgpdMissing, startGobgpd } from '../test/helpers/gobgpd.ts';
import { waitUntil } from '../test/helpers/hub-process.ts';
import { freePort } from '../test/helpers/process.ts';
import { pct } from './percentile.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_ROUTES ?? (QUICK ? 50 : 500));
const WARMUP = QUICK ? 10 : 30;


const missing = gobgpdMissing();
if (missing) {
  console.log(missing);
  process.exit(0);
}

const gobgpd = await startGobgpd();
const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-bench-bgp-'));
const cfg = { ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true, guardrails: { max_new_per_minute: 1_000_000, max_active_per_tenant: 1_000_000 } };
await writeFile(path.join(dataDir, 'correlation.yaml'), YAML.stringify(cfg));
const config = loadConfig({
  dataDir, port: 0, embeddedPgPort: await freePort(), logLevel: 'silent', logFormat: 'json', reconcileIntervalMs: 3_600_000,
  gobgpAddr: gobgpd.address, gobgpReconcileMs: 3_600_000,
}, {});
const hub = await startHub(config, pino({ level: 'silent' }));

// The RIB's best-path events, so that "present in gobgpd" is the moment GoBGP installed the route, not a poll's tick.
const protos = loadGobgpProtos();
const codec = createRouteCodec(protos);
const Watcher = grpc.makeGenericClientConstructor(serviceDefinition(protos, ['WatchEvent']), 'GobgpApi');
const watcher = new Watcher(gobgpd.address, grpc.credentials.createInsecure()) as unknown as Record<string, (req: object) => grpc.ClientReadableStream<any>>;
const waiting = new Map<string, (at: number) => void>();
const events = watcher.WatchEvent!({ table: { filters: [{ type: 'BEST', init: false }] } });
events.on('data', (ev: { table?: { paths: (ApiPath & { is_withdraw?: boolean })[] } }) => {
  const at = performance.now();
  for (const p of ev.table?.paths ?? []) {
    const prefix = p.is_withdraw ? null : codec.decode(p)?.route.prefix;
    if (prefix) waiting.get(prefix)?.(at);
  }
});
events.on('error', () => undefined);
const seen = (prefix: string) => new Promise<number>((resolve) => waiting.set(prefix, resolve));

const bare = createGobgpClient({ address: gobgpd.address });
try {
  await waitUntil('the announcer lease', 10_000, async () => hub.distribute.bgp!.state() === 'ok');
  const tenantId = hub.bootstrap.tenantId;
  let committedAt = 0;
  hub.bus.subscribe(() => { committedAt = performance.now(); });
  const ip = (base: number, i: number) => `10.${base + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}`;
  const ddos = (i: number, source: string): SignalInput => ({
    source, subjectType: 'ip', subjectId: ip(0, i), key: 'ddos.attack', value: { value: 0.9, vector: 'udp_flood' }, severity: 'critical', observedAt: new Date(),
  });
  const defaults = announceDefaults(config);
  // When the follower hands the block's change to the targets: splits the total into decision + feed, and the announcer.
  const handed = new Map<string, number>();
  hub.distribute.follower.onChanges((_tenant, changes) => {
    for (const c of changes) if (c.change === 'created') handed.set(c.indicator, performance.now());
  });

  const baseline: number[] = [];
  const enforced: number[] = [];
  const announcer: number[] = [];
  for (let i = 1; i <= N + WARMUP; i++) {
    // Baseline: the same kind of route added by a bare AddPath, until GoBGP reports it installed.
    const route = routeForBlock({ prefix: `${ip(100, i)}/32`, bgp: null, vector: 'udp_flood' }, defaults)!;
    const bareSeen = seen(route.prefix);
    const t0 = performance.now();
    await bare.addPath(route);
    const bareMs = (await bareSeen) - t0;

    // The first source opens the group; the second corroborates it: its commit → the FlowSpec rule in the RIB.
    await hub.emitter.emit(tenantId, ddos(i, 'fastnetmon'));
    await hub.correlation.caughtUp();
    const prefix = `${ip(0, i)}/32`;
    const routeSeen = seen(prefix);
    await hub.emitter.emit(tenantId, ddos(i, 'alertmanager'));
    const seenAt = await routeSeen;
    if (i > WARMUP) {
      baseline.push(bareMs);
      enforced.push(seenAt - committedAt);
      announcer.push(seenAt - handed.get(prefix)!);
    }
  }
  const rib = Object.keys(await gobgpd.rib('ipv4-flowspec')).length;
  if (rib !== 2 * (N + WARMUP)) throw new Error(`expected ${2 * (N + WARMUP)} FlowSpec routes, found ${rib}`);

  const fmt = (x: number) => x.toFixed(2).padStart(7);
  console.log(`router enforcement over ${N} corroborated blocks (after ${WARMUP} warm-up), sequential, embedded PostgreSQL, gobgpd 3.10; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`  signal committed → route in gobgpd RIB    p50 ${fmt(pct(enforced, 50))} ms   p99 ${fmt(pct(enforced, 99))} ms   (goal p99 ≤ 100 ms)`);
  console.log(`    of which change handed on → in RIB      p50 ${fmt(pct(announcer, 50))} ms   p99 ${fmt(pct(announcer, 99))} ms   (the announcer: block read, AddPath)`);
  console.log(`  baseline: bare AddPath → route in RIB     p50 ${fmt(pct(baseline, 50))} ms   p99 ${fmt(pct(baseline, 99))} ms`);
  console.log(`  ratio enforced / bare AddPath             p50 ${fmt(pct(enforced, 50) / pct(baseline, 50))} ×   p99 ${fmt(pct(enforced, 99) / pct(baseline, 99))} ×`);
} finally {
  events.cancel();
  (watcher as unknown as grpc.Client).close();
  bare.close();
  await hub.stop();
  await gobgpd.stop();
  await rm(dataDir, { recursive: true, force: true });
}
