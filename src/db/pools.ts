// Connection pools: owner (migrations, partitions, keys), app (all tenant data, as quorum_app) and ingest (quorum_ingest:
// COPY of large batches into signal_streams, nothing else). Tenant data is read only inside withTenant(), under RLS.

import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { queryInOneTrip, type Statement } from './one-trip.ts';
import { isDatabaseUnavailable } from './sql-errors.ts';

export const APP_ROLE = 'quorum_app';
/** May only INSERT into signal_streams (migration 008): large batches COPY straight in, since COPY refuses RLS. */
export const INGEST_ROLE = 'quorum_ingest';

// Timestamps leave the database as RFC 3339 text ("2026-01-31T12:00:00.123456Z"): microseconds survive, cursors
// round-trip exactly, and the API needs no conversion. Every pool runs with TimeZone=UTC, so the offset is +00.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, rfc3339Text);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/**
 * PostgreSQL's text of a UTC timestamptz ("2026-01-31 12:00:00.123456+00") as RFC 3339 ("2026-01-31T12:00:00.123456Z").
 * Anything else (infinity, BC dates, another offset) keeps its shape but for the first space. Slices, not regular
 * expressions: every timestamp the hub reads passes here (a tenant's score reads 60,000), and this is 3 × faster.
 */
export function rfc3339Text(v: string): string {
  const space = v.indexOf(' ');
  const t = space < 0 ? v : `${v.slice(0, space)}T${v.slice(space + 1)}`;
  if (t.endsWith('+00')) return `${t.slice(0, -3)}Z`;
  return t.endsWith('+00:00') ? `${t.slice(0, -6)}Z` : t;
}

export interface Pools {
  owner: pg.Pool;
  app: pg.Pool;
  ingest: pg.Pool;
}

export interface PoolOptions {
  ownerUrl: string;
  /** Login as quorum_app; when absent the owner URL is used with `role=quorum_app` set at connection start. */
  appUrl?: string;
  appPoolSize?: number;
  /** Login as quorum_ingest; when absent the owner URL is used with `role=quorum_ingest` set at connection start. */
  ingestUrl?: string;
  /** Server-side limit per statement (0 = none); the client also stops waiting a little after it (a stopped server cannot cancel). */
  statementTimeoutMs?: number;
  /** Giving up on opening a connection, and on waiting for a free one in a full pool. */
  connectTimeoutMs?: number;
  /** The server ends a session that sits idle inside a transaction this long (0 = never). */
  idleInTransactionTimeoutMs?: number;
  /** A connection failed, idle or checked out (dropped, terminated, server gone); the pool replaces it. */
  onConnectionError?: (err: Error) => void;
}

/** How much longer than the server's statement timeout the client waits for an answer before it gives the connection up. */
const CLIENT_TIMEOUT_GRACE_MS = 2000;
/** How long endPool waits for a pool's connections to close, checked-out ones included. */
const POOL_CLOSE_WAIT_MS = 5000;
// node-postgres treats a query_timeout of 0 as "use the pool's"; this is the longest a timer can wait.
const NO_CLIENT_TIMEOUT = 2_147_483_647;

export function createPools(opts: PoolOptions): Pools {
  const utc = '-c TimeZone=UTC';
  const statementTimeout = opts.statementTimeoutMs ?? 30_000;
  const common = {
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 3000,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout > 0 ? statementTimeout + CLIENT_TIMEOUT_GRACE_MS : undefined,
    idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs ?? 60_000,
  };
  const owner = new pg.Pool({ connectionString: opts.ownerUrl, max: 4, options: utc, ...common });
  const app = new pg.Pool({
    connectionString: opts.appUrl ?? opts.ownerUrl,
    max: opts.appPoolSize ?? 16,
    options: opts.appUrl ? utc : `${utc} -c role=${APP_ROLE}`,
    ...common,
  });
  // As large as the app pool: a batch waiting for a connection longer than connectTimeoutMs would be refused (503).
  const ingest = new pg.Pool({
    connectionString: opts.ingestUrl ?? opts.ownerUrl,
    max: opts.appPoolSize ?? 16,
    options: opts.ingestUrl ? utc : `${utc} -c role=${INGEST_ROLE}`,
    ...common,
  });
  const onConnectionError = opts.onConnectionError ?? (() => undefined);
  for (const pool of [owner, app, ingest]) {
    // A checked-out client has no pool listener: without its own, a dropped connection is an unhandled 'error' that ends the process.
    pool.on('connect', (client) => client.on('error', (err) => { if (!closing.has(pool)) onConnectionError(err); }));
    // Idle failures reach the client listener above too; the pool re-emits them and needs a listener of its own.
    pool.on('error', () => undefined);
  }
  return { owner, app, ingest };
}

/** A query with no client-side timeout, for statements that run under `SET statement_timeout = 0` (migrations). */
export function untimed(text: string, values?: unknown[]): pg.QueryConfig {
  return { text, values, query_timeout: NO_CLIENT_TIMEOUT } as pg.QueryConfig;
}

/** Pools being closed: a connection failing now (a server stopping, say) is part of the requested stop, not worth a line. */
const closing = new WeakSet<pg.Pool>();

export async function closePools(pools: Pools): Promise<void> {
  await Promise.all([endPool(pools.owner), endPool(pools.app), endPool(pools.ingest)]);
}

/**
 * Ends a pool and resolves once each of its connections is closed, checked-out ones once released. pg-pool's end()
 * resolves as soon as it has asked them to close: a database dropped or a server stopped right after would still
 * terminate one (57P01), an 'error' on a pool that may have no listener left (an unhandled error ends the process).
 * Bounded by POOL_CLOSE_WAIT_MS: a connection still opening when the pool ends and failing is dropped without a
 * 'remove', and pool.end() itself waits for every checked-out connection, which a caller that never releases one holds
 * back for ever (a stop would hang; the connection is left to the process's end or the server's timeouts).
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  closing.add(pool);
  pool.on('error', () => undefined);
  let open = pool.totalCount;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => { timer = setTimeout(resolve, POOL_CLOSE_WAIT_MS); });
  const closed = open === 0 ? Promise.resolve() : new Promise<void>((resolve) => {
    pool.on('remove', () => { if (--open === 0) resolve(); });
  });
  await Promise.race([pool.end().then(() => closed), bound]);
  clearTimeout(timer);
}

/** The statement that scopes the current transaction to a tenant (RLS sees only its rows); the setting dies with the transaction. */
export const setTenant = (tenantId: string): Statement => ({ text: "SELECT set_config('app.current_tenant', $1, true)", values: [tenantId] });

/**
 * Runs fn in one transaction scoped to a tenant; RLS sees only that tenant, and the setting dies with the transaction.
 * `settings` (set_config(…, true) statements: GENERIC_PLANS, say) travel with the BEGIN and die with it too.
 */
export async function withTenant<T>(pool: pg.Pool, tenantId: string, fn: (client: pg.PoolClient) => Promise<T>, settings: Statement[] = []): Promise<T> {
  return tenantTransaction(pool, tenantId, fn, settings, 'awaited');
}

/**
 * As withTenant, for work that only reads: fn's result is answered as soon as fn ends, without waiting for the COMMIT
 * (see CommitWait). Never for a write: its caller would learn of it before it is durable.
 */
export async function readWithTenant<T>(pool: pg.Pool, tenantId: string, fn: (client: pg.PoolClient) => Promise<T>, settings: Statement[] = []): Promise<T> {
  return tenantTransaction(pool, tenantId, fn, settings, 'behind');
}

/** withTenant and readWithTenant: BEGIN, the tenant and the settings in one message, then fn, then the COMMIT as `wait` says. */
function tenantTransaction<T>(pool: pg.Pool, tenantId: string, fn: (client: pg.PoolClient) => Promise<T>, settings: Statement[], wait: CommitWait): Promise<T> {
  return transaction(pool, async (client) => {
    await queryInOneTrip(client, [{ text: 'BEGIN' }, setTenant(tenantId), ...settings]);
    return fn(client);
  }, wait);
}

/**
 * A setting for withTenant: the transaction's named statements run on their generic plan, made once per connection.
 * Left to choose, PostgreSQL plans a statement afresh at each call whenever its generic plan looks dearer than a custom
 * one, which it does when it cannot see a parameter's value (a bouncer's version, a subject): planning then costs
 * more than the read. Only for statements whose generic plan is checked to walk the same indexes.
 */
export const GENERIC_PLANS: Statement = { text: "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)" };

/**
 * Reads as a tenant in one round trip: the tenant setting and the statements travel as one message, one implicit
 * transaction (no BEGIN or COMMIT of their own). Answers each statement's result after the tenant's.
 */
export async function readAsTenant(pool: pg.Pool, tenantId: string, statements: Statement[]): Promise<pg.QueryResult[]> {
  return (await queryInOneTrip(pool, [setTenant(tenantId), ...statements])).slice(1);
}

/**
 * As withTenant, with the `opening` statements sent with the BEGIN and the tenant (one round trip); fn gets their
 * results, in order. `settings` as for withTenant.
 */
export async function withTenantFrom<T>(pool: pg.Pool, tenantId: string, opening: Statement[], fn: (client: pg.PoolClient, opened: pg.QueryResult[]) => Promise<T>,
  settings: Statement[] = []): Promise<T> {
  return tenantTransactionFrom(pool, tenantId, opening, fn, settings, 'awaited');
}

/** As readWithTenant, with the `opening` statements sent with the BEGIN (one round trip); fn gets their results. */
export async function readWithTenantFrom<T>(pool: pg.Pool, tenantId: string, opening: Statement[], fn: (client: pg.PoolClient, opened: pg.QueryResult[]) => Promise<T>,
  settings: Statement[] = []): Promise<T> {
  return tenantTransactionFrom(pool, tenantId, opening, fn, settings, 'behind');
}

function tenantTransactionFrom<T>(pool: pg.Pool, tenantId: string, opening: Statement[], fn: (client: pg.PoolClient, opened: pg.QueryResult[]) => Promise<T>,
  settings: Statement[], wait: CommitWait): Promise<T> {
  return transaction(pool, async (client) => {
    const results = await queryInOneTrip(client, [{ text: 'BEGIN' }, setTenant(tenantId), ...settings, ...opening]);
    return fn(client, results.slice(results.length - opening.length));
  }, wait);
}

/** Runs fn in one transaction on a pooled connection; a connection that broke on the way is discarded, never reused. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return transaction(pool, async (client) => {
    await client.query('BEGIN');
    return fn(client);
  });
}

/**
 * As inTransaction, with BEGIN and the transaction's first statement in one round trip; fn gets that statement's
 * result. COMMIT stays a message of its own, sent after fn: a caller that gave up waiting never has its write committed.
 */
export async function inTransactionFrom<T>(pool: pg.Pool, first: Statement, fn: (client: pg.PoolClient, firstResult: pg.QueryResult) => Promise<T>): Promise<T> {
  return transaction(pool, async (client) => {
    const [, res] = await queryInOneTrip(client, [{ text: 'BEGIN' }, first]);
    return fn(client, res!);
  });
}

/** Work to do once the transaction open on a client has committed (see afterCommit). */
const commitHooks = new WeakMap<object, (() => void)[]>();
/** The write to send in the COMMIT's message of the transaction open on a client (see sendWithCommit). */
const lastWrites = new WeakMap<object, Statement>();

/**
 * Sends `statement` in the COMMIT's message of the transaction open on `client` instead of a round trip of its own:
 * only for the transaction's last write, which nothing after it in the transaction reads, and a short one (recording a
 * pull, say: PostgreSQL reads it inlined, and a large literal costs it more than the trip). If it fails, nothing
 * commits and the transaction's caller gets the error. One per transaction.
 */
export function sendWithCommit(client: object, statement: Statement): void {
  if (lastWrites.has(client)) throw new Error('a transaction sends one statement with its COMMIT');
  lastWrites.set(client, statement);
}

/**
 * Runs fn once the transaction on `client` (opened by withTenant, inTransaction or inTransactionFrom) has committed,
 * and never when it rolls back: an operator's log line says what is durable. Outside such a transaction it runs at once.
 */
export function afterCommit(client: object, fn: () => void): void {
  const hooks = commitHooks.get(client);
  if (hooks) hooks.push(fn);
  else fn();
}

/**
 * How a transaction's COMMIT is waited for: `awaited` before its result is answered (any write); `behind`, for a
 * transaction that only reads: its result is answered at once and the COMMIT, which changes nothing, goes on meanwhile
 * (a round trip less on the caller's path); the connection returns to the pool once it is through.
 */
type CommitWait = 'awaited' | 'behind';

/**
 * Runs `begin` (which opens the transaction and does the work) on a pooled connection, then commits, with the write
 * it may have left for the COMMIT's message (sendWithCommit).
 */
async function transaction<T>(pool: pg.Pool, begin: (client: pg.PoolClient) => Promise<T>, wait: CommitWait = 'awaited'): Promise<T> {
  const client = await pool.connect();
  commitHooks.set(client, []);
  let result: T;
  try {
    result = await begin(client);
  } catch (err) {
    await giveUp(client, err);
    throw err;
  }
  const committing = commit(client);
  // A read's COMMIT that fails has cost its connection (given up); its result was read whole before.
  if (wait === 'behind') committing.catch(() => {});
  else await committing;
  return result;
}

/** Commits the transaction open on `client` (with its last write in the same message), releases it and runs its after-commit hooks. */
async function commit(client: pg.PoolClient): Promise<void> {
  const last = lastWrites.get(client);
  lastWrites.delete(client);
  try {
    await queryInOneTrip(client, [...(last ? [last] : []), { text: 'COMMIT' }]);
  } catch (err) {
    await giveUp(client, err);
    throw err;
  }
  const hooks = commitHooks.get(client) ?? [];
  commitHooks.delete(client);
  client.release();
  // A hook is a log line: once committed, the write has happened, and nothing after it may make it look failed.
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // nothing to undo
    }
  }
}

/** Ends a failed transaction: a connection that failed or stopped answering is given up (release with an error), not rolled back and reused. */
async function giveUp(client: pg.PoolClient, err: unknown): Promise<void> {
  commitHooks.delete(client);
  lastWrites.delete(client);
  const broken = isDatabaseUnavailable(err) || !(await client.query('ROLLBACK').then(() => true, () => false));
  client.release(broken);
}

/** Where the embedded server (and the tests' scratch ones) put their Unix socket: PostgreSQL's default, set explicitly. */
export const SOCKET_DIR = '/tmp';

/**
 * A connection URL for a local server: over its Unix socket when it has one, else over 127.0.0.1. A round trip over the
 * socket cost this process 40–70 µs of CPU against 70–120 µs over TCP loopback (SELECT 1, 3,000 times, same server),
 * and every request makes a few.
 */
export function localUrl(user: string, password: string, port: number, database: string): string {
  const host = existsSync(path.join(SOCKET_DIR, `.s.PGSQL.${port}`)) ? encodeURIComponent(SOCKET_DIR) : '127.0.0.1';
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}
