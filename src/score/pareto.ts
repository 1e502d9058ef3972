// The Compliance Pareto: causes of lost Trust Score points, costliest first, each with its share and the running share,
// so an operator sees the few causes behind most of the loss. Pure: the same causes always give the same answer.

/** What lost points are grouped by: the category, the signal's source or key, or the subject. */
export const PARETO_DIMENSIONS = ['category', 'source', 'signal_key', 'subject'] as const;
export type ParetoDimension = (typeof PARETO_DIMENSIONS)[number];

/** The share of the lost points that the leading causes are counted up to. */
export const PARETO_SHARE = 0.8;

/** One cause: its key (a category, source, signal key or `subject_type/subject_id`), the points it lost and in how many losses. */
export interface Cause {
  key: string;
  points: number;
  losses: number;
}

export interface ParetoEntry extends Cause {
  /** This cause's part of all lost points (0–1). */
  share: number;
  /** The part lost by this cause and every costlier one (0–1); 1 at the last cause. */
  cumulative_share: number;
}

export interface Pareto {
  total_points: number;
  /** Causes with lost points, before `limit`. */
  causes_total: number;
  /** How many of the costliest causes it takes to reach 80 % of the lost points. */
  causes_for_80_percent: number;
  causes: ParetoEntry[];
}

/** Sorts causes by points lost, descending (equal points by key, so the order is stable), with shares; the first `limit`. */
export function paretoOf(causes: readonly Cause[], limit: number): Pareto {
  const ranked = causes.filter((c) => c.points > 0).sort((a, b) => b.points - a.points || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = ranked.reduce((sum, c) => sum + c.points, 0);
  let running = 0;
  let reached = 0;
  const entries = ranked.map((c, i) => {
    running += c.points;
    // A tolerance for float sums: 0.8 of the total reached exactly must count as reached.
    if (reached === 0 && running >= PARETO_SHARE * total - 1e-9) reached = i + 1;
    return { key: c.key, points: round(c.points, 2), losses: c.losses, share: round(c.points / total, 4), cumulative_share: round(running / total, 4) };
  });
  return { total_points: round(total, 2), causes_total: ranked.length, causes_for_80_percent: reached, causes: entries.slice(0, limit) };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
