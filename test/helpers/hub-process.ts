// A hub in its own process on a shared test database, with what multi-hub tests ask of it: posts, a SIGKILL, a SIGTERM.
// Also `startHubPair` (two hubs on a fresh database) and `waitUntil`, which polls a condition against a deadline (tests wait on events, never on fixed sleeps).

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChildHub } from './child-hub.ts';
import { createTestDatabase, type TestDatabase } from './cluster.ts';
import { freePort } from './process.ts';

export interface HubProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  post(url: string, key: string, body: unknown): Promise<{ status: number; body: any }>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null>;
}

/** Starts `quorum start` against `db`; a given `dataDir` makes it a restart of that hub. */
export async function startHubProcess(db: TestDatabase, env: Record<string, string> = {}, dataDir?: string): Promise<HubProcess> {
  const port = await freePort();
  const dir = dataDir ?? await mkdtemp(path.join(tmpdir(), 'quorum-multi-hub-'));
  const child = await startChildHub({ ownerUrl: db.ownerUrl, appUrl: db.appUrl, port, dataDir: dir, env });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url, dataDir: dir, child, exited,
    async post(route, key, body) {
      const res = await fetch(url + route, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

export interface HubPair {
  db: TestDatabase;
  a: HubProcess;
  b: HubProcess;
  /** Hub A's admin key (tenant `default`). */
  key: string;
  stop(): Promise<void>;
}

/** Two hub processes with the same settings on a fresh test database; `stop` kills both and drops the database. */
export async function startHubPair(env: Record<string, string>): Promise<HubPair> {
  const db = await createTestDatabase();
  const a = await startHubProcess(db, env);
  const key = (await readFile(path.join(a.dataDir, 'admin.key'), 'utf8')).trim();
  const b = await startHubProcess(db, env);
  return {
    db, a, b, key,
    async stop() {
      await Promise.all([a.kill('SIGKILL'), b.kill('SIGKILL')]);
      await db.drop();
    },
  };
}

/** Polls `check` every 50 ms until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function waitUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
