// The Subjects pages' arithmetic: the trend's points for a chart, the Pareto's bars with the cumulative line, and the
// explanation's losses grouped by category. Pure functions over the hub's typed answers (tested in trust-logic.test.ts).

import type { Answer } from './common/answers.ts';

export type SubjectScore = Answer<'/v1/trust-score/subjects/{type}/{id}', 'get'>;
export type Loss = NonNullable<SubjectScore['losses']>[number];
export type Pareto = Answer<'/v1/trust-score/pareto', 'get'>;
export const RANGES = ['7d', '30d', '90d', '365d'] as const;
export type Range = (typeof RANGES)[number];

/** The trend as chart points (time in ms, score), oldest first. */
export function trendPoints(score: SubjectScore): { t: number; score: number }[] {
  return (score.trend?.points ?? [])
    .filter((p) => p.at && typeof p.score === 'number')
    .map((p) => ({ t: Date.parse(p.at!), score: p.score! }))
    .sort((a, b) => a.t - b.t);
}

/** The Pareto's causes as chart rows: points lost and the cumulative share in percent. */
export function paretoRows(p: Pareto): { key: string; points: number; cumulative: number }[] {
  return (p.causes ?? []).map((c) => ({
    key: c.key ?? '?',
    points: Math.round((c.points ?? 0) * 10) / 10,
    cumulative: Math.round((c.cumulative_share ?? 0) * 1000) / 10,
  }));
}

/** The explanation's losses by category, costliest category first, each category's losses by rank. */
export function lossesByCategory(losses: Loss[]): { category: string; points: number; losses: Loss[] }[] {
  const by = new Map<string, Loss[]>();
  for (const l of losses) by.set(l.category ?? 'other', [...(by.get(l.category ?? 'other') ?? []), l]);
  return [...by].map(([category, ls]) => ({
    category,
    points: Math.round(ls.reduce((s, l) => s + (l.points_lost ?? 0), 0) * 10) / 10,
    losses: [...ls].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)),
  })).sort((a, b) => b.points - a.points);
}

/** A score's colour, for the eye only: green from 80, yellow from 50, red below. */
export function scoreColor(score: number | undefined): string {
  if (score === undefined) return 'gray';
  return score >= 80 ? 'green' : score >= 50 ? 'yellow' : 'red';
}

/** The change over the range as text: `+3.5`, `−12`, or `no change` / `no history`. */
export function deltaText(delta: number | null | undefined): string {
  if (delta === null || delta === undefined) return 'no history';
  if (delta === 0) return 'no change';
  const r = Math.round(delta * 10) / 10;
  return r > 0 ? `+${r}` : `−${Math.abs(r)}`;
}
