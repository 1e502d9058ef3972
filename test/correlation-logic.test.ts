// Table-driven unit tests of the pure correlation logic: derived confidence, decay, rules, addresses, guardrails, config, replay.
// Exact numbers: a change to a formula must change a test.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { decayed, evaluateGroup, signalConfidence, type Gate, type MemberSignal } from '../src/correlate/confidence.ts';
import { DEFAULT_CONFIG_YAML, DEFAULT_GUARDRAILS, validateCorrelationConfig } from '../src/correlate/correlation-config.ts';
import { groupKeyOf, ruleMatches, type RuleInput } from '../src/correlate/rules.ts';
import { globMatches } from '../src/core/glob.ts';
import { explanationText } from '../src/correlate/explanation.ts';
import { contains, formatCidr, normalizeIp, parseCidr } from '../src/core/cidr.ts';
import { checkGuardrails, type GuardrailFacts } from '../src/decide/guardrails.ts';
import { diffDecisions, simulate } from '../src/decide/replay.ts';
import type { StoredRow } from '../src/store/signal-queries.ts';

const T0 = '2026-11-22T04:00:00Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000);
const member = (source: string, confidence: number, ageAtT0 = 0, id = `${source}-${confidence}`): MemberSignal =>
  ({ signalId: id, source, confidence, observedAt: at(-ageAtT0).toISOString() });
const gate = (over: Partial<Gate> = {}): Gate => ({ minSources: 2, threshold: 0.7, windowSeconds: 300, halfLifeSeconds: 0, ...over });
const weights = { default_weight: 1, sources: { fastnetmon: { weight: 1, confidence_mapping: {} }, alertmanager: { weight: 0.8, confidence_mapping: {} } } };

describe('derived confidence', () => {
  const cases: { name: string; members: MemberSignal[]; gate?: Partial<Gate>; derived: number; sources: number; met: boolean }[] = [
    { name: 'weights two sources: (0.9·1.0 + 0.7·0.8) / 1.8 = 0.811111111', members: [member('fastnetmon', 0.9), member('alertmanager', 0.7)], derived: 0.811111111, sources: 2, met: true },
    { name: 'a chatty source counts once, with its highest confidence', members: [member('fastnetmon', 0.2), member('fastnetmon', 0.9), member('fastnetmon', 0.5)], derived: 0.9, sources: 1, met: false },
    { name: 'an unknown source takes the default weight 1.0: (0.5 + 0.7·0.8) / 1.8 = 0.588888889', members: [member('ids', 0.5), member('alertmanager', 0.7)], derived: 0.588888889, sources: 2, met: false },
    { name: 'a signal one half-life old counts half: (0.45 + 0.7·0.8) / 1.8 = 0.561111111', members: [member('fastnetmon', 0.9, 60), member('alertmanager', 0.7)], gate: { halfLifeSeconds: 60 }, derived: 0.561111111, sources: 2, met: false },
    { name: 'two half-lives quarter it, and decay picks the best decayed signal: max(0.8/4, 0.3) = 0.3', members: [member('fastnetmon', 0.8, 120, 'old'), member('fastnetmon', 0.3, 0, 'new')], gate: { halfLifeSeconds: 60, minSources: 1, threshold: 0.3 }, derived: 0.3, sources: 1, met: true },
    { name: 'the threshold is inclusive', members: [member('fastnetmon', 0.7), member('alertmanager', 0.7)], derived: 0.7, sources: 2, met: true },
    { name: 'min_sources is inclusive and min_sources 1 passes a single source', members: [member('fastnetmon', 0.9)], gate: { minSources: 1 }, derived: 0.9, sources: 1, met: true },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const e = evaluateGroup(c.members, gate(c.gate), weights, at(0));
      assert.equal(e.derivedConfidence, c.derived);
      assert.equal(e.distinctSources, c.sources);
      assert.equal(e.met, c.met);
    });
  }

  test('decay is 0.5^(age/half-life), none at half-life 0, and a future signal does not grow', () => {
    assert.equal(decayed(0.8, 30, 60), 0.8 * 0.5 ** 0.5);
    assert.equal(decayed(0.8, 3600, 0), 0.8);
    assert.equal(decayed(0.8, -10, 60), 0.8);
  });

  test("the explanation line reads like the issue's example", () => {
    const e = evaluateGroup([member('fastnetmon', 0.9), member('alertmanager', 0.7)], gate(), weights, at(0));
    assert.equal(explanationText(e), 'Corroboration met: 2 distinct sources (min 2), derived confidence 0.81 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.70, w 0.8)');
  });

  test('a failed gate says which condition failed', () => {
    const e = evaluateGroup([member('fastnetmon', 0.3)], gate(), weights, at(0));
    assert.equal(e.reason, 'Corroboration not met (too few sources, confidence below threshold): 1 distinct source (min 2), derived confidence 0.30 (threshold 0.70)');
  });

  const confidences: [Record<string, unknown>, string | null, number][] = [
    [{ value: 0.9 }, null, 0.9], [{ value: 12, confidence: 0.4 }, 'critical', 0.4], [{ value: 12 }, 'high', 0.8],
    [{ value: 'x' }, 'info', 0.2], [{ value: 1.5 }, null, 0.5],
  ];
  for (const [value, severity, expected] of confidences) {
    test(`a signal ${JSON.stringify(value)} with severity ${severity} brings confidence ${expected}`, () => {
      assert.equal(signalConfidence(value, severity as never), expected);
    });
  }
});

