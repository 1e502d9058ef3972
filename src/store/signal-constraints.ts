// Renders the signal_streams CHECK constraints from the wire-format rules, so table and validator share one definition.
// Used by the schema parity test against the migrated table; migrations are written from its output, never edited after merge.

import { SIGNAL_RULES } from '../core/wire-format.ts';

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** CHECK constraint name → boolean SQL expression, exactly as the migrations declare them. */
export function signalCheckConstraints(): Record<string, string> {
  const r = SIGNAL_RULES;
  const text = (col: 'source' | 'subject_type' | 'signal_key') =>
    `char_length(${col}) BETWEEN ${r[col].minLength} AND ${r[col].maxLength} AND ${col} ~ ${quote(r[col].pattern)}`;
  return {
    signal_streams_source_check: text('source'),
    signal_streams_subject_type_check: text('subject_type'),
    signal_streams_subject_id_check:
      `char_length(subject_id) BETWEEN ${r.subject_id.minLength} AND ${r.subject_id.maxLength} AND subject_id !~ ${quote(`[${r.subject_id.forbiddenChars}]`)}`,
    signal_streams_signal_key_check: text('signal_key'),
    signal_streams_signal_value_check:
      `jsonb_typeof(signal_value) = 'object' AND signal_value ? ${quote(r.signal_value.requiredKey)} AND octet_length(signal_value::text) <= ${r.signal_value.maxBytes}`,
    signal_streams_severity_check: `severity IS NULL OR severity IN (${r.severity.values.map(quote).join(', ')})`,
    signal_streams_ttl_seconds_check: `ttl_seconds IS NULL OR ttl_seconds BETWEEN ${r.ttl_seconds.min} AND ${r.ttl_seconds.max}`,
  };
}
