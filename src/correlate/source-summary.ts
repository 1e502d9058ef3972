// The per-source summary an open group keeps instead of its whole member list: enough to evaluate the gate exactly.
// Pure: the batch engine folds new members into it; never drops a member that could be a source's best at any time.

import type { MemberSignal } from './confidence.ts';

/**
 * The members no other member of the same source beats on both confidence and observed time. A decayed confidence
 * never falls when either rises (at any evaluation time and half-life), so each source's best member is always in it,
 * and evaluateGroup over the summary gives the same sources, derived confidence and verdict as over every member.
 */
export type SourceSummary = MemberSignal[];

const beats = (a: MemberSignal, b: MemberSignal) => a.confidence >= b.confidence && Date.parse(a.observedAt) >= Date.parse(b.observedAt);

/** The summary with `m` folded in: unchanged when a kept member of its source beats it, else without those it beats. */
export function addToSummary(summary: SourceSummary, m: MemberSignal): SourceSummary {
  const sameSource = summary.filter((k) => k.source === m.source);
  if (sameSource.some((k) => beats(k, m))) return summary;
  return [...summary.filter((k) => k.source !== m.source || !beats(m, k)), m];
}

/** The summary of a member list (in arrival order). */
export function summarise(members: MemberSignal[]): SourceSummary {
  return members.reduce(addToSummary, [] as SourceSummary);
}
