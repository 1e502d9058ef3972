// The container files without a Docker engine: the Dockerfile linted (dockerfile-utils) and its stages checked,
// docker-compose.yml parsed and checked, and deploy/docker-entrypoint.sh run for real against the test PostgreSQL.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DockerfileParser, type Copy, type Env, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';
import { SETTINGS } from '../src/config/config.ts';
import { createTestDatabase, testCluster, type TestDatabase } from './helpers/cluster.ts';
import { freePort } from './helpers/process.ts';

const root = path.resolve(import.meta.dirname, '..');
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const SETTING_NAMES = new Set(Object.values(SETTINGS).map((s) => s.env));
/** Read by the entry point, not the hub: how long it waits for DATABASE_URL (docs/operations.md, "Containers"). */
const ENTRYPOINT_VARIABLES = new Set(['QUORUM_DB_WAIT_SECONDS']);

/** The Dockerfile's instructions, one list per build stage (by stage name). */
function stages(text: string): Map<string, Instruction[]> {
  const out = new Map<string, Instruction[]>();
  let current: Instruction[] | null = null;
  for (const i of DockerfileParser.parse(text).getInstructions()) {
    if (i.getKeyword() === 'FROM') out.set(/ AS (\S+)$/i.exec(i.getArgumentsContent() ?? '')?.[1] ?? String(out.size), current = []);
    else current?.push(i);
  }
  return out;
}
const args = (i: Instruction) => i.getArgumentsContent() ?? '';
const ofKind = (list: Instruction[], keyword: string) => list.filter((i) => i.getKeyword() === keyword);

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const byStage = stages(text);
  const build = byStage.get('build')!;
  const runtime = byStage.get('runtime')!;

  test('passes the dockerfile-utils linter without a single diagnostic (hadolint is not installable here)', () => {
    assert.deepEqual(validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
  });

  test('the linter is real: a misspelt flag, a bad port and an empty USER are reported', () => {
    const messages = validate('FROM node:20\nHEALTHCHECK --intervall=5s CMD true\nEXPOSE seventy\nUSER\n').map((d) => d.message);
    assert.deepEqual(messages, ['Unknown flag: intervall', 'Invalid containerPort: seventy', 'Instruction has no arguments']);
  });

  test('builds in two stages: npm ci and the dashboard build first, then production dependencies only', () => {
    assert.deepEqual([...byStage.keys()], ['build', 'runtime']);
    assert.ok(ofKind(build, 'RUN').some((i) => /^npm ci\b/.test(args(i)) && !args(i).includes('--omit=dev')));
    assert.ok(ofKind(build, 'RUN').some((i) => args(i).includes('scripts/build-web.ts')));
    assert.ok(ofKind(runtime, 'RUN').some((i) => /^npm ci --omit=dev\b/.test(args(i))));
    const fromBuild = ofKind(runtime, 'COPY').filter((i) => (i as Copy).getFromFlag()?.getValue() === 'build').map(args);
    assert.deepEqual(fromBuild, ['/app/web/dist ./web/dist']);
  });

  test('every file the stages copy from the context exists and is not excluded by .dockerignore', () => {
    const ignored = read('.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
    const sources = [...build, ...runtime].filter((i) => i.getKeyword() === 'COPY' && !(i as Copy).getFromFlag())
      .flatMap((i) => i.getArguments().slice(0, -1).map((a) => a.getValue())).filter((s) => s !== '.');
    assert.ok(sources.length >= 6);
    for (const s of sources) {
      assert.ok(existsSync(path.join(root, s)), `${s} does not exist`);
      assert.ok(!ignored.some((p) => s === p || s.startsWith(`${p}/`)), `${s} is excluded by .dockerignore`);
    }
  });

  test('.dockerignore keeps local state, build output and secrets out of the build context', () => {
    const ignored = new Set(read('.dockerignore').split('\n'));
    for (const p of ['.git', 'node_modules', 'web/dist', '.quorum', '.test-pg', '.env']) assert.ok(ignored.has(p), p);
  });

  test('runs as the unprivileged node user, listens on all addresses at 7700, keeps its data dir in a volume', () => {
    assert.deepEqual(ofKind(runtime, 'USER').map(args), ['node']);
    assert.deepEqual(ofKind(runtime, 'EXPOSE').map(args), ['7700']);
    const env = Object.fromEntries(ofKind(runtime, 'ENV').flatMap((i) => (i as Env).getProperties().map((p) => [p.getName(), p.getValue()])));
    assert.equal(env.QUORUM_HOST, '0.0.0.0');
    assert.equal(env.QUORUM_PORT, '7700');
    assert.deepEqual(ofKind(runtime, 'VOLUME').map(args), [`["${env.QUORUM_DATA_DIR}"]`]);
    assert.deepEqual(Object.keys(env).filter((n) => !SETTING_NAMES.has(n)), []);
  });

  test('its HEALTHCHECK asks /readyz, and the entry point is deploy/docker-entrypoint.sh with `start` by default', () => {
    assert.match(ofKind(runtime, 'HEALTHCHECK').map(args).join(), /CMD \["node", "deploy\/healthcheck\.js"\]$/);
    assert.match(read('deploy/healthcheck.js'), /\/readyz/);
    assert.deepEqual(ofKind(runtime, 'ENTRYPOINT').map(args), ['["deploy/docker-entrypoint.sh"]']);
    assert.deepEqual(ofKind(runtime, 'CMD').map(args), ['["start"]']);
  });
});

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml')) as {
    services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; volumes?: string[];
      healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }>; ports?: string[]; stop_grace_period?: string }>;
    volumes: Record<string, unknown>;
  };
  const { postgres, hub } = compose.services;

  test('has an official PostgreSQL 18 service with a pg_isready healthcheck and a named volume where 18 keeps its data', () => {
    assert.match(postgres!.image!, /^postgres:18(-|$)/);
    assert.match(postgres!.healthcheck!.test.join(' '), /pg_isready/);
    assert.deepEqual(postgres!.volumes, ['postgres-data:/var/lib/postgresql']);
    assert.ok('postgres-data' in compose.volumes);
  });

  test('starts the hub only once PostgreSQL is healthy, with its data dir in a named volume', () => {
    assert.deepEqual(hub!.depends_on, { postgres: { condition: 'service_healthy' } });
    assert.equal(hub!.build, '.');
    assert.deepEqual(hub!.volumes, ['quorum-data:/var/lib/quorum']);
    assert.ok('quorum-data' in compose.volumes);
    assert.deepEqual(hub!.ports, ['127.0.0.1:7700:7700']);
  });

  test('the hub logs in as the database\'s owner on the postgres service, and sets only known variables', () => {
    const pgEnv = postgres!.environment!;
    const url = new URL(hub!.environment!.DATABASE_URL!.replace('${POSTGRES_PASSWORD}', 'x'));
    assert.deepEqual([url.username, url.hostname, url.port, url.pathname], [pgEnv.POSTGRES_USER, 'postgres', '5432', `/${pgEnv.POSTGRES_DB}`]);
    assert.deepEqual(Object.keys(hub!.environment!).filter((n) => !SETTING_NAMES.has(n) && !ENTRYPOINT_VARIABLES.has(n)), []);
  });

  test('gives the hub\'s graceful stop time before Docker kills it', () => {
    const grace = Number(/^(\d+)s$/.exec(hub!.stop_grace_period!)?.[1]);
    assert.ok(grace >= Number(SETTINGS.shutdownTimeoutMs.default) / 1000 + 10, `stop_grace_period ${grace}s`);
  });
});

