// Table-driven tests of the pure Trust Score formula (src/score/formula.ts) with exact numbers: penalties, the 1/i^1.5
// combination, weights, bootstrap, value rules, the explanation, the inputs hash and the tenant aggregate. No database.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  categoryLoss, effectiveWeights, findingPenalty, FORMULA_VERSION, inputsHash, scoreSubject, tenantScore, TRUNCATED_ZETA, type Finding,
} from '../src/score/formula.ts';
import { DEFAULT_TRUST_SCORE_POLICY, type TrustScorePolicy } from '../src/core/trust-score-policy.ts';
import { canonicalJson } from '../src/core/canonical-json.ts';
import { createHash } from 'node:crypto';
import type { Severity } from '../src/core/types.ts';

/** Σ i^-1.5 for i = 1…100, to six places. */
const Z = 2.412874;
const AT = '2026-12-01T10:00:00.000Z';

const policyWith = (over: Partial<TrustScorePolicy> = {}): TrustScorePolicy => ({ ...DEFAULT_TRUST_SCORE_POLICY, ...over });
/** Every reference category mapped by one source each. */
const ALL_MAPPED = {
  patch_scanner: 'patch_hygiene', edr: 'agent_health', secret_scan: 'secrets_exposure', cis_bench: 'configuration_drift',
  pam_audit: 'emergency_access_discipline', backup_check: 'evidence_continuity',
};
const signal = (id: string, source: string, severity: Severity | null, value: unknown = 'x', signal_key = 'check.result'): Finding =>
  ({ kind: 'signal', id, source, signal_key, severity, value, observed_at: AT });
const close = (actual: number, expected: number, what = '') => assert.ok(Math.abs(actual - expected) < 1e-9, `${what} ${actual} ≠ ${expected}`);
const closeAll = (actual: Record<string, number>, expected: Record<string, number>) => {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) close(actual[k]!, v, k);
};

describe('severity penalties', () => {
  const cases: [Severity, number][] = [['info', 0], ['low', 10], ['medium', 30], ['high', 60], ['critical', 100]];
  for (const [severity, points] of cases) {
    test(`a ${severity} finding costs ${points} points within its category by default`, () => {
      assert.equal(findingPenalty(signal('1', 'patch_scanner', severity), policyWith()), points);
    });
  }
  test('severity points are configurable', () => {
    const p = policyWith({ severity_points: { info: 1, low: 5, medium: 20, high: 50, critical: 90 } });
    assert.deepEqual((['info', 'low', 'medium', 'high', 'critical'] as const).map((s) => findingPenalty(signal('1', 'x', s), p)), [1, 5, 20, 50, 90]);
  });
  test('a signal without a severity and with a plain value counts as info: 0 points', () => {
    assert.equal(findingPenalty(signal('1', 'patch_scanner', null, 'CVE-2026-0001'), policyWith()), 0);
  });
});

describe('value rules', () => {
  const p = policyWith({ value_thresholds: { 'disk.used_percent': 85 } });
  const cases: [string, Severity | null, unknown, string, number][] = [
    ['a failed check without a severity counts as finding_severity (medium, 30)', null, false, 'agent.running', 30],
    ['a failed check with a severity costs that severity (high, 60)', 'high', false, 'agent.running', 60],
    ['a passed check costs nothing, whatever its severity', 'critical', true, 'agent.running', 0],
    ['a number above its key\'s threshold counts as finding_severity (89 > 85: 30)', null, 89, 'disk.used_percent', 30],
    ['a number above its key\'s threshold with a severity costs that severity (89 > 85, low: 10)', 'low', 89, 'disk.used_percent', 10],
    ['a number at the threshold costs nothing (85)', 'critical', 85, 'disk.used_percent', 0],
    ['a number below the threshold costs nothing (70)', 'critical', 70, 'disk.used_percent', 0],
    ['a number of a key without a threshold costs its severity only (high: 60)', 'high', 99, 'cpu.load', 60],
    ['a number of a key without a threshold and no severity costs nothing', null, 99, 'cpu.load', 0],
  ];
  for (const [name, severity, value, key, points] of cases) {
    test(name, () => assert.equal(findingPenalty(signal('1', 'edr', severity, value, key), p), points));
  }
  test('finding_severity is configurable: a failed check then costs high (60)', () => {
    assert.equal(findingPenalty(signal('1', 'edr', null, false), policyWith({ finding_severity: 'high' })), 60);
  });
});

