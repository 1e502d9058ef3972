// The Trust Score formula: a subject's findings → category scores → one 0–100 score with every lost point explained,
// and the tenant's aggregate of its subjects. Pure: the same inputs always give the same score and inputs hash.

import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.ts';
import { THREAT_EXPOSURE, type TrustScorePolicy } from '../core/trust-score-policy.ts';
import type { Severity } from '../core/types.ts';

export const FORMULA_VERSION = 'quorum-trust-1';

/** Findings counted per category: the 1/i^1.5 weights past this rank are too small to matter. */
export const MAX_FINDINGS_PER_CATEGORY = 100;

/** Σ 1/i^1.5 for i = 1…MAX_FINDINGS_PER_CATEGORY: ζ(1.5) truncated, so that that many 100-point findings cost all 100 points. */
export const TRUNCATED_ZETA = Array.from({ length: MAX_FINDINGS_PER_CATEGORY }, (_, i) => (i + 1) ** -1.5).reduce((a, b) => a + b, 0);

/** The order of String.prototype.localeCompare (same locale and options), without its per-call setup. */
const collate = new Intl.Collator().compare;
const DIGITS = /^[0-9]+$/;

/**
 * collate's order, answered without the collator for two strings of ASCII digits alone (signal ids), whose collation
 * order is their code-unit order: a tenant pass compares ids some 300,000 times, and the collator was a fifth of it.
 */
function byText(a: string, b: string): number {
  if (a === b) return 0;
  if (DIGITS.test(a) && DIGITS.test(b)) return a < b ? -1 : 1;
  return collate(a, b);
}

/** One thing held against a subject: a current signal, or Quorum's own evidence (an active block, an open incident). */
export interface Finding {
  kind: 'signal' | 'block' | 'incident';
  /** The signal's row id, the block's or the incident's id. */
  id: string;
  source: string;
  signal_key: string;
  severity: Severity | null;
  /** The signal value's `value` (a failed check is `false`); null for blocks and incidents. */
  value: unknown;
  observed_at: string;
}

/** A finding that cost points: its raw penalty, its rank in its category, and what it cost the subject's score. */
export interface Loss {
  finding: Finding;
  category: string;
  penalty: number;
  rank: number;
  points_lost: number;
}

export interface CategoryScore {
  name: string;
  /** The effective weight, a share of 1 after bootstrap and renormalisation. */
  weight: number;
  score: number;
  findings: number;
}

export interface SubjectScore {
  score: number;
  formula_version: string;
  inputs_hash: string;
  categories: CategoryScore[];
  /** Every finding that cost points, costliest first; their points_lost add up to 100 − score. */
  losses: Loss[];
  /** Findings whose source maps to no category: they cost nothing, listed so an operator sees what is ignored. */
  unmapped: Finding[];
}

/**
 * The category weights a tenant of this age runs on, as shares of 1 over the categories that have a mapped source
 * (threat_exposure always counts as mapped: blocks and incidents land there). Bootstrap: under 30 days
 * evidence_continuity weighs 0 and its weight goes half to patch_hygiene, half to agent_health; from 30 to 90 days it
 * weighs half and the other half goes to the other categories in proportion; from 90 days its full weight.
 */
export function effectiveWeights(policy: TrustScorePolicy, tenantAgeDays: number): Record<string, number> {
  const weights = bootstrapWeights(policy.categories, tenantAgeDays);
  const mapped = new Set([...Object.values(policy.sources), THREAT_EXPOSURE]);
  const kept = Object.entries(weights).filter(([name, w]) => mapped.has(name) && w > 0);
  const total = kept.reduce((sum, [, w]) => sum + w, 0);
  return Object.fromEntries(kept.map(([name, w]) => [name, w / total]));
}

/** Where a tenant of this age stands in bootstrap: under 30 days, from 30 to 90 days, or past it (full weights). */
export function bootstrapPhase(ageDays: number): 'under_30_days' | '30_to_90_days' | 'full' {
  if (ageDays < 30) return 'under_30_days';
  return ageDays < 90 ? '30_to_90_days' : 'full';
}

function bootstrapWeights(categories: Record<string, number>, ageDays: number): Record<string, number> {
  const out = { ...categories };
  const evidence = out.evidence_continuity ?? 0;
  const phase = bootstrapPhase(ageDays);
  if (phase === 'full' || evidence === 0) return out;
  if (phase === 'under_30_days') {
    out.evidence_continuity = 0;
    // Half each, as the reference says, not in proportion to their own weights (which would give 6 and 4 of 10).
    for (const heir of ['patch_hygiene', 'agent_health']) if (Object.hasOwn(out, heir)) out[heir]! += evidence / 2;
  } else {
    out.evidence_continuity = evidence / 2;
    give(out, evidence / 2, Object.keys(out).filter((n) => n !== 'evidence_continuity'));
  }
  return out;
}