describe('rules and group keys', () => {
  const sig: RuleInput = { source: 'fastnetmon', subjectType: 'ip', subjectId: '10.0.0.5', key: 'ddos.attack', value: { value: 0.9, vector: 'udp_flood' }, severity: 'high' };
  test('globs match dotted keys and nothing else', () => {
    assert.equal(globMatches('ddos.*', 'ddos.attack'), true);
    assert.equal(globMatches('ddos.*', 'ddosxattack'), false);
    assert.equal(globMatches('*.expiry_days', 'cert.expiry_days'), true);
  });
  test('a rule filters by source, subject type and minimum severity', () => {
    const rule = { name: 'r', group_by: ['subject_id'], match: { sources: ['fastnetmon'], subject_types: ['ip'], min_severity: 'high' as const } };
    assert.equal(ruleMatches(rule, sig), true);
    assert.equal(ruleMatches(rule, { ...sig, severity: 'medium' }), false);
    assert.equal(ruleMatches(rule, { ...sig, severity: null }), false);
    assert.equal(ruleMatches(rule, { ...sig, source: 'alertmanager' }), false);
  });
  test('the group key lists the group_by values in order, and a missing field groups nothing', () => {
    const rule = { name: 'r', match: {}, group_by: ['subject_id', 'signal_value.vector'] };
    assert.deepEqual(groupKeyOf(rule, sig), { key: '["10.0.0.5","udp_flood"]', fields: { subject_id: '10.0.0.5', 'signal_value.vector': 'udp_flood' } });
    assert.equal(groupKeyOf(rule, { ...sig, value: { value: 1 } }), null);
  });
});

describe('addresses', () => {
  const cases: [string, string | null][] = [
    ['10.0.0.5', '10.0.0.5/32'], ['10.0.0.77/24', '10.0.0.0/24'], ['2001:DB8:0:0:0:0:0:1', '2001:db8::1/128'],
    ['2001:db8:1::/48', '2001:db8:1::/48'], ['[::1]', '::1/128'], ['10.0.0.300', null], ['10.0.0.0/33', null], ['host', null],
  ];
  for (const [input, out] of cases) {
    test(`${input} normalises to ${out}`, () => {
      const c = parseCidr(input);
      assert.equal(c ? formatCidr(c) : null, out);
    });
  }
  test('containment works across prefix lengths and never across versions', () => {
    assert.equal(contains(parseCidr('10.0.0.0/8')!, parseCidr('10.1.2.3')!), true);
    assert.equal(contains(parseCidr('10.1.2.3')!, parseCidr('10.0.0.0/8')!), false);
    assert.equal(contains(parseCidr('::/0')!, parseCidr('10.0.0.1')!), false);
    assert.equal(normalizeIp('10.0.0.0/8'), null);
  });
});

describe('guardrails', () => {
  const facts: GuardrailFacts = { safelist: ['192.168.0.0/16'], protectedAddresses: [{ cidr: '127.0.0.1', why: 'an address of this hub' }, { cidr: '198.51.100.7', why: 'a registered sensor' }], activeCount: 0, newInLastMinute: 0, extendsExisting: false };
  const g = { ...DEFAULT_GUARDRAILS, max_active_per_tenant: 5, max_new_per_minute: 3 };
  const cases: [string, string, number, Partial<GuardrailFacts>, string | null][] = [
    ['a plain /32 passes', '10.0.0.5', 600, {}, null],
    ['a safelisted address', '192.168.1.1', 600, {}, 'safelisted'],
    ['a prefix covering a safelisted range', '192.0.0.0/8', 600, {}, 'safelisted'],
    ["the hub's own address", '127.0.0.1', 600, {}, 'protected_address'],
    ["a registered sensor's address", '198.51.100.7', 600, {}, 'protected_address'],
    ['an IPv4 prefix broader than /24', '10.0.0.0/16', 600, {}, 'prefix_too_broad'],
    ['an IPv6 prefix broader than /48', '2001:db8::/32', 600, {}, 'prefix_too_broad'],
    ['an IPv6 /64 passes', '2001:db8::/64', 600, {}, null],
    ['a TTL below the minimum', '10.0.0.5', 59, {}, 'ttl_too_short'],
    ['a TTL above the maximum', '10.0.0.5', 86_401, {}, 'ttl_too_long'],
    ['the tenant maximum of active blocks', '10.0.0.5', 600, { activeCount: 5 }, 'max_active'],
    ['the rate of new blocks per minute', '10.0.0.5', 600, { newInLastMinute: 3 }, 'rate_limited'],
    ['extending an existing block is not a new block', '10.0.0.5', 600, { activeCount: 5, newInLastMinute: 3, extendsExisting: true }, null],
    ['something that is not an address', 'udp_flood', 600, {}, 'invalid_indicator'],
  ];
  for (const [name, indicator, ttl, over, code] of cases) {
    test(`${name} → ${code ?? 'allowed'}`, () => {
      assert.equal(checkGuardrails(indicator, ttl, g, { ...facts, ...over })?.code ?? null, code);
    });
  }
  test('prefix length maxima refuse blocks narrower than allowed', () => {
    assert.equal(checkGuardrails('10.0.0.5', 600, { ...g, ipv4_prefix_max: 24 }, facts)?.code, 'prefix_too_narrow');
  });
  test('protect_hub_addresses: false lets the hub address through (operators who know better)', () => {
    assert.equal(checkGuardrails('127.0.0.1', 600, { ...g, protect_hub_addresses: false }, facts), null);
  });
});

