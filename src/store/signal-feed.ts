// The committed signals feed's consumer loop: hands each tenant's stored signals to one downstream handler (correlation, the auto-blocklist),
// in commit order, in bounded batches, resuming from the position kept in PostgreSQL. Never advances past an unhandled batch.

import type pg from 'pg';
import type { Logger } from 'pino';
import { readWithTenant } from '../db/pools.ts';
import type { LeaseHolder } from '../db/leases.ts';
import type { Metrics } from '../metrics.ts';
import { createPassLoop, type PassResult } from './pass-loop.ts';
import type { CommittedSignals } from './stored-signal-bus.ts';
import { globMatches } from '../core/glob.ts';
import { finishedWithin } from '../core/bounded-wait.ts';
import { holdWokenTenants, tenantsToRead } from './tenant-leases.ts';
import { listTenantFeedStates, loadPosition, positionStatement, readFeedAsTenant, readFeedHead, savePosition, type FeedFollower, type FeedInterest, type FeedPosition, type FeedRow } from './feed-queries.ts';

/** One tenant's feed entries handed to a consumer, each with its place in the feed. */
export interface FeedBatch {
  tenantId: string;
  signals: FeedRow[];
}

export interface FeedConsumerDeps {
  /** The consumer's name: its positions and its leases are kept under it. */
  name: string;
  owner: pg.Pool;
  app: pg.Pool;
  leases: Pick<LeaseHolder, 'namespace' | 'tryHold' | 'tryHoldAll' | 'holds' | 'heldKeys' | 'stop'>;
  /** Must be idempotent: after a crash or a lost lease, the last batch is offered again. Throws to retry it later. */
  handle: (batch: FeedBatch) => Promise<void>;
  /**
   * Asked before a tenant's feed is read: true when the handler would ignore everything (a policy switched off), and the
   * consumer then moves its position to the feed's head without reading the entries — on full passes (polls,
   * caughtUp) only, not on each commit's wake-up: an idle tenant costs no round trips per commit. Absent: every entry is read.
   */
  idle?: (tenantId: string) => Promise<boolean>;
  /**
   * Asked before each read: the entries the handler may act on (others are passed without being handed on). Absent or
   * null: every entry. It must cover everything the handler would act on; the handler still decides. The same object
   * while the policy behind it holds: a different one after the read means the page is read again.
   */
  interest?: (tenantId: string) => Promise<FeedInterest | null>;
  metrics: Pick<Metrics, 'feedLag' | 'feedDeferred'>;
  /**
   * Awaited before each read: holds the consumer back while this hub's signal ingest is heavy, for a bounded time
   * (IngestPressure.deferred), and answers the milliseconds waited. Absent: never held back.
   */
  ingestFirst?: () => Promise<number>;
  /**
   * A consumer whose passes go first on this hub: before each read, this one waits while a pass of it runs (at most
   * YIELD_MAX_MS), counted as held back. Absent: never waits for another consumer.
   */
  yieldTo?: Pick<FeedConsumer, 'passInFlight'>;
  logger: Pick<Logger, 'error' | 'warn' | 'info'>;
  pollIntervalMs: number;
  batchSize: number;
  /** Lag beyond which the consumer logs `feed.lagging` (once, then `feed.caught_up` when back under); absent: never. */
  lagWarnSeconds?: number;
}

/**
 * Passes start at least this far apart: under a stream of small commits, wake-ups that arrive meanwhile fold into the
 * next pass instead of each paying a read and a position save. A wake-up after a quiet moment starts a pass at once.
 */
export const MIN_PASS_GAP_MS = 10;

/** The longest a consumer's read waits for a pass of the consumer it yields to (`yieldTo`). */
export const YIELD_MAX_MS = 100;

/**
 * Whether a commit of these keys (`ends`: some reporting an end) may hold entries the interest wants: what a consumer
 * asks before reading at once rather than at its next poll. The SQL filter of FEED_SQL, over a commit's summary.
 */
function interestCovers(interest: FeedInterest | null, keys: Iterable<string>, ends: boolean): boolean {
  if (interest === null || (ends && interest.ends)) return true;
  for (const key of keys) if (interest.signalKeys.some((glob) => globMatches(glob, key))) return true;
  return false;
}

