// Builds the explanation a mitigation stores at decision time: rule, playbook, thresholds, derived confidence, every signal.
// Pure; the result is frozen into the mitigation row and never recomputed from a later config.

import type { BlockOrigin } from '../core/types.ts';
import { decayed, type Evaluation, type MemberSignal } from './confidence.ts';
import { sourceWeight, type CorrelationConfig } from './correlation-config.ts';

export interface ExplainedSignal {
  id: string;
  source: string;
  confidence: number;
  /** The confidence after decay at decision time (equal to `confidence` without decay). */
  decayed_confidence: number;
  weight: number;
  observed_at: string;
}

export interface Explanation {
  kind: BlockOrigin;
  text: string;
  rule?: string;
  playbook?: string;
  group_id?: string;
  group_key?: Record<string, string>;
  thresholds?: { min_sources: number; confidence_threshold: number; window_seconds: number; decay_half_life_seconds: number };
  derived_confidence?: number;
  distinct_sources?: number;
  sources?: { source: string; confidence: number; weight: number; signal_id: string }[];
  signals?: ExplainedSignal[];
  reason?: string;
  /** The auto-blocklist rule in force when an `automatic` block was decided. */
  auto_blocklist?: { min_severity: string; min_confidence: number; threat_types: string[]; ttl_seconds: number };
  decided_at: string;
}

/** `Corroboration met: 2 distinct sources (min 2), derived confidence 0.81 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.70, w 0.8)` */
export function explanationText(e: Evaluation): string {
  const sources = e.contributions.map((c) => `${c.source} (${c.confidence.toFixed(2)}, w ${c.weight.toFixed(1)})`).join(', ');
  return `${e.reason}. Sources: ${sources}`;
}

export function explainCorrelation(input: {
  evaluation: Evaluation;
  members: MemberSignal[];
  rule: string;
  playbook: string;
  groupId: string;
  groupFields: Record<string, string>;
  weights: Pick<CorrelationConfig, 'sources' | 'default_weight'>;
  now: Date;
}): Explanation {
  const { evaluation: e } = input;
  return {
    kind: 'correlation',
    text: explanationText(e),
    rule: input.rule,
    playbook: input.playbook,
    group_id: input.groupId,
    group_key: input.groupFields,
    thresholds: {
      min_sources: e.gate.minSources, confidence_threshold: e.gate.threshold,
      window_seconds: e.gate.windowSeconds, decay_half_life_seconds: e.gate.halfLifeSeconds,
    },
    derived_confidence: e.derivedConfidence,
    distinct_sources: e.distinctSources,
    sources: e.contributions.map((c) => ({ source: c.source, confidence: round(c.confidence), weight: c.weight, signal_id: c.signalId })),
    signals: input.members.map((m) => ({
      id: m.signalId, source: m.source, confidence: m.confidence,
      decayed_confidence: round(decayed(m.confidence, (input.now.getTime() - Date.parse(m.observedAt)) / 1000, e.gate.halfLifeSeconds)),
      weight: sourceWeight(input.weights, m.source), observed_at: m.observedAt,
    })),
    decided_at: input.now.toISOString(),
  };
}

/** A block made by hand; `by` names who made it (`API key <id>`, `user <username>`). */
export function explainManual(reason: string | undefined, by: string, now: Date): Explanation {
  const text = `Manual block by ${by}${reason ? `: ${reason}` : ''}`;
  return { kind: 'manual', text, ...(reason ? { reason } : {}), decided_at: now.toISOString() };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A sensor threat as the auto-blocklist explains it. */
export interface ExplainedThreat {
  id: string;
  source: string;
  threatType: string;
  severity: string;
  confidence: number;
  observedAt: string;
  sensorId: string | null;
}

/** `Auto-blocklist: IP_THREAT (critical, confidence 0.95) from synapse sensor s-1, signal 42; rule: at least critical, confidence ≥ 0.85` */
export function explainAutomatic(threats: ExplainedThreat[], rule: NonNullable<Explanation['auto_blocklist']>, now: Date): Explanation {
  const first = threats[0]!;
  const more = threats.length > 1 ? ` (and ${threats.length - 1} more)` : '';
  const text = `Auto-blocklist: ${first.threatType} (${first.severity}, confidence ${first.confidence.toFixed(2)}) from ${first.source}`
    + `${first.sensorId ? ` sensor ${first.sensorId}` : ''}, signal ${first.id}${more}; rule: at least ${rule.min_severity}, confidence ≥ ${rule.min_confidence}`;
  return {
    kind: 'automatic', text, auto_blocklist: rule,
    signals: threats.map((t) => ({ id: t.id, source: t.source, confidence: t.confidence, decayed_confidence: t.confidence, weight: 1, observed_at: t.observedAt })),
    decided_at: now.toISOString(),
  };
}
