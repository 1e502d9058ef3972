import { describe, expect, test } from 'vitest';
import type { GroupDetail } from '../common/answers.ts';
import { gateBars, sourceRows, timelineSeries } from './group-logic.ts';

const member = (signal_id: string, source: string, confidence: number, observed_at: string, ended_at: string | null = null) => ({
  signal_id, source, subject_type: 'ip', subject_id: '10.0.0.5', signal_key: 'ddos.attack', severity: null, confidence, observed_at, added_at: observed_at, ended_at, ended_by: null,
});

const group = {
  id: 'g', rule: 'ddos_by_victim', group_key: {}, playbook: 'block_victim_traffic', subject_type: 'ip', subject_id: '10.0.0.5', status: 'open',
  opened_at: '2026-12-02T08:00:00Z', window_ends_at: '2026-12-02T08:05:00Z', closed_at: null, signal_count: 3, source_count: 2,
  derived_confidence: 0.6999999999, min_sources: 2, confidence_threshold: 0.7, decision_reason: null, mitigation_id: null, end_reason: null, ended_at: null,
  signals: [member('1', 'fastnetmon', 0.7, '2026-12-02T08:00:00Z'), member('2', 'alertmanager', 0.5, '2026-12-02T08:00:10Z'), member('3', 'fastnetmon', 0.9, '2026-12-02T08:00:20Z', '2026-12-02T08:01:00Z')],
  ended_sources: [{ source: 'alertmanager', signal_id: '9', ended_at: '2026-12-02T08:02:00Z' }], guardrail_rejections: [],
} satisfies GroupDetail;

describe('the group detail logic', () => {
  test('each source counts once, with its best confidence, and the weight the explanation stored', () => {
    const explanation = { kind: 'correlation', text: '', decided_at: '', sources: [{ source: 'fastnetmon', confidence: 0.9, weight: 1, signal_id: '3' }] };
    expect(sourceRows(group, explanation)).toEqual([
      { source: 'fastnetmon', signals: 2, best: 0.9, weight: 1, ended: false, weightFrom: 'decision' },
      { source: 'alertmanager', signals: 1, best: 0.5, weight: null, ended: true, weightFrom: 'decision' },
    ]);
  });

  test('a group not decided yet shows the weights of the policy in force', () => {
    expect(sourceRows(group, undefined, new Map([['fastnetmon', 1], ['alertmanager', 0.8]])).map((r) => [r.source, r.weight, r.weightFrom]))
      .toEqual([['fastnetmon', 1, 'policy'], ['alertmanager', 0.8, 'policy']]);
  });

  test('the gate bars compare inclusively, the confidence rounded to 9 decimals as the hub does', () => {
    expect(gateBars(group)).toEqual([
      { name: 'sources', value: 2, needed: 2, met: true, max: 2 },
      { name: 'confidence', value: 0.6999999999, needed: 0.7, met: true, max: 1 },
    ]);
    expect(gateBars({ ...group, source_count: 1, derived_confidence: 0.69 }).map((b) => b.met)).toEqual([false, false]);
  });

  test('the timeline has one series per source, one point per signal at its observed time', () => {
    const series = timelineSeries(group);
    expect([...series.keys()]).toEqual(['fastnetmon', 'alertmanager']);
    expect(series.get('fastnetmon')!.map((p) => [p.t, p.confidence, p.ended])).toEqual([
      [Date.parse('2026-12-02T08:00:00Z'), 0.7, false], [Date.parse('2026-12-02T08:00:20Z'), 0.9, true],
    ]);
  });
});
