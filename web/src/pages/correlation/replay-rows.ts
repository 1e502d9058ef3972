// The replay diff as rows for a side-by-side view: each added, removed and changed decision with what the live
// policy and the candidate decided. Pure and tested.

import type { Replay, ReplayDecision } from '../common/answers.ts';

export interface DiffRow { kind: 'added' | 'removed' | 'changed'; key: string; current: ReplayDecision | null; candidate: ReplayDecision | null; differences: string[] }

export function diffRows(r: Replay): DiffRow[] {
  return [
    ...r.changed.map((c) => ({ kind: 'changed' as const, key: c.key ?? '', current: c.current ?? null, candidate: c.candidate ?? null, differences: c.differences ?? [] })),
    ...r.added.map((d) => ({ kind: 'added' as const, key: d.key ?? '', current: null, candidate: d, differences: [] })),
    ...r.removed.map((d) => ({ kind: 'removed' as const, key: d.key ?? '', current: d, candidate: null, differences: [] })),
  ];
}

/** One decision in a line: `block 10.0.0.5/32 (0.90)` or `rejected 10.0.0.5/32: safelisted`. */
export function decisionText(d: ReplayDecision | null): string {
  if (!d) return '—';
  const conf = d.derived_confidence === undefined ? '' : ` (${d.derived_confidence.toFixed(2)})`;
  return d.outcome === 'rejected' ? `rejected ${d.indicator}: ${d.rejection ?? ''}` : `${d.outcome} ${d.indicator}${conf}`;
}
