// Waiting for a stored signal to come below the feed's snapshot horizon, before a test asserts where a consumer stands.
// Reads only; a consumer passes a row once every older writer on the server has finished, which other work may delay.

import assert from 'node:assert/strict';
import type pg from 'pg';

/** Resolves once the stored signal with this id may be passed by any feed consumer (bounded: 5 s). */
export async function belowFeedHorizon(owner: pg.Pool, signalId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await owner.query(
      'SELECT writer_xid < pg_snapshot_xmin(pg_current_snapshot()) AS ok FROM signal_streams WHERE id = $1', [signalId]);
    if (rows[0]?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`signal ${signalId} never came below the feed's horizon`);
}