describe('config validation', () => {
  test('the shipped default is valid, disabled, and holds the ddos_by_victim rule', () => {
    const r = validateCorrelationConfig(YAML.parse(DEFAULT_CONFIG_YAML));
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.config.enabled, false);
    assert.deepEqual(r.config.rules[0], { name: 'ddos_by_victim', match: { signal_keys: ['ddos.*'] }, group_by: ['subject_id', 'signal_value.vector'], playbook: 'block_victim_traffic' });
    assert.deepEqual(r.config.playbooks[0]!.correlation, { min_sources: 2, confidence_threshold: 0.7 });
  });
  test('every error is reported at once, each with its path', () => {
    const r = validateCorrelationConfig({
      enabled: 'yes', min_sources: 0, confidence_threshold: 1.5, bogus: 1,
      sources: { fastnetmon: { weight: -1, confidence_mapping: { ban: 2 } } },
      rules: [{ name: 'r1', match: { signal_keys: ['DDOS'] }, group_by: ['nope'], playbook: 'missing' }],
      playbooks: [{ name: 'p', action: { type: 'drop', indicator: 'subject_id', ttl_seconds: 10 } }],
      guardrails: { safelist: ['not-an-ip'] },
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.errors.map((e) => e.path), [
      'bogus', 'enabled', 'min_sources', 'confidence_threshold', 'sources.fastnetmon.weight', 'sources.fastnetmon.confidence_mapping.ban',
      'playbooks[0].action.type', 'rules[0].match.signal_keys[0]', 'rules[0].group_by[0]', 'rules[0].playbook',
      'guardrails.safelist[0]', 'playbooks[0].action.ttl_seconds',
    ]);
  });
});

describe('replay simulation', () => {
  const config = () => {
    const r = validateCorrelationConfig({ ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true });
    assert.ok(r.ok);
    return r.config;
  };
  let n = 0;
  const row = (source: string, seconds: number, value: Record<string, unknown> = { value: 0.9, vector: 'udp_flood' }): StoredRow => ({
    id: String(++n), source, subjectType: 'ip', subjectId: '10.0.0.1', key: 'ddos.attack', value, severity: null,
    observedAt: at(seconds).toISOString(), ttlSeconds: null, signalId: null,
  });
  const facts = { safelist: [], protectedAddresses: [] };

  test('two sources within the window make one block; a third report only extends it', () => {
    const d = simulate(config(), [row('fastnetmon', 0), row('alertmanager', 10), row('alertmanager', 20)], facts);
    assert.deepEqual(d.map((x) => [x.indicator, x.outcome, x.decided_at, x.sources]), [['10.0.0.1/32', 'block', at(10).toISOString(), ['fastnetmon', 'alertmanager']]]);
  });

  test("an end report before the second source means the first source no longer counts", () => {
    const d = simulate(config(), [row('fastnetmon', 0), row('fastnetmon', 5, { value: 0, ended: true }), row('alertmanager', 10)], facts);
    assert.deepEqual(d, []);
  });

  test('a report after the window opens a new group instead of corroborating the old one', () => {
    assert.deepEqual(simulate(config(), [row('fastnetmon', 0), row('alertmanager', 301)], facts), []);
  });

  test('the diff names what was added, removed and changed', () => {
    const base = simulate(config(), [row('fastnetmon', 0), row('alertmanager', 10)], facts);
    const relaxed = config();
    relaxed.playbooks[0]!.correlation = { min_sources: 1 };
    const cand = simulate(relaxed, [row('fastnetmon', 0), row('alertmanager', 10)], facts);
    const diff = diffDecisions(base, cand);
    assert.deepEqual([diff.added.length, diff.removed.length, diff.changed.map((c) => c.differences)], [0, 0, [['decided_at', 'sources']]]);
    assert.deepEqual(diffDecisions(cand, base).changed.length, 1);
    assert.deepEqual(diffDecisions(base, []).removed.map((x) => x.indicator), ['10.0.0.1/32']);
  });
});
