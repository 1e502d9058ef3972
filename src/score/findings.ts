// What is held against a subject when it is scored: its current signals, the active blocks against it and its open
// incidents. Reads only; the formula (formula.ts) turns the findings into a score.

import { createHash } from 'node:crypto';
import type pg from 'pg';
import { openIncidentsStatement, type OpenIncident } from '../correlate/incident-queries.ts';
import type { Statement } from '../db/one-trip.ts';
import { blockFindingsFrom, blocksAgainstSubjectStatement } from './block-findings.ts';
import type { CurrentSignal } from './current-signals.ts';
import { incidentFinding } from './incident-findings.ts';
import type { Finding } from './formula.ts';

/** A current signal as a finding: its value is the signal value's `value` (a failed check is `false`). */
export function signalFinding(s: CurrentSignal): Finding {
  return {
    kind: 'signal', id: s.id, source: s.source, signal_key: s.signal_key, severity: s.severity,
    value: s.value, observed_at: s.observed_at,
  };
}

/**
 * A subject's findings from its current signals and what else is held against it (the blocks against it, then its
 * open incidents), in one place for the live score and the tenant recompute.
 */
export function subjectFindings(signals: readonly CurrentSignal[], held: readonly Finding[]): Finding[] {
  return [...signals.map(signalFinding), ...held];
}

/**
 * The two statements that read what else than signals is held against one subject at `now` (the blocks against it, its
 * open incidents), to be sent in one round trip with whatever else the caller reads.
 */
export function subjectHoldingStatements(tenantId: string, subjectType: string, subjectId: string, now: Date): [Statement, Statement] {
  return [blocksAgainstSubjectStatement(tenantId, subjectType, subjectId, now), openIncidentsStatement(tenantId, now, { type: subjectType, id: subjectId })];
}

/** A subject's findings from its current signals and the results of those two statements. */
export function subjectFindingsFrom(signals: readonly CurrentSignal[], blocks: pg.QueryResult, incidents: pg.QueryResult): Finding[] {
  return subjectFindings(signals, [...blockFindingsFrom(blocks), ...(incidents.rows as OpenIncident[]).map(incidentFinding)]);
}

/**
 * The hash of the blocks and incidents held against a subject (null when none), in a fixed order: a recompute that
 * finds another hash for a subject rescores it.
 */
export function holdingsHash(held: readonly Finding[]): string | null {
  if (held.length === 0) return null;
  const rows = held.map((f) => JSON.stringify([f.kind, f.id, f.source, f.signal_key, f.severity, f.observed_at])).sort();
  return createHash('sha256').update(rows.join('\n')).digest('hex');
}
