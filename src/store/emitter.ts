// SqlEmitter: the library API that writes signals to signal_streams (the seed's signals.Emitter).
// Validates before touching the database and writes a batch in one transaction: never a partial batch.

import type pg from 'pg';
import { InvalidRequestError, QuorumError } from '../core/errors.ts';
import { validateSignals, validationContext, type ValidationContext } from '../core/wire-format.ts';
import type { Severity, ValidSignal } from '../core/types.ts';
import { inTransaction, inTransactionFrom, withTenant } from '../db/pools.ts';
import { createPartitionManager, utcDay, type PartitionManager } from './partitions.ts';
import { copySignalsStraight, forgetStaging, insertSignalsCopy, SMALL_BATCH, storeSignalsStatement, straightCopyData, type StoredPosition } from './signal-queries.ts';
import { createGroupCommit, DEFAULT_GROUP_COMMIT, type GroupCommitConfig } from './group-commit.ts';
import type { StoredSignalBus } from './stored-signal-bus.ts';
import type { IngestPressure } from './ingest-pressure.ts';
import { isUuid } from '../core/uuid.ts';
import type { PreparedCopy, WriteOptions } from '../ingest/ports.ts';

/** A signal as hub-side code hands it to the emitter (camelCase; the wire format is snake_case). */
export interface SignalInput {
  source: string;
  subjectType: string;
  subjectId: string;
  key: string;
  value: { value: unknown; [meta: string]: unknown };
  severity?: Severity | null;
  observedAt: Date | string;
  ttlSeconds?: number | null;
  signalId?: string | null;
}

export interface EmitResult {
  /** Rows added to signal_streams. */
  accepted: number;
  /** Signals skipped because their signal_id was stored before. */
  duplicates: number;
}

export interface EmitterOptions {
  /** Owner pool: lets the emitter create a missing daily partition (backfills). Without it, only existing partitions take rows. */
  ownerPool?: pg.Pool;
  /** quorum_ingest pool: batches without signal_ids COPY straight in. Without it, they go through staging. */
  ingestPool?: pg.Pool;
  validation?: Partial<Omit<ValidationContext, 'now'>>;
  clock?: () => Date;
  /** Told what was stored, after the transaction committed (correlation and broadcasting listen here). */
  bus?: Pick<StoredSignalBus, 'publish'>;
  /** Bounds of group commit for small batches (docs/signals.md); defaults to DEFAULT_GROUP_COMMIT. */
  groupCommit?: Partial<GroupCommitConfig>;
  /** Counts the rows of each write while it runs (the feed's consumers hold back while they are many). */
  pressure?: Pick<IngestPressure, 'writing'>;
}

/** What a commit of signals is published as, and the daily partitions its rows need. */
type WriteSummary = Omit<PreparedCopy, 'tenantId' | 'copyData'>;

const NO_IDS: ReadonlySet<string> = new Set();

export class SqlEmitter {
  private readonly partitions: PartitionManager | null;
  private readonly validation: Partial<Omit<ValidationContext, 'now'>>;
  private readonly clock: () => Date;
  private readonly group: ReturnType<typeof createGroupCommit>;

  constructor(private readonly pool: pg.Pool, private readonly opts: EmitterOptions = {}) {
    this.partitions = opts.ownerPool ? createPartitionManager(opts.ownerPool) : null;
    this.validation = opts.validation ?? {};
    this.clock = opts.clock ?? (() => new Date());
    // The statement sets the tenant itself (no set_config round trip) and travels with BEGIN. COMMIT stays a message of
    // its own, sent only after the write answered: a client that gave up on a stalled server never has its write committed later.
    this.group = createGroupCommit({
      write: (tenantId, signals) => inTransactionFrom(pool, storeSignalsStatement(tenantId, signals), async (_, res) => res.rows as StoredPosition[]),
      committed: (tenantId, rows) => this.published(tenantId, summaryOf(rows)),
      config: { ...DEFAULT_GROUP_COMMIT, ...opts.groupCommit },
    });
  }

  /** Validates and stores one signal. */
  async emit(tenantId: string, signal: SignalInput): Promise<EmitResult> {
    return this.emitBatch(tenantId, [signal]);
  }

  /** Validates and stores a batch with COPY, all-or-nothing: one invalid signal rejects it before anything is written. */
  async emitBatch(tenantId: string, signals: SignalInput[]): Promise<EmitResult> {
    return this.store(tenantId, this.validate(signals.map(toWire), true));
  }

  /** Validates wire-format signals (snake_case, as on HTTP); throws InvalidSignalError naming each index of a batch. */
  validate(wire: unknown[], batch = wire.length > 1): ValidSignal[] {
    return validateSignals(wire, validationContext(this.validation, this.clock()), batch);
  }

  /**
   * Stores already-validated signals in one transaction. `inTransaction` runs after the rows are inserted and before
   * the commit, on the same client (e.g. the sensor gateway's message receipts); if it throws, nothing is stored.
   */
  async store(tenantId: string, signals: ValidSignal[], opts: WriteOptions = {}): Promise<EmitResult> {
    if (!isUuid(tenantId)) throw new InvalidRequestError('tenantId must be a UUID');
    if (opts.inTransaction || signals.length > SMALL_BATCH) {
      const copy = this.prepareCopy(tenantId, signals);
      if (copy) return this.storePrepared([copy], opts);
    }
    const unique = dropRepeatedIds(signals);
    const stored = await this.writing(summaryOf(unique), async () => {
      if (unique.length === 0 && !opts.inTransaction) return [];
      // Small batches of concurrent requests share one transaction and one statement; the group publishes its rows.
      if (!opts.inTransaction && unique.length <= SMALL_BATCH) return this.group.store(tenantId, unique);
      return this.writeThroughStaging(tenantId, unique, opts);
    });
    return { accepted: stored.length, duplicates: signals.length - stored.length };
  }

