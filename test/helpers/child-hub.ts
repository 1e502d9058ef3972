// A hub in its own process (`quorum start` on an existing database), for crash tests and the benchmark.
// Never leaves it behind on a failed start: a hub that does not answer /healthz in time is killed.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_ENTRY } from './process.ts';

export interface ChildHubOptions {
  ownerUrl: string;
  appUrl: string;
  port: number;
  /** Reused across restarts of "the same" hub; a fresh temp dir when absent. */
  dataDir?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

/**
 * The V8 flags every launcher gives the hub (`npm start`, deploy/quorum.service, the container entry point, the
 * installed command): a 64 MiB young generation from the start, and no pretenuring by allocation site (docs/operations.md,
 * "Node flags"). test/operations.test.ts holds them to it.
 */
export const HUB_NODE_FLAGS = ['--max-semi-space-size=64', '--min-semi-space-size=64', '--no-allocation-site-pretenuring'];

/** Spawns `quorum start` with HUB_NODE_FLAGS, as `npm start` does (through CLI_ENTRY), and resolves once /healthz answers. */
export async function startChildHub(o: ChildHubOptions): Promise<ChildProcess> {
  const dataDir = o.dataDir ?? await mkdtemp(path.join(tmpdir(), 'quorum-child-hub-'));
  const child = spawn(process.execPath, [...HUB_NODE_FLAGS, ...(o.nodeArgs ?? []), ...CLI_ENTRY, 'start', '--database-url', o.ownerUrl, '--port', String(o.port)], {
    cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, QUORUM_APP_DATABASE_URL: o.appUrl, QUORUM_DATA_DIR: dataDir, QUORUM_LOG_LEVEL: 'error', QUORUM_LOG_FORMAT: 'json', ...o.env },
  });
  for (let i = 0; i < 600; i++) {
    if (await fetch(`http://127.0.0.1:${o.port}/healthz`).then((r) => r.ok, () => false)) return child;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the child hub did not start');
}
