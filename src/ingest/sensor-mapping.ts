// Maps a ThreatSignal from a sensor onto one signal_streams row (docs/sensors.md documents every field).
// Never invents a subject: the row is about the source IP, else the fingerprint; the row is checked by the wire-format rules.

import type { FieldViolation } from '../core/errors.ts';
import { checkSignal, SIGNAL_RULES, validationContext, type ValidationContext } from '../core/wire-format.ts';
import type { Severity, ValidSignal } from '../core/types.ts';
import { THREAT_SEVERITIES, THREAT_SIGNAL_TYPES, type ThreatSeverity, type ThreatSignal, type ThreatSignalType } from './threat-signal.ts';

/** Who reported a signal: the enrichment every sensor row carries. */
export interface SensorContext {
  sensorId: string;
  name: string | null;
  region: string | null;
  version: string | null;
  /** The `source` of its rows (`synapse` by default). */
  kind: string;
}

export interface MappingOptions {
  ttls: Record<ThreatSignalType, number>;
  /** A sensor's own `timestamp` is used as observed_at only within this distance of the receive time. */
  maxSkewMs: number;
  validation: Omit<ValidationContext, 'now'>;
}

/**
 * Upper bound of signal_value without its metadata: keys, a fingerprint (≤ 256), sensor id (≤ 128), name (≤ 255),
 * region and version (≤ 64 each), at most 4 UTF-8 bytes per character, two timestamps and two numbers.
 */
const FIXED_FIELDS_MAX_BYTES = 4 * (256 + 128 + 255 + 64 + 64) + 512;

/** Room left in signal_value for what merging adds (sensor_ids, wider counts), so a merged row always fits. */
export const MERGE_HEADROOM_BYTES = 2048;

export const DEFAULT_THREAT_TTLS: Record<ThreatSignalType, number> = {
  IP_THREAT: 86_400,
  FINGERPRINT_THREAT: 86_400,
  CAMPAIGN_INDICATOR: 604_800,
  CREDENTIAL_STUFFING: 86_400,
  RATE_ANOMALY: 3_600,
  BOT_SIGNATURE: 86_400,
  IMPOSSIBLE_TRAVEL: 604_800,
  TEMPLATE_DISCOVERY: 2_592_000,
  SCHEMA_VIOLATION: 604_800,
};

/** Reads `TYPE=seconds` overrides (e.g. `RATE_ANOMALY=600`) on top of the defaults; throws on an unknown type or bad number. */
export function parseThreatTtls(entries: string[]): Record<ThreatSignalType, number> {
  const ttls = { ...DEFAULT_THREAT_TTLS };
  for (const entry of entries) {
    const [type, seconds] = entry.split('=').map((x) => x.trim());
    const n = Number(seconds);
    if (!(THREAT_SIGNAL_TYPES as readonly string[]).includes(type ?? '')) throw new Error(`unknown signal type in TTL setting: ${entry}`);
    if (!Number.isInteger(n) || n < SIGNAL_RULES.ttl_seconds.min || n > SIGNAL_RULES.ttl_seconds.max) {
      throw new Error(`TTL for ${type} must be an integer from ${SIGNAL_RULES.ttl_seconds.min} to ${SIGNAL_RULES.ttl_seconds.max}: ${entry}`);
    }
    ttls[type as ThreatSignalType] = n;
  }
  return ttls;
}

/** The observed_at of a signal: the sensor's timestamp when it lies within the allowed skew, else the receive time. */
export function observedAtOf(signal: Pick<ThreatSignal, 'timestamp'>, receivedAt: Date, maxSkewMs: number): Date {
  if (signal.timestamp !== null && Math.abs(signal.timestamp - receivedAt.getTime()) <= maxSkewMs) return new Date(signal.timestamp);
  return receivedAt;
}

/**
 * The row for one ThreatSignal, or the wire-format rules it breaks (e.g. metadata too large). Every field but the
 * metadata is valid by construction (a checked IP or fingerprint, a fixed key pattern, a snake_case kind checked at
 * auth), so only the metadata is measured; when a cheap upper bound cannot prove it fits, the full wire-format check runs.
 */
