// The corroboration arithmetic (src/correlate/confidence.ts) without a database, at its edges: confidences outside
// [0, 1] and not finite, all-zero weights, ties between a source's signals, every severity, and where a gate comes from.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { decayed, evaluateGroup, gateFor, signalConfidence, type Gate, type MemberSignal } from '../src/correlate/confidence.ts';
import { DEFAULT_CONFIG_YAML, validateCorrelationConfig, type CorrelationConfig, type Playbook, type Rule } from '../src/correlate/correlation-config.ts';

const NOW = new Date('2026-11-22T04:00:00Z');
const member = (source: string, confidence: number, id = `${source}-${confidence}`, ageSeconds = 0): MemberSignal =>
  ({ signalId: id, source, confidence, observedAt: new Date(NOW.getTime() - ageSeconds * 1000).toISOString() });
const gate = (over: Partial<Gate> = {}): Gate => ({ minSources: 1, threshold: 0.5, windowSeconds: 300, halfLifeSeconds: 0, ...over });
const weights = (sources: Record<string, number>, defaultWeight = 1) => ({
  default_weight: defaultWeight, sources: Object.fromEntries(Object.entries(sources).map(([s, weight]) => [s, { weight, confidence_mapping: {} }])),
});

describe('a signal confidence', () => {
  const cases: Array<[Record<string, unknown>, string | null, number]> = [
    [{ confidence: 0 }, 'critical', 0], [{ confidence: 1 }, 'info', 1], [{ confidence: -0.1 }, 'low', 0.4], [{ confidence: 1.0001 }, 'medium', 0.6],
    [{ confidence: Number.NaN }, 'high', 0.8], [{ confidence: Number.POSITIVE_INFINITY, value: 0.3 }, null, 0.3],
    [{ confidence: '0.9' }, 'critical', 0.9], [{ value: 0 }, 'critical', 0], [{ value: 1 }, null, 1], [{ value: -1 }, null, 0.5],
    [{ value: Number.NEGATIVE_INFINITY }, 'low', 0.4], [{}, 'info', 0.2], [{}, 'low', 0.4], [{}, 'medium', 0.6], [{}, 'high', 0.8],
    [{}, 'critical', 0.9], [{}, null, 0.5], [{ value: true }, null, 0.5],
  ];
  for (const [value, severity, expected] of cases) {
    test(`${JSON.stringify(value)} (${String(value.confidence ?? '')}) with severity ${severity} is ${expected}`, () => {
      assert.equal(signalConfidence(value, severity as never), expected);
    });
  }
});

describe('decay', () => {
  test('one half-life halves, an age of 0 keeps, a negative half-life means no decay', () => {
    assert.equal(decayed(0.8, 60, 60), 0.4);
    assert.equal(decayed(0.8, 0, 60), 0.8);
    assert.equal(decayed(0.8, 60, -1), 0.8);
    assert.equal(decayed(0.8, 120, 60), 0.2);
  });
});

