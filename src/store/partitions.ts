// Daily partitions of signal_streams: created ahead of time and on demand for backfills, dropped by retention.
// Runs on the owner pool (DDL). Never drops a partition inside the retention window.

import type pg from 'pg';

/** UTC calendar day of an instant, as YYYY-MM-DD. */
export function utcDay(at: Date | string): string {
  return new Date(at).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}

/** The first UTC day retention keeps: every partition wholly before it is dropped. */
export function retentionCutoff(now: Date, retentionDays: number): string {
  return addDays(utcDay(now), -retentionDays);
}

export function createPartitionManager(owner: Pick<pg.Pool, 'query'>) {
  const known = new Set<string>();
  return {
    /** Makes sure a partition exists for each day; cheap when they are known to exist already. */
    async ensureDays(days: Iterable<string>): Promise<string[]> {
      const created: string[] = [];
      for (const day of days) {
        if (known.has(day)) continue;
        const res = await owner.query<{ created: boolean }>('SELECT quorum_ensure_signal_partition($1::date) AS created', [day])
          .catch((err: { code?: string }) => {
            // Two writers backfilling the same day at once: the loser's CREATE finds the table (42P07) or its row type
            // (23505) already there. The partition exists, which is all either of them needs.
            if (err.code === '42P07' || err.code === '23505') return null;
            throw err;
          });
        if (res?.rows[0]?.created) created.push(day);
        known.add(day);
      }
      return created;
    },

    /** Creates the partitions for yesterday, today and the coming days. */
    async ensureAhead(now: Date, aheadDays: number): Promise<string[]> {
      const today = utcDay(now);
      const days = Array.from({ length: aheadDays + 2 }, (_, i) => addDays(today, i - 1));
      return this.ensureDays(days);
    },

    /** Drops every partition that lies wholly before now − retentionDays; returns their names. */
    async applyRetention(now: Date, retentionDays: number): Promise<string[]> {
      const cutoff = retentionCutoff(now, retentionDays);
      const res = await owner.query<{ name: string }>('SELECT quorum_drop_signal_partitions_before($1::date) AS name', [cutoff]);
      for (const day of [...known]) if (day < cutoff) known.delete(day);
      return res.rows.map((r) => r.name);
    },
  };
}

export type PartitionManager = ReturnType<typeof createPartitionManager>;
