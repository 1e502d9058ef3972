// Replay: evaluates a config over stored signals in memory, without acting, and compares two configs' decisions.
// Pure simulation on the shared routing and gate code; never writes to the database (the route only reads signals).

import type { StoredRow } from '../store/signal-queries.ts';
import { formatCidr, parseCidr } from '../core/cidr.ts';
import { checkGuardrails, type ProtectedAddress } from './guardrails.ts';
import { explanationText } from '../correlate/explanation.ts';
import { evaluateGroup, type Evaluation, type MemberSignal } from '../correlate/confidence.ts';
import type { BlockAction, CorrelationConfig, EndWhen } from '../correlate/correlation-config.ts';
import { blockEnding } from '../correlate/block-ending.ts';
import { externalIdOf, isEndSignal, memberConfidence, routesFor, type Route } from '../correlate/routing.ts';

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

interface SimMember extends MemberSignal {
  subjectId: string;
  externalId: string | null;
  /** The end report that ended it, and when (null while it counts). */
  endedBy: string | null;
  endedAt: string | null;
}

interface SimGroup {
  endsAt: number;
  members: SimMember[];
  vector: string | undefined;
  indicator: string | null;
  endWhen: EndWhen;
}

/** A group whose gate passed: its key, its members counting, and the evaluation that explains the decision. */
interface Corroborated {
  id: string;
  g: SimGroup;
  members: SimMember[];
  e: Evaluation;
}

/**
 * Runs the engine's logic over signals fed in (observed_at, id) order, the signal's observed_at standing in for the
 * clock. Blocks live in memory with their TTL; end signals stop a source's reports counting and withdraw, as live.
 * Fed one signal at a time, so a replay streams the stored signals instead of holding them all.
 */
