// Reads an open cursor page by page, the next page on its way while the caller handles this one.
// Shared by every reader that walks a whole result with flat memory (blocklists, bouncer streams, Trust Scores).

import type pg from 'pg';

/**
 * Reads the open cursor `cursor` `pageSize` rows at a time (rows as arrays, each value as the pool parses its type; text
 * by default) and hands each page to `onPage`.
 * The next page is on its way while `onPage` maps, writes or compresses this one: PostgreSQL and this process work at
 * once instead of in turn. Memory stays two pages. `firstPage`: the first page, when the caller fetched it with the DECLARE.
 */
export async function fetchCursorPages<Row extends unknown[] = string[]>(c: pg.PoolClient, cursor: string, pageSize: number,
  onPage: (rows: Row[]) => void | Promise<void>, firstPage?: Row[]): Promise<void> {
  const fetchPage = async () => (await c.query({ text: `FETCH ${Number(pageSize)} FROM ${cursor}`, rowMode: 'array' })).rows as Row[];
  let next = firstPage ? Promise.resolve(firstPage) : fetchPage();
  for (;;) {
    const rows = await next;
    const more = rows.length === pageSize;
    if (more) next = fetchPage();
    try {
      if (rows.length) await onPage(rows);
    } catch (err) {
      // The prefetch may fail too once the read is given up (the rollback follows): that is no second error.
      next.catch(() => undefined);
      throw err;
    }
    if (!more) return;
  }
}
