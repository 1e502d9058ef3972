import { describe, expect, test } from 'vitest';
import type { Replay, ReplayDecision } from '../common/answers.ts';
import { decisionText, diffRows } from './replay-rows.ts';

const d = (key: string, over: Partial<ReplayDecision> = {}): ReplayDecision => ({
  key, rule: 'ddos_by_victim', playbook: 'block_victim_traffic', group_key: {}, indicator: '10.0.0.5/32', outcome: 'block',
  decided_at: '2026-12-02T08:00:00Z', derived_confidence: 0.9, sources: ['fastnetmon', 'alertmanager'], signal_ids: ['1', '2'], explanation: '', ...over,
});

describe('the replay diff', () => {
  test('rows put the live decision and the candidate side by side: changed first, then added, then removed', () => {
    const safelisted = d('a', { outcome: 'rejected', rejection: 'safelisted' });
    const r: Replay = {
      signals: 4, totals: { added: 1, removed: 1, changed: 1 }, truncated: false, unchanged: 2, current: [], candidate: [],
      changed: [{ key: 'a', current: d('a'), candidate: safelisted, differences: ['outcome', 'rejection'] }],
      added: [d('b', { indicator: '10.0.0.6/32' })], removed: [d('c', { indicator: '10.0.0.7/32' })],
    };
    expect(diffRows(r).map((row) => [row.kind, decisionText(row.current), decisionText(row.candidate), row.differences.join()])).toEqual([
      ['changed', 'block 10.0.0.5/32 (0.90)', 'rejected 10.0.0.5/32: safelisted', 'outcome,rejection'],
      ['added', '—', 'block 10.0.0.6/32 (0.90)', ''],
      ['removed', 'block 10.0.0.7/32 (0.90)', '—', ''],
    ]);
  });
});