/** Hands `amount` to the named categories in proportion to their weights (evenly when all weigh 0). */
function give(weights: Record<string, number>, amount: number, to: string[]): void {
  const present = to.filter((n) => Object.hasOwn(weights, n));
  const base = present.reduce((sum, n) => sum + weights[n]!, 0);
  if (present.length === 0) return;
  for (const n of present) weights[n]! += base > 0 ? amount * (weights[n]! / base) : amount / present.length;
}

/**
 * What one finding costs within its category (0–100): its severity's points; a passed check (`true`) or a number at
 * or under its key's threshold costs 0; a failed check or an exceeded threshold without a severity counts as
 * `finding_severity`. Blocks and incidents cost their configured points.
 */
export function findingPenalty(f: Finding, policy: TrustScorePolicy): number {
  if (f.kind === 'block') return policy.block_points;
  if (f.kind === 'incident') return policy.incident_points;
  const threshold = Object.hasOwn(policy.value_thresholds, f.signal_key) ? policy.value_thresholds[f.signal_key] : undefined;
  const isCheck = typeof f.value === 'boolean' || (threshold !== undefined && typeof f.value === 'number');
  if (!isCheck) return policy.severity_points[f.severity ?? 'info'];
  const failed = typeof f.value === 'boolean' ? !f.value : (f.value as number) > threshold!;
  return failed ? policy.severity_points[f.severity ?? policy.finding_severity] : 0;
}

/**
 * What each finding of a category costs it: penalties sorted descending, the i-th weighted 1/i^1.5, summed and divided by the truncated
 * ζ(1.5), so many low findings never outweigh a few critical ones and the category's loss stays within 0–100.
 */
export function categoryLoss(penalties: number[]): number[] {
  return [...penalties].sort((a, b) => b - a).slice(0, MAX_FINDINGS_PER_CATEGORY).map((p, i) => (p * (i + 1) ** -1.5) / TRUNCATED_ZETA);
}

/** The category a finding counts in: blocks and incidents in threat_exposure, signals by their source (or none). */
export function categoryOf(f: Finding, policy: TrustScorePolicy): string | null {
  if (f.kind !== 'signal') return THREAT_EXPOSURE;
  // hasOwn: a source named `constructor` or `toString` is unmapped, not Object's prototype member.
  return Object.hasOwn(policy.sources, f.source) ? policy.sources[f.source]! : null;
}

/** Scores one subject from its findings; `tenantAgeDays` selects the bootstrap weights. */
export function scoreSubject(findings: readonly Finding[], policy: TrustScorePolicy, tenantAgeDays: number): SubjectScore {
  const { weights, weightEntries, hashPrefix } = weightsFor(policy, tenantAgeDays);
  const byCategory = new Map<string, { finding: Finding; penalty: number }[]>();
  const unmapped: Finding[] = [];
  for (const f of findings) {
    const category = categoryOf(f, policy);
    if (category === null) unmapped.push(f);
    else if (Object.hasOwn(weights, category)) {
      const ranked = byCategory.get(category);
      const entry = { finding: f, penalty: findingPenalty(f, policy) };
      if (ranked) ranked.push(entry);
      else byCategory.set(category, [entry]);
    }
  }
  const categories: CategoryScore[] = [];
  // Every finding that lost points, and those points (weighted, before rounding to cents) at the same index.
  const losing: Loss[] = [];
  const points: number[] = [];
  for (const [name, weight] of weightEntries) {
    const ranked = byCategory.get(name)?.sort((a, b) => b.penalty - a.penalty || byText(a.finding.id, b.finding.id)) ?? NOTHING;
    // Most of a subject's categories hold no finding: nothing to sort or weigh there.
    const lost = ranked.length ? categoryLoss(ranked.map((r) => r.penalty)) : NOTHING;
    lost.forEach((p, i) => {
      if (!(p > 0)) return;
      losing.push({ finding: ranked[i]!.finding, category: name, penalty: ranked[i]!.penalty, rank: i + 1, points_lost: 0 });
      points.push(p * weight);
    });
    categories.push({ name, weight: round(weight, 6), score: round(100 - sum(lost)), findings: ranked.length });
  }
  const lostCents = Math.round(sum(points) * 100);
  const cents = apportion(points.map((p) => p * 100), lostCents);
  const losses = losing.filter((l, i) => (l.points_lost = cents[i]! / 100) > 0);
  losses.sort((a, b) => b.points_lost - a.points_lost || byText(a.finding.id, b.finding.id));
  const score = (10_000 - lostCents) / 100;
  return { score, formula_version: FORMULA_VERSION, inputs_hash: hashInputs(findings, hashPrefix), categories, losses, unmapped };
}