describe('the 1/i^1.5 combination', () => {
  test(`ζ(1.5) truncated at 100 findings is ${Z}`, () => {
    assert.equal(Math.round(TRUNCATED_ZETA * 1e6) / 1e6, Z);
  });

  test('penalties [100, 30] lose 100/Z and 30·2^-1.5/Z: 41.444351 and 4.395837 points', () => {
    const [first, second] = categoryLoss([100, 30]);
    assert.equal(first, 100 / TRUNCATED_ZETA);
    assert.equal(second, (30 * 2 ** -1.5) / TRUNCATED_ZETA);
    assert.equal(Math.round(first! * 1e6) / 1e6, 41.444351);
    assert.equal(Math.round(second! * 1e6) / 1e6, 4.395837);
  });

  test('penalties are sorted descending first: [30, 100] loses the same as [100, 30]', () => {
    assert.deepEqual(categoryLoss([30, 100]), categoryLoss([100, 30]));
  });

  test('a hundred critical findings lose the whole category (100 points); the 101st adds nothing', () => {
    close(categoryLoss(Array(100).fill(100)).reduce((a, b) => a + b), 100);
    assert.equal(categoryLoss(Array(101).fill(100)).length, 100);
  });

  test('a thousand low findings (10 each) lose 10 points, less than one critical finding alone (41.44)', () => {
    close(categoryLoss(Array(1000).fill(10)).reduce((a, b) => a + b), 10);
    assert.ok(10 < categoryLoss([100])[0]!);
  });

  test('three penalties [60, 30, 10] lose 60/Z, 30/2^1.5/Z and 10/3^1.5/Z', () => {
    const lost = categoryLoss([10, 60, 30]);
    assert.deepEqual(lost.map((x) => Math.round(x * 1e4) / 1e4), [24.8666, 4.3958, 0.7976]);
  });
});

describe('category weights', () => {
  test('are renormalised over the categories that have a mapped source: patch 30 and agent 20 → 0.6 and 0.4', () => {
    const p = policyWith({ sources: { patch_scanner: 'patch_hygiene', edr: 'agent_health' } });
    closeAll(effectiveWeights(p, 365), { patch_hygiene: 0.6, agent_health: 0.4 });
  });

  test('threat_exposure counts as mapped (blocks and incidents land there) once it weighs more than 0: 30 and 10 → 0.75 and 0.25', () => {
    const p = policyWith({ sources: { patch_scanner: 'patch_hygiene' }, categories: { ...DEFAULT_TRUST_SCORE_POLICY.categories, threat_exposure: 10 } });
    closeAll(effectiveWeights(p, 365), { patch_hygiene: 0.75, threat_exposure: 0.25 });
  });

  test('without any mapped category of weight above 0 there is nothing to lose: score 100', () => {
    const p = policyWith({ sources: {} });
    assert.deepEqual(effectiveWeights(p, 365), {});
    assert.equal(scoreSubject([signal('1', 'patch_scanner', 'critical')], p, 365).score, 100);
  });

  test('category scores combine by weight: one critical patch finding at weights 0.6/0.4 costs 0.6 × 41.44 = 24.87 points', () => {
    const p = policyWith({ sources: { patch_scanner: 'patch_hygiene', edr: 'agent_health' } });
    const s = scoreSubject([signal('1', 'patch_scanner', 'critical')], p, 365);
    assert.equal(s.score, 75.13);
    assert.deepEqual(s.categories, [
      { name: 'patch_hygiene', weight: 0.6, score: 58.56, findings: 1 },
      { name: 'agent_health', weight: 0.4, score: 100, findings: 0 },
    ]);
    assert.equal(s.losses[0]!.points_lost, 24.87);
  });
});

