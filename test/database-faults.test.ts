// Fault tests with real processes: database connections killed under load, the database stopped, the postmaster killed.
// Destructive work happens on a scratch cluster or a hub's own embedded database, never on the shared test cluster.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startScratchCluster, type ScratchCluster } from './helpers/scratch-cluster.ts';
import { startChildHub } from './helpers/child-hub.ts';
import { freePort, runCli, type CliProcess } from './helpers/process.ts';
import { aThreat, authMessage, sensorUrl, TestSensor } from './helpers/sensor.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { endPool, localUrl } from '../src/db/pools.ts';
import { SensorClient } from '../src/sdk/sensor-client.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LoadResult {
  acked: string[];
  refused: string[];
  unexpected: string[];
  reads: Map<number, number>;
}

/** HTTP writers (one signal per request, a fresh subject each) and readers until `until()` says stop; every answer is recorded. */
async function httpLoad(baseUrl: string, key: string, tag: string, until: () => boolean): Promise<LoadResult> {
  const out: LoadResult = { acked: [], refused: [], unexpected: [], reads: new Map() };
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  let n = 0;
  const writer = async () => {
    for (let i = 0; i < 5000 && !until(); i++) {
      const subject = `${tag}-${n++}`;
      const body = JSON.stringify({ signals: [{ source: 'fault_test', subject_type: 'host', subject_id: subject, signal_key: 'fault.test', signal_value: { value: n }, severity: 'low', observed_at: new Date().toISOString() }] });
      const res = await fetch(`${baseUrl}/v1/signals`, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) }).catch((err: Error) => err);
      if (res instanceof Error) { out.unexpected.push(`${subject}: ${res.message}`); await sleep(50); continue; }
      const text = await res.text();
      if (res.status === 201) out.acked.push(subject);
      else if (res.status === 503 && /database_unavailable/.test(text) && res.headers.get('retry-after')) out.refused.push(subject);
      else out.unexpected.push(`${subject}: ${res.status} ${text}`);
    }
  };
  const reader = async () => {
    for (let i = 0; i < 5000 && !until(); i++) {
      const res = await fetch(`${baseUrl}/v1/signals?limit=5`, { headers, signal: AbortSignal.timeout(20_000) }).catch((err: Error) => err);
      if (res instanceof Error) { out.unexpected.push(`read: ${res.message}`); await sleep(50); continue; }
      await res.arrayBuffer();
      out.reads.set(res.status, (out.reads.get(res.status) ?? 0) + 1);
      if (res.status !== 200 && res.status !== 503) out.unexpected.push(`read: ${res.status}`);
    }
  };
  await Promise.all([writer(), writer(), writer(), reader()]);
  return out;
}

async function storedSubjects(owner: pg.Pool, tag: string): Promise<Map<string, number>> {
  const { rows } = await owner.query<{ subject_id: string; n: number }>(
    'SELECT subject_id, count(*)::int AS n FROM signal_streams WHERE subject_id LIKE $1 GROUP BY subject_id', [`${tag}-%`]);
  return new Map(rows.map((r) => [r.subject_id, r.n]));
}

async function storedIps(owner: pg.Pool, ips: string[]): Promise<number> {
  const { rows } = await owner.query<{ n: number }>('SELECT count(DISTINCT subject_id)::int AS n FROM signal_streams WHERE subject_id = ANY($1)', [ips]);
  return rows[0]!.n;
}

/** Acknowledged signals are stored exactly once; refused ones are not stored at all. */
function assertNothingLostNothingRefusedStored(load: LoadResult, stored: Map<string, number>): void {
  const missing = load.acked.filter((s) => stored.get(s) !== 1);
  assert.deepEqual(missing, [], 'every acknowledged (201) signal is stored exactly once');
  const leaked = load.refused.filter((s) => stored.has(s));
  assert.deepEqual(leaked, [], 'no refused (503) signal is stored');
}

async function readyStatus(baseUrl: string, timeoutMs = 5000): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  return { status: res.status, ms: Date.now() - started };
}

/** Waits for /readyz 200; a hub process given is quoted in the failure (its last output says why it never got ready). */
async function waitForReady(baseUrl: string, timeoutMs: number, hub?: Pick<CliProcess, 'output'>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await readyStatus(baseUrl).catch(() => null);
    if (r?.status === 200) return;
    if (Date.now() > deadline) {
      const said = hub ? `; the hub's last output:\n${hub.output().slice(-4000)}` : '';
      assert.fail(`/readyz not 200 within ${timeoutMs} ms (last: ${r?.status ?? 'no answer'})${said}`);
    }
    await sleep(100);
  }
}

