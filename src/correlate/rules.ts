// Which rules select a signal, and the group key a rule gives it.
// Pure: reads only the signal and the rule; a signal missing a group_by field is not grouped by that rule (never grouped under "undefined").

import { SEVERITIES, type ValidSignal } from '../core/types.ts';
import type { Rule } from './correlation-config.ts';
import { globMatches } from '../core/glob.ts';

/** The fields of a stored signal that rules look at. */
export type RuleInput = Pick<ValidSignal, 'source' | 'subjectType' | 'subjectId' | 'key' | 'value' | 'severity'>;

export interface GroupKey {
  /** Canonical text of the key, stable across processes: JSON of the field values in group_by order. */
  key: string;
  fields: Record<string, string>;
}

export function ruleMatches(rule: Rule, s: RuleInput): boolean {
  const m = rule.match;
  if (m.sources && !m.sources.includes(s.source)) return false;
  if (m.subject_types && !m.subject_types.includes(s.subjectType)) return false;
  if (m.signal_keys && !m.signal_keys.some((g) => globMatches(g, s.key))) return false;
  if (m.min_severity) {
    if (s.severity === null || SEVERITIES.indexOf(s.severity) < SEVERITIES.indexOf(m.min_severity)) return false;
  }
  return true;
}

/** A field of a signal by group_by name; null when absent or not a scalar. */
export function fieldOf(s: RuleInput, field: string): string | null {
  switch (field) {
    case 'source': return s.source;
    case 'subject_type': return s.subjectType;
    case 'subject_id': return s.subjectId;
    case 'signal_key': return s.key;
    case 'severity': return s.severity;
  }
  let v: unknown = s.value;
  for (const part of field.split('.').slice(1)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    v = (v as Record<string, unknown>)[part];
  }
  if (typeof v === 'string') return v.length > 0 ? v : null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** The group key of a signal under a rule, or null when a group_by field is missing. */
export function groupKeyOf(rule: Rule, s: RuleInput): GroupKey | null {
  const fields: Record<string, string> = {};
  for (const f of rule.group_by) {
    const v = fieldOf(s, f);
    if (v === null) return null;
    fields[f] = v;
  }
  return { key: JSON.stringify(rule.group_by.map((f) => fields[f])), fields };
}