describe('bootstrap re-weighting (every reference category mapped)', () => {
  const p = policyWith({ sources: ALL_MAPPED });
  // 30–90 days: evidence_continuity 5 of 10; the other 5 go to the others in proportion (of 90): patch +5·30/90, …
  const ramp = {
    patch_hygiene: (30 + 5 * 30 / 90) / 100, agent_health: (20 + 5 * 20 / 90) / 100, secrets_exposure: (15 + 5 * 15 / 90) / 100,
    configuration_drift: (15 + 5 * 15 / 90) / 100, emergency_access_discipline: (10 + 5 * 10 / 90) / 100, evidence_continuity: 0.05,
  };
  const cases: [number, Record<string, number>][] = [
    // Under 30 days: evidence_continuity weighs 0, half of its 10 to patch_hygiene, half to agent_health.
    [29, { patch_hygiene: 0.35, agent_health: 0.25, secrets_exposure: 0.15, configuration_drift: 0.15, emergency_access_discipline: 0.1 }],
    [30, ramp],
    [89, ramp],
    [90, { patch_hygiene: 0.3, agent_health: 0.2, secrets_exposure: 0.15, configuration_drift: 0.15, emergency_access_discipline: 0.1, evidence_continuity: 0.1 }],
  ];
  for (const [days, weights] of cases) {
    test(`at ${days} days`, () => closeAll(effectiveWeights(p, days), weights));
  }

  test('a critical evidence_continuity finding costs 0 at 29 days, 0.05 × 41.44 = 2.07 at 30 and 89, 0.1 × 41.44 = 4.14 at 90', () => {
    const f = [signal('1', 'backup_check', 'critical')];
    assert.deepEqual([29, 30, 89, 90].map((d) => scoreSubject(f, p, d).score), [100, 97.93, 97.93, 95.86]);
  });

  test('a fractional age just under 30 days is still bootstrap', () => {
    close(effectiveWeights(p, 29.999)['patch_hygiene']!, 0.35);
  });
});

describe('unmapped sources', () => {
  const p = policyWith({ sources: { patch_scanner: 'patch_hygiene' } });
  test('a finding of a source without an entry costs zero points and is listed as unmapped', () => {
    const fim = signal('7', 'fim', 'critical', '/usr/sbin/sshd', 'binary.hash_mismatch');
    const s = scoreSubject([fim], p, 365);
    assert.equal(s.score, 100);
    assert.deepEqual(s.losses, []);
    assert.deepEqual(s.unmapped, [fim]);
  });
  test('sources named like Object members (constructor, toString) are unmapped and listed, never mapped by the prototype', () => {
    const odd = [signal('1', 'constructor', 'critical'), signal('2', 'tostring', 'critical'), signal('3', 'toString', 'critical')];
    const s = scoreSubject(odd, p, 365);
    assert.deepEqual([s.score, s.losses, s.unmapped.map((f) => f.id)], [100, [], ['1', '2', '3']]);
  });
  test('next to mapped findings: only the mapped ones cost points, the unmapped one is listed', () => {
    const s = scoreSubject([signal('1', 'patch_scanner', 'high'), signal('2', 'fim', 'critical')], p, 365);
    assert.equal(s.score, Math.round((100 - 60 / TRUNCATED_ZETA) * 100) / 100);
    assert.equal(s.score, 75.13);
    assert.deepEqual(s.losses.map((l) => l.finding.id), ['1']);
    assert.deepEqual(s.unmapped.map((f) => f.id), ['2']);
  });
});

