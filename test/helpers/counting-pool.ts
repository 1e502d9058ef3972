// One-connection pools as quorum_app whose every message passes through the test first: to count round trips, or to
// hold a message back. Only watches and delays; the statements run as they would on the hub's own pool.

import pg from 'pg';

/**
 * A pool whose client hands each message's text to `intercept`, which sends it on with `send` (now, or later: the
 * caller waits for what `intercept` answers). The caller ends the pool.
 */
export function interceptingPool(appUrl: string, intercept: (text: string, send: () => unknown) => unknown): pg.Pool {
  // As the hub's pools: a transaction a test leaves open is ended by the server, never held for the rest of the run.
  const pool = new pg.Pool({ connectionString: appUrl, max: 1, options: '-c TimeZone=UTC', idle_in_transaction_session_timeout: 60_000 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (q: string | { text: string }, ...rest: unknown[]) =>
      intercept(typeof q === 'string' ? q : q.text, () => query(q, ...rest));
  });
  return pool;
}

/** The pool and the messages it sent, in order (a named statement by its text). The caller ends the pool. */
export function countingPool(appUrl: string): { pool: pg.Pool; messages: string[] } {
  const messages: string[] = [];
  const pool = interceptingPool(appUrl, (text, send) => {
    messages.push(text);
    return send();
  });
  return { pool, messages };
}
