// Connection pools: the owner pool (migrations, partitions, keys) and the app pool (all tenant data, as quorum_app).
// Tenant data is only touched inside withTenant(), which sets app.current_tenant transaction-locally.

import pg from 'pg';

export const APP_ROLE = 'quorum_app';

// Timestamps leave the database as RFC 3339 text ("2026-01-31T12:00:00.123456Z"): microseconds survive, cursors
// round-trip exactly, and the API needs no conversion. Every pool runs with TimeZone=UTC, so the offset is +00.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => v.replace(' ', 'T').replace(/\+00(:00)?$/, 'Z'));
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface Pools {
  owner: pg.Pool;
  app: pg.Pool;
}

export interface PoolOptions {
  ownerUrl: string;
  /** Login as quorum_app; when absent the owner URL is used with `role=quorum_app` set at connection start. */
  appUrl?: string;
  appPoolSize?: number;
  /** An idle connection failed (e.g. the server restarted); the pool replaces it. Without a listener it would crash the process. */
  onIdleError?: (err: Error) => void;
}

export function createPools(opts: PoolOptions): Pools {
  const utc = '-c TimeZone=UTC';
  const owner = new pg.Pool({ connectionString: opts.ownerUrl, max: 4, options: utc });
  const app = new pg.Pool({
    connectionString: opts.appUrl ?? opts.ownerUrl,
    max: opts.appPoolSize ?? 16,
    options: opts.appUrl ? utc : `${utc} -c role=${APP_ROLE}`,
  });
  const onIdleError = opts.onIdleError ?? (() => undefined);
  owner.on('error', onIdleError);
  app.on('error', onIdleError);
  return { owner, app };
}

export async function closePools(pools: Pools): Promise<void> {
  await Promise.all([pools.owner.end(), pools.app.end()]);
}

/** Runs fn in one transaction scoped to a tenant; RLS sees only that tenant, and the setting dies with the transaction. */
export async function withTenant<T>(pool: pg.Pool, tenantId: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.current_tenant', $1, true)", [tenantId]);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A connection URL for a local server. */
export function localUrl(user: string, password: string, port: number, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}
