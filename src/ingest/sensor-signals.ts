// Turns the signals of one sensor message (ThreatSignals and native Quorum signals) into aggregator window entries.
// All-or-nothing and complete: a value PostgreSQL would refuse is a violation here, so it never reaches a flush window.

import { textFault, textFaultMessage } from '../core/text.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import type { FieldViolation } from '../errors.ts';
import { dedupKey, type WindowEntry } from '../aggregate/dedup.ts';
import { checkSignal, violationList, type ValidationContext } from './wire-format.ts';
import { checkThreatSignal } from './threat-signal.ts';
import { jsonValueFault, TEXT_FAULT_RULES } from './sensor-json.ts';
import { threatToRow, type MappingOptions, type SensorContext } from './sensor-mapping.ts';

export interface SensorSignalRules {
  mapping: MappingOptions;
  nativeValidation: Omit<ValidationContext, 'now'>;
  /** Deepest nesting of threat metadata and native signal values (QUORUM_MAX_JSON_DEPTH). */
  maxJsonDepth: number;
}

const NATIVE_TEXT_FIELDS = ['source', 'subject_type', 'subject_id', 'signal_key', 'severity', 'observed_at', 'signal_id'];

/** The window entries of a message's signals, or every rule they break (with the index of each, in a batch). */
export function checkSensorSignals(raws: unknown[], batch: boolean, sensor: SensorContext, receivedAt: Date, rules: SensorSignalRules): { entries: WindowEntry[] } | { errors: FieldViolation[] } {
  const entries: WindowEntry[] = [];
  const errors: FieldViolation[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    const index = batch ? i : undefined;
    if (typeof raw === 'object' && raw !== null && 'signal_key' in raw) {
      const faults = nativeFaults(raw as Record<string, unknown>, rules.maxJsonDepth, index);
      const row = faults.length > 0 ? faults : checkSignal(raw, { ...rules.nativeValidation, now: receivedAt }, index);
      if (Array.isArray(row)) errors.push(...row);
      else entries.push({ key: null, row });
      continue;
    }
    const threat = checkThreatSignal(raw, index, rules.maxJsonDepth);
    if (Array.isArray(threat)) {
      errors.push(...threat);
      continue;
    }
    const row = threatToRow(threat, sensor, receivedAt, rules.mapping, index);
    if (Array.isArray(row)) errors.push(...row);
    else entries.push({ key: dedupKey(threat), row });
  }
  return errors.length > 0 ? { errors } : { entries };
}

/**
 * The text rule, the depth bound and the timestamp rule on a native signal, checked before the wire-format rules:
 * a lone surrogate or a +20:00 offset must be refused with its message, never fail a flush window in PostgreSQL.
 */
function nativeFaults(s: Record<string, unknown>, maxJsonDepth: number, index?: number): FieldViolation[] {
  const { errors, fail } = violationList(index);
  for (const field of NATIVE_TEXT_FIELDS) {
    const v = s[field];
    const fault = typeof v === 'string' ? textFault(v) : null;
    if (fault) fail(field, TEXT_FAULT_RULES[fault], textFaultMessage(fault));
  }
  const value = s.signal_value;
  const fault = typeof value === 'object' && value !== null ? jsonValueFault(value, maxJsonDepth) : null;
  if (fault) fail('signal_value', fault.rule, fault.message);
  if (typeof s.observed_at === 'string' && !textFault(s.observed_at) && parseTimestamp(s.observed_at) === null) {
    fail('observed_at', 'format', 'must be an RFC 3339 timestamp with an offset within ±14:00, e.g. 2026-01-31T12:00:00Z');
  }
  return errors;
}