/** The postmaster of a data dir and its direct children (backends, checkpointer, …), from /proc. */
async function postgresProcesses(pgDataDir: string): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(pgDataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

describe('a hub on an external database that fails', () => {
  let scratch: ScratchCluster;
  let owner: pg.Pool;
  let admin: pg.Pool;
  let child: ChildProcess;
  let baseUrl: string;
  let key: string;
  let dataDir: string;

  before(async () => {
    scratch = await startScratchCluster(path.join(tmpdir(), `quorum-faults-${randomBytes(4).toString('hex')}`));
    const c = scratch.cluster;
    admin = new pg.Pool({ connectionString: localUrl('postgres', c.ownerPassword, c.port, 'postgres'), max: 2 });
    await admin.query('CREATE DATABASE faults TEMPLATE quorum_template');
    owner = new pg.Pool({ connectionString: localUrl('postgres', c.ownerPassword, c.port, 'faults'), max: 2 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-faults-hub-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = await startChildHub({
      ownerUrl: localUrl('postgres', c.ownerPassword, c.port, 'faults'), appUrl: localUrl('quorum_app', c.appPassword, c.port, 'faults'),
      port, dataDir, env: {
        QUORUM_LOG_LEVEL: 'fatal', SIGNAL_BATCH_TIMEOUT_MS: '50', QUORUM_DB_POOL_SIZE: '6',
        // Short enough that requests caught by a stopped server answer within this test's window; /readyz keeps a margin under 1 s on a busy machine.
        QUORUM_DB_STATEMENT_TIMEOUT_MS: '3000', QUORUM_DB_READY_TIMEOUT_MS: '500',
      },
    });
    key = (await readFile(path.join(dataDir, 'admin.key'), 'utf8')).trim();
  });

  after(async () => {
    if (child) await stopChild(child);
    if (owner) await endPool(owner);
    if (admin) await endPool(admin);
    await scratch?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('survives its checked-out connections being terminated under HTTP and sensor load, answering 503 or succeeding', async (t) => {
    const sensor = new SensorClient({ url: `${baseUrl.replace(/^http/, 'ws')}/ws/sensors`, apiKey: key, sensorId: 'fault-sensor', batchSize: 10, flushIntervalMs: 20, reconnectBaseMs: 50, reconnectMaxMs: 500 });
    await sensor.connect();
    const rejected: unknown[] = [];
    sensor.on('rejected', (r) => rejected.push(r));
    let stop = false;
    let kills = 0;
    const killer = (async () => {
      for (let i = 0; i < 400 && !stop; i++) {
        const r = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'quorum_app' AND state <> 'idle' AND datname = 'faults'");
        kills += r.rowCount ?? 0;
        await sleep(25);
      }
    })();
    const ips: string[] = [];
    const sensorLoad = (async () => {
      for (let i = 0; i < 400 && !stop; i++) {
        const t = aThreat();
        ips.push(t.sourceIp as string);
        sensor.send(t);
        await sleep(10);
      }
    })();
    const deadline = Date.now() + 6000;
    const load = await httpLoad(baseUrl, key, 'kill', () => Date.now() > deadline || child.exitCode !== null);
    stop = true;
    await Promise.all([killer, sensorLoad]);
    t.diagnostic(`backends terminated ${kills}, writes acked ${load.acked.length}, refused ${load.refused.length}, reads ${JSON.stringify([...load.reads])}, sensor signals ${ips.length}`);
    assert.equal(child.exitCode, null, 'the hub process is still running');
    assert.deepEqual(load.unexpected.slice(0, 5), [], 'every request was answered 2xx or 503 database_unavailable');
    assert.ok(kills > 0, 'backends were terminated');
    assert.ok(load.acked.length > 0, 'requests succeeded between the kills');
    await sensor.drain(30_000);
    sensor.close();
    assert.deepEqual(rejected, [], 'the sensor SDK gave up on no message');
    assert.equal(await storedIps(owner, ips), ips.length, 'every signal the sensor acknowledged is stored');
    assertNothingLostNothingRefusedStored(load, await storedSubjects(owner, 'kill'));
    await waitForReady(baseUrl, 5000);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    assert.match(metrics, /^quorum_db_up 1$/m);
    assert.ok(Number(/^quorum_db_errors_total\{kind="unavailable"\} (\d+)$/m.exec(metrics)?.[1] ?? 0) > 0, 'lost connections are counted');
  });

  test('answers /readyz 503 within a second while its database is stopped (SIGSTOP), and 200 again after SIGCONT without a restart', async (t) => {
    await waitForReady(baseUrl, 10_000);
    const pid = child.pid;
    const tenantId = (await owner.query<{ id: string }>("SELECT id FROM tenants WHERE name = 'default'")).rows[0]!.id;
    const freshKey = await createKeyStore(owner).createKey({ tenantId, scopes: ['signal:write'] });
    const procs = await postgresProcesses(scratch.dataDir);
    const readiness: { status: number; ms: number }[] = [];
    const health: number[] = [];
    let load: LoadResult;
    for (const p of procs) process.kill(p, 'SIGSTOP');
    try {
      const stoppedAt = Date.now();
      // Requests start only after the stop: none of them can have reached COMMIT.
      const writes = httpLoad(baseUrl, key, 'stop', () => Date.now() - stoppedAt > 7000);
      // A sensor whose key is not cached cannot be checked now: it must be told to come back, not that its key is bad (4003).
      const sensor = new TestSensor(sensorUrl(baseUrl));
      await sensor.opened;
      sensor.send(authMessage(freshKey.key, { sensorId: 'during-stop' }));
      const sensorRefusal = Promise.all([sensor.next(undefined, 20_000), sensor.closed]);
      while (Date.now() - stoppedAt < 10_000) {
        readiness.push(await readyStatus(baseUrl));
        const h = Date.now();
        assert.equal((await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) })).status, 200);
        health.push(Date.now() - h);
        await sleep(200);
      }
      load = await writes;
      const [reply, closed] = await sensorRefusal;
      assert.equal(reply.code, 'DATABASE_UNAVAILABLE');
      assert.equal(closed.code, 1013);
    } finally {
      for (const p of procs) process.kill(p, 'SIGCONT');
    }
    t.diagnostic(`readyz while stopped: ${readiness.length} probes, slowest ${Math.max(...readiness.map((r) => r.ms))} ms; healthz slowest ${Math.max(...health)} ms; writes refused ${load.refused.length}, reads ${JSON.stringify([...load.reads])}`);
    assert.deepEqual(readiness.filter((r) => r.status !== 503 || r.ms >= 1000), [], '/readyz answered 503 within 1 s every time');
    assert.ok(Math.max(...health) < 1000, '/healthz stays fast');
    assert.deepEqual(load.unexpected.slice(0, 5), [], 'requests caught by the stopped database were answered 503 database_unavailable');
    assert.ok(load.refused.length > 0, 'writes were refused while the database was stopped');
    const resumedAt = Date.now();
    await waitForReady(baseUrl, 15_000);
    t.diagnostic(`ready again ${Date.now() - resumedAt} ms after SIGCONT`);
    const deadline = Date.now() + 1500;
    const after = await httpLoad(baseUrl, key, 'resumed', () => Date.now() > deadline);
    assert.ok(after.acked.length > 0, 'writes succeed again');
    assert.deepEqual(after.unexpected.slice(0, 5), []);
    assert.equal(child.pid, pid);
    assert.equal(child.exitCode, null, 'the hub was not restarted');
    assertNothingLostNothingRefusedStored(load, await storedSubjects(owner, 'stop'));
    assertNothingLostNothingRefusedStored(after, await storedSubjects(owner, 'resumed'));
  });
});

describe('a hub with its own embedded database', () => {
  test('restarts its embedded PostgreSQL after the postmaster is SIGKILLed, and loses nothing it acknowledged', async (t) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-faults-embedded-'));
    const [port, pgPort] = [await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    const hub = runCli(['start', '--port', String(port), '--data-dir', dataDir], {
      QUORUM_EMBEDDED_PG_PORT: String(pgPort), QUORUM_LOG_LEVEL: 'warn', SIGNAL_BATCH_TIMEOUT_MS: '50', QUORUM_DB_STATEMENT_TIMEOUT_MS: '3000',
    });
    let owner: pg.Pool | null = null;
    let sensor: SensorClient | null = null;
    try {
      await waitForReady(baseUrl, 60_000, hub);
      t.diagnostic(`hub up after ${Date.now() - t0} ms`);
      const key = (await readFile(path.join(dataDir, 'admin.key'), 'utf8')).trim();
      sensor = new SensorClient({ url: `${baseUrl.replace(/^http/, 'ws')}/ws/sensors`, apiKey: key, sensorId: 'embedded-sensor', batchSize: 10, flushIntervalMs: 20, reconnectBaseMs: 50, reconnectMaxMs: 500 });
      await sensor.connect();
      const rejected: unknown[] = [];
      sensor.on('rejected', (r) => rejected.push(r));
      const ips: string[] = [];
      const started = Date.now();
      const deadline = started + 9000;
      const sensorLoad = (async () => {
        for (let i = 0; i < 900 && Date.now() < deadline; i++) {
          const th = aThreat();
          ips.push(th.sourceIp as string);
          sensor!.send(th);
          await sleep(10);
        }
      })();
      const killed = (async () => {
        await sleep(1500);
        const [postmaster] = await postgresProcesses(path.join(dataDir, 'pg'));
        process.kill(postmaster!, 'SIGKILL');
        return Date.now();
      })();
      const load = await httpLoad(baseUrl, key, 'pmkill', () => Date.now() > deadline || hub.child.exitCode !== null);
      await sensorLoad;
      const killedAt = await killed;
      await hub.waitFor(/was restarted/, 30_000);
      await waitForReady(baseUrl, 30_000, hub);
      t.diagnostic(`ready again ${Date.now() - killedAt} ms after the kill; writes acked ${load.acked.length}, refused ${load.refused.length}; sensor signals ${ips.length}`);
      assert.equal(hub.child.exitCode, null, 'the hub process is still running');
      assert.deepEqual(load.unexpected.slice(0, 5), [], 'every request was answered 2xx or 503 database_unavailable');
      await sensor.drain(30_000);
      assert.deepEqual(rejected, [], 'the sensor SDK gave up on no message');
      const creds = JSON.parse(await readFile(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as { ownerPassword: string };
      owner = new pg.Pool({ connectionString: localUrl('postgres', creds.ownerPassword, pgPort, 'quorum'), max: 1 });
      assert.equal(await storedIps(owner, ips), ips.length, 'every signal the sensor acknowledged is stored');
      assertNothingLostNothingRefusedStored(load, await storedSubjects(owner, 'pmkill'));
      t.diagnostic(`checked after ${Date.now() - t0} ms`);
    } finally {
      sensor?.close();
      if (owner) await endPool(owner);
      if (hub.child.exitCode === null) {
        hub.child.kill('SIGTERM');
        const timer = setTimeout(() => hub.child.kill('SIGKILL'), 20_000);
        const code = await hub.exited;
        clearTimeout(timer);
        if (code !== 0) t.diagnostic(`hub exited ${code}: ${hub.output().slice(-2000)}`);
      }
      // The server's last files may still be closing as the hub exits.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      t.diagnostic(`stopped after ${Date.now() - t0} ms`);
    }
  });
});

describe('a hub whose embedded database cannot come back', () => {
  test('exits with status 1 and says why after its bounded restart attempts fail', async (t) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-faults-giveup-'));
    const [port, pgPort] = [await freePort(), await freePort()];
    const hub = runCli(['start', '--port', String(port), '--data-dir', dataDir], {
      QUORUM_EMBEDDED_PG_PORT: String(pgPort), QUORUM_LOG_LEVEL: 'warn', QUORUM_EMBEDDED_PG_MAX_RESTARTS: '2',
    });
    const squatter = net.createServer();
    try {
      await waitForReady(`http://127.0.0.1:${port}`, 60_000, hub);
      const [postmaster] = await postgresProcesses(path.join(dataDir, 'pg'));
      process.kill(postmaster!, 'SIGKILL');
      // Another program takes the server's port the moment it is free: every restart fails to bind.
      for (let i = 0; i < 200; i++) {
        const bound = await new Promise<boolean>((resolve) => {
          squatter.once('error', () => resolve(false));
          squatter.listen(pgPort, '127.0.0.1', () => resolve(true));
        });
        if (bound) break;
        await sleep(10);
      }
      const timer = setTimeout(() => hub.child.kill('SIGKILL'), 30_000);
      const code = await hub.exited;
      clearTimeout(timer);
      t.diagnostic(hub.output().split('\n').filter((l) => /PostgreSQL|database_lost/.test(l)).map((l) => l.slice(0, 200)).join('\n'));
      assert.equal(code, 1);
      assert.match(hub.output(), /quorum: database_lost: the embedded PostgreSQL died and could not be restarted after 2 attempt\(s\)/);
      assert.equal((hub.output().match(/restarting the embedded PostgreSQL failed/g) ?? []).length, 2);
    } finally {
      if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
      await new Promise((r) => squatter.close(r));
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });
});