describe('a group evaluation', () => {
  test('every weight 0 gives a derived confidence of 0, never NaN, and the sources still count', () => {
    const e = evaluateGroup([member('a', 0.9), member('b', 0.8)], gate({ minSources: 2 }), weights({ a: 0, b: 0 }), NOW);
    assert.equal(e.derivedConfidence, 0);
    assert.equal(e.distinctSources, 2);
    assert.equal(e.met, false);
    assert.equal(e.reason, 'Corroboration not met (confidence below threshold): 2 distinct sources (min 2), derived confidence 0.00 (threshold 0.50)');
  });
  test('a source of weight 0 adds nothing to the average but counts as a source', () => {
    const e = evaluateGroup([member('a', 0.9), member('b', 0.1)], gate({ minSources: 2 }), weights({ b: 0 }), NOW);
    assert.equal(e.derivedConfidence, 0.9);
    assert.equal(e.met, true);
  });
  test('an empty group has no sources and confidence 0', () => {
    const e = evaluateGroup([], gate(), weights({}), NOW);
    assert.deepEqual([e.distinctSources, e.derivedConfidence, e.met, e.contributions], [0, 0, false, []]);
  });
  test("a source's contribution is its best decayed signal; on a tie the first one seen stays", () => {
    const e = evaluateGroup([member('a', 0.6, 'first'), member('a', 0.6, 'second'), member('a', 0.9, 'old', 60)], gate({ halfLifeSeconds: 60 }), weights({}), NOW);
    assert.deepEqual(e.contributions, [{ source: 'a', confidence: 0.6, weight: 1, signalId: 'first' }]);
  });
  test('the weights come from the source, or the default weight for an unknown source', () => {
    const e = evaluateGroup([member('known', 0.2), member('other', 1)], gate(), weights({ known: 3 }, 0.5), NOW);
    assert.deepEqual(e.contributions.map((c) => [c.source, c.weight]), [['known', 3], ['other', 0.5]]);
    assert.equal(e.derivedConfidence, Math.round(((0.2 * 3 + 1 * 0.5) / 3.5) * 1e9) / 1e9);
  });
  test('just below the threshold fails and the reason says only what failed', () => {
    const e = evaluateGroup([member('a', 0.49), member('b', 0.49)], gate({ minSources: 2 }), weights({}), NOW);
    assert.equal(e.met, false);
    assert.equal(e.reason, 'Corroboration not met (confidence below threshold): 2 distinct sources (min 2), derived confidence 0.49 (threshold 0.50)');
    const few = evaluateGroup([member('a', 0.9)], gate({ minSources: 2 }), weights({}), NOW);
    assert.equal(few.reason, 'Corroboration not met (too few sources): 1 distinct source (min 2), derived confidence 0.90 (threshold 0.50)');
  });
  test('the evaluation carries the gate it was made against', () => {
    const g = gate({ threshold: 0.25 });
    assert.deepEqual(evaluateGroup([member('a', 0.3)], g, weights({}), NOW).gate, g);
  });
});

describe('the gate of a rule', () => {
  const shipped = (() => {
    const r = validateCorrelationConfig(YAML.parse(DEFAULT_CONFIG_YAML));
    assert.ok(r.ok);
    return r.config;
  })();
  const config: CorrelationConfig = { ...shipped, window_seconds: 300, min_sources: 2, confidence_threshold: 0.7, confidence_decay_half_life_seconds: 90 };
  const rule: Rule = { name: 'r', match: { signal_keys: ['ddos.*'] }, group_by: ['subject_id'] };
  const playbook = (correlation?: Playbook['correlation']): Playbook => ({ ...shipped.playbooks[0]!, correlation });

  test('without a playbook the global thresholds and window hold', () => {
    assert.deepEqual(gateFor(config, rule, undefined), { minSources: 2, threshold: 0.7, windowSeconds: 300, halfLifeSeconds: 90 });
  });
  test("a rule's own window replaces the global window", () => {
    assert.deepEqual(gateFor(config, { ...rule, window_seconds: 60 }, undefined), { minSources: 2, threshold: 0.7, windowSeconds: 60, halfLifeSeconds: 90 });
  });
  test("a playbook's overrides win over the rule and the globals, each on its own", () => {
    assert.deepEqual(gateFor(config, { ...rule, window_seconds: 60 }, playbook({ min_sources: 3, confidence_threshold: 0.9, window_seconds: 30 })),
      { minSources: 3, threshold: 0.9, windowSeconds: 30, halfLifeSeconds: 90 });
    assert.deepEqual(gateFor(config, { ...rule, window_seconds: 60 }, playbook({ confidence_threshold: 0.9 })),
      { minSources: 2, threshold: 0.9, windowSeconds: 60, halfLifeSeconds: 90 });
    assert.deepEqual(gateFor(config, rule, playbook(undefined)), { minSources: 2, threshold: 0.7, windowSeconds: 300, halfLifeSeconds: 90 });
  });
});
