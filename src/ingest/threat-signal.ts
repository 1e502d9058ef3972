// The Synapse ThreatSignal: its nine types, per-type metadata rules and the fingerprint spoof rules.
// Pure validation: never stores, never maps (see sensor-mapping.ts); every violation names its field, rule and index.

import { isIP } from 'node:net';
import { DEFAULT_MAX_JSON_DEPTH } from '../core/json-depth.ts';
import { jsonValueFault } from './sensor-json.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import type { FieldViolation } from '../core/errors.ts';
import { asSignalObject, Violations } from '../core/wire-format.ts';

export const THREAT_SIGNAL_TYPES = [
  'IP_THREAT', 'FINGERPRINT_THREAT', 'CAMPAIGN_INDICATOR', 'CREDENTIAL_STUFFING', 'RATE_ANOMALY',
  'BOT_SIGNATURE', 'IMPOSSIBLE_TRAVEL', 'TEMPLATE_DISCOVERY', 'SCHEMA_VIOLATION',
] as const;
export type ThreatSignalType = (typeof THREAT_SIGNAL_TYPES)[number];

export const THREAT_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type ThreatSeverity = (typeof THREAT_SEVERITIES)[number];

/** A validated ThreatSignal; `timestamp` (ms) is a Quorum extension, null when the sensor sent none. */
export interface ThreatSignal {
  signalType: ThreatSignalType;
  sourceIp: string | null;
  fingerprint: string | null;
  severity: ThreatSeverity;
  confidence: number;
  eventCount: number;
  metadata: Record<string, unknown>;
  timestamp: number | null;
}

const FINGERPRINT_CHARS = /^[A-Za-z0-9_\-.:]{16,256}$/;
const SPOOF_PREFIXES = ['012345', '123456', 'abcdef', 'test', 'fake', 'spoof', 'null', 'undefined', 'none'];

/**
 * Why a fingerprint is refused, or null when it is acceptable: `format` (length or characters) or one of the
 * spoof rules `repeated_char`, `sequence_prefix`, `placeholder_prefix`, `all_zeros`, `low_variety` (case-insensitive).
 */
export function fingerprintProblem(fp: string): string | null {
  // Sensors repeat a few thousand JA4 strings all day: remember verdicts (bounded) instead of re-running the rules.
  const known = verdicts.get(fp);
  if (known !== undefined) return known;
  const verdict = judgeFingerprint(fp);
  if (verdicts.size >= 10_000) verdicts.clear();
  verdicts.set(fp, verdict);
  return verdict;
}

const verdicts = new Map<string, string | null>();

function judgeFingerprint(fp: string): string | null {
  if (!FINGERPRINT_CHARS.test(fp)) return 'format';
  const lower = fp.toLowerCase();
  if (/^0+$/.test(lower)) return 'all_zeros';
  if (/(.)\1{7}/.test(lower)) return 'repeated_char';
  const prefix = SPOOF_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix) return /^\d|^abcdef/.test(prefix) ? 'sequence_prefix' : 'placeholder_prefix';
  if (new Set(lower).size < 4) return 'low_variety';
  return null;
}

const FINGERPRINT_MESSAGES: Record<string, string> = {
  format: 'must be 16–256 characters from [A-Za-z0-9_-.:]',
  repeated_char: 'looks spoofed: one character repeated 8 or more times',
  all_zeros: 'looks spoofed: all zeros',
  sequence_prefix: 'looks spoofed: starts with a counting sequence',
  placeholder_prefix: 'looks spoofed: starts with a placeholder word',
  low_variety: 'looks spoofed: fewer than 4 distinct characters',
};

/** Checks a fingerprint field; returns the violation or null. */
export function checkFingerprint(fp: unknown, field = 'fingerprint', index?: number): FieldViolation | null {
  const at = index === undefined ? {} : { index };
  if (typeof fp !== 'string') return { ...at, field, rule: 'type', message: 'must be a string' };
  const problem = fingerprintProblem(fp);
  if (problem === null) return null;
  return { ...at, field, rule: problem === 'format' ? 'format' : `spoofed_${problem}`, message: FINGERPRINT_MESSAGES[problem]! };
}

/** Latest instant a JavaScript Date can hold: a timestamp beyond it has no ISO form. */
const MAX_DATE_MS = 8.64e15;

/**
 * Checks one ThreatSignal; unknown keys are ignored, as the reference says. Returns the signal or its violations.
 * `maxJsonDepth` bounds the metadata's nesting (QUORUM_MAX_JSON_DEPTH).
 */
