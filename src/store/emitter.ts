// SqlEmitter: the library API that writes signals to signal_streams (the seed's signals.Emitter).
// Validates before touching the database and writes a batch in one transaction: never a partial batch.

import type pg from 'pg';
import { InvalidRequestError, QuorumError } from '../core/errors.ts';
import { validateSignals, validationContext, type ValidationContext } from '../core/wire-format.ts';
import type { Severity, ValidSignal } from '../core/types.ts';
import { inTransaction, inTransactionFrom, withTenant } from '../db/pools.ts';
import { createPartitionManager, utcDay, type PartitionManager } from './partitions.ts';
import { copySignalsStraight, forgetStaging, insertSignalsCopy, SMALL_BATCH, storeSignalsStatement, type StoredPosition } from './signal-queries.ts';
import { createGroupCommit, DEFAULT_GROUP_COMMIT, type GroupCommitConfig } from './group-commit.ts';
import type { StoredSignalBus } from './stored-signal-bus.ts';
import type { IngestPressure } from './ingest-pressure.ts';
import { isUuid } from '../core/uuid.ts';

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

export interface StoreOptions {
  /** Runs before the commit on the writing client, which may be quorum_ingest's: it can only add signals and record sensor receipts. */
  inTransaction?: (client: pg.PoolClient, stored: ValidSignal[]) => Promise<void>;
}

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
      committed: (tenantId, rows) => this.published(tenantId, rows),
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
  async store(tenantId: string, signals: ValidSignal[], opts: StoreOptions = {}): Promise<EmitResult> {
    if (!isUuid(tenantId)) throw new InvalidRequestError('tenantId must be a UUID');
    const unique = dropRepeatedIds(signals);
    if (this.partitions) await this.partitions.ensureDays(new Set(unique.map((s) => dayOf(s.observedAt))));
    let stored: ValidSignal[];
    const written = this.opts.pressure?.writing(unique.length);
    try {
      stored = await this.write(tenantId, unique, opts);
    } catch (err) {
      throw translateStoreError(err);
    } finally {
      written?.();
    }
    return { accepted: stored.length, duplicates: signals.length - stored.length };
  }

  /** Picks the cheapest path that keeps the guarantees; each is one transaction, all-or-nothing, published after commit. */
  private async write(tenantId: string, signals: ValidSignal[], opts: StoreOptions): Promise<ValidSignal[]> {
    if (signals.length === 0 && !opts.inTransaction) return [];
    // Small batches of concurrent requests share one transaction and one statement; the group publishes its rows.
    if (!opts.inTransaction && signals.length <= SMALL_BATCH) return this.group.store(tenantId, signals);
    const rows = await this.writeOwn(tenantId, signals, opts);
    this.published(tenantId, rows);
    return rows;
  }

  /**
   * A batch in a transaction of its own, with the caller's work: COPY straight in as quorum_ingest when no signal has
   * an id (the caller's work then runs on that role's client), or through staging as quorum_app.
   */
  private async writeOwn(tenantId: string, signals: ValidSignal[], opts: StoreOptions): Promise<ValidSignal[]> {
    const ingest = this.opts.ingestPool;
    if (ingest && signals.length > 0 && signals.every((s) => s.signalId === null)) {
      return inTransaction(ingest, async (client) => {
        const rows = await copySignalsStraight(client, tenantId, signals);
        await opts.inTransaction?.(client, rows);
        return rows;
      });
    }
    return withTenant(this.pool, tenantId, async (client) => {
      try {
        const rows = await insertSignalsCopy(client, tenantId, signals);
        await opts.inTransaction?.(client, rows);
        return rows;
      } catch (err) {
        forgetStaging(client);
        throw err;
      }
    });
  }

  private published(tenantId: string, rows: ValidSignal[]): void {
    if (rows.length === 0 || !this.opts.bus) return;
    const keys = new Set<string>();
    let ends = false;
    for (const r of rows) {
      keys.add(r.key);
      if (r.value.ended === true) ends = true;
    }
    this.opts.bus.publish({ tenantId, count: rows.length, keys, ends });
  }
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
