// The Overview's arithmetic: signals per second by source from the `metrics` events, and the last 24 h of block
// changes bucketed by hour. Pure functions of their inputs (tested in overview-logic.test.ts).

import type { MetricsEvent } from '../live/protocol.ts';
import type { Answer } from './common/answers.ts';

export type BlockChange = Answer<'/v1/blocks/changes', 'get'>['changes'][number];

/** One point of the signals chart: the time and a rate per source. */
export type RatePoint = { t: number } & Record<string, number>;

/** Appends a metrics event as a per-second rate by source, keeping the last `keep` points. */
export function addRatePoint(points: RatePoint[], m: MetricsEvent, t: number, keep = 120): RatePoint[] {
  const perSecond = 1000 / Math.max(1, m.signals.intervalMs);
  const p = { t } as RatePoint;
  for (const [source, n] of Object.entries(m.signals.bySource)) p[source] = Math.round(n * perSecond * 10) / 10;
  return [...points.slice(Math.max(0, points.length + 1 - keep)), p];
}

/** Every source seen in the points, in a stable order (the chart's series). */
export function sourcesOf(points: RatePoint[]): string[] {
  const s = new Set<string>();
  for (const p of points) for (const k of Object.keys(p)) if (k !== 't') s.add(k);
  return [...s].sort();
}

/** The points with every source present (0 where a second had none), so each series is drawn without gaps. */
export function withAllSources(points: RatePoint[], sources: string[]): RatePoint[] {
  return points.map((p) => ({ ...Object.fromEntries(sources.map((s) => [s, 0])), ...p }) as RatePoint);
}

/** The kinds of block change the timeline stacks. */
export const CHANGE_KINDS = ['created', 'extended', 'withdrawn', 'expired', 'lifted', 'rejected'] as const;
export type HourBucket = { hour: number } & Record<(typeof CHANGE_KINDS)[number], number>;

/** The changes of the 24 hours before `now`, counted per hour and kind; 24 buckets, oldest first, empty hours kept. */
export function decisionsByHour(changes: BlockChange[], now: number): HourBucket[] {
  const HOUR = 3_600_000;
  const end = Math.ceil(now / HOUR) * HOUR;
  const buckets: HourBucket[] = Array.from({ length: 24 }, (_, i) => ({
    hour: end - (24 - i) * HOUR, created: 0, extended: 0, withdrawn: 0, expired: 0, lifted: 0, rejected: 0,
  }));
  for (const c of changes) {
    const i = Math.floor((Date.parse(c.changed_at) - (end - 24 * HOUR)) / HOUR);
    if (i >= 0 && i < 24) buckets[i]![c.change] += 1;
  }
  return buckets;
}

/** How far behind the hub the page is: the time between a frame's publication and its arrival, in ms (never negative). */
export function lagMs(publishedAt: number | undefined, receivedAt: number): number | null {
  return publishedAt === undefined ? null : Math.max(0, receivedAt - publishedAt);
}