export function checkThreatSignal(input: unknown, index?: number, maxJsonDepth = DEFAULT_MAX_JSON_DEPTH): ThreatSignal | FieldViolation[] {
  const violations = new Violations(index);
  const s = asSignalObject(input, violations);
  if (s === null) return violations.errors;

  if (!(THREAT_SIGNAL_TYPES as readonly unknown[]).includes(s.signalType)) violations.fail('signalType', 'enum', `must be one of ${THREAT_SIGNAL_TYPES.join(', ')}`);
  if (!(THREAT_SEVERITIES as readonly unknown[]).includes(s.severity)) violations.fail('severity', 'enum', `must be one of ${THREAT_SEVERITIES.join(', ')}`);
  if (typeof s.confidence !== 'number' || !Number.isFinite(s.confidence) || s.confidence < 0 || s.confidence > 1) {
    violations.fail('confidence', 'range', 'must be a number from 0 to 1');
  }
  if (s.eventCount !== undefined && (typeof s.eventCount !== 'number' || !Number.isSafeInteger(s.eventCount) || s.eventCount < 1)) {
    violations.fail('eventCount', 'positive_integer', 'must be a positive integer');
  }
  const sourceIp = optional(s.sourceIp);
  if (sourceIp !== null && (typeof sourceIp !== 'string' || isIP(sourceIp) === 0)) violations.fail('sourceIp', 'ip', 'must be an IPv4 or IPv6 address');
  const fingerprint = optional(s.fingerprint);
  if (fingerprint !== null) {
    const v = checkFingerprint(fingerprint, 'fingerprint', index);
    if (v) violations.errors.push(v);
  }
  // Quorum needs a subject for every row: a signal about nobody cannot be stored or correlated.
  if (sourceIp === null && fingerprint === null) violations.fail('sourceIp', 'subject_required', 'sourceIp or fingerprint is required');

  const metadata = optional(s.metadata) ?? {};
  checkMetadata(metadata, s.signalType, maxJsonDepth, violations);

  const timestamp = optional(s.timestamp);
  let ts: number | null = null;
  if (timestamp !== null) {
    ts = typeof timestamp === 'number' ? timestamp : typeof timestamp === 'string' ? parseTimestamp(timestamp) : null;
    if (ts === null || !(Math.abs(ts) <= MAX_DATE_MS)) violations.fail('timestamp', 'format', 'must be milliseconds since the epoch or an RFC 3339 timestamp with an offset within ±14:00');
  }

  if (violations.errors.length > 0) return violations.errors;
  return {
    signalType: s.signalType as ThreatSignalType,
    sourceIp: sourceIp === null ? null : (sourceIp as string).toLowerCase(),
    fingerprint: fingerprint as string | null,
    severity: s.severity as ThreatSeverity,
    confidence: s.confidence as number,
    eventCount: (s.eventCount as number | undefined) ?? 1,
    metadata: metadata as Record<string, unknown>,
    timestamp: ts,
  };
}

function checkMetadata(metadata: unknown, signalType: unknown, maxJsonDepth: number, violations: Violations): void {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return violations.fail('metadata', 'type', 'must be a JSON object');
  // Stored in signal_value (jsonb): PostgreSQL holds neither NUL nor lone surrogates, and deep values are refused here, not there.
  const fault = jsonValueFault(metadata, maxJsonDepth);
  if (fault) return violations.fail('metadata', fault.rule, fault.message);
  if (signalType === 'CREDENTIAL_STUFFING' || signalType === 'IMPOSSIBLE_TRAVEL') {
    checkGeoMetadata(metadata as Record<string, unknown>, signalType === 'IMPOSSIBLE_TRAVEL', violations);
  }
}

function checkGeoMetadata(m: Record<string, unknown>, needsUser: boolean, violations: Violations): void {
  const inRange = (v: unknown, limit: number) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit;
  if (!inRange(m.latitude, 90)) violations.fail('metadata.latitude', 'range', 'must be a number from -90 to 90');
  if (!inRange(m.longitude, 180)) violations.fail('metadata.longitude', 'range', 'must be a number from -180 to 180');
  if (m.city !== undefined && typeof m.city !== 'string') violations.fail('metadata.city', 'type', 'must be a string');
  if (m.countryCode !== undefined && (typeof m.countryCode !== 'string' || m.countryCode.length !== 2)) {
    violations.fail('metadata.countryCode', 'length', 'must be a 2-character country code');
  }
  if (needsUser) {
    if (typeof m.userId !== 'string' || m.userId.length === 0) violations.fail('metadata.userId', 'required', 'is required and must be a non-empty string');
  } else if (m.userId !== undefined && typeof m.userId !== 'string') violations.fail('metadata.userId', 'type', 'must be a string');
}

const optional = (v: unknown): unknown => (v === undefined || v === null ? null : v);
