// The pass loop shared by the consumers of the committed feed: wake-ups for one tenant or all coalesce into passes that
// never overlap, a poll is the safety net, waiters learn when a full pass came out clean, and a stop waits for the pass.

import { finishedWithin } from '../core/bounded-wait.ts';

/** How a pass ended: all caught up, committed rows waiting behind an older writer (look again soon), or failed. */
export type PassResult = 'clean' | 'pending' | 'failed';

interface PassLoopDeps {
  /** Passes over the tenants asked for (all when null); `stopping()` tells it to end early. */
  pass: (only: string[] | null, stopping: () => boolean) => Promise<PassResult>;
  /** A pass threw: the loop carries on at the next wake-up or poll. */
  onError: (err: unknown) => void;
  pollIntervalMs: number;
  /** Passes start at least this far apart (wake-ups meanwhile fold into the next pass); 0 for none. */
  minGapMs: number;
}

/** How soon to look again when committed rows wait behind an older, still-running writer. */
const PENDING_RETRY_MS = 10;

export function createPassLoop(deps: PassLoopDeps) {
  // A wake-up for one tenant passes over it alone; a full pass (poll, caughtUp) also lists the tenants.
  const tenantsAsked = new Set<string>();
  let fullAsked = false;
  let waiters: (() => void)[] = [];
  let requested = false;
  let running: Promise<void> | null = null;
  let lastPassAt = -Infinity;
  // A wake-up asked the next pass to start without waiting for the minimum gap (see wake); `cutGap` ends a gap being waited.
  let skipGap = false;
  let cutGap: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let inFlight: Promise<PassResult> | null = null;
  const isStopping = () => stopping;

  function wake(tenantId?: string, atOnce = false): void {
    if (atOnce) {
      skipGap = true;
      cutGap?.();
    }
    if (tenantId) tenantsAsked.add(tenantId);
    else fullAsked = true;
    requested = true;
    running ??= runPasses().finally(() => {
      running = null;
      // A request that arrived while the last pass was finishing would otherwise wait for the next poll.
      if (requested && !stopping) wake();
    });
  }

  async function runPasses(): Promise<void> {
    while (requested && !stopping) {
      const gap = skipGap ? 0 : lastPassAt + deps.minGapMs - performance.now();
      if (gap > 0) await gapWaited(gap);
      if (stopping) return;
      lastPassAt = performance.now();
      skipGap = false;
      requested = false;
      const full = fullAsked;
      const only = [...tenantsAsked];
      fullAsked = false;
      tenantsAsked.clear();
      // Only callers that asked before a full pass began may be told it caught up.
      const asked = full ? waiters : [];
      if (full) waiters = [];
      inFlight = deps.pass(full ? null : only, isStopping).catch((err): PassResult => {
        deps.onError(err);
        return 'failed';
      });
      const result = await inFlight;
      inFlight = null;
      if (result === 'clean') asked.forEach((w) => w());
      else waiters.unshift(...asked);
      // The retry covers what the pass covered: a tenant's pending rows never cost every tenant's feed a read.
      if (result === 'pending') setTimeout(() => (full ? wake() : only.forEach((t) => wake(t))), PENDING_RETRY_MS).unref();
    }
  }

  /** Waits `ms`, or less when a wake-up at once comes meanwhile. */
  async function gapWaited(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cutGap = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    cutGap = null;
  }

  return {
    /** Starts the polling safety net and a first pass (whatever was committed while no hub ran is picked up). */
    start(): void {
      timer = setInterval(() => wake(), deps.pollIntervalMs);
      timer.unref();
      wake();
    },
    /**
     * Asks for a pass soon, over one tenant (a signal of it was committed here) or all; `atOnce` starts it without
     * waiting for the minimum gap since the last pass (the caller bounds how often it asks so).
     */
    wake,
    /** The pass running now (it resolves when the pass ends), or null between passes. */
    passInFlight: (): Promise<unknown> | null => inFlight,
    /** Resolves after a full pass that began after this call came out clean (tests, benchmarks). */
    caughtUp(): Promise<void> {
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      wake();
      return done;
    },
    /** Takes no new pass and waits for the one in flight up to `timeoutMs`; answers true when it did not finish in time. */
    async stop(timeoutMs: number): Promise<boolean> {
      stopping = true;
      if (timer) clearInterval(timer);
      return !(await finishedWithin(running ?? Promise.resolve(), timeoutMs));
    },
  };
}