export function createSimulation(config: CorrelationConfig, facts: ReplayFacts) {
  const decisions: SimulatedDecision[] = [];
  const open = new Map<string, SimGroup>();
  const decided = new Set<SimGroup>();
  const active = new Map<string, number>(); // indicator → expires at (ms)
  const created: number[] = [];
  const ordinals = new Map<string, number>();
  const counting = (g: SimGroup) => g.members.filter((m) => m.endedAt === null);
  const decidedByKey = new Map<string, SimGroup>();
  let fed = 0;

  /** Forgets groups that can no longer act, so memory follows the live groups and blocks, not the history. */
  function sweep(now: number): void {
    // An open group past its window is replaced at its next signal and can no longer decide.
    for (const [id, g] of open) if (g.endsAt <= now) open.delete(id);
    // A decided group whose block is gone can neither be refreshed nor withdraw anything (live: its mitigation ended).
    for (const g of decided) if (!g.indicator || !active.has(g.indicator)) decided.delete(g);
    for (const [id, g] of decidedByKey) if (!decided.has(g)) decidedByKey.delete(id);
  }

  /** As live: the block lifts when its end condition holds over the reports of every decided group it serves. */
  function endBlock(g: SimGroup, indicator: string, s: StoredRow): void {
    const served = [...decided].filter((x) => x.indicator === indicator);
    if (blockEnding(g.endWhen, served.flatMap((x) => x.members), { source: s.source, signalId: s.id }).ends) active.delete(indicator);
  }

  function feed(s: StoredRow): void {
    if (!config.enabled) return;
    const now = Date.parse(s.observedAt);
    forgetPast(now);
    if (isEndSignal(s.value)) return endReports(s);
    for (const route of routesFor(config, s)) join(route, s, now);
  }

  /** Blocks past their TTL and creations older than a minute no longer count; every 1,000 signals, a sweep. */
  function forgetPast(now: number): void {
    if (++fed % 1000 === 0) sweep(now);
    while (created.length > 0 && created[0]! <= now - 60_000) created.shift();
    for (const [ind, exp] of active) if (exp <= now) active.delete(ind);
  }

  /** As live: an end report stops its source's reports counting in every group they are in, and may lift a block. */
  function endReports(s: StoredRow): void {
    const ext = externalIdOf(s.value);
    const vector = typeof s.value.vector === 'string' ? s.value.vector : undefined;
    for (const g of [...open.values(), ...decided]) {
      if (vector && g.vector && g.vector !== vector) continue;
      const reports = g.members.filter((m) => m.source === s.source && m.subjectId === s.subjectId && (ext === null || m.externalId === ext));
      if (reports.length === 0) continue;
      reports.filter((m) => m.endedAt === null).forEach((m) => { m.endedBy = s.id; m.endedAt = s.observedAt; });
      if (g.indicator && decided.has(g)) endBlock(g, g.indicator, s);
    }
  }

  /** The signal joins its group under one route: refreshing a decided block, or counting towards a decision. */
  function join(route: Route, s: StoredRow, now: number): void {
    const id = `${route.rule.name}\n${route.group.key}`;
    const member = { signalId: s.id, source: s.source, confidence: memberConfidence(s), observedAt: s.observedAt, subjectId: s.subjectId, externalId: externalIdOf(s.value), endedBy: null, endedAt: null };
    const refreshable = decidedByKey.get(id);
    if (route.playbook?.action.type === 'block' && refreshable?.indicator && active.has(refreshable.indicator)) {
      // As live: a repeated report of a decided attack joins its group and extends the block, no new decision.
      refreshable.members.push(member);
      active.set(refreshable.indicator, Math.max(active.get(refreshable.indicator)!, now + route.playbook.action.ttl_seconds * 1000));
      return;
    }
    const g = openGroup(route, id, now);
    g.members.push(member);
    const members = counting(g);
    const e = evaluateGroup(members, route.gate, config, new Date(now));
    // Replay compares blocks: an incident playbook (subject_anomaly) blocks nothing, so it is no decision here.
    const playbook = route.playbook;
    if (e.met && playbook?.action.type === 'block') decide(route, playbook.name, playbook.action, { id, g, members, e }, now);
  }

  /** The open group of a key, a new one when there is none or its window ended. */
  function openGroup(route: Route, id: string, now: number): SimGroup {
    const g = open.get(id);
    if (g && g.endsAt > now) return g;
    const fresh: SimGroup = {
      endsAt: now + route.gate.windowSeconds * 1000, members: [], vector: route.group.fields['signal_value.vector'], indicator: null,
      endWhen: route.playbook?.end_when ?? 'all_sources_ended',
    };
    open.set(id, fresh);
    return fresh;
  }

  /** A corroborated group's decision under the guardrails, as live: a block, an extension, or a rejection. */
  function decide(route: Route, playbook: string, action: BlockAction, { id, g, members, e }: Corroborated, now: number): void {
    const rawIndicator = route.group.fields[action.indicator] ?? '';
    const parsed = parseCidr(rawIndicator);
    const indicator = parsed ? formatCidr(parsed) : rawIndicator;
    const extendsExisting = active.has(indicator);
    const rejection = checkGuardrails(indicator, action.ttl_seconds, config.guardrails, {
      safelist: [...config.guardrails.safelist, ...facts.safelist], protectedAddresses: facts.protectedAddresses,
      activeCount: active.size, newInLastMinute: created.filter((t) => t > now - 60_000).length, extendsExisting,
    });
    const n = (ordinals.get(id) ?? 0) + 1;
    ordinals.set(id, n);
    decisions.push({
      key: `${route.rule.name}|${route.group.key}|${n}`, rule: route.rule.name, playbook, group_key: route.group.fields, indicator,
      outcome: rejection ? 'rejected' : extendsExisting ? 'extend' : 'block', ...(rejection ? { rejection: rejection.code } : {}),
      decided_at: new Date(now).toISOString(), derived_confidence: e.derivedConfidence,
      sources: e.contributions.map((c) => c.source), signal_ids: members.map((m) => m.signalId), explanation: explanationText(e),
    });
    if (rejection) return;
    active.set(indicator, Math.max(active.get(indicator) ?? 0, now + action.ttl_seconds * 1000));
    if (!extendsExisting) created.push(now);
    open.delete(id);
    g.indicator = indicator;
    decided.add(g);
    decidedByKey.set(id, g);
  }

  return { feed, decisions: (): SimulatedDecision[] => decisions };
}

/** Simulates a whole list of signals (tests; the route streams through createSimulation). */
export function simulate(config: CorrelationConfig, signals: StoredRow[], facts: ReplayFacts): SimulatedDecision[] {
  const sim = createSimulation(config, facts);
  for (const s of signals) sim.feed(s);
  return sim.decisions();
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
