// Sensor heartbeat write benchmark (`npm run bench:sensor-health`): heartbeats per second the hub stores (latest health,
// per-minute history upsert, sync state: one statement in withTenant) against a plain one-row INSERT under the same
// withTenant, in the same run. Loopback only, bounded in count and time; never leaves a server running.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startHub } from '../src/hub.ts';
import { withTenant } from '../src/db/pools.ts';
import { createSensorDirectory } from '../src/ingest/sensor-directory.ts';
import type { HeartbeatPayload } from '../src/ingest/sensor-protocol.ts';
import { freePort } from '../test/helpers/process.ts';

const N = Number(process.env.BENCH_HEARTBEATS ?? 3000);
const SENSORS = 100;
const CONCURRENCY = 8;
const MAX_MS = 60_000;

const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-bench-health-'));
const config = loadConfig({ dataDir, port: 0, embeddedPgPort: await freePort(), logLevel: 'silent', logFormat: 'json' }, {});
const hub = await startHub(config, pino({ level: 'silent' }));
try {
  const tenantId = hub.bootstrap.tenantId;
  const app = hub.pools.app;
  // One minute of heartbeats per sensor every SENSORS beats: the history upsert both inserts and updates, as in life.
  let at = Date.parse('2026-12-03T10:00:00Z');
  const directory = createSensorDirectory(app, () => new Date(at));
  for (let i = 0; i < SENSORS; i++) {
    await directory.connect(tenantId, { sensorId: `bench-${i}`, kind: 'synapse', name: null, version: '1.0.0', region: null, protocolVersion: '1.0', fingerprint: null, address: '127.0.0.1' });
  }
  await hub.pools.owner.query('CREATE TABLE bench_plain_heartbeats (tenant_id uuid NOT NULL, sensor_id text NOT NULL, at timestamptz NOT NULL, body jsonb NOT NULL)');
  await hub.pools.owner.query('GRANT INSERT ON bench_plain_heartbeats TO quorum_app');
  const beat = (i: number): HeartbeatPayload => ({
    timestamp: at, status: i % 50 === 0 ? 'degraded' : 'healthy', cpu: i % 100, memory: 40, disk: 55, requestsLastMinute: 900 + i, avgLatencyMs: 2.5,
    configHash: 'cfg-1', rulesHash: 'rules-1', blocklistVersion: i % 7,
  });

  async function run(label: string, one: (i: number) => Promise<unknown>): Promise<number> {
    let next = 0;
    const t0 = performance.now();
    const worker = async () => {
      while (next < N && performance.now() - t0 < MAX_MS) {
        const i = next++;
        if (i % SENSORS === 0) at += 30_000;
        await one(i);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ms = performance.now() - t0;
    const rate = next / (ms / 1000);
    console.log(`${label.padEnd(34)} ${next} in ${ms.toFixed(0)} ms: ${rate.toFixed(0)}/s, ${((ms * 1000 * CONCURRENCY) / next).toFixed(0)} µs per write (${CONCURRENCY} concurrent)`);
    return rate;
  }

  const plain = await run('baseline: plain INSERT', (i) => withTenant(app, tenantId, (c) => c.query('INSERT INTO bench_plain_heartbeats VALUES ($1, $2, $3, $4)', [tenantId, `bench-${i % SENSORS}`, new Date(at), beat(i)])));
  const health = await run('hub: heartbeat (health+history+sync)', (i) => directory.heartbeat(tenantId, `bench-${i % SENSORS}`, beat(i)));
  const rows = (await hub.pools.owner.query('SELECT count(*)::int AS n FROM sensor_health_history')).rows[0].n;
  console.log(`ratio hub/baseline: ${(health / plain).toFixed(2)}; history rows: ${rows} (one per sensor per minute)`);
} finally {
  await hub.stop();
}
