// A tenant's breakdown built while its subjects are scored one at a time: each category's mean score over the scored
// subjects and the costliest losses across them. Bounded memory: one sum per category and the top losses only.

import type { Loss, SubjectScore } from './formula.ts';

/** A tenant's category: its weight, the mean of its subjects' scores in it, and the findings counted in it. */
export interface TenantCategory {
  name: string;
  weight: number;
  score: number;
  findings: number;
}

/** A loss of one subject, named with its subject. */
export type TenantLoss = Loss & { subject_type: string; subject_id: string };

export interface TenantBreakdown {
  categories: TenantCategory[];
  top_losses: TenantLoss[];
}

/** Collects subjects' scores into a breakdown keeping the `topLosses` costliest losses. */
export function createTenantBreakdown(topLosses: number) {
  const sums = new Map<string, { weight: number; score: number; findings: number }>();
  let subjects = 0;
  let top: TenantLoss[] = [];

  return {
    add(subjectType: string, subjectId: string, s: Pick<SubjectScore, 'categories' | 'losses'>): void {
      subjects += 1;
      for (const c of s.categories) {
        const sum = sums.get(c.name) ?? { weight: c.weight, score: 0, findings: 0 };
        sum.score += c.score;
        sum.findings += c.findings;
        sums.set(c.name, sum);
      }
      // Ties with the cheapest kept loss go in too: the fixed order, not arrival, decides between them.
      const cheapest = top[topLosses - 1]?.points_lost ?? -1;
      const costly = s.losses.filter((l) => l.points_lost >= cheapest).map((l) => ({ ...l, subject_type: subjectType, subject_id: subjectId }));
      if (costly.length) top = [...top, ...costly].sort(byCost).slice(0, topLosses);
    },
    result(): TenantBreakdown {
      return {
        categories: [...sums].map(([name, s]) => ({ name, weight: s.weight, score: round(s.score / subjects), findings: s.findings })),
        top_losses: top,
      };
    },
  };
}

/** Costliest first; ties in a fixed order (subject, then finding id), so the same inputs give the same list. */
function byCost(a: TenantLoss, b: TenantLoss): number {
  return b.points_lost - a.points_lost || a.subject_type.localeCompare(b.subject_type) || a.subject_id.localeCompare(b.subject_id)
    || a.finding.id.localeCompare(b.finding.id);
}

const round = (x: number) => Math.round(x * 100) / 100;
