// Whether a decided block ends when a source reports its attack ended (the playbook's `end_when`), and the reason it gives.
// Pure and shared by the live engine and replay, so both lift a block at the same report; never reads or writes storage.

import type { EndWhen } from './correlation-config.ts';

/** A report that contributed to the block: its source, and when and by which end report it ended (null while it counts). */
export interface ContributingReport {
  source: string;
  endedBy: string | null;
  endedAt: string | null;
}

export type BlockEnding = { ends: true; reason: string } | { ends: false; activeSources: string[] };

/**
 * `any_source_ended`: the end report lifts the block. `all_sources_ended`: it lifts only when no contributing source
 * has a report left that counts; the reason then names each source with the signal that ended it, in arrival order.
 */
export function blockEnding(endWhen: EndWhen, reports: ContributingReport[], end: { source: string; signalId: string }): BlockEnding {
  if (endWhen === 'any_source_ended') return { ends: true, reason: `${end.source} reported the attack ended (signal ${end.signalId})` };
  const activeSources = [...new Set(reports.filter((r) => r.endedAt === null).map((r) => r.source))];
  if (activeSources.length) return { ends: false, activeSources };
  return { ends: true, reason: `all sources ended: ${endedSources(reports).map((e) => `${e.source} (signal ${e.signal_id ?? 'unknown'})`).join(', ')}` };
}

/** The sources of a group whose every report has ended, each with the end report that ended it last. */
export function endedSources(reports: ContributingReport[]): { source: string; signal_id: string | null; ended_at: string | null }[] {
  const out: { source: string; signal_id: string | null; ended_at: string | null }[] = [];
  for (const source of new Set(reports.map((r) => r.source))) {
    const mine = reports.filter((r) => r.source === source);
    if (mine.some((r) => r.endedAt === null)) continue;
    const last = mine.reduce((a, b) => (b.endedAt! >= a.endedAt! ? b : a));
    out.push({ source, signal_id: last.endedBy, ended_at: last.endedAt });
  }
  return out;
}