export function threatToRow(signal: ThreatSignal, sensor: SensorContext, receivedAt: Date, opts: MappingOptions, index?: number): ValidSignal | FieldViolation[] {
  const seen = isoOf(observedAtOf(signal, receivedAt, Math.min(opts.maxSkewMs, opts.validation.maxFutureSeconds * 1000)));
  // Built key by key (no spreads): this runs for every signal at tens of thousands per second.
  const value: Record<string, unknown> = { value: signal.confidence, event_count: signal.eventCount };
  if (signal.fingerprint !== null) value.fingerprint = signal.fingerprint;
  value.metadata = signal.metadata;
  value.sensor_id = sensor.sensorId;
  if (sensor.name !== null) value.sensor_name = sensor.name;
  if (sensor.region !== null) value.sensor_region = sensor.region;
  if (sensor.version !== null) value.sensor_version = sensor.version;
  value.first_seen = seen;
  value.last_seen = seen;
  const row: ValidSignal = {
    source: sensor.kind,
    subjectType: signal.sourceIp !== null ? 'ip' : 'fingerprint',
    subjectId: (signal.sourceIp ?? signal.fingerprint)!,
    key: THREAT_KEYS[signal.signalType],
    value,
    severity: SEVERITIES[signal.severity],
    observedAt: seen,
    ttlSeconds: opts.ttls[signal.signalType],
    signalId: null,
  };
  const limit = Math.min(opts.validation.maxValueBytes, SIGNAL_RULES.signal_value.maxBytes) - MERGE_HEADROOM_BYTES;
  if (surelyFits(signal.metadata, limit - FIXED_FIELDS_MAX_BYTES)) return row;
  const wire = {
    source: row.source, subject_type: row.subjectType, subject_id: row.subjectId, signal_key: row.key, signal_value: value,
    severity: row.severity, observed_at: row.observedAt, ttl_seconds: row.ttlSeconds,
  };
  return checkSignal(wire, validationContext({ ...opts.validation, maxValueBytes: limit }, receivedAt), index);
}

// One string each, shared by every row: a sensor message's thousand rows hold one key, one severity and, when the
// sensor sent no timestamps, one time between them until their flush, not a thousand copies of each.
const THREAT_KEYS = Object.fromEntries(THREAT_SIGNAL_TYPES.map((t) => [t, `threat.${t.toLowerCase()}`])) as Record<ThreatSignalType, string>;
const SEVERITIES = Object.fromEntries(THREAT_SEVERITIES.map((s) => [s, s.toLowerCase()])) as Record<ThreatSeverity, Severity>;
let lastDate: Date | null = null;
let lastIso = '';

/** The RFC 3339 form of a time; the receive time, the same Date for every signal of a message, is printed once. */
function isoOf(d: Date): string {
  if (d !== lastDate) {
    lastDate = d;
    lastIso = d.toISOString();
  }
  return lastIso;
}

/**
 * True when the value certainly fits `limit` bytes as jsonb text and holds no U+0000. An upper bound walked without
 * building the JSON (its depth is bounded by the caller's check): six bytes for each UTF-16 unit of text (an escape or
 * its UTF-8, at most), 25 for a number, and jsonb's separators (a space after each `:` and `,`). A number PostgreSQL
 * would expand (exponent form) and a U+0000 are left to the exact check.
 */
export function surelyFits(value: unknown, limit: number): boolean {
  return jsonbBytesBound(value) <= limit;
}

function jsonbBytesBound(v: unknown): number {
  if (typeof v === 'string') return v.includes('\u0000') ? Infinity : 2 + 6 * v.length;
  if (typeof v === 'number') return Number.isFinite(v) && Math.abs(v) < 1e21 && (v === 0 || Math.abs(v) >= 1e-6) ? 25 : Infinity;
  if (typeof v === 'boolean' || v === null) return 5;
  if (typeof v !== 'object') return Infinity;
  let bytes = 2;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) bytes += jsonbBytesBound(v[i]) + 2;
  else for (const k in v) bytes += jsonbBytesBound(k) + jsonbBytesBound((v as Record<string, unknown>)[k]) + 4;
  return bytes;
}