describe('blocks and incidents', () => {
  const block: Finding = { kind: 'block', id: 'b-1', source: 'fastnetmon', signal_key: 'block.active', severity: null, value: null, observed_at: AT };
  const incident: Finding = { kind: 'incident', id: 'i-1', source: 'quorum', signal_key: 'incident.open', severity: null, value: null, observed_at: AT };
  const threat = (weight: number) => policyWith({
    sources: { patch_scanner: 'patch_hygiene' }, categories: { ...DEFAULT_TRUST_SCORE_POLICY.categories, threat_exposure: weight }, incident_points: 40,
  });

  test('count in threat_exposure at block_points and incident_points', () => {
    const p = threat(10);
    assert.equal(findingPenalty(block, p), 60);
    assert.equal(findingPenalty(incident, p), 40);
    const s = scoreSubject([incident, block], p, 365);
    // threat_exposure weighs 10 / 40 = 0.25; penalties [60, 40]: (60 + 40·2^-1.5) / Z = 30.73 lost of the category,
    // 0.25 × 30.73 = 7.68 of the score: 0.25 × 60/Z = 6.2166 and 0.25 × 14.14/Z = 1.4653, in cents
    // that add up to 7.68: the larger remainder takes the rounding cent (6.22 and 1.46).
    assert.deepEqual(s.categories.find((c) => c.name === 'threat_exposure'), { name: 'threat_exposure', weight: 0.25, score: 69.27, findings: 2 });
    assert.deepEqual(s.losses.map((l) => [l.finding.id, l.category, l.rank, l.points_lost]), [['b-1', 'threat_exposure', 1, 6.22], ['i-1', 'threat_exposure', 2, 1.46]]);
    assert.equal(s.score, 92.32);
  });

  test('cost nothing while threat_exposure weighs 0 (the default), so the reference weights hold', () => {
    const s = scoreSubject([block, incident, signal('1', 'patch_scanner', 'critical')], threat(0), 365);
    assert.deepEqual(s.losses.map((l) => l.finding.id), ['1']);
    assert.equal(s.score, 58.56);
  });
});

/** The worked example of docs/trust-score.md: keep the two in step. */
describe('the worked example of docs/trust-score.md', () => {
  const policy = policyWith({ sources: { ...DEFAULT_TRUST_SCORE_POLICY.sources, patch_scanner: 'patch_hygiene', edr: 'agent_health' }, value_thresholds: { 'disk.used_percent': 85 } });
  const findings = [
    signal('101', 'patch_scanner', 'critical', 'CVE-2026-0001', 'cve.openssl'),
    signal('102', 'patch_scanner', 'high', 'CVE-2026-0002', 'cve.nginx'),
    signal('103', 'patch_scanner', 'low', 'CVE-2026-0003', 'cve.zlib'),
    signal('104', 'edr', null, false, 'agent.running'),
    signal('105', 'edr', null, 89, 'disk.used_percent'),
    signal('106', 'edr', 'high', true, 'agent.version_current'),
    signal('107', 'fim', 'high', '/usr/sbin/sshd', 'binary.hash_mismatch'),
  ];
  const s = scoreSubject(findings, policy, 120);

  test('scores 62.65: patch_hygiene 48.97 at 0.6, agent_health 83.17 at 0.4', () => {
    assert.equal(s.score, 62.65);
    assert.deepEqual(s.categories, [
      { name: 'patch_hygiene', weight: 0.6, score: 48.97, findings: 3 },
      { name: 'agent_health', weight: 0.4, score: 83.17, findings: 3 },
    ]);
  });

  test('explains every lost point, costliest first, adding up to exactly 100 − 62.65 = 37.35', () => {
    assert.deepEqual(s.losses.map((l) => [l.finding.id, l.category, l.penalty, l.rank, l.points_lost]), [
      ['101', 'patch_hygiene', 100, 1, 24.87],
      ['102', 'patch_hygiene', 60, 2, 5.27],
      ['104', 'agent_health', 30, 1, 4.97],
      ['105', 'agent_health', 30, 2, 1.76],
      ['103', 'patch_hygiene', 10, 3, 0.48],
    ]);
    assert.equal(Math.round(s.losses.reduce((a, l) => a + l.points_lost, 0) * 100), 3735);
  });

  test('lists the unmapped fim finding and leaves out the passed check', () => {
    assert.deepEqual(s.unmapped.map((f) => f.id), ['107']);
    assert.ok(!s.losses.some((l) => l.finding.id === '106'));
  });

  test('names its formula version', () => assert.equal(s.formula_version, FORMULA_VERSION));
});

