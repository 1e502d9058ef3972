// Deduplication within a batch window: signals with the same signalType and subject (source IP, else fingerprint) become one row.
// Pure functions: never drops a signal's weight — event counts are summed, the strongest severity and confidence kept.

import type { Severity, ValidSignal } from '../core/types.ts';
import type { WindowEntry } from '../ingest/ports.ts';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
/** A merged row names at most this many reporting sensors, so its size stays within the mapping's headroom. */
export const MAX_MERGED_SENSORS = 8;

// Stryker disable next-line ConditionalExpression,EqualityOperator: RANK[null] is undefined and never greater; equal ranks are the same severity.
const maxSeverity = (a: Severity | null, b: Severity | null): Severity | null =>
  a === null ? b : b === null ? a : SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;

/**
 * Folds `next` into `into` (both sensor rows of one dedup key): event counts summed, highest severity and confidence,
 * earliest first_seen and latest last_seen (which becomes observed_at); the first fingerprint and metadata are kept.
 */
export function mergeRows(into: ValidSignal, next: ValidSignal): ValidSignal {
  const a = into.value;
  const b = next.value;
  // Stryker disable next-line EqualityOperator: on equal times either side is the same value.
  const firstSeen = String(a.first_seen) <= String(b.first_seen) ? a.first_seen : b.first_seen;
  // Stryker disable next-line EqualityOperator: as above.
  const lastSeen = String(a.last_seen) >= String(b.last_seen) ? a.last_seen : b.last_seen;
  const value: Record<string, unknown> = {
    ...a,
    value: Math.max(Number(a.value), Number(b.value)),
    event_count: Number(a.event_count) + Number(b.event_count),
    first_seen: firstSeen,
    last_seen: lastSeen,
  };
  if (a.fingerprint === undefined && b.fingerprint !== undefined) value.fingerprint = b.fingerprint;
  const sensors = new Set([...sensorIdsOf(a), ...sensorIdsOf(b)]);
  if (sensors.size > 1) value.sensor_ids = [...sensors].sort().slice(0, MAX_MERGED_SENSORS);
  return { ...into, value, severity: maxSeverity(into.severity, next.severity), observedAt: String(lastSeen) };
}

function sensorIdsOf(v: Record<string, unknown>): string[] {
  return Array.isArray(v.sensor_ids) ? (v.sensor_ids as string[]) : [String(v.sensor_id)];
}

export interface DedupResult {
  rows: ValidSignal[];
  /** For each entry, the index of its row in `rows`. */
  rowOf: number[];
  /** For each entry, true when it was folded into an earlier entry's row. */
  merged: boolean[];
}

/**
 * The dedup key of a sensor row: its signal_key (one per ThreatSignal type) and subject (the source IP, else the
 * fingerprint), so a type's signals about one address or one fingerprint merge, and an IP never merges with a fingerprint.
 */
const dedupKey = (row: Pick<ValidSignal, 'key' | 'subjectType' | 'subjectId'>): string => `${row.key}|${row.subjectType}:${row.subjectId}`;

/** Collapses a window of entries into rows; entries keep their order, a merged entry points at the first of its key. */
export function dedupWindow(entries: WindowEntry[]): DedupResult {
  const rows: ValidSignal[] = [];
  const rowOf: number[] = [];
  const merged: boolean[] = [];
  const byKey = new Map<string, number>();
  for (const e of entries) {
    const key = e.merges ? dedupKey(e.row) : null;
    const at = key === null ? undefined : byKey.get(key);
    if (at === undefined) {
      if (key !== null) byKey.set(key, rows.length);
      rowOf.push(rows.length);
      merged.push(false);
      rows.push(e.row);
    } else {
      rows[at] = mergeRows(rows[at]!, e.row);
      rowOf.push(at);
      merged.push(true);
    }
  }
  return { rows, rowOf, merged };
}
