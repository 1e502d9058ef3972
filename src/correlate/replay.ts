// Replay: evaluates a config over stored signals in memory, without acting, and compares two configs' decisions.
// Pure simulation on the shared routing and gate code; never writes to the database (the route only reads signals).

import type { StoredRow } from '../store/signal-queries.ts';
import { formatCidr, parseCidr } from '../decide/cidr.ts';
import { checkGuardrails, type ProtectedAddress } from '../decide/guardrails.ts';
import { explanationText } from '../decide/explanation.ts';
import { evaluateGroup, type MemberSignal } from './confidence.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import { externalIdOf, isEndSignal, memberConfidence, routesFor } from './routing.ts';

export interface SimulatedDecision {
  /** Identifies "the same decision" across two replays: rule, group key, and its ordinal for that key. */
  key: string;
  rule: string;
  playbook: string;
  group_key: Record<string, string>;
  indicator: string;
  outcome: 'block' | 'extend' | 'rejected';
  rejection?: string;
  decided_at: string;
  derived_confidence: number;
  sources: string[];
  signal_ids: string[];
  explanation: string;
}

export interface ReplayFacts {
  safelist: string[];
  protectedAddresses: ProtectedAddress[];
}

interface SimGroup {
  rule: string;
  key: string;
  openedAt: number;
  endsAt: number;
  members: MemberSignal[];
  externalIds: Map<string, string | null>;
  decided: boolean;
}

/**
 * Runs the engine's logic over signals in (observed_at, id) order, the signal's observed_at standing in for the
 * clock. Blocks live in memory with their TTL; end signals withdraw them as in the live engine.
 */
export function simulate(config: CorrelationConfig, signals: StoredRow[], facts: ReplayFacts): SimulatedDecision[] {
  if (!config.enabled) return [];
  const decisions: SimulatedDecision[] = [];
  const open = new Map<string, SimGroup>();
  const decidedGroups: (SimGroup & { indicator: string })[] = [];
  const active = new Map<string, number>(); // indicator → expires at (ms)
  const created: number[] = [];
  const ordinals = new Map<string, number>();

  for (const s of signals) {
    const now = Date.parse(s.observedAt);
    for (const [ind, exp] of active) if (exp <= now) active.delete(ind);
    if (isEndSignal(s.value)) {
      const ext = externalIdOf(s.value);
      for (const g of decidedGroups) {
        const reported = [...g.externalIds.entries()].some(([src, id]) => src.startsWith(`${s.source}\n${s.subjectId}`) && (ext === null || id === ext));
        if (reported) active.delete(g.indicator);
      }
      continue;
    }
    for (const route of routesFor(config, s)) {
      const id = `${route.rule.name}\n${route.group.key}`;
      let g = open.get(id);
      if (g && g.endsAt <= now) { open.delete(id); g = undefined; }
      if (!g) {
        g = { rule: route.rule.name, key: route.group.key, openedAt: now, endsAt: now + route.gate.windowSeconds * 1000, members: [], externalIds: new Map(), decided: false };
        open.set(id, g);
      }
      g.members.push({ signalId: s.id, source: s.source, confidence: memberConfidence(s), observedAt: s.observedAt });
      g.externalIds.set(`${s.source}\n${s.subjectId}\n${s.id}`, externalIdOf(s.value));
      const e = evaluateGroup(g.members, route.gate, config, new Date(now));
      if (!e.met || !route.playbook) continue;
      const pb = route.playbook;
      const rawIndicator = route.group.fields[pb.action.indicator] ?? '';
      const parsed = parseCidr(rawIndicator);
      const indicator = parsed ? formatCidr(parsed) : rawIndicator;
      const extendsExisting = active.has(indicator);
      const rejection = checkGuardrails(indicator, pb.action.ttl_seconds, config.guardrails, {
        safelist: [...config.guardrails.safelist, ...facts.safelist], protectedAddresses: facts.protectedAddresses,
        activeCount: active.size, newInLastMinute: created.filter((t) => t > now - 60_000).length, extendsExisting,
      });
      const n = (ordinals.get(id) ?? 0) + 1;
      ordinals.set(id, n);
      decisions.push({
        key: `${route.rule.name}|${route.group.key}|${n}`, rule: route.rule.name, playbook: pb.name, group_key: route.group.fields, indicator,
        outcome: rejection ? 'rejected' : extendsExisting ? 'extend' : 'block', ...(rejection ? { rejection: rejection.code } : {}),
        decided_at: new Date(now).toISOString(), derived_confidence: e.derivedConfidence,
        sources: e.contributions.map((c) => c.source), signal_ids: g.members.map((m) => m.signalId), explanation: explanationText(e),
      });
      if (rejection) continue;
      active.set(indicator, Math.max(active.get(indicator) ?? 0, now + pb.action.ttl_seconds * 1000));
      if (!extendsExisting) created.push(now);
      open.delete(id);
      decidedGroups.push({ ...g, decided: true, indicator });
    }
  }
  return decisions;
}

export interface ReplayDiff {
  added: SimulatedDecision[];
  removed: SimulatedDecision[];
  changed: { key: string; current: SimulatedDecision; candidate: SimulatedDecision; differences: string[] }[];
  unchanged: number;
}

/** Decisions the candidate adds, removes, or makes differently (outcome, time, confidence, indicator, sources). */
export function diffDecisions(current: SimulatedDecision[], candidate: SimulatedDecision[]): ReplayDiff {
  const byKey = new Map(current.map((d) => [d.key, d]));
  const diff: ReplayDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const c of candidate) {
    const cur = byKey.get(c.key);
    byKey.delete(c.key);
    if (!cur) { diff.added.push(c); continue; }
    const differences = (['outcome', 'rejection', 'decided_at', 'derived_confidence', 'indicator', 'playbook'] as const)
      .filter((f) => cur[f] !== c[f]).map(String);
    if (cur.sources.join() !== c.sources.join()) differences.push('sources');
    if (differences.length) diff.changed.push({ key: c.key, current: cur, candidate: c, differences });
    else diff.unchanged += 1;
  }
  diff.removed = [...byKey.values()];
  return diff;
}
