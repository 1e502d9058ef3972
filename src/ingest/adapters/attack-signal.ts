// The one shape every network adapter stores: a `ddos.attack` signal about an `ip` subject, and its stable dedup id.
// Pure; never stores anything itself (adapter-routes.ts does, through the SqlEmitter).

import { createHash } from 'node:crypto';
import { jsonbTextBytes } from '../../core/wire-format.ts';
import { exceedsJsonDepth } from '../../core/json-depth.ts';
import type { Severity } from '../../core/types.ts';

export interface AttackReport {
  source: string;
  victim: string;
  signalKey?: string;
  confidence: number;
  vector: string | null;
  bps?: number;
  pps?: number;
  externalId: string | null;
  /** True when the report says the attack ended (withdraws, never corroborates). */
  ended: boolean;
  severity: Severity | null;
  extra?: Record<string, unknown>;
  raw?: unknown;
  /** Stable text identifying this exact notification; a resend with the same text is a duplicate. */
  dedupKey?: string | null;
}

const RAW_BUDGET = 12_000;

/** The wire-format signal of a report; `raw` is dropped when it would not fit the value size or depth limit. */
export function attackSignal(r: AttackReport, now: Date, maxRawDepth: number): Record<string, unknown> {
  const value: Record<string, unknown> = { value: r.ended ? 0 : r.confidence };
  // An end report without a vector ends every vector of the victim; a report to corroborate needs one to group by.
  if (r.vector !== null || !r.ended) value.vector = r.vector ?? 'unknown';
  if (r.bps !== undefined) value.bps = r.bps;
  if (r.pps !== undefined) value.pps = r.pps;
  value.external_id = r.externalId;
  if (r.ended) value.ended = true;
  Object.assign(value, r.extra);
  // Depth first: the byte count below is recursive.
  if (r.raw !== undefined && !exceedsJsonDepth(r.raw, maxRawDepth) && jsonbTextBytes(r.raw) <= RAW_BUDGET) value.raw = r.raw;
  return {
    source: r.source, subject_type: 'ip', subject_id: r.victim, signal_key: r.signalKey ?? 'ddos.attack',
    signal_value: value, severity: r.severity, observed_at: now.toISOString(), ttl_seconds: null,
    signal_id: r.dedupKey ? stableUuid(`${r.source}\n${r.dedupKey}`) : null,
  };
}

/** A UUID (version 8, name-based) derived from text: the same text always gives the same id. */
export function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A finite non-negative number from a number or numeric string, else undefined. */
export function toRate(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
