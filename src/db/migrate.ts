// Applies the numbered SQL migrations in src/db/migrations in order, each in its own transaction.
// Safe when several hubs start at once: an advisory lock serialises them and the version row is inserted first.

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { untimed } from './pools.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_LOCK = 7_700_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads the migration files, ordered by their numeric prefix. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({
    version: Number(f.slice(0, 3)),
    name: f.slice(4, -4),
    sql: await readFile(dir + f, 'utf8'),
  })));
}

/** Brings the database up to the newest migration; returns the names it applied. Must run as the schema owner. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const migrations = await loadMigrations();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    // A migration (or waiting for another hub's) may take longer than the pools' statement timeout.
    await client.query('SET statement_timeout = 0');
    await client.query(untimed('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]));
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const m of migrations) {
      await client.query('BEGIN');
      try {
        const row = await client.query(
          'INSERT INTO schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING RETURNING version',
          [m.version, m.name],
        );
        if (row.rowCount === 0) {
          await client.query('ROLLBACK');
          continue;
        }
        await client.query(untimed(m.sql));
        await client.query('COMMIT');
        applied.push(`${String(m.version).padStart(3, '0')}_${m.name}`);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
  return applied;
}
