// Brings the benchmark database to the same state before each measured run: a checkpoint just taken, no vacuum busy.
// Without it, a run pays for the WAL and the vacuums of the run before, and a ratio measures the order of the runs.

import type pg from 'pg';

/** Takes a checkpoint, then waits (up to 60 s) until no autovacuum worker runs. */
export async function quietDatabase(owner: pg.Pool): Promise<void> {
  await owner.query('CHECKPOINT');
  for (const end = performance.now() + 60_000; performance.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const { rows } = await owner.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
    if (rows[0].n === 0) return;
  }
}
