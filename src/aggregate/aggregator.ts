// The aggregator: per-tenant batch windows of sensor messages, deduplicated, flushed with COPY, with a bounded queue.
// Never resolves a message before its signals and its receipt are committed, and never drops one silently.

import type pg from 'pg';
import type { Logger } from 'pino';
import { BackpressureError, DatabaseUnavailableError, QuorumError } from '../core/errors.ts';
import { finishedWithin } from '../core/bounded-wait.ts';
import { isDatabaseUnavailable, isRefusedData } from '../db/sql-errors.ts';
import type { Metrics } from '../metrics.ts';
import type { MessageOutcome, PreparedCopy, SensorMessage, SignalWriter, WindowEntry, WriteOptions, WriteResult } from '../ingest/ports.ts';
import type { ValidSignal } from '../core/types.ts';
import type { Receipt, SensorReceipt } from './receipt-queries.ts';
import { dedupWindow, type DedupResult } from './dedup.ts';

export interface AggregatorConfig {
  batchSize: number;
  batchTimeoutMs: number;
  maxQueue: number;
  maxConcurrentFlushes: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface ReceiptStore {
  find(tenantId: string, sensorId: string, messageId: string): Promise<Receipt | null>;
  /** Records on the flush's own client (the ingest role's, for COPY); returns the messages committed before. */
  record(client: pg.PoolClient, tenantId: string, receipts: SensorReceipt[]): Promise<{ sensorId: string; messageId: string }[]>;
}

/** Where a window's rows are written, in one transaction with its receipts (the store's SqlEmitter fits it). */
export interface BatchWriter extends Pick<SignalWriter, 'store'> {
  /** The COPY data of rows that can go straight in, or null (they are then stored as rows). */
  prepareCopy(tenantId: string, rows: readonly ValidSignal[]): PreparedCopy | null;
  storePrepared(batches: readonly PreparedCopy[], opts: WriteOptions): Promise<WriteResult>;
}

export interface AggregatorDeps {
  store: BatchWriter;
  receipts: ReceiptStore;
  metrics: Pick<Metrics, 'aggregatorQueueDepth' | 'aggregatorFlushRows' | 'aggregatorFlushDuration' | 'aggregatorFlushFailures' | 'aggregatorMerged' | 'signalsIngested' | 'signalsDuplicate' | 'tenant'>;
  config: AggregatorConfig;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Monotonic-enough milliseconds for latency measurement; injected so tests can control it. */
  now?: () => number;
}

interface Pending {
  message: Omit<SensorMessage, 'entries'>;
  signals: number;
  /** The message's signals until its COPY data is prepared (prepareMessages), then null: the rows are let go. */
  entries: WindowEntry[] | null;
  prepared: { copy: PreparedCopy; outcome: MessageOutcome } | null;
  resolve(outcome: MessageOutcome): void;
  reject(err: unknown): void;
  promise: Promise<MessageOutcome>;
}

interface Window {
  pending: Pending[];
  signals: number;
  timer: NodeJS.Timeout | null;
}

/** Raised inside a flush transaction when a message id was committed meanwhile (another connection, another hub). */
class ReceiptConflict extends Error {
  constructor(readonly keys: Set<string>) {
    super('message ids committed meanwhile');
  }
}

/** Raised to a message's waiter when the hub stops before its signals could be committed (nothing was stored). */
export class ShuttingDownError extends QuorumError {
  constructor() {
    super('shutting_down', 503, 'the hub is shutting down; nothing of this message was stored, send it again');
  }
}

/**
 * The table refused a message that passed validation (a rule the validators miss; the hub logs it as an error).
 * Resending cannot help, so the sensor is told so instead of being sent INTERNAL, which it would retry forever.
 */
export class StoreRefusedError extends QuorumError {
  constructor() {
    super('store_refused', 422, 'the database refused the signals of this message; nothing was stored and a resend will not help');
  }
}
/** Flush attempts before messages are refused with DATABASE_UNAVAILABLE (the first retries a dropped connection). */
const UNAVAILABLE_ATTEMPTS = 3;

const keyOf = (m: Pick<SensorMessage, 'tenantId' | 'sensorId' | 'messageId'>) => `${m.tenantId}\u0000${m.sensorId}\u0000${m.messageId}`;

export function createAggregator(deps: AggregatorDeps) {
  const { config } = deps;
  const inFlightById = new Map<string, Pending>();
  // Closed when a stop begins: later messages are refused. Stopping once the drain is over or out of time: flushes
  // that fail are then refused instead of retried.
  let closed = false;
  let stopping = false;
  // Messages taken before the stop and still looking up their receipt: the stop's drain waits for them to reach a window.
  let admitting = 0;

  const settle = (p: Pending, outcome: MessageOutcome | unknown): void => {
    if (p.message.messageId !== null && inFlightById.get(keyOf(p.message)) === p) inFlightById.delete(keyOf(p.message));
    queue.release(p.signals);
    if (outcome instanceof Error || !(typeof outcome === 'object' && outcome !== null && 'replayed' in outcome)) p.reject(outcome);
    else p.resolve(outcome as MessageOutcome);
  };
  const flush: FlushContext = { deps, now: deps.now ?? (() => performance.now()), settle, stopping: () => stopping };
  const queue = createWindowQueue(config, deps.metrics, (tenantId, batch) => flushWithRetry(flush, tenantId, batch));

  return {
    /**
     * Takes a message into its tenant's window; resolves once it is committed (or was committed before).
     * Throws BackpressureError at once, taking nothing, when the queue cannot hold the whole message.
     */
    async submit(message: SensorMessage): Promise<MessageOutcome> {
      if (closed) throw new ShuttingDownError();
      if (message.messageId !== null) {
        admitting++;
        const seen = await resendOutcome(deps.receipts, inFlightById, message).finally(() => admitting--);
        if (seen) return seen;
      }
      const n = message.entries.length;
      if (n === 0) return { signalCount: 0, stored: 0, merged: 0, duplicates: 0, replayed: false };
      refuseOverflow(config, queue.depth(), n);
      let resolve!: (o: MessageOutcome) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<MessageOutcome>((res, rej) => { resolve = res; reject = rej; });
      const { entries, ...head } = message;
      const pending: Pending = { message: head, signals: n, entries, prepared: null, resolve, reject, promise };
      if (message.messageId !== null) inFlightById.set(keyOf(message), pending);
      queue.add(message.tenantId, pending);
      return promise;
    },

    /** Signals accepted and not yet committed. */
    depth: () => queue.depth(),

    /** Calls back whenever the queue falls to half its size after being fuller (to resume paused sockets). */
    onLowWater: queue.onLowWater,

    /** Flushes every open window now and waits for all flushes in flight. */
    drain: queue.drain,

    /** Drains for at most `timeoutMs`, then refuses what is left (ShuttingDownError); nothing unstored is acknowledged. */
    async stop(timeoutMs = 10_000): Promise<void> {
      closed = true;
      const drained = drainAdmitted();
      await finishedWithin(drained, timeoutMs);
      stopping = true;
      await drained;
    },
  };

  /**
   * Drains until every message taken before the stop is settled. One still looking up its receipt when a drain began
   * reaches its window after it; a single drain left it there until the window's time was up (SIGNAL_BATCH_TIMEOUT_MS).
   */
  async function drainAdmitted(): Promise<void> {
    await queue.drain();
    while (admitting > 0 || queue.depth() > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await queue.drain();
    }
  }
}

/**
 * Per-tenant batch windows over one bounded queue: a window is cut when it holds a batch or its time is up, and at
 * most `maxConcurrentFlushes` cut windows are flushed at once. Counts queued signals; never settles a message itself.
 */
function createWindowQueue(config: AggregatorConfig, metrics: Pick<Metrics, 'aggregatorQueueDepth'>, flush: (tenantId: string, batch: Pending[]) => Promise<void>) {
  const windows = new Map<string, Window>();
  const ready: { tenantId: string; batch: Pending[] }[] = [];
  const lowWaterListeners = new Set<() => void>();
  const flushes = new Set<Promise<void>>();
  let depth = 0;
  let running = 0;

  const setDepth = (delta: number) => {
    const before = depth;
    depth += delta;
    metrics.aggregatorQueueDepth.set(depth);
    if (delta < 0 && before > config.maxQueue / 2 && depth <= config.maxQueue / 2) for (const l of lowWaterListeners) l();
  };

  function cut(tenantId: string): void {
    const w = windows.get(tenantId);
    if (!w || w.pending.length === 0) return;
    if (w.timer) clearTimeout(w.timer);
    windows.delete(tenantId);
    ready.push({ tenantId, batch: w.pending });
    pump();
  }

  function pump(): void {
    while (running < config.maxConcurrentFlushes && ready.length > 0) {
      const next = ready.shift()!;
      running++;
      const p = flush(next.tenantId, next.batch).finally(() => {
        running--;
        flushes.delete(p);
        pump();
      });
      flushes.add(p);
    }
  }

  return {
    depth: () => depth,
    /** Queues a message in its tenant's window (the caller checked that the queue has room). */
    add(tenantId: string, pending: Pending): void {
      const n = pending.signals;
      setDepth(n);
      let w = windows.get(tenantId);
      if (!w) windows.set(tenantId, (w = { pending: [], signals: 0, timer: null }));
      w.pending.push(pending);
      w.signals += n;
      if (w.signals >= config.batchSize) cut(tenantId);
      else if (!w.timer) w.timer = setTimeout(() => cut(tenantId), config.batchTimeoutMs);
    },
    /** A settled message's signals leave the queue. */
    release: (n: number) => setDepth(-n),
    onLowWater(listener: () => void): () => void {
      lowWaterListeners.add(listener);
      return () => lowWaterListeners.delete(listener);
    },
    async drain(): Promise<void> {
      for (const tenantId of [...windows.keys()]) cut(tenantId);
      while (flushes.size > 0 || ready.length > 0) await Promise.race([...flushes, new Promise((r) => setTimeout(r, 10))]);
    },
  };
}

/** Throws BackpressureError when `n` more signals do not fit in the queue (nothing of the message is taken). */
function refuseOverflow(config: AggregatorConfig, depth: number, n: number): void {
  if (depth + n <= config.maxQueue) return;
  const retryAfterMs = Math.max(100, Math.min(config.batchTimeoutMs, 1000));
  throw new BackpressureError(retryAfterMs, n > config.maxQueue
    ? `this message has ${n} signals and the queue holds at most ${config.maxQueue}; send smaller batches`
    : `the signal queue is full (${depth}/${config.maxQueue}); retry in ${retryAfterMs} ms`);
}

/** What a flush needs from its aggregator: the stores, the clock, and how to settle a message. */
interface FlushContext {
  deps: AggregatorDeps;
  now: () => number;
  settle(p: Pending, outcome: MessageOutcome | unknown): void;
  stopping(): boolean;
}

/** Flushes a cut window until every message in it is settled: committed, replayed, or refused with a reason. */
async function flushWithRetry(ctx: FlushContext, tenantId: string, batch: Pending[]): Promise<void> {
  const { deps } = ctx;
  let live = batch;
  let window = prepareMessages(deps.store, tenantId, live);
  for (let attempt = 0; live.length > 0; attempt++) {
    try {
      await flushOnce(ctx, tenantId, live, window);
      return;
    } catch (err) {
      if (err instanceof ReceiptConflict) {
        const replays = live.filter((p) => err.keys.has(keyOf(p.message)));
        live = live.filter((p) => !err.keys.has(keyOf(p.message)));
        window = prepareMessages(deps.store, tenantId, live);
        await Promise.all(replays.map((p) => settleFromReceipt(ctx, p)));
        attempt = -1;
        continue;
      }
      // A batch the table itself refuses will never commit: refuse it loudly rather than retry forever.
      const permanent = isPermanent(err);
      deps.metrics.aggregatorFlushFailures.inc({ kind: permanent ? 'permanent' : 'transient' });
      if (permanent && live.length > 1) {
        // Find the message at fault: each one alone, so one bad message never sinks the others of its window.
        for (const p of live) await flushWithRetry(ctx, tenantId, [p]);
        return;
      }
      if (permanent || ctx.stopping()) {
        deps.logger.error({ err, tenantId, messages: live.length }, 'aggregator flush refused; messages answered with an error, nothing acknowledged');
        for (const p of live) ctx.settle(p, !permanent ? new ShuttingDownError() : err instanceof QuorumError ? err : new StoreRefusedError());
        return;
      }
      // A dropped connection is retried at once on a fresh one; a database that stays away is the sensors' to wait
      // out: they keep the messages and resend them, instead of the hub's queue filling up.
      if (isDatabaseUnavailable(err) && attempt + 1 >= UNAVAILABLE_ATTEMPTS) {
        deps.logger.warn({ err, tenantId, messages: live.length }, 'aggregator flush failed: database unavailable; messages refused as retryable, nothing acknowledged');
        const refusal = new DatabaseUnavailableError();
        for (const p of live) ctx.settle(p, refusal);
        return;
      }
      const delay = Math.min(deps.config.retryMaxMs, deps.config.retryBaseMs * 2 ** Math.min(attempt, 16));
      deps.logger.warn({ err, tenantId, attempt, delayMs: delay }, 'aggregator flush failed; retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * Prepares each message of a window as COPY data of its own when the window allows it (no signal merges with another
 * message's, and every row can go straight in), and lets go of its rows: a message spends most of its time in the hub
 * in a flush waiting on PostgreSQL, and the rows held there were most of what the young collector copied. Messages
 * stay apart, so a retry can still leave some out (a receipt committed meanwhile, a message at fault). Returns the
 * deduplicated window when the messages keep their rows, null when they were prepared.
 */
function prepareMessages(writer: BatchWriter, tenantId: string, batch: Pending[]): DedupResult | null {
  if (batch.every((p) => p.prepared !== null)) return null;
  const window = dedupWindow(batch.flatMap((p) => p.entries!));
  const rows = rowsByMessage(batch, window);
  const copies = rows?.map((r) => writer.prepareCopy(tenantId, r));
  if (!rows || !copies || copies.some((c) => c === null)) return window;
  batch.forEach((p, i) => {
    const stored = rows[i]!.length;
    p.prepared = { copy: copies[i]!, outcome: { signalCount: p.signals, stored, merged: p.signals - stored, duplicates: 0, replayed: false } };
    p.entries = null;
  });
  return null;
}

/** Each message's rows of its deduplicated window (a message's rows follow one another), or null when an entry merged into an earlier message's row. */
function rowsByMessage(batch: Pending[], window: DedupResult): ValidSignal[][] | null {
  const byMessage: ValidSignal[][] = [];
  let entry = 0;
  let firstRow = 0;
  for (const p of batch) {
    let endRow = firstRow;
    for (const last = entry + p.signals; entry < last; entry++) {
      const row = window.rowOf[entry]!;
      if (row < firstRow) return null;
      endRow = Math.max(endRow, row + 1);
    }
    byMessage.push(window.rows.slice(firstRow, endRow));
    firstRow = endRow;
  }
  return byMessage;
}

/** One transaction: the messages' COPY data, or their deduplicated `window`, and their receipts; messages are settled only after commit. */
async function flushOnce(ctx: FlushContext, tenantId: string, batch: Pending[], window: DedupResult | null): Promise<void> {
  const { deps: { metrics, store }, now } = ctx;
  const started = now();
  const outcomes: MessageOutcome[] = [];
  const withReceipts = async (client: pg.PoolClient, found: MessageOutcome[]) => {
    outcomes.splice(0, outcomes.length, ...found);
    await insertReceipts(ctx.deps.receipts, client, tenantId, batch, outcomes);
  };
  let result: WriteResult;
  if (window === null) {
    result = await store.storePrepared(batch.map((p) => p.prepared!.copy), { inTransaction: (client) => withReceipts(client, batch.map((p) => p.prepared!.outcome)) });
  } else {
    result = await store.store(tenantId, window.rows, { inTransaction: (client, storedIds) => withReceipts(client, outcomesOf(batch, window, storedIds)) });
  }
  const merged = outcomes.reduce((n, o) => n + o.merged, 0);
  metrics.aggregatorFlushDuration.observe((now() - started) / 1000);
  metrics.aggregatorFlushRows.observe(outcomes.reduce((n, o) => n + o.signalCount, 0) - merged);
  metrics.aggregatorMerged.inc(merged);
  metrics.signalsIngested.inc({ path: 'sensor', tenant: metrics.tenant(tenantId) }, result.accepted);
  metrics.signalsDuplicate.inc({ path: 'sensor' }, result.duplicates);
  batch.forEach((p, i) => ctx.settle(p, outcomes[i]!));
}

/** Writes the receipts of a window's messages that carry an id; throws ReceiptConflict for ids committed meanwhile. */
async function insertReceipts(receipts: ReceiptStore, client: pg.PoolClient, tenantId: string, batch: Pending[], outcomes: MessageOutcome[]): Promise<void> {
  const list: SensorReceipt[] = [];
  batch.forEach((p, i) => {
    const { sensorId, messageId } = p.message;
    if (messageId !== null) list.push({ sensorId, messageId, ...withoutReplay(outcomes[i]!) });
  });
  const committedBefore = await receipts.record(client, tenantId, list);
  if (committedBefore.length > 0) throw new ReceiptConflict(new Set(committedBefore.map((r) => keyOf({ tenantId, ...r }))));
}

async function settleFromReceipt(ctx: FlushContext, p: Pending): Promise<void> {
  const m = p.message;
  try {
    const r = await ctx.deps.receipts.find(m.tenantId, m.sensorId, m.messageId!);
    ctx.settle(p, r ? { ...withoutId(r), replayed: true } : new QuorumError('receipt_missing', 500, 'a committed message has no receipt'));
  } catch (err) {
    ctx.settle(p, err);
  }
}

/** The outcome of a message id seen before (in flight or committed), or null for a new message. */
async function resendOutcome(receipts: ReceiptStore, inFlightById: Map<string, Pending>, message: SensorMessage): Promise<MessageOutcome | null> {
  const same = inFlightById.get(keyOf(message));
  if (same) return joinResend(same, message);
  const receipt = await receipts.find(message.tenantId, message.sensorId, message.messageId!);
  if (receipt) {
    refuseReusedId(receipt.signalCount, message);
    return { ...withoutId(receipt), replayed: true };
  }
  const raced = inFlightById.get(keyOf(message));
  return raced ? joinResend(raced, message) : null;
}

function joinResend(original: Pending, resend: SensorMessage): Promise<MessageOutcome> {
  refuseReusedId(original.signals, resend);
  return original.promise.then((o) => ({ ...o, replayed: true }));
}

export type Aggregator = ReturnType<typeof createAggregator>;

/** Per message: signals stored as their own row, merged into another row, or skipped as an already stored signal_id. */
function outcomesOf(batch: Pending[], window: DedupResult, storedIds: ReadonlySet<string>): MessageOutcome[] {
  const counted = new Set<string>();
  let i = 0;
  return batch.map((p) => {
    const o: MessageOutcome = { signalCount: p.signals, stored: 0, merged: 0, duplicates: 0, replayed: false };
    for (let k = 0; k < p.signals; k++, i++) {
      const row = window.rows[window.rowOf[i]!]!;
      if (window.merged[i]) o.merged++;
      else if (row.signalId !== null && (!storedIds.has(row.signalId) || counted.has(row.signalId))) o.duplicates++;
      else {
        if (row.signalId !== null) counted.add(row.signalId);
        o.stored++;
      }
    }
    return o;
  });
}

/** Refusals by validation or by the table's own rules (SQLSTATE classes 22 and 23): retrying cannot help. */
function isPermanent(err: unknown): boolean {
  if (err instanceof QuorumError) return err.status < 500;
  return isRefusedData(err);
}

/**
 * A resend carries the signals of the original; an id that comes back with another number of signals is a sensor
 * reusing ids, and acknowledging it as a replay would silently drop its new signals.
 */
function refuseReusedId(committedCount: number, message: SensorMessage): void {
  if (committedCount === message.entries.length) return;
  throw new QuorumError('message_id_reused', 409,
    `message id ${message.messageId} was used before for ${committedCount} signal(s), this message has ${message.entries.length}; use a new id for new signals`);
}

const withoutReplay = ({ replayed: _r, ...rest }: MessageOutcome) => rest;
const withoutId = ({ messageId: _m, ...rest }: Receipt) => rest;