export function createFeedConsumer(deps: FeedConsumerDeps) {
  const lagByTenant = new Map<string, number>();
  let lagging = false;
  // Positions of the tenants whose lease this process holds: while held, nobody else moves them.
  const positions = new Map<string, FeedPosition>();
  // Each tenant's last position save, left running when its pass ended: the next pass reads meanwhile and waits for it
  // before it ends itself (saves only ever move a position forward, so the two never undo each other).
  const saves = new Map<string, Promise<void>>();
  // Tenants whose last pass found committed rows behind an older writer still running (most often one of this hub's
  // ingest commits): true while the tenant's next commit here of entries the consumer does not want is to wake a pass
  // at once, false once one has. One such pass per wait: a wait that outlasts it is left to the timed retry.
  const behindWriter = new Map<string, boolean>();
  const loop = createPassLoop({
    pass, pollIntervalMs: deps.pollIntervalMs, minGapMs: MIN_PASS_GAP_MS,
    onError: (err) => deps.logger.error({ err, consumer: deps.name }, 'feed pass failed; the stored position is kept and the next round resumes from it'),
  });

  async function pass(only: string[] | null, stopping: () => boolean): Promise<PassResult> {
    let result: PassResult = 'clean';
    const tenants = only ? await wokenTenants(only) : await fullPassTenants();
    for (const tenantId of tenants) {
      if (stopping()) return 'failed';
      const drained = await drain(tenantId, only === null, stopping);
      if (drained === 'failed' || (drained === 'pending' && result === 'clean')) result = drained;
    }
    return result;
  }

  /**
   * A full pass's tenants: the held feeds with entries after their stored position and every free lease taken
   * (tenantsToRead), in two statements however many tenants there are (three when it takes some).
   */
  async function fullPassTenants(): Promise<string[]> {
    const { read, taken } = await tenantsToRead(deps.leases, (held) => listTenantFeedStates(deps.owner, deps.name, held));
    forgetPositions(taken);
    return read;
  }

  /** The woken tenants whose lease this hub holds or takes now; each is read. */
  async function wokenTenants(only: string[]): Promise<string[]> {
    const { read, taken } = await holdWokenTenants(deps.leases, only);
    forgetPositions(taken);
    return read;
  }

  /** A lease lost and taken again may have let another hub move the position: it is read from the database again. */
  function forgetPositions(tenantIds: string[]): void {
    for (const id of tenantIds) positions.delete(id);
  }

  /** Hands on one tenant's backlog (drainPages), then waits for the save its last pass left running. */
  async function drain(tenantId: string, full: boolean, stopping: () => boolean): Promise<PassResult> {
    const previousSave = saves.get(tenantId);
    try {
      const result = await drainPages(tenantId, full, stopping);
      if (result === 'clean') behindWriter.delete(tenantId);
      else if (result === 'pending' && !behindWriter.has(tenantId)) behindWriter.set(tenantId, true);
      return result;
    } finally {
      await previousSave;
    }
  }

  /** Hands on one tenant's backlog, a bounded batch at a time (memory never grows with the backlog). */
  async function drainPages(tenantId: string, full: boolean, stopping: () => boolean): Promise<PassResult> {
    let position = positions.get(tenantId) ?? await loadPosition(deps.owner, deps.name, tenantId);
    if (deps.idle && await deps.idle(tenantId)) return full ? skipToHead(tenantId, position) : 'clean';
    let page = await readWithInterest(tenantId, position);
    for (;;) {
      // Wall time against the database's ingested_at: an injected test clock would make the lag meaningless.
      setLag(tenantId, page.oldestIngestedMs === null ? 0 : Date.now() - page.oldestIngestedMs);
      if (!page.last) return page.pending ? 'pending' : 'clean';
      if (page.rows.length > 0) await deps.handle({ tenantId, signals: page.rows });
      position = page.last;
      if (page.passed < deps.batchSize) return endOfBacklog(tenantId, position, page.pending, full);
      const saving = savePosition(deps.owner, deps.name, tenantId, position);
      if (stopping() || !deps.leases.holds(tenantId)) {
        await saving;
        positions.set(tenantId, position);
        // A lease lost mid-drain (connection gone) means another hub may be reading: stop after the handled batch.
        return 'failed';
      }
      // The handled position is stored while the next page is read: the two round trips overlap instead of adding up.
      [, page] = await Promise.all([saving, readWithInterest(tenantId, position)]);
      positions.set(tenantId, position);
    }
  }

  /**
   * The end of a tenant's backlog, handled up to `position`: a pass on a commit's wake-up ends without waiting for the
   * position's save (the next pass starts a round trip sooner); a full pass (poll, caughtUp) waits, so that a clean
   * one leaves every position stored.
   */
  async function endOfBacklog(tenantId: string, position: FeedPosition, pending: boolean, full: boolean): Promise<PassResult> {
    if (full) {
      await savePosition(deps.owner, deps.name, tenantId, position);
      positions.set(tenantId, position);
    } else {
      saveBehind(tenantId, position);
    }
    if (!pending) setLag(tenantId, 0);
    return pending ? 'pending' : 'clean';
  }

  /**
   * Saves a handled position without holding up the pass. A save that fails is logged and costs nothing handled: the
   * next save moves the stored position past it, and until then a restart offers the batches after it again.
   */
  function saveBehind(tenantId: string, position: FeedPosition): void {
    positions.set(tenantId, position);
    saves.set(tenantId, savePosition(deps.owner, deps.name, tenantId, position).catch((err: unknown) => {
      deps.logger.warn({ err, consumer: deps.name, tenantId }, 'saving the feed position failed; the next save moves it on');
    }));
  }

  /**
   * A page read under the interest in force when it was read: a policy changed while the read ran (a signal stored
   * after the change returned may be in the page) has the page read again under the new one.
   */
  async function readWithInterest(tenantId: string, after: FeedPosition) {
    await heldBackForIngest(deps);
    await yieldToFirst();
    for (;;) {
      const interest = await deps.interest?.(tenantId) ?? null;
      const page = await readFeedAsTenant(deps.app, tenantId, after, deps.batchSize, interest);
      if ((await deps.interest?.(tenantId) ?? null) === interest) return page;
    }
  }

  /** Waits while the consumer this one yields to runs a pass, at most YIELD_MAX_MS, and counts the wait. */
  async function yieldToFirst(): Promise<void> {
    const first = deps.yieldTo?.passInFlight();
    if (!first) return;
    const started = performance.now();
    await finishedWithin(first, YIELD_MAX_MS);
    deps.metrics.feedDeferred.inc({ consumer: deps.name }, (performance.now() - started) / 1000);
  }

  /**
   * Passes over what an idle tenant committed so far, unread. Entries committed after the last full pass are read once
   * the tenant is no longer idle: a policy switched on also sees up to one poll interval of signals stored before it.
   */
  async function skipToHead(tenantId: string, position: FeedPosition): Promise<PassResult> {
    const head = await readWithTenant(deps.app, tenantId, (c) => readFeedHead(c, tenantId));
    if (head && (BigInt(head.xid) > BigInt(position.xid) || (head.xid === position.xid && BigInt(head.id) > BigInt(position.id)))) {
      await savePosition(deps.owner, deps.name, tenantId, head);
      positions.set(tenantId, head);
    }
    setLag(tenantId, 0);
    return 'clean';
  }

  /**
   * A commit on this hub: a pass soon (at most one per MIN_PASS_GAP_MS) when it may hold entries the handler wants;
   * otherwise the next poll passes over them (a stream of small commits the handler ignores costs no read each). But a
   * tenant whose rows wait behind an older writer is woken at once by its next such commit: likely that writer's, which
   * lets them through. Answers whether it woke the consumer; an interest that cannot be asked wakes it.
   */
  async function committed(batch: CommittedSignals): Promise<boolean> {
    const covers = !deps.interest || await deps.interest(batch.tenantId).then((i) => interestCovers(i, batch.keys, batch.ends), () => true);
    if (covers) {
      loop.wake(batch.tenantId);
      return true;
    }
    if (!behindWriter.get(batch.tenantId)) return false;
    behindWriter.set(batch.tenantId, false);
    loop.wake(batch.tenantId, true);
    return true;
  }

  function setLag(tenantId: string, ms: number): void {
    lagByTenant.set(tenantId, Math.max(0, ms));
    const seconds = Math.max(0, ...lagByTenant.values()) / 1000;
    deps.metrics.feedLag.set({ consumer: deps.name }, seconds);
    reportLag(tenantId, seconds);
  }

  /** The operator's lines: one when the lag first passes the threshold, one when it is back under it. */
  function reportLag(tenantId: string, seconds: number): void {
    const threshold = deps.lagWarnSeconds;
    if (threshold === undefined || (seconds > threshold) === lagging) return;
    lagging = seconds > threshold;
    if (lagging) deps.logger.warn({ event: 'feed.lagging', consumer: deps.name, tenantId, lagSeconds: Math.round(seconds), thresholdSeconds: threshold }, 'feed lag over the threshold');
    else deps.logger.info({ event: 'feed.caught_up', consumer: deps.name, lagSeconds: Math.round(seconds), thresholdSeconds: threshold }, 'feed lag back under the threshold');
  }

  const follower: FeedFollower = {
    name: deps.name,
    leaseNamespace: deps.leases.namespace,
    positionStatement: (tenantId) => positionStatement(deps.name, tenantId),
  };
  return {
    ...follower,
    /** Starts the polling safety net and a first pass (whatever was committed before a crash is picked up here). */
    start: loop.start,
    /** Asks for a pass soon, over one tenant or all; passes never overlap, requests coalesce. */
    wake: loop.wake,
    passInFlight: loop.passInFlight,
    committed,
    /** Resolves after a pass that began after this call found nothing left to hand on (tests, benchmarks). */
    caughtUp: loop.caughtUp,
    /**
     * Stops taking new batches, lets the one in flight finish within `timeoutMs`, then gives up the leases. What is
     * not handled stays in the feed for the next holder.
     */
    async stop(timeoutMs: number): Promise<void> {
      if (await loop.stop(timeoutMs)) deps.logger.warn({ consumer: deps.name, timeoutMs }, 'the in-flight feed batch did not finish in time; it is offered again after restart');
      await Promise.all(saves.values());
      await deps.leases.stop();
    },
  };
}

export type FeedConsumer = ReturnType<typeof createFeedConsumer>;

/** Waits as `ingestFirst` says and counts the wait under the consumer's name (`quorum_feed_deferred_seconds_total`). */
export async function heldBackForIngest(deps: { name: string; ingestFirst?: () => Promise<number>; metrics?: Pick<Metrics, 'feedDeferred'> }): Promise<void> {
  const ms = await deps.ingestFirst?.() ?? 0;
  if (ms > 0) deps.metrics?.feedDeferred.inc({ consumer: deps.name }, ms / 1000);
}
