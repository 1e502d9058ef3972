// A one-connection pool as quorum_app that records the text of every message it sends: how tests count round trips.
// Records only; the statements run as they would on the hub's own pool.

import pg from 'pg';

/** The pool and the messages it sent, in order (a named statement by its text). The caller ends the pool. */
export function countingPool(appUrl: string): { pool: pg.Pool; messages: string[] } {
  const messages: string[] = [];
  const pool = new pg.Pool({ connectionString: appUrl, max: 1, options: '-c TimeZone=UTC' });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (q: string | { text: string }, ...rest: unknown[]) => {
      messages.push(typeof q === 'string' ? q : q.text);
      return query(q, ...rest);
    };
  });
  return { pool, messages };
}