  /**
   * The COPY data of a batch that can go straight in as quorum_ingest (an ingest pool, and no signal has an id), or
   * null: a batch with signal_ids must learn which were stored before, through staging.
   */
  prepareCopy(tenantId: string, signals: readonly ValidSignal[]): PreparedCopy | null {
    if (!isUuid(tenantId)) throw new InvalidRequestError('tenantId must be a UUID');
    if (!this.opts.ingestPool || signals.length === 0 || signals.some((s) => s.signalId !== null)) return null;
    return { ...summaryOf(signals), tenantId, copyData: straightCopyData(tenantId, signals) };
  }

  /** Stores prepared batches of one tenant in one transaction, all-or-nothing, with the caller's work; published after commit. */
  async storePrepared(batches: readonly PreparedCopy[], opts: WriteOptions = {}): Promise<EmitResult> {
    const tenantId = batches[0]!.tenantId;
    if (batches.some((b) => b.tenantId !== tenantId)) throw new Error('prepared batches of several tenants cannot share a transaction');
    const summary = joinSummaries(batches);
    await this.writing(summary, () => inTransaction(this.opts.ingestPool!, async (client) => {
      await copySignalsStraight(client, batches.flatMap((b) => b.copyData));
      await opts.inTransaction?.(client, NO_IDS);
    }));
    this.published(tenantId, summary);
    return { accepted: summary.count, duplicates: 0 };
  }

  /** Runs a write with its daily partitions made sure of, its rows counted while it runs, its errors translated. */
  private async writing<T>(summary: WriteSummary, write: () => Promise<T>): Promise<T> {
    if (this.partitions) await this.partitions.ensureDays(summary.days);
    const written = this.opts.pressure?.writing(summary.count);
    try {
      return await write();
    } catch (err) {
      throw translateStoreError(err);
    } finally {
      written?.();
    }
  }

  /** A batch with signal_ids (or without an ingest pool) in a transaction of its own as quorum_app, through staging. */
  private async writeThroughStaging(tenantId: string, signals: ValidSignal[], opts: WriteOptions): Promise<ValidSignal[]> {
    const rows = await withTenant(this.pool, tenantId, async (client) => {
      try {
        const stored = await insertSignalsCopy(client, tenantId, signals);
        await opts.inTransaction?.(client, new Set(stored.flatMap((r) => (r.signalId === null ? [] : [r.signalId]))));
        return stored;
      } catch (err) {
        forgetStaging(client);
        throw err;
      }
    });
    this.published(tenantId, summaryOf(rows));
    return rows;
  }

  private published(tenantId: string, { count, keys, ends }: WriteSummary): void {
    if (count === 0 || !this.opts.bus) return;
    this.opts.bus.publish({ tenantId, count, keys, ends });
  }
}

function summaryOf(rows: readonly ValidSignal[]): WriteSummary {
  const keys = new Set<string>();
  const days = new Set<string>();
  let ends = false;
  for (const r of rows) {
    keys.add(r.key);
    days.add(dayOf(r.observedAt));
    if (r.value.ended === true) ends = true;
  }
  return { count: rows.length, keys, ends, days };
}

function joinSummaries(batches: readonly WriteSummary[]): WriteSummary {
  if (batches.length === 1) return batches[0]!;
  const joined: WriteSummary = { count: 0, keys: new Set(), ends: false, days: new Set() };
  for (const b of batches) {
    joined.count += b.count;
    joined.ends ||= b.ends;
    for (const k of b.keys) joined.keys.add(k);
    for (const d of b.days) joined.days.add(d);
  }
  return joined;
}

/** The UTC day of a validated observed_at; a `Z` timestamp already starts with it (cheaper than parsing at COPY rates). */
const dayOf = (observedAt: string) => (observedAt.endsWith('Z') ? observedAt.slice(0, 10) : utcDay(observedAt));

/** A batch that names one signal_id twice keeps the first: a retry never doubles within itself. */
function dropRepeatedIds(signals: ValidSignal[]): ValidSignal[] {
  const seen = new Set<string>();
  return signals.filter((s) => {
    if (s.signalId === null) return true;
    if (seen.has(s.signalId)) return false;
    seen.add(s.signalId);
    return true;
  });
}

function toWire(s: SignalInput): Record<string, unknown> {
  return {
    source: s.source,
    subject_type: s.subjectType,
    subject_id: s.subjectId,
    signal_key: s.key,
    signal_value: s.value,
    severity: s.severity ?? null,
    observed_at: s.observedAt instanceof Date ? s.observedAt.toISOString() : s.observedAt,
    ttl_seconds: s.ttlSeconds ?? null,
    signal_id: s.signalId ?? null,
  };
}

function translateStoreError(err: unknown): unknown {
  const e = err as { code?: string; message?: string; constraint?: string };
  if (e.code === '23514' && e.message?.startsWith('no partition')) {
    return new QuorumError('partition_missing', 422, 'no daily partition exists for a signal\'s observed_at; the maintenance loop creates them ahead, or give the emitter an owner pool');
  }
  if (e.code === '23514') return new QuorumError('check_violation', 400, `a signal breaks the table constraint ${e.constraint ?? ''}`.trim());
  return err;
}