const shellcheckMissing = spawnSync('shellcheck', ['--version']).error
  ? 'shellcheck is not installed (Debian: apt-get install shellcheck); the entry point was NOT linted' : false;

test('deploy/docker-entrypoint.sh passes shellcheck as a POSIX sh script', { skip: shellcheckMissing }, () => {
  const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', path.join(root, 'deploy/docker-entrypoint.sh')], { encoding: 'utf8' });
  assert.deepEqual({ status: r.status, output: r.stdout + r.stderr }, { status: 0, output: '' });
});

interface Run { child: ChildProcessWithoutNullStreams; output(): string; exited: Promise<number | null>; waitFor(re: RegExp): Promise<void> }

/** Runs deploy/docker-entrypoint.sh as the image does (from /bin/sh), with only the given hub settings. */
function entrypoint(argv: string[], env: Record<string, string>): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('QUORUM_') && k !== 'DATABASE_URL'));
  const child = spawn('/bin/sh', [path.join(root, 'deploy/docker-entrypoint.sh'), ...argv], {
    env: { ...clean, QUORUM_LOG_FORMAT: 'json', QUORUM_HOST: '127.0.0.1', ...env },
  });
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => { out += d; waiters.forEach((w) => w()); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { waiters.forEach((w) => w()); resolve(code); }));
  after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  return {
    child, exited, output: () => out,
    waitFor: (re) => new Promise((resolve, reject) => {
      const check = () => {
        if (re.test(out)) resolve();
        else if (child.exitCode !== null) reject(new Error(`exited ${child.exitCode} before ${re}; output:\n${out}`));
      };
      waiters.push(check);
      check();
    }),
  };
}

