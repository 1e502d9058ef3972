// Waits until the external PostgreSQL named by DATABASE_URL answers `SELECT 1` (deploy/docker-entrypoint.sh runs it
// before the hub). Changes nothing in the database and never prints the URL's password.
//
// Exit 0: it answered. Exit 1: it stayed away for QUORUM_DB_WAIT_SECONDS (default 60), or refused us for a reason
// waiting cannot mend (wrong password, no such database): then at once, with the cause.

import pg from 'pg';
import { withoutPassword } from '../src/db/printable-url.ts';
import { isDatabaseUnavailable } from '../src/db/sql-errors.ts';

const ATTEMPT_TIMEOUT_MS = 2000;
const PAUSE_MS = 500;


/** One connection attempt; null when the database answered, else the error. */
async function attempt(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: ATTEMPT_TIMEOUT_MS });
  // A failure surfaces through the awaited calls; the event must not also end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const describe = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(' ') || String(err);
};

/** Polls until the database answers or the wait is over; reports progress on stderr. */
async function waitForDatabase(url: string, waitSeconds: number, log: (line: string) => void): Promise<boolean> {
  const shown = withoutPassword(url);
  const deadline = Date.now() + waitSeconds * 1000;
  for (let n = 1; ; n++) {
    const err = await attempt(url);
    if (err === null) {
      log(`wait-for-database: ${shown} answers`);
      return true;
    }
    if (!isDatabaseUnavailable(err)) {
      log(`wait-for-database: ${shown} refused the connection: ${describe(err)}; waiting will not help, giving up`);
      return false;
    }
    if (Date.now() >= deadline) {
      log(`wait-for-database: ${shown} did not answer within ${waitSeconds} s (${n} attempts); last cause: ${describe(err)}`);
      return false;
    }
    if (n === 1 || n % 10 === 0) log(`wait-for-database: waiting for ${shown}: ${describe(err)}`);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}

const url = process.env.DATABASE_URL;
const waitSeconds = Number(process.env.QUORUM_DB_WAIT_SECONDS ?? 60);
if (!url) {
  process.stderr.write('wait-for-database: DATABASE_URL is not set\n');
  process.exit(2);
}
if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
  process.stderr.write(`wait-for-database: QUORUM_DB_WAIT_SECONDS must be a number of seconds ≥ 0, got ${process.env.QUORUM_DB_WAIT_SECONDS}\n`);
  process.exit(2);
}
process.exit((await waitForDatabase(url, waitSeconds, (line) => process.stderr.write(`${line}\n`))) ? 0 : 1);
