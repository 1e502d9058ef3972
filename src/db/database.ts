// Decides where the database is: an external server (DATABASE_URL) or the embedded one in the data dir.
// A second process on the same data dir (the CLI next to a running hub) joins the running server instead of starting one.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.ts';
import { loadCredentials, startEmbeddedPostgres, type EmbeddedOptions } from './embedded.ts';
import { APP_ROLE, INGEST_ROLE, localUrl } from './pools.ts';

export interface DatabaseLocation {
  ownerUrl: string;
  /** A URL logging in as quorum_app, when Quorum manages that login; else null (owner URL with role option). */
  appUrl: string | null;
  /** A URL logging in as quorum_ingest, when Quorum manages that login; else null (owner URL with role option). */
  ingestUrl: string | null;
  embedded: boolean;
  stop(): Promise<void>;
}

/** The port of a live embedded server in the data dir, or null when none runs. */
export function runningEmbeddedPort(dataDir: string): number | null {
  const pidFile = path.join(path.resolve(dataDir), 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number(lines[3]) || null;
}

export async function openDatabase(config: Config, log: (line: string) => void, joinRunning: boolean, supervise?: EmbeddedOptions['supervise']): Promise<DatabaseLocation> {
  if (config.databaseUrl) {
    return { ownerUrl: config.databaseUrl, appUrl: config.appDatabaseUrl, ingestUrl: null, embedded: false, stop: async () => undefined };
  }
  const running = joinRunning ? runningEmbeddedPort(config.dataDir) : null;
  if (running !== null) {
    const creds = await loadCredentials(path.join(path.resolve(config.dataDir), 'pg-credentials.json'));
    return {
      ownerUrl: localUrl('postgres', creds.ownerPassword, running, 'quorum'),
      appUrl: localUrl(APP_ROLE, creds.appPassword, running, 'quorum'),
      ingestUrl: localUrl(INGEST_ROLE, creds.ingestPassword, running, 'quorum'),
      embedded: true,
      stop: async () => undefined,
    };
  }
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log, supervise });
  return { ownerUrl: server.ownerUrl, appUrl: server.appUrl, ingestUrl: server.ingestUrl, embedded: true, stop: server.stop };
}
