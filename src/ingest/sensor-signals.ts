// Turns the signals of one sensor message (ThreatSignals and native Quorum signals) into aggregator window entries.
// All-or-nothing and complete: a value PostgreSQL would refuse is a violation here, so it never reaches a flush window.

import type { FieldViolation } from '../core/errors.ts';
import type { WindowEntry } from './ports.ts';
import { checkSignal, validationContext, type ValidationContext } from '../core/wire-format.ts';
import { checkThreatSignal } from './threat-signal.ts';
import { threatToRow, type MappingOptions, type SensorContext } from './sensor-mapping.ts';

export interface SensorSignalRules {
  mapping: MappingOptions;
  nativeValidation: Omit<ValidationContext, 'now'>;
  /** Deepest nesting of threat metadata and native signal values (QUORUM_MAX_JSON_DEPTH). */
  maxJsonDepth: number;
}

/** The window entries of a message's signals, or every rule they break (with the index of each, in a batch). */
export function checkSensorSignals(raws: unknown[], batch: boolean, sensor: SensorContext, receivedAt: Date, rules: SensorSignalRules): { entries: WindowEntry[] } | { errors: FieldViolation[] } {
  const entries: WindowEntry[] = [];
  const errors: FieldViolation[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    const index = batch ? i : undefined;
    if (typeof raw === 'object' && raw !== null && 'signal_key' in raw) {
      // The wire format holds the text, depth and timestamp rules too: a native signal PostgreSQL would refuse is refused here.
      const row = checkSignal(raw, validationContext(rules.nativeValidation, receivedAt), index);
      if (Array.isArray(row)) errors.push(...row);
      else entries.push({ merges: false, row });
      continue;
    }
    const threat = checkThreatSignal(raw, index, rules.maxJsonDepth);
    if (Array.isArray(threat)) {
      errors.push(...threat);
      continue;
    }
    const row = threatToRow(threat, sensor, receivedAt, rules.mapping, index);
    if (Array.isArray(row)) errors.push(...row);
    else entries.push({ merges: true, row });
  }
  return errors.length > 0 ? { errors } : { entries };
}
