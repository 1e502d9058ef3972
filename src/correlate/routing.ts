// Routes one stored signal through the config: which rules take it, under which group key, gate and playbook.
// Pure and shared by the live engine and replay, so a replayed decision is the one the engine would have made.

import type { Severity } from '../core/types.ts';
import type { FeedInterest } from '../store/feed-queries.ts';
import type { StoredRow } from '../store/signal-queries.ts';
import { gateFor, signalConfidence, type Gate, type MemberSignal } from './confidence.ts';
import type { CorrelationConfig, Playbook, Rule } from './correlation-config.ts';
import type { MemberRow } from './group-queries.ts';
import { groupKeyOf, ruleMatches, type GroupKey, type RuleInput } from './rules.ts';
import { playbookNamed, rulesOf } from './subject-anomaly.ts';

export interface Route {
  rule: Rule;
  playbook: Playbook | undefined;
  group: GroupKey;
  gate: Gate;
}

/** A signal saying an attack ended (Alertmanager `resolved`, FastNetMon `unban`): it withdraws, it does not corroborate. */
export function isEndSignal(value: Record<string, unknown>): boolean {
  return value.ended === true;
}

/** The external id a detector gave the report (alert fingerprint, attack uuid), if any. */
export function externalIdOf(value: Record<string, unknown>): string | null {
  return typeof value.external_id === 'string' && value.external_id.length > 0 ? value.external_id : null;
}

export function routesFor(config: CorrelationConfig, s: RuleInput): Route[] {
  const routes: Route[] = [];
  for (const rule of rulesOf(config)) {
    if (!ruleMatches(rule, s)) continue;
    const group = groupKeyOf(rule, s);
    if (!group) continue;
    const playbook = rule.playbook ? playbookNamed(config, rule.playbook) : undefined;
    routes.push({ rule, playbook, group, gate: gateFor(config, rule, playbook) });
  }
  return routes;
}

const interests = new WeakMap<CorrelationConfig, FeedInterest | null>();

/**
 * The feed entries correlation reads whole under a config: those a rule's signal_keys may select, and every end
 * (honoured even with correlation off). Null, every entry, when a rule in force selects without naming keys.
 */
export function feedInterestOf(config: CorrelationConfig): FeedInterest | null {
  if (interests.has(config)) return interests.get(config)!;
  const rules = config.enabled ? rulesOf(config) : [];
  const interest = rules.some((r) => !r.match.signal_keys) ? null : { signalKeys: rules.flatMap((r) => r.match.signal_keys!), ends: true };
  interests.set(config, interest);
  return interest;
}

/** The confidence a member signal brings to its group. */
export function memberConfidence(s: { value: Record<string, unknown>; severity: Severity | null }): number {
  return signalConfidence(s.value, s.severity);
}

/** What a stored signal brings to a group as its member (the group, tenant and time are the caller's). */
export function memberFieldsOf(s: StoredRow) {
  return {
    signalId: s.id, source: s.source, subjectType: s.subjectType, subjectId: s.subjectId, signalKey: s.key,
    severity: s.severity, confidence: memberConfidence(s), externalId: externalIdOf(s.value), observedAt: s.observedAt,
  };
}

/** A stored member as the gate evaluates it. */
export const memberSignalOf = (m: MemberRow): MemberSignal => ({ signalId: m.signal_id, source: m.source, confidence: m.confidence, observedAt: m.observed_at });