/** Healthcheck script's exit code against a port. */
function healthcheck(port: number): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'deploy/healthcheck.js')], { env: { ...process.env, QUORUM_PORT: String(port) } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('deploy/docker-entrypoint.sh against the test PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  const password = () => decodeURIComponent(new URL(db.ownerUrl).password);
  // As a container reaches its database: over TCP (the test cluster's own URL may name its Unix socket).
  const urlOnPort = (port: number, pass = password()) => {
    const u = new URL(db.ownerUrl);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    u.password = pass;
    return u.toString();
  };

  before(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-entrypoint-'));
  });
  after(async () => {
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('waits for a database that comes up late, then the hub starts on it, answers /readyz and stops on SIGTERM', async () => {
    const pgPort = await freePort();
    const port = await freePort();
    const run = entrypoint([], { DATABASE_URL: urlOnPort(pgPort), QUORUM_PORT: String(port), QUORUM_DATA_DIR: dataDir });
    await run.waitFor(/waiting for postgres:\/\/.*ECONNREFUSED/);
    // The database "comes up": a TCP relay to the test server opens on the port the URL names.
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((c) => {
      const upstream = net.connect(testCluster().port, '127.0.0.1');
      for (const s of [c, upstream]) { sockets.add(s); s.on('error', () => undefined).on('close', () => sockets.delete(s)); }
      c.pipe(upstream).pipe(c);
    }).listen(pgPort, '127.0.0.1');
    try {
      await run.waitFor(/quorum hub listening/);
      assert.match(run.output(), /wait-for-database: postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/t_\w+ answers/);
      assert.deepEqual(await healthcheck(port), { code: 0, stderr: '' });
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
      assert.match(run.output(), /quorum hub stopped/);
      assert.ok(!run.output().includes(password()), 'the output must not show the database password');
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => relay.close(r));
    }
  });

  test('gives up after QUORUM_DB_WAIT_SECONDS with the URL (no password) and the cause; the hub never starts', async () => {
    const started = Date.now();
    const run = entrypoint([], { DATABASE_URL: urlOnPort(await freePort()), QUORUM_DB_WAIT_SECONDS: '1', QUORUM_DATA_DIR: dataDir });
    assert.equal(await run.exited, 1);
    assert.ok(Date.now() - started < 15_000);
    assert.match(run.output(), /postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/t_\w+ did not answer within 1 s \(\d+ attempts\); last cause: ECONNREFUSED/);
    assert.doesNotMatch(run.output(), /quorum hub listening/);
    assert.ok(!run.output().includes(password()));
  });

  test('a wrong password fails at once with the cause, instead of waiting out the whole minute', async () => {
    const started = Date.now();
    const run = entrypoint([], { DATABASE_URL: urlOnPort(testCluster().port, 'not-the-password'), QUORUM_DATA_DIR: dataDir });
    assert.equal(await run.exited, 1);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.match(run.output(), /refused the connection: 28P01 password authentication failed for user "postgres"; waiting will not help/);
  });

  test('any other command runs at once, without waiting for the database', async () => {
    const run = entrypoint(['--help'], { DATABASE_URL: urlOnPort(await freePort()), QUORUM_DATA_DIR: dataDir });
    assert.equal(await run.exited, 0);
    assert.match(run.output(), /Usage: quorum/);
    assert.doesNotMatch(run.output(), /wait-for-database/);
  });

  test('the healthcheck fails with the URL and the cause when nothing answers', async () => {
    const port = await freePort();
    const r = await healthcheck(port);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `healthcheck: http://127.0.0.1:${port}/readyz: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  });
});
