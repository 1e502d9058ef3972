// What is held against a subject when it is scored: its current signals, the active blocks against it and its open
// incidents. Reads only; the formula (formula.ts) turns the findings into a score.

import type pg from 'pg';
import { findBlocksAgainstSubject } from './block-findings.ts';
import { readSubjectCurrentSignals, type CurrentSignal } from './current-signals.ts';
import { findIncidentsAgainstSubject } from './incident-findings.ts';
import type { Finding } from './formula.ts';

type Client = pg.PoolClient;

/** A current signal as a finding: its value is the signal value's `value` (a failed check is `false`). */
export function signalFinding(s: CurrentSignal): Finding {
  return {
    kind: 'signal', id: s.id, source: s.source, signal_key: s.signal_key, severity: s.severity,
    value: s.signal_value?.value ?? null, observed_at: s.observed_at,
  };
}

/** A subject's findings from its current signals, the blocks against it and its open incidents, in one place for the live score and the tenant recompute. */
export function subjectFindings(signals: readonly CurrentSignal[], blocks: readonly Finding[], incidents: readonly Finding[]): Finding[] {
  return [...signals.map(signalFinding), ...blocks, ...incidents];
}

/** Reads one subject's findings at `now` inside the caller's tenant transaction. */
export async function readSubjectFindings(c: Client, tenantId: string, subjectType: string, subjectId: string, now: Date): Promise<Finding[]> {
  // One after the other: both run on the caller's one connection.
  const signals = await readSubjectCurrentSignals(c, tenantId, subjectType, subjectId, now);
  const blocks = await findBlocksAgainstSubject(c, tenantId, subjectType, subjectId, now);
  return subjectFindings(signals, blocks, await findIncidentsAgainstSubject(c, tenantId, subjectType, subjectId, now));
}
