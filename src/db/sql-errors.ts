// The one table that says which database failures are the database's state rather than the request's fault.
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

/** What kind of database failure `err` (or an error it wraps) is, or null when it is not one of these. */
export function classifyDbError(err: unknown): DbFailure | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    const kind = BY_SQLSTATE[code] ?? BY_SQLSTATE_CLASS[/^[0-9A-Z]{5}$/.test(code) ? code.slice(0, 2) : ''] ?? BY_NODE_CODE[code]
      ?? BY_MESSAGE.find(([re]) => re.test(String((e as { message?: unknown }).message ?? '')))?.[1];
    if (kind) return kind;
  }
  return null;
}

/** The database cannot serve this now (down, dropped, too slow): the caller should answer "retry later", not "bug". */
export function isDatabaseUnavailable(err: unknown): boolean {
  const kind = classifyDbError(err);
  return kind === 'unavailable' || kind === 'timeout';
}
