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

/**
 * A policy's rules in two sets, each correlated by a feed consumer of its own: rules with a playbook decide (blocks,
 * incidents), the others only record their groups. A decision then never waits behind the recording rules' work.
 */
export type RuleSet = 'deciding' | 'recording';
export const RULE_SETS: readonly RuleSet[] = ['deciding', 'recording'];

const ruleSetOf = (playbook: unknown): RuleSet => (playbook ? 'deciding' : 'recording');

/** The set whose consumer correlates a group: the one its playbook, as stored when the group opened, puts it in. */
export const ruleSetOfGroup = (g: { playbook: string | null }): RuleSet => ruleSetOf(g.playbook);

/** The rules (of one set, or all) that take a signal, each with its group key, gate and playbook. */
export function routesFor(config: CorrelationConfig, s: RuleInput, set?: RuleSet): Route[] {
  const routes: Route[] = [];
  for (const rule of rulesOf(config)) {
    if (!ruleMatches(rule, s)) continue;
    const group = groupKeyOf(rule, s);
    if (!group) continue;
    const playbook = playbookNamed(config, rule.playbook);
    if (set && ruleSetOf(playbook) !== set) continue;
    routes.push({ rule, playbook, group, gate: gateFor(config, rule, playbook) });
  }
  return routes;
}

/** The policy's rules of one set (a rule naming a playbook the policy lacks only records, as routesFor routes it). */
const rulesIn = (config: CorrelationConfig, set: RuleSet) => rulesOf(config).filter((r) => ruleSetOf(playbookNamed(config, r.playbook)) === set);

/**
 * Whether the policy has a rule of the set at all (switched on or not: ends still reach a set's groups while
 * correlation is off). A set without one has nothing to do, and its consumer passes the feed without reading it.
 */
export const hasRulesOf = (config: CorrelationConfig, set: RuleSet): boolean => rulesIn(config, set).length > 0;

const interests: Record<RuleSet, WeakMap<CorrelationConfig, FeedInterest | null>> = { deciding: new WeakMap(), recording: new WeakMap() };

/**
 * The feed entries a rule set's consumer reads whole under a config: those its rules' signal_keys may select, and every
 * end (honoured even with correlation off). Null, every entry, when one of its rules in force selects without naming keys.
 */
export function feedInterestOf(config: CorrelationConfig, set: RuleSet): FeedInterest | null {
  const cached = interests[set];
  if (cached.has(config)) return cached.get(config)!;
  const rules = config.enabled ? rulesIn(config, set) : [];
  const interest = rules.some((r) => !r.match.signal_keys) ? null : { signalKeys: rules.flatMap((r) => r.match.signal_keys!), ends: true };
  cached.set(config, interest);
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
