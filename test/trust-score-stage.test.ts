// Pure parts of the score stage with exact answers: which blocks count against which subject, the tenant breakdown,
// and names that look like Object properties (a source or category called `constructor`). No database.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockFinding } from '../src/score/block-findings.ts';
import { scoreSubject, type Finding } from '../src/score/formula.ts';
import { createTenantBreakdown } from '../src/score/tenant-breakdown.ts';
import { checkTrustScorePolicy, DEFAULT_TRUST_SCORE_POLICY } from '../src/core/trust-score-policy.ts';
import { subjectAnswer } from '../src/score/score-schemas.ts';

const signal = (id: string, source: string, severity: Finding['severity'] = 'high'): Finding => ({
  kind: 'signal', id, source, signal_key: 'x.finding', severity, value: 1, observed_at: '2026-12-01T00:00:00Z',
});
const policy = { ...DEFAULT_TRUST_SCORE_POLICY, sources: { patch_scanner: 'patch_hygiene' } };

describe('names that are Object properties', () => {
  test('a signal whose source is `constructor` is listed as unmapped and costs nothing', () => {
    const s = scoreSubject([signal('1', 'constructor'), signal('2', 'patch_scanner')], policy, 365);
    assert.deepEqual(s.unmapped.map((f) => f.id), ['1']);
    assert.deepEqual(s.losses.map((l) => l.finding.id), ['2']);
  });

  test('a source may not be mapped to a category that is only an Object property', () => {
    const errors: string[] = [];
    checkTrustScorePolicy({ sources: { patch_scanner: 'constructor' } }, (path) => errors.push(path));
    assert.deepEqual(errors, ['trust_score.sources.patch_scanner']);
  });
});

describe('block findings', () => {
  test('a block is a finding named by its type, at the time it was created, with microseconds kept', () => {
    assert.deepEqual(blockFinding({ mitigation_id: 'm1', block_type: 'USER_AGENT', indicator: 'curl/8', severity: 'high', created_at: '2026-12-01T10:00:00.123456Z' as unknown as Date }), {
      kind: 'block', id: 'm1', source: 'quorum', signal_key: 'block.user_agent', severity: 'high', value: null, observed_at: '2026-12-01T10:00:00.123456Z',
    });
  });
});

describe('the tenant breakdown', () => {
  test("each category's mean over the subjects, and the costliest losses across them in a fixed order", () => {
    const b = createTenantBreakdown(2);
    const p = { ...DEFAULT_TRUST_SCORE_POLICY, sources: { patch_scanner: 'patch_hygiene', agent_monitor: 'agent_health' } };
    const a = scoreSubject([signal('1', 'patch_scanner', 'critical'), signal('2', 'agent_monitor', 'low')], p, 365);
    const c = scoreSubject([signal('3', 'patch_scanner', 'critical')], p, 365);
    b.add('agent', 'b', a);
    b.add('agent', 'c', c);
    const r = b.result();
    const patch = r.categories.find((x) => x.name === 'patch_hygiene')!;
    const agent = r.categories.find((x) => x.name === 'agent_health')!;
    // Both lose 100/ζ₁₀₀(1.5) = 41.44 in patch hygiene (58.56); agent health 95.86 for b and 100 for c.
    assert.deepEqual([patch.score, patch.findings, agent.score, agent.findings], [58.56, 2, 97.93, 1]);
    // c's one loss is 0.6 × 41.44 = 24.87 in whole cents; b's, apportioned with its agent loss, 24.86.
    assert.deepEqual(r.top_losses.map((l) => [l.subject_id, l.finding.id, l.points_lost]), [['c', '3', 24.87], ['b', '1', 24.86]]);
  });

  test('equal losses keep a fixed order (subject, then finding id), whatever order the subjects came in', () => {
    const p = { ...DEFAULT_TRUST_SCORE_POLICY, sources: { patch_scanner: 'patch_hygiene' } };
    const s = scoreSubject([signal('1', 'patch_scanner', 'critical')], p, 365);
    const b = createTenantBreakdown(2);
    for (const id of ['z', 'y', 'x']) b.add('agent', id, s);
    assert.deepEqual(b.result().top_losses.map((l) => l.subject_id), ['x', 'y']);
  });
});

describe('the OpenAPI examples', () => {
  test("the subject example's score, categories and losses are what the formula gives for its findings", () => {
    const ex = subjectAnswer.examples[0];
    const p = { ...DEFAULT_TRUST_SCORE_POLICY, sources: { patch_scanner: 'patch_hygiene', agent_monitor: 'agent_health' } };
    const s = scoreSubject(ex.losses.map((l) => l.finding as Finding), p, 0);
    assert.deepEqual([s.score, s.categories, s.losses], [ex.score, ex.categories, ex.losses]);
  });
});