/**
 * The tenant's score: the mean of its subjects' scores and the mean of its worst tenth (at least one subject), averaged,
 * so a few badly kept subjects pull the tenant down more than a plain mean would. No subject with findings: 100.
 */
export function tenantScore(subjectScores: readonly number[]): { score: number; subjects: number; mean: number; worst_decile_mean: number } {
  if (subjectScores.length === 0) return { score: 100, subjects: 0, mean: 100, worst_decile_mean: 100 };
  const sorted = [...subjectScores].sort((a, b) => a - b);
  const worst = sorted.slice(0, Math.ceil(sorted.length / 10));
  const mean = sum(sorted) / sorted.length;
  const worstMean = sum(worst) / worst.length;
  return { score: round((mean + worstMean) / 2), subjects: sorted.length, mean: round(mean), worst_decile_mean: round(worstMean) };
}

/**
 * SHA-256 over exactly what the score depends on: the formula version, the effective weights (which carry the
 * bootstrap phase), the policy, and each finding's identity and content, in a fixed order.
 */
export function inputsHash(findings: readonly Finding[], policy: TrustScorePolicy, weights: Record<string, number>): string {
  return hashInputs(findings, hashedPrefix(canonicalJson(weights), policyJson(policy)));
}

/**
 * The hash state after what every subject of a tenant pass shares: the formula version, the weights and the policy
 * (a kilobyte or two, hashed once per policy and bootstrap phase instead of once per subject).
 */
function hashedPrefix(weightsText: string, policyText: string): Hash {
  return createHash('sha256').update(`[${JSON.stringify(FORMULA_VERSION)},${weightsText},${policyText},[`);
}

/**
 * inputsHash from that shared prefix. The findings are written as canonicalJson writes
 * `[kind, id, source, signal_key, severity, value, observed_at]` rows: every field but the value is a string or null,
 * which JSON.stringify writes the same way.
 */
function hashInputs(findings: readonly Finding[], prefix: Hash): string {
  const rows = [...findings].sort((a, b) => byText(a.kind, b.kind) || byText(a.id, b.id)).map((f) =>
    `[${JSON.stringify(f.kind)},${JSON.stringify(f.id)},${JSON.stringify(f.source)},${JSON.stringify(f.signal_key)},${JSON.stringify(f.severity)},${canonicalJson(f.value ?? null)},${JSON.stringify(f.observed_at)}]`);
  return prefix.copy().update(`${rows.join(',')}]]`).digest('hex');
}

/** The effective weights (also as entries) and the hash prefix of one policy and bootstrap phase. */
interface PhaseWeights { weights: Record<string, number>; weightEntries: [string, number][]; hashPrefix: Hash }

/** PhaseWeights per policy object and bootstrap phase (the weights depend on nothing else). */
const phaseWeights = new WeakMap<TrustScorePolicy, Map<string, PhaseWeights>>();

function weightsFor(policy: TrustScorePolicy, tenantAgeDays: number): PhaseWeights {
  let byPhase = phaseWeights.get(policy);
  if (!byPhase) phaseWeights.set(policy, (byPhase = new Map()));
  const phase = bootstrapPhase(tenantAgeDays);
  let found = byPhase.get(phase);
  if (!found) {
    const weights = effectiveWeights(policy, tenantAgeDays);
    byPhase.set(phase, (found = { weights, weightEntries: Object.entries(weights), hashPrefix: hashedPrefix(canonicalJson(weights), policyJson(policy)) }));
  }
  return found;
}

const policyTexts = new WeakMap<TrustScorePolicy, string>();

/** The policy's canonical JSON, kept per policy object (a tenant recompute scores every subject with one policy). */
function policyJson(policy: TrustScorePolicy): string {
  let text = policyTexts.get(policy);
  if (text === undefined) policyTexts.set(policy, text = canonicalJson(policy));
  return text;
}

/**
 * Whole cents for each share that add up exactly to `total` (largest remainder first, then the earlier share), so the
 * explanation's points_lost add up to 100 − score instead of drifting by a cent or two of independent rounding.
 */
function apportion(shares: readonly number[], total: number): number[] {
  const cents = shares.map((x) => Math.floor(x));
  let left = total - sum(cents);
  const byRemainder = shares.map((x, i) => ({ i, rest: x - cents[i]! })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    cents[i]! += 1;
    left -= 1;
  }
  return cents;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const NOTHING: readonly never[] = Object.freeze([]);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
