// The corroboration arithmetic: a signal's confidence, decay, the derived confidence of a group and the gate.
// Pure functions of their arguments (time is passed in): the live engine and replay share them, so they can never disagree.

import type { Severity } from '../core/types.ts';
import { sourceWeight, type CorrelationConfig, type Playbook, type Rule } from './correlation-config.ts';

/** What the gate needs to know about one member signal of a group. */
export interface MemberSignal {
  signalId: string;
  source: string;
  confidence: number;
  observedAt: string;
}

export interface SourceContribution {
  source: string;
  /** The source's highest decayed confidence in the group. */
  confidence: number;
  weight: number;
  /** The signal that gave that confidence. */
  signalId: string;
}

export interface Gate {
  minSources: number;
  threshold: number;
  windowSeconds: number;
  halfLifeSeconds: number;
}

export interface Evaluation {
  gate: Gate;
  distinctSources: number;
  derivedConfidence: number;
  contributions: SourceContribution[];
  met: boolean;
  /** One line saying why the gate passed or not. */
  reason: string;
}

const SEVERITY_CONFIDENCE: Record<Severity, number> = { info: 0.2, low: 0.4, medium: 0.6, high: 0.8, critical: 0.9 };

/**
 * The confidence a signal reports, in [0, 1]: `signal_value.confidence` if it is a number in [0, 1],
 * else `signal_value.value` if that is one (adapters store their confidence there), else from the severity
 * (info 0.2, low 0.4, medium 0.6, high 0.8, critical 0.9), else 0.5.
 */
export function signalConfidence(value: Record<string, unknown>, severity: Severity | null): number {
  // NaN and the infinities fail the range test.
  const unit = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  if (unit(value.confidence)) return value.confidence as number;
  if (unit(value.value)) return value.value as number;
  if (severity) return SEVERITY_CONFIDENCE[severity];
  return 0.5;
}

/** `confidence · 0.5^(age / half_life)`; no decay when the half-life is 0, and a signal from the future has age 0. */
export function decayed(confidence: number, ageSeconds: number, halfLifeSeconds: number): number {
  if (halfLifeSeconds <= 0) return confidence;
  return confidence * 0.5 ** (Math.max(0, ageSeconds) / halfLifeSeconds);
}

/** The thresholds in force for a rule: the global ones with the rule's window and its playbook's overrides applied. */
export function gateFor(config: CorrelationConfig, rule: Rule, playbook: Playbook | undefined): Gate {
  const o = playbook?.correlation ?? {};
  return {
    minSources: o.min_sources ?? config.min_sources,
    threshold: o.confidence_threshold ?? config.confidence_threshold,
    windowSeconds: o.window_seconds ?? rule.window_seconds ?? config.window_seconds,
    halfLifeSeconds: config.confidence_decay_half_life_seconds,
  };
}

/**
 * derived = Σ_s w_s · c_s / Σ_s w_s over the distinct sources s of the group, where c_s is the highest
 * decayed confidence among s's signals and w_s its weight. One chatty source counts once; a source of
 * weight 0 counts as a source but adds nothing to the average (derived is 0 when every weight is 0).
 * The gate passes when distinct sources ≥ min_sources and derived ≥ threshold (both inclusive).
 */
export function evaluateGroup(members: MemberSignal[], gate: Gate, weights: Pick<CorrelationConfig, 'sources' | 'default_weight'>, now: Date): Evaluation {
  const best = new Map<string, SourceContribution>();
  for (const m of members) {
    const age = (now.getTime() - Date.parse(m.observedAt)) / 1000;
    const c = decayed(m.confidence, age, gate.halfLifeSeconds);
    const prev = best.get(m.source);
    if (!prev || c > prev.confidence) best.set(m.source, { source: m.source, confidence: c, weight: sourceWeight(weights, m.source), signalId: m.signalId });
  }
  const contributions = [...best.values()];
  const totalWeight = contributions.reduce((n, s) => n + s.weight, 0);
  const derived = totalWeight > 0 ? contributions.reduce((n, s) => n + s.weight * s.confidence, 0) / totalWeight : 0;
  // Rounded so 0.7 computed as 0.69999999999 still meets a 0.7 threshold.
  const derivedConfidence = Math.round(derived * 1e9) / 1e9;
  const sourcesOk = contributions.length >= gate.minSources;
  const confidenceOk = derivedConfidence >= gate.threshold;
  const met = sourcesOk && confidenceOk;
  const numbers = `${contributions.length} distinct source${contributions.length === 1 ? '' : 's'} (min ${gate.minSources}), derived confidence ${derivedConfidence.toFixed(2)} (threshold ${gate.threshold.toFixed(2)})`;
  const reason = met ? `Corroboration met: ${numbers}`
    : `Corroboration not met (${[!sourcesOk && 'too few sources', !confidenceOk && 'confidence below threshold'].filter(Boolean).join(', ')}): ${numbers}`;
  return { gate, distinctSources: contributions.length, derivedConfidence, contributions, met, reason };
}
