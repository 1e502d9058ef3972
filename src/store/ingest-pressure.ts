// How many signal rows this hub is writing right now, and the bounded wait that lets a heavy burst of them commit before
// the feed's consumers compete with it for the database. Local to the process: another hub's writes are not counted.

export interface IngestPressureConfig {
  /** Rows in this hub's uncommitted signal writes from which ingest counts as heavy (QUORUM_FEED_DEFER_ROWS). */
  heavyRows: number;
  /** Longest a heavy stretch holds the consumers back, from its start (QUORUM_FEED_DEFER_MS; 0: never). */
  maxDeferMs: number;
}

/**
 * A heavy stretch ends once the rows in flight have stayed under the threshold this long: between two flushes of a
 * burst they dip for a few milliseconds, and that must not start a new stretch with a new budget.
 */
export const LIGHT_GAP_MS = 250;
/** A deferring consumer looks again at least this often, so it goes on soon after the stretch ends. */
const RECHECK_MS = 50;

export function createIngestPressure(config: IngestPressureConfig, clock: () => number = Date.now) {
  let rows = 0;
  /** When the current heavy stretch began (null: none since the last light gap). */
  let heavySince: number | null = null;
  /** When the rows in flight last fell under the threshold during a stretch (null while over it). */
  let lightSince: number | null = null;

  /** Whether no heavy stretch is running at `now`: none began, or its writes have been light for the gap. */
  const stretchOver = (now: number) => heavySince === null || (lightSince !== null && now - lightSince >= LIGHT_GAP_MS);

  function changed(): void {
    const now = clock();
    if (rows >= config.heavyRows) {
      if (stretchOver(now)) heavySince = now;
      lightSince = null;
    } else if (heavySince !== null && lightSince === null) lightSince = now;
  }

  /** How long the consumers should still wait now: 0 when ingest is light or the stretch has used its budget. */
  function waitLeft(now: number): number {
    return stretchOver(now) ? 0 : Math.max(0, heavySince! + config.maxDeferMs - now);
  }

  return {
    /** Counts `n` rows as being written until the returned function is called (once, when the write has ended). */
    writing(n: number): () => void {
      rows += n;
      changed();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        rows -= n;
        changed();
      };
    },
    /** Rows in this hub's uncommitted signal writes now. */
    rowsInFlight: () => rows,
    /**
     * Resolves at once when ingest is light; during a heavy stretch, when it ends or has lasted `maxDeferMs`, whichever
     * comes first. Answers the milliseconds waited.
     */
    async deferred(): Promise<number> {
      const started = clock();
      let left = waitLeft(started);
      if (left === 0) return 0;
      for (; left > 0; left = waitLeft(clock())) await new Promise((r) => setTimeout(r, Math.min(left, RECHECK_MS)));
      return clock() - started;
    },
  };
}

export type IngestPressure = ReturnType<typeof createIngestPressure>;