describe('the explanation adds up', () => {
  test('for 40 findings over four categories, points_lost add up to exactly 100 − score', () => {
    const p = policyWith({ sources: ALL_MAPPED });
    const sources = Object.keys(ALL_MAPPED).slice(0, 4);
    const severities: Severity[] = ['low', 'medium', 'high', 'critical'];
    const findings = Array.from({ length: 40 }, (_, i) => signal(String(i), sources[i % 4]!, severities[(i * 7) % 4]!));
    const s = scoreSubject(findings, p, 365);
    assert.equal(Math.round(s.losses.reduce((a, l) => a + l.points_lost, 0) * 100), Math.round((100 - s.score) * 100));
  });
});

describe('the inputs hash', () => {
  const p = policyWith({ sources: { patch_scanner: 'patch_hygiene', edr: 'agent_health' }, value_thresholds: { 'disk.used_percent': 85 } });
  const base: Finding[] = [
    signal('1', 'patch_scanner', 'critical', 'CVE-1', 'cve.a'), signal('2', 'edr', null, 89, 'disk.used_percent'),
    { kind: 'block', id: '1', source: 'fastnetmon', signal_key: 'block.active', severity: null, value: null, observed_at: AT },
  ];
  const hash = scoreSubject(base, p, 365).inputs_hash;

  test('is 64 hex digits, and the same inputs in another order give the same score and hash', () => {
    assert.match(hash, /^[0-9a-f]{64}$/);
    const again = scoreSubject([...base].reverse(), p, 365);
    assert.equal(again.inputs_hash, hash);
    assert.deepEqual(again, scoreSubject(base, p, 365));
  });

  test('an equal policy with its keys in another order gives the same hash', () => {
    const reordered = Object.fromEntries(Object.entries(p).reverse()) as unknown as TrustScorePolicy;
    assert.equal(scoreSubject(base, reordered, 365).inputs_hash, hash);
  });

  const changes: [string, () => string][] = [
    ['another signal id', () => scoreSubject([{ ...base[0]!, id: '9' }, base[1]!, base[2]!], p, 365).inputs_hash],
    ['another severity', () => scoreSubject([{ ...base[0]!, severity: 'high' }, base[1]!, base[2]!], p, 365).inputs_hash],
    ['another value', () => scoreSubject([base[0]!, { ...base[1]!, value: 90 }, base[2]!], p, 365).inputs_hash],
    ['another observed_at', () => scoreSubject([{ ...base[0]!, observed_at: '2026-12-01T10:00:01.000Z' }, base[1]!, base[2]!], p, 365).inputs_hash],
    ['another source', () => scoreSubject([{ ...base[0]!, source: 'edr' }, base[1]!, base[2]!], p, 365).inputs_hash],
    ['another signal key', () => scoreSubject([{ ...base[0]!, signal_key: 'cve.b' }, base[1]!, base[2]!], p, 365).inputs_hash],
    ['a block instead of an incident', () => scoreSubject([base[0]!, base[1]!, { ...base[2]!, kind: 'incident' }], p, 365).inputs_hash],
    ['one finding fewer', () => scoreSubject(base.slice(0, 2), p, 365).inputs_hash],
    ['an unmapped finding more', () => scoreSubject([...base, signal('3', 'fim', 'high')], p, 365).inputs_hash],
    ['another mapping', () => scoreSubject(base, { ...p, sources: { ...p.sources, fim: 'agent_health' } }, 365).inputs_hash],
    ['another weight', () => scoreSubject(base, { ...p, categories: { ...p.categories, agent_health: 21 } }, 365).inputs_hash],
    ['other severity points', () => scoreSubject(base, { ...p, severity_points: { ...p.severity_points, low: 11 } }, 365).inputs_hash],
    ['another threshold', () => scoreSubject(base, { ...p, value_thresholds: { 'disk.used_percent': 90 } }, 365).inputs_hash],
    ['another bootstrap phase (29 days)', () => scoreSubject(base, { ...p, sources: { ...p.sources, backup_check: 'evidence_continuity' } }, 29).inputs_hash],
  ];
  for (const [what, hashOf] of changes) test(`changes with ${what}`, () => assert.notEqual(hashOf(), hash));

  test('does not change with the age inside one bootstrap phase (the weights are the same)', () => {
    assert.equal(scoreSubject(base, p, 90).inputs_hash, hash);
    const withEvidence = { ...p, sources: { ...p.sources, backup_check: 'evidence_continuity' } };
    assert.equal(scoreSubject(base, withEvidence, 30).inputs_hash, scoreSubject(base, withEvidence, 89).inputs_hash);
    assert.notEqual(scoreSubject(base, withEvidence, 89).inputs_hash, scoreSubject(base, withEvidence, 90).inputs_hash);
  });

  test('is the one inputsHash computes over the effective weights', () => {
    assert.equal(inputsHash(base, p, effectiveWeights(p, 365)), hash);
  });

  test('is SHA-256 of the canonical JSON of [version, weights, policy, findings], for values of every JSON kind', () => {
    const values: unknown[] = [{ z: [1, { b: 'é"\\', a: null }], a: 2.5 }, [true, 'x'], 'line\nbreak "quoted" \u2028', -0.125, false, null];
    // Ids of several lengths, one with leading zeros: their order is the collator's (localeCompare), not their numbers'.
    const ids = ['10', '9', '007', '7', '0', '123456789012345678'];
    const findings = values.map((v, i) => signal(ids[i]!, 'patch_scanner', i % 2 ? null : 'high', v, `k.${i}`));
    const weights = effectiveWeights(p, 365);
    const rows = [...findings].sort((a, b) => a.id.localeCompare(b.id)).map((f) => [f.kind, f.id, f.source, f.signal_key, f.severity, f.value, f.observed_at]);
    const expected = createHash('sha256').update(canonicalJson([FORMULA_VERSION, weights, p, rows])).digest('hex');
    assert.equal(scoreSubject(findings, p, 365).inputs_hash, expected);
    assert.equal(inputsHash(findings, p, weights), expected);
  });
});

