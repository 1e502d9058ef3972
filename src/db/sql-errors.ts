// The one SQLSTATE table: which database failures are the database's state rather than the request's fault, and which are worth a retry.
// Pure classification: never retries, logs or maps to a response itself (problem.ts, the aggregator and the engine do).

/**
 * `unavailable`: the server is down, restarting, full or dropped the connection; `timeout`: it did not answer in
 * time; `conflict`: PostgreSQL aborted one side of a race (the same transaction may simply be run again).
 */
export type DbFailure = 'unavailable' | 'timeout' | 'conflict';

const BY_SQLSTATE: Record<string, DbFailure> = {
  '57P01': 'unavailable', // admin_shutdown: pg_terminate_backend, or the server is stopping
  '57P02': 'unavailable', // crash_shutdown
  '57P03': 'unavailable', // cannot_connect_now: starting up or in recovery
  '53300': 'unavailable', // too_many_connections
  '25P03': 'unavailable', // idle_in_transaction_session_timeout ended the session
  '57014': 'timeout', // query_canceled: statement_timeout
  '55P03': 'timeout', // lock_not_available: lock_timeout
  '40001': 'conflict', // serialization_failure
  '40P01': 'conflict', // deadlock_detected
};

const BY_SQLSTATE_CLASS: Record<string, DbFailure> = {
  '08': 'unavailable', // connection exception
};

/** Whether running the same transaction again can succeed: a lost race can, and a dropped connection gets a fresh one. */
const WORTH_A_RETRY: Record<DbFailure, boolean> = {
  conflict: true,
  unavailable: true,
  // The statement ran out of time once; running it at once again only adds load to a slow server.
  timeout: false,
};

// The data itself breaks a rule: the same rows are refused however often they are sent.
const REFUSED_SQLSTATE_CLASSES = new Set([
  '22', // data exception
  '23', // integrity constraint violation
]);

const BY_NODE_CODE: Record<string, DbFailure> = {
  ECONNREFUSED: 'unavailable', ECONNRESET: 'unavailable', EPIPE: 'unavailable', ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable', EHOSTUNREACH: 'unavailable', ENETUNREACH: 'unavailable', ECONNABORTED: 'unavailable',
  ETIMEDOUT: 'timeout',
};

// node-postgres reports these as plain Errors without a code; their texts are the only handle.
const BY_MESSAGE: [RegExp, DbFailure][] = [
  [/^Connection terminated/, 'unavailable'],
  [/is not queryable/, 'unavailable'],
  [/^Client has encountered a connection error/, 'unavailable'],
  [/^Cannot use a pool after calling end on the pool$/, 'unavailable'],
  [/^timeout exceeded when trying to connect$/, 'timeout'],
  [/^Query read timeout$/, 'timeout'],
  [/^timeout expired$/, 'timeout'],
];

/** A local server's Unix socket is gone while it is stopped (localUrl connects through it): as a refused connection. */
function socketGone(e: object, code: string): DbFailure | undefined {
  return code === 'ENOENT' && (e as { syscall?: unknown }).syscall === 'connect' ? 'unavailable' : undefined;
}

/** What kind of database failure `err` (or an error it wraps) is, or null when it is not one of these. */
export function classifyDbError(err: unknown): DbFailure | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    const kind = BY_SQLSTATE[code] ?? BY_SQLSTATE_CLASS[sqlstateClass(code)] ?? BY_NODE_CODE[code] ?? socketGone(e, code)
      ?? BY_MESSAGE.find(([re]) => re.test(String((e as { message?: unknown }).message ?? '')))?.[1];
    if (kind) return kind;
  }
  return null;
}

/** Whether the same transaction is worth running again after `err` (a lost race or a dropped connection). */
export function isRetryable(err: unknown): boolean {
  const kind = classifyDbError(err);
  return kind !== null && WORTH_A_RETRY[kind];
}

/** PostgreSQL refused the data itself (SQLSTATE classes 22 and 23): sending the same rows again cannot help. */
export function isRefusedData(err: unknown): boolean {
  return REFUSED_SQLSTATE_CLASSES.has(sqlstateClass(String((err as { code?: unknown } | null)?.code ?? '')));
}

const sqlstateClass = (code: string): string => (/^[0-9A-Z]{5}$/.test(code) ? code.slice(0, 2) : '');

/** The database cannot serve this now (down, dropped, too slow): the caller should answer "retry later", not "bug". */
export function isDatabaseUnavailable(err: unknown): boolean {
  const kind = classifyDbError(err);
  return kind === 'unavailable' || kind === 'timeout';
}
