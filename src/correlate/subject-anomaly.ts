// The subject_anomaly rule family as the rule and playbook routing uses: group by subject, count distinct sources of
// non-info findings, open an incident. Pure; it never lets the family block anything (its action is always `incident`).

import {
  SUBJECT_ANOMALY, type CorrelationConfig, type Playbook, type Rule, type SubjectAnomaly,
} from './correlation-config.ts';

/** The family's one rule: every finding at or above min_severity, grouped by subject, under the family's window. */
export function subjectAnomalyRule(a: SubjectAnomaly): Rule {
  return {
    name: SUBJECT_ANOMALY,
    match: { min_severity: a.min_severity, ...(a.subject_types ? { subject_types: a.subject_types } : {}) },
    group_by: ['subject_type', 'subject_id'],
    playbook: SUBJECT_ANOMALY,
    window_seconds: a.window_seconds,
  };
}

/** The family's playbook: the gate counts sources only (threshold 0), and a met gate opens an incident. */
export function subjectAnomalyPlaybook(a: SubjectAnomaly): Playbook {
  return {
    name: SUBJECT_ANOMALY,
    correlation: { min_sources: a.min_sources, confidence_threshold: 0, window_seconds: a.window_seconds },
    action: { type: 'incident', ttl_seconds: a.ttl_seconds },
    end_when: 'all_sources_ended',
  };
}

// Routing asks for the rules of every signal: built once per policy object (a policy is never mutated, only replaced).
const rulesCache = new WeakMap<object, Rule[]>();

/** The rules in force: the configured ones, and the family's when it is switched on. */
export function rulesOf(config: Pick<CorrelationConfig, 'rules' | 'subject_anomaly'>): Rule[] {
  if (!config.subject_anomaly.enabled) return config.rules;
  let rules = rulesCache.get(config);
  if (!rules) rulesCache.set(config, rules = [...config.rules, subjectAnomalyRule(config.subject_anomaly)]);
  return rules;
}

/**
 * A playbook by name. The family's is found even while the family is off, so an incident it opened still ends as
 * its playbook says after the family was switched off.
 */
export function playbookNamed(config: Pick<CorrelationConfig, 'playbooks' | 'subject_anomaly'>, name: string | null | undefined): Playbook | undefined {
  if (name === SUBJECT_ANOMALY) return subjectAnomalyPlaybook(config.subject_anomaly);
  return config.playbooks.find((p) => p.name === name);
}
