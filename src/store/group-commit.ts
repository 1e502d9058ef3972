// Group commit: a tenant's small writes that arrive while its previous write is in flight are stored together, in one
// transaction of one statement. Never answers a request before the commit that holds its rows; each keeps its all-or-nothing.

import type { ValidSignal } from '../core/types.ts';
import { isRefusedData } from '../db/sql-errors.ts';

export interface GroupCommitConfig {
  /** Most signals in one group (one statement); a request is never split, so a group may hold one larger request. */
  maxSignals: number;
  /**
   * How long an idle tenant's first request waits for company before its group is written: 0 = until the end of the
   * event-loop turn that brought it. Requests arriving while a write is in flight always wait for that write to end.
   */
  maxWaitMs: number;
  /** Group writes of one tenant in flight at once; requests that arrive while all are busy form the next group. */
  maxWrites: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitConfig = { maxSignals: 256, maxWaitMs: 0, maxWrites: 2 };

export interface GroupCommitDeps {
  /** Stores signals in one transaction and commits; returns each stored signal's position in `signals`. */
  write(tenantId: string, signals: ValidSignal[]): Promise<{ ord: number }[]>;
  /** Told once per commit what it stored (the stored-signal bus: one wake per group, not per request). */
  committed(tenantId: string, rows: ValidSignal[]): void;
  config: GroupCommitConfig;
}

interface Request {
  signals: ValidSignal[];
  resolve(rows: ValidSignal[]): void;
  reject(err: unknown): void;
}

/** One tenant's requests waiting for a write, and its writes in flight (RLS: a statement stores for one tenant). */
interface TenantQueue {
  waiting: Request[];
  signals: number;
  writing: number;
  timer: NodeJS.Timeout | NodeJS.Immediate | null;
}

export function createGroupCommit(deps: GroupCommitDeps) {
  const { maxSignals, maxWaitMs, maxWrites } = deps.config;
  const queues = new Map<string, TenantQueue>();

  function schedule(tenantId: string, q: TenantQueue): void {
    if (q.writing >= maxWrites || q.timer) return;
    const go = () => {
      q.timer = null;
      void flush(tenantId, q);
    };
    q.timer = maxWaitMs > 0 ? setTimeout(go, maxWaitMs) : setImmediate(go);
  }

  async function flush(tenantId: string, q: TenantQueue): Promise<void> {
    if (q.timer) {
      clearTimeout(q.timer as NodeJS.Timeout);
      clearImmediate(q.timer as NodeJS.Immediate);
      q.timer = null;
    }
    if (q.waiting.length === 0) return;
    const group = takeGroup(q, maxSignals);
    q.writing++;
    try {
      await writeGroup(deps, tenantId, group);
    } catch (err) {
      // Only a fault of this module gets here; settled requests ignore it, the others are not left waiting.
      for (const r of group) r.reject(err);
    } finally {
      q.writing--;
      // Whatever arrived while every write was busy has waited for one already: it goes now.
      if (q.waiting.length > 0) void flush(tenantId, q);
      else if (q.writing === 0) queues.delete(tenantId);
    }
  }

  return {
    /** Stores one request's signals (already deduplicated within it); resolves after the commit that holds them. */
    store(tenantId: string, signals: ValidSignal[]): Promise<ValidSignal[]> {
      return new Promise((resolve, reject) => {
        let q = queues.get(tenantId);
        if (!q) queues.set(tenantId, (q = { waiting: [], signals: 0, writing: 0, timer: null }));
        q.waiting.push({ signals, resolve, reject });
        q.signals += signals.length;
        if (q.writing < maxWrites && q.signals >= maxSignals) void flush(tenantId, q);
        else schedule(tenantId, q);
      });
    },
  };
}

/** The oldest waiting requests up to `maxSignals` signals (at least one request), in arrival order. */
function takeGroup(q: TenantQueue, maxSignals: number): Request[] {
  let n = 0;
  let count = 0;
  while (count < q.waiting.length && (count === 0 || n + q.waiting[count]!.signals.length <= maxSignals)) {
    n += q.waiting[count]!.signals.length;
    count++;
  }
  q.signals -= n;
  return q.waiting.splice(0, count);
}

/**
 * Writes a group and settles each request. Data the table refuses (SQLSTATE classes 22, 23) belongs to one request:
 * the requests are then written one by one, in arrival order, so only the bad one is refused. Any other failure (the
 * database away, a timeout) is every request's, answered alike.
 */
async function writeGroup(deps: GroupCommitDeps, tenantId: string, group: Request[]): Promise<void> {
  const merged = mergeRequests(group);
  let stored: { ord: number }[];
  try {
    stored = await deps.write(tenantId, merged.signals);
  } catch (err) {
    if (group.length > 1 && isRefusedData(err)) {
      for (const r of group) await writeGroup(deps, tenantId, [r]);
    } else {
      for (const r of group) r.reject(err);
    }
    return;
  }
  const rows = group.map((): ValidSignal[] => []);
  for (const { ord } of stored) rows[merged.owner[ord]!]!.push(merged.signals[ord]!);
  deps.committed(tenantId, rows.flat());
  group.forEach((r, i) => r.resolve(rows[i]!));
}

/**
 * The group's signals as one statement's rows, with the request each came from. A signal_id that an earlier request
 * of the group carries is left out of the later one, as if the requests had run one after the other: the first stores
 * it and the later one counts it a duplicate (one statement would store both: its ledger claim skips the second
 * copy, but both rows match the claimed id).
 */
function mergeRequests(group: Request[]): { signals: ValidSignal[]; owner: number[] } {
  if (group.length === 1) return { signals: group[0]!.signals, owner: group[0]!.signals.map(() => 0) };
  const signals: ValidSignal[] = [];
  const owner: number[] = [];
  const ids = new Set<string>();
  group.forEach((r, i) => {
    for (const s of r.signals) {
      if (s.signalId !== null) {
        if (ids.has(s.signalId)) continue;
        ids.add(s.signalId);
      }
      signals.push(s);
      owner.push(i);
    }
  });
  return { signals, owner };
}
