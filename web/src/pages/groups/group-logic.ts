// What the group detail page computes from a group: per-source confidence and weight, the gate's two bars, timeline
// points. Pure, tested with exact numbers; the formula is the hub's (docs/correlation.md), applied to what it stored.

import type { GroupDetail, MitigationDetail } from '../common/answers.ts';

export interface SourceRow { source: string; signals: number; best: number; weight: number | null; ended: boolean; weightFrom: 'decision' | 'policy' }

/**
 * Per source: its signals, its best confidence (what counts, undecayed), and its weight — as the decision's explanation
 * stored it, or, for a group not decided yet, as the policy in force now gives it (`policyWeights`).
 */
export function sourceRows(g: GroupDetail, explanation?: MitigationDetail['explanation'], policyWeights: Map<string, number> = new Map()): SourceRow[] {
  const stored = new Map((explanation?.sources ?? []).map((s) => [s.source, s.weight ?? null]));
  const decided = stored.size > 0;
  const weights = decided ? stored : policyWeights;
  const ended = new Set(g.ended_sources.map((e) => e.source));
  const rows = new Map<string, SourceRow>();
  for (const s of g.signals) {
    const source = s.source ?? '?';
    const r = rows.get(source) ?? { source, signals: 0, best: 0, weight: weights.get(source) ?? null, ended: ended.has(source), weightFrom: decided ? 'decision' as const : 'policy' as const };
    r.signals += 1;
    r.best = Math.max(r.best, s.confidence ?? 0);
    rows.set(source, r);
  }
  return [...rows.values()];
}

export interface GateBar { name: string; value: number; needed: number; met: boolean; max: number }

/** The gate as two bars: distinct sources against min_sources, derived confidence against the threshold (both inclusive). */
export function gateBars(g: Pick<GroupDetail, 'source_count' | 'min_sources' | 'derived_confidence' | 'confidence_threshold'>): GateBar[] {
  const minSources = g.min_sources ?? 0;
  const threshold = g.confidence_threshold ?? 0;
  const derived = g.derived_confidence ?? 0;
  return [
    { name: 'sources', value: g.source_count, needed: minSources, met: g.source_count >= minSources, max: Math.max(g.source_count, minSources, 1) },
    { name: 'confidence', value: derived, needed: threshold, met: Math.round(derived * 1e9) / 1e9 >= threshold, max: 1 },
  ];
}

export interface TimelinePoint { t: number; source: string; confidence: number; signal: string; ended: boolean }

/** One point per signal, by source, at its observed time: the series of the timeline chart. */
export function timelineSeries(g: GroupDetail): Map<string, TimelinePoint[]> {
  const series = new Map<string, TimelinePoint[]>();
  for (const s of g.signals) {
    const source = s.source ?? '?';
    const list = series.get(source) ?? [];
    list.push({ t: Date.parse(s.observed_at ?? ''), source, confidence: s.confidence ?? 0, signal: s.signal_id ?? '', ended: s.ended_at != null });
    series.set(source, list);
  }
  return series;
}

/** A stable colour per source name, from Mantine's palette. */
export function sourceColor(source: string): string {
  const palette = ['#4263eb', '#e8590c', '#2f9e44', '#ae3ec9', '#1098ad', '#f08c00', '#d6336c', '#5c940d'];
  let h = 0;
  for (const ch of source) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length]!;
}