describe('the tenant aggregate: the mean and the worst decile\'s mean, averaged', () => {
  const cases: [string, number[], { score: number; subjects: number; mean: number; worst_decile_mean: number }][] = [
    ['no subject with findings: 100', [], { score: 100, subjects: 0, mean: 100, worst_decile_mean: 100 }],
    ['one subject: its score', [42], { score: 42, subjects: 1, mean: 42, worst_decile_mean: 42 }],
    ['10 subjects 10…100: mean 55, worst decile [10], (55 + 10) / 2 = 32.5', [100, 90, 80, 70, 60, 50, 40, 30, 20, 10], { score: 32.5, subjects: 10, mean: 55, worst_decile_mean: 10 }],
    ['11 subjects: the worst decile is the worst 2 (ceil 1.1): (59.0909 + 15) / 2 = 37.05', [100, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10], { score: 37.05, subjects: 11, mean: 59.09, worst_decile_mean: 15 }],
    ['nine kept subjects and one neglected one: a plain mean would say 91, the aggregate 50.5', [100, 100, 100, 100, 100, 100, 100, 100, 100, 10], { score: 50.5, subjects: 10, mean: 91, worst_decile_mean: 10 }],
  ];
  for (const [name, scores, expected] of cases) test(name, () => assert.deepEqual(tenantScore(scores), expected));
});
