// Keeps the current-signal pointers (migration 021) off the ingest path: follows each tenant's committed feed inside
// PostgreSQL, a bounded batch a statement, by one hub per tenant at a time. Lag costs readers time, never correctness.

import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../db/pools.ts';
import type { LeaseHolder } from '../db/leases.ts';
import { listFeedTenants } from '../store/feed-queries.ts';
import { advancePointers } from './pointer-queries.ts';

export interface PointerKeeperDeps {
  owner: pg.Pool;
  app: pg.Pool;
  leases: Pick<LeaseHolder, 'tryHold' | 'stop'>;
  logger: Pick<Logger, 'error' | 'warn'>;
  pollIntervalMs: number;
  /** Feed rows one statement passes at most. */
  batchSize: number;
}

/** How soon to look again when committed rows wait behind an older, still-running writer. */
const PENDING_RETRY_MS = 10;

export function createPointerKeeper(deps: PointerKeeperDeps) {
  // The tenants a wake-up asked for (a commit here); a full pass (poll, caughtUp) lists every tenant.
  const tenantsAsked = new Set<string>();
  let fullAsked = false;
  let waiters: (() => void)[] = [];
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;

  function wake(tenantId?: string): void {
    if (tenantId) tenantsAsked.add(tenantId);
    else fullAsked = true;
    kick();
  }

  function kick(): void {
    running ??= runPasses().finally(() => {
      running = null;
      // A request that arrived while the last pass was finishing would otherwise wait for the next poll.
      if ((fullAsked || tenantsAsked.size > 0) && !stopping) kick();
    });
  }

  /** Passes until no request is left; passes never overlap, requests made during one coalesce into the next. */
  async function runPasses(): Promise<void> {
    while ((fullAsked || tenantsAsked.size > 0) && !stopping) {
      const full = fullAsked;
      const only = [...tenantsAsked];
      fullAsked = false;
      tenantsAsked.clear();
      const asked = full ? waiters : [];
      if (full) waiters = [];
      const clean = await pass(full ? null : only).catch((err) => {
        deps.logger.error({ err }, 'current-signal pointers pass failed; readers merge in the rows after the mark meanwhile');
        return false;
      });
      if (clean) asked.forEach((w) => w());
      else waiters.unshift(...asked);
      // Rows waiting behind an older writer (or a failure): a full pass again soon, which also answers the waiters.
      if (!clean && !stopping) setTimeout(() => wake(), PENDING_RETRY_MS).unref();
    }
  }

  /** Drains the tenants asked for (all when null); answers false when some committed rows had to wait. */
  async function pass(only: string[] | null): Promise<boolean> {
    let clean = true;
    for (const tenantId of only ?? await listFeedTenants(deps.owner)) {
      if (stopping) return false;
      if (!(await deps.leases.tryHold(tenantId))) continue;
      // Each batch its own transaction: a stop or a failure keeps what was passed (the mark moved with it).
      for (;;) {
        const step = await withTenant(deps.app, tenantId, (c) => advancePointers(c, tenantId, deps.batchSize));
        if (step.rows < deps.batchSize || stopping) {
          if (step.pending) clean = false;
          break;
        }
      }
    }
    return clean;
  }

  return {
    /** Starts the polling safety net and a first pass (whatever was committed while no hub ran is picked up). */
    start(): void {
      timer = setInterval(() => wake(), deps.pollIntervalMs);
      timer.unref();
      wake();
    },
    /** Asks for a pass soon, over one tenant (a signal of it was committed here) or all. */
    wake,
    /** Resolves after a full pass that began after this call (tests, benchmarks). */
    caughtUp(): Promise<void> {
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      wake();
      return done;
    },
    /** Stops after the batch in flight (within `timeoutMs`), then gives up the leases. */
    async stop(timeoutMs: number): Promise<void> {
      stopping = true;
      if (timer) clearInterval(timer);
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([running ?? Promise.resolve(), new Promise((resolve) => { timeout = setTimeout(resolve, timeoutMs); })]);
      clearTimeout(timeout);
      await deps.leases.stop();
    },
  };
}

export type PointerKeeper = ReturnType<typeof createPointerKeeper>;
