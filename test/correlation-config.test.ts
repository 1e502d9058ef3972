// The correlation config validator, section by section with exact paths and messages: what each setting accepts at its
// bounds, what it refuses and why, and the defaults it fills in. Pure: no database, no files.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import {
  DEFAULT_AUTO_BLOCKLIST, DEFAULT_CONFIG_YAML, DEFAULT_GUARDRAILS, DEFAULT_SUBJECT_ANOMALY, REDACTED, TOP_KEYS, isGroupField,
  redactConfig, restoreRedacted, sourceWeight, validateCorrelationConfig, type CorrelationConfig,
} from '../src/correlate/correlation-config.ts';
import { checkTrustScorePolicy } from '../src/core/trust-score-policy.ts';

/** Every violation of `doc` as `path: message`, in the order reported. */
function errorsOf(doc: unknown): string[] {
  const r = validateCorrelationConfig(doc);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

function configOf(doc: unknown): CorrelationConfig {
  const r = validateCorrelationConfig(doc);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.config;
}

const block = (over: Record<string, unknown> = {}) => ({ name: 'p', action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600 }, ...over });
const hook = (over: Record<string, unknown> = {}) => ({ mapping: { victim: '$.ip' }, ...over });

describe('the document as a whole', () => {
  test('an empty or absent document is valid and takes every default', () => {
    const expected = {
      enabled: false, window_seconds: 300, min_sources: 1, confidence_threshold: 0.5, default_weight: 1, confidence_decay_half_life_seconds: 0,
      sources: {}, rules: [], playbooks: [], guardrails: DEFAULT_GUARDRAILS, webhooks: {}, auto_blocklist: DEFAULT_AUTO_BLOCKLIST,
      subject_anomaly: DEFAULT_SUBJECT_ANOMALY, trust_score: checkTrustScorePolicy({}, () => assert.fail('the empty policy is valid')),
    };
    for (const doc of [undefined, null, {}]) assert.deepEqual(configOf(doc), expected, String(doc));
    assert.deepEqual(DEFAULT_GUARDRAILS, {
      safelist: [], ttl_min_seconds: 60, ttl_max_seconds: 86_400, ipv4_prefix_min: 24, ipv4_prefix_max: 32, ipv6_prefix_min: 48,
      ipv6_prefix_max: 128, max_active_per_tenant: 10_000, max_new_per_minute: 120, protect_hub_addresses: true,
    });
    assert.deepEqual(DEFAULT_AUTO_BLOCKLIST, {
      enabled: false, min_severity: 'critical', min_confidence: 0.85, threat_types: ['IP_THREAT', 'CAMPAIGN_INDICATOR', 'CREDENTIAL_STUFFING'], ttl_seconds: 3600,
    });
    assert.deepEqual(DEFAULT_SUBJECT_ANOMALY, { enabled: false, min_sources: 3, window_seconds: 600, min_severity: 'low', ttl_seconds: 600 });
  });

  test('a document that is not a mapping is refused as a whole', () => {
    for (const doc of [[], 'enabled: true', 3, true]) assert.deepEqual(errorsOf(doc), [': must be a mapping (YAML object)'], JSON.stringify(doc));
  });

  test('every top-level key is known, and an unknown one is named', () => {
    assert.deepEqual(TOP_KEYS, ['enabled', 'window_seconds', 'min_sources', 'confidence_threshold', 'default_weight',
      'confidence_decay_half_life_seconds', 'sources', 'rules', 'playbooks', 'guardrails', 'webhooks', 'auto_blocklist', 'subject_anomaly', 'trust_score']);
    assert.deepEqual(errorsOf({ bogus: 1, Enabled: true }), ['bogus: is not a known setting', 'Enabled: is not a known setting']);
  });

  test('the shipped file is valid and reads as written', () => {
    const c = configOf(YAML.parse(DEFAULT_CONFIG_YAML));
    assert.deepEqual(c.sources, {
      fastnetmon: { weight: 1, confidence_mapping: { ban: 0.9, partial_block: 0.7, alert: 0.5 } },
      alertmanager: { weight: 0.8, confidence_mapping: {} },
    });
    assert.deepEqual(c.playbooks, [{
      name: 'block_victim_traffic', correlation: { min_sources: 2, confidence_threshold: 0.7 },
      action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600 }, end_when: 'all_sources_ended',
    }]);
    assert.equal(c.trust_score.sources.fastnetmon, 'threat_exposure');
  });
});

describe('the gate settings', () => {
  test('each holds its bounds: the edges are taken, one past them refused', () => {
    const ok = { enabled: true, window_seconds: 1, min_sources: 100, confidence_threshold: 0, default_weight: 1000, confidence_decay_half_life_seconds: 31_536_000 };
    const c = configOf(ok);
    assert.deepEqual([c.enabled, c.window_seconds, c.min_sources, c.confidence_threshold, c.default_weight, c.confidence_decay_half_life_seconds],
      [true, 1, 100, 0, 1000, 31_536_000]);
    assert.deepEqual([configOf({ window_seconds: 604_800 }).window_seconds, configOf({ min_sources: 1 }).min_sources, configOf({ confidence_threshold: 1 }).confidence_threshold],
      [604_800, 1, 1]);
    assert.deepEqual(errorsOf({ window_seconds: 0, min_sources: 101, confidence_threshold: -0.01, default_weight: 1000.5, confidence_decay_half_life_seconds: 31_536_001 }), [
      'window_seconds: must be between 1 and 604800', 'min_sources: must be between 1 and 100', 'confidence_threshold: must be between 0 and 1',
      'default_weight: must be between 0 and 1000', 'confidence_decay_half_life_seconds: must be between 0 and 31536000',
    ]);
    assert.deepEqual(errorsOf({ window_seconds: 604_801 }), ['window_seconds: must be between 1 and 604800']);
    assert.deepEqual(errorsOf({ confidence_threshold: 1.01 }), ['confidence_threshold: must be between 0 and 1']);
  });

  test('a switch must be a boolean, an integer setting an integer, a number a finite number', () => {
    assert.deepEqual(errorsOf({ enabled: 'yes' }), ['enabled: must be true or false']);
    assert.deepEqual(errorsOf({ enabled: 1 }), ['enabled: must be true or false']);
    assert.equal(configOf({ enabled: false }).enabled, false);
    assert.deepEqual(errorsOf({ window_seconds: 1.5, min_sources: '2', confidence_threshold: Number.NaN, default_weight: Infinity, confidence_decay_half_life_seconds: null }), [
      'window_seconds: must be an integer', 'min_sources: must be an integer', 'confidence_threshold: must be a number',
      'default_weight: must be a number', 'confidence_decay_half_life_seconds: must be a number',
    ]);
  });

  test('a default weight of 0 is refused (a source of weight 0 must say so itself); a bad one is reported once', () => {
    assert.deepEqual(errorsOf({ default_weight: 0 }), ['default_weight: must be greater than 0']);
    assert.deepEqual(errorsOf({ default_weight: 'heavy' }), ['default_weight: must be a number']);
  });
});

describe('whole numbers', () => {
  test('every count, length and number of seconds refuses a fraction', () => {
    const doc = {
      guardrails: { ttl_min_seconds: 60.5, ttl_max_seconds: 600.5, ipv4_prefix_min: 24.5, ipv4_prefix_max: 31.5, ipv6_prefix_min: 48.5, ipv6_prefix_max: 127.5,
        max_active_per_tenant: 9.5, max_new_per_minute: 9.5 },
      playbooks: [
        block({ correlation: { min_sources: 2.5, window_seconds: 60.5 }, action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600.5 }, bgp: { rate_limit_bps: 1000.5 } }),
        { name: 'q', action: { type: 'incident', ttl_seconds: 60.5 } },
      ],
      rules: [{ name: 'r', group_by: ['subject_id'], window_seconds: 60.5 }],
      auto_blocklist: { ttl_seconds: 600.5 },
      subject_anomaly: { min_sources: 2.5, window_seconds: 60.5, ttl_seconds: 60.5 },
    };
    const paths = errorsOf(doc).filter((e) => e.endsWith(': must be an integer')).map((e) => e.split(':')[0]);
    assert.deepEqual(paths, [
      'playbooks[0].correlation.min_sources', 'playbooks[0].correlation.window_seconds', 'playbooks[0].bgp.rate_limit_bps', 'playbooks[0].action.ttl_seconds',
      'playbooks[1].action.ttl_seconds', 'rules[0].window_seconds',
      'guardrails.ttl_min_seconds', 'guardrails.ttl_max_seconds', 'guardrails.ipv4_prefix_min', 'guardrails.ipv4_prefix_max', 'guardrails.ipv6_prefix_min',
      'guardrails.ipv6_prefix_max', 'guardrails.max_active_per_tenant', 'guardrails.max_new_per_minute',
      'auto_blocklist.ttl_seconds', 'subject_anomaly.min_sources', 'subject_anomaly.window_seconds', 'subject_anomaly.ttl_seconds',
    ]);
  });
});

describe('sources', () => {
  test('a source takes its weight and mapping; without them the default weight and an empty mapping', () => {
    const c = configOf({ default_weight: 0.5, sources: { fastnetmon: { weight: 0, confidence_mapping: { ban: 1, alert: 0 } }, alertmanager: null, crowdsec: {} } });
    assert.deepEqual(c.sources, {
      fastnetmon: { weight: 0, confidence_mapping: { ban: 1, alert: 0 } }, alertmanager: { weight: 0.5, confidence_mapping: {} }, crowdsec: { weight: 0.5, confidence_mapping: {} },
    });
    assert.deepEqual([sourceWeight(c, 'fastnetmon'), sourceWeight(c, 'crowdsec'), sourceWeight(c, 'unknown')], [0, 0.5, 0.5]);
    assert.equal(configOf({ sources: { a: { weight: 1000 } } }).sources.a!.weight, 1000);
  });

  test('each bad source setting is named with its rule', () => {
    assert.deepEqual(errorsOf({ sources: [] }), ['sources: must be a mapping of source name to settings']);
    assert.deepEqual(errorsOf({
      sources: {
        FastNetMon: {}, scrubber: 5, a: { weight: 1001, colour: 'red' }, b: { confidence_mapping: [0.5] },
        c: { confidence_mapping: { ban: -0.1, warn: 1.1, alert: 'high', ok: 0.5 } }, d: { weight: -1 },
      },
    }), [
      'sources.FastNetMon: source names are snake_case, like signal sources', 'sources.scrubber: must be a mapping',
      'sources.a.colour: is not a known setting', 'sources.a.weight: must be between 0 and 1000',
      'sources.b.confidence_mapping: must be a mapping of label to confidence',
      'sources.c.confidence_mapping.ban: must be a number between 0 and 1', 'sources.c.confidence_mapping.warn: must be a number between 0 and 1',
      'sources.c.confidence_mapping.alert: must be a number between 0 and 1', 'sources.d.weight: must be between 0 and 1000',
    ]);
  });

  test('source and webhook names are snake_case: lowercase words of letters and digits joined by single underscores', () => {
    const names = (ns: string[]) => ns.map((n) => errorsOf({ sources: { [n]: {} } }).length === 0);
    assert.deepEqual(names(['a', 'fast_net_mon', 'x1_2b', 'ab9']), [true, true, true, true]);
    assert.deepEqual(names(['1a', '_a', 'a_', 'a__b', 'a-b', 'aB', ' a', 'a ', 'a_B', '']), [false, false, false, false, false, false, false, false, false, false]);
  });
});

describe('playbooks', () => {
  test('a playbook keeps what it was given and nothing it was not', () => {
    const c = configOf({
      playbooks: [
        block(),
        { name: 'p2', correlation: { min_sources: 3, confidence_threshold: 0.9, window_seconds: 60 }, action: { type: 'incident', ttl_seconds: 120 }, end_when: 'any_source_ended' },
        { name: 'p3', correlation: {}, action: { type: 'incident' }, end_when: 'all_sources_ended' },
        block({ name: 'p4', bgp: { mode: 'rtbh', action: 'rate-limit', rate_limit_bps: 1, community: ' 65535:666 ', match_vector: false } }),
        block({ name: 'p5', bgp: {} }),
      ],
    });
    assert.deepEqual(c.playbooks, [
      { name: 'p', action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600 }, end_when: 'all_sources_ended' },
      { name: 'p2', correlation: { min_sources: 3, confidence_threshold: 0.9, window_seconds: 60 }, action: { type: 'incident', ttl_seconds: 120 }, end_when: 'any_source_ended' },
      { name: 'p3', correlation: {}, action: { type: 'incident' }, end_when: 'all_sources_ended' },
      { name: 'p4', action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600 }, end_when: 'all_sources_ended',
        bgp: { mode: 'rtbh', action: 'rate-limit', rate_limit_bps: 1, community: '65535:666', match_vector: false } },
      { name: 'p5', action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600 }, end_when: 'all_sources_ended', bgp: {} },
    ]);
    assert.deepEqual(configOf({ playbooks: [block({ bgp: { match_vector: true, rate_limit_bps: 1_000_000_000_000, mode: 'off', action: 'discard' } })] }).playbooks[0]!.bgp,
      { match_vector: true, rate_limit_bps: 1_000_000_000_000, mode: 'off', action: 'discard' });
    assert.deepEqual(configOf({ playbooks: [block({ correlation: { min_sources: 100, confidence_threshold: 1, window_seconds: 604_800 } })] }).playbooks[0]!.correlation,
      { min_sources: 100, confidence_threshold: 1, window_seconds: 604_800 });
  });

  test('each bad playbook is named with its index and rule', () => {
    assert.deepEqual(errorsOf({ playbooks: {} }), ['playbooks: must be a list']);
    assert.deepEqual(errorsOf({
      playbooks: [
        'p', { action: { type: 'incident' } }, block({ name: 'Block' }), block({ name: 'subject_anomaly' }), block(), block(),
        block({ name: 'q', colour: 1, end_when: 'first_source_ended' }),
      ],
    }), [
      'playbooks[0]: must be a mapping', 'playbooks[1].name: is required and must be snake_case', 'playbooks[2].name: is required and must be snake_case',
      'playbooks[3].name: is reserved for the subject_anomaly rule family (set subject_anomaly: { enabled: true })',
      'playbooks[5].name: duplicates playbook "p"', 'playbooks[6].colour: is not a known setting',
      'playbooks[6].end_when: must be one of all_sources_ended, any_source_ended (all_sources_ended keeps the block until every contributing source reports the attack ended)',
    ]);
  });

  test('a gate override holds the gate bounds and no other key', () => {
    assert.deepEqual(errorsOf({ playbooks: [block({ correlation: 2 })] }), ['playbooks[0].correlation: must be a mapping']);
    assert.deepEqual(errorsOf({ playbooks: [block({ correlation: { min_sources: 0, confidence_threshold: 2, window_seconds: 0.5, delay: 1 } })] }), [
      'playbooks[0].correlation.delay: is not a known setting', 'playbooks[0].correlation.min_sources: must be between 1 and 100',
      'playbooks[0].correlation.confidence_threshold: must be between 0 and 1', 'playbooks[0].correlation.window_seconds: must be an integer',
    ]);
    assert.deepEqual(errorsOf({ playbooks: [block({ correlation: { min_sources: 101, confidence_threshold: -1, window_seconds: 604_801 } })] }), [
      'playbooks[0].correlation.min_sources: must be between 1 and 100', 'playbooks[0].correlation.confidence_threshold: must be between 0 and 1',
      'playbooks[0].correlation.window_seconds: must be between 1 and 604800',
    ]);
  });

  test('an action is a block of a group field for a TTL, or an incident with an optional TTL', () => {
    const req = 'is required: { type: block, indicator: <field>, ttl_seconds: <n> } or { type: incident, ttl_seconds?: <n> }';
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p' }, { name: 'q', action: 'block' }] }), [`playbooks[0].action: ${req}`, `playbooks[1].action: ${req}`]);
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p', action: { type: 'incident', indicator: 'subject_id', ttl_seconds: 0 } }] }), [
      'playbooks[0].action.indicator: is not a known setting', 'playbooks[0].action.ttl_seconds: must be between 1 and 31536000',
    ]);
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p', action: { type: 'drop', indicator: 'victim', ttl_seconds: 600, why: 'x' } }] }), [
      'playbooks[0].action.why: is not a known setting', 'playbooks[0].action.type: must be one of block, incident',
      'playbooks[0].action.indicator: must be a column (source, subject_type, subject_id, signal_key, severity) or signal_value.<path>',
    ]);
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p', action: { type: 'block', indicator: ['signal_value.victim'], ttl_seconds: 600 } }] }), [
      'playbooks[0].action.indicator: must be a column (source, subject_type, subject_id, signal_key, severity) or signal_value.<path>',
    ], 'a list holding a field is not the field');
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p', bgp: { mode: 'rtbh' } }], rules: [{ name: 'r', group_by: ['source'], playbook: 'p' }] }), [
      `playbooks[0].action: ${req}`,
      'rules[0].group_by: must include "subject_id", the indicator of playbook p: a block needs one value per group',
    ], 'a playbook without an action is read as a block of subject_id, so nothing else is reported twice');
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p', action: { type: 'block', indicator: 7 } }] }), [
      'playbooks[0].action.indicator: must be a column (source, subject_type, subject_id, signal_key, severity) or signal_value.<path>',
      'playbooks[0].action.ttl_seconds: is required',
      // A required number left out reads as its minimum, which the guardrails then refuse too.
      "playbooks[0].action.ttl_seconds: must lie within the guardrails' 60–86400 s",
    ]);
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p', action: { type: 'incident', ttl_seconds: 31_536_001 } }] }), [
      'playbooks[0].action.ttl_seconds: must be between 1 and 31536000',
    ]);
    assert.deepEqual(configOf({ playbooks: [{ name: 'p', action: { type: 'incident', ttl_seconds: 31_536_000 } }] }).playbooks[0]!.action, { type: 'incident', ttl_seconds: 31_536_000 });
    assert.deepEqual(configOf({ guardrails: { ttl_max_seconds: 31_536_000 }, playbooks: [block({ action: { type: 'block', indicator: 'signal_value.victim', ttl_seconds: 31_536_000 } })] }).playbooks[0]!.action,
      { type: 'block', indicator: 'signal_value.victim', ttl_seconds: 31_536_000 });
  });

  test('router settings belong to block playbooks; each bad key is named', () => {
    assert.deepEqual(errorsOf({ playbooks: [{ name: 'p', action: { type: 'incident' }, bgp: { mode: 'rtbh' } }] }), [
      'playbooks[0].bgp: applies to block playbooks only: an incident announces nothing',
    ]);
    assert.deepEqual(errorsOf({ playbooks: [block({ bgp: { rate_limit_bps: 1_000_000_000_001, community: 666, match_vector: 0 } })] }), [
      'playbooks[0].bgp.rate_limit_bps: must be between 1 and 1000000000000',
      'playbooks[0].bgp.community: must be a community "ASN:value" (each 0-65535), e.g. "65535:666"',
      'playbooks[0].bgp.match_vector: must be true or false',
    ]);
    assert.deepEqual(errorsOf({ playbooks: [block({ bgp: { mode: 'null-route', action: 'drop', community: '65536:1' } })] }), [
      'playbooks[0].bgp.mode: must be one of flowspec, rtbh, off', 'playbooks[0].bgp.action: must be one of discard, rate-limit',
      'playbooks[0].bgp.community: must be a community "ASN:value" (each 0-65535), e.g. "65535:666"',
    ]);
    assert.deepEqual(errorsOf({ playbooks: [block({ bgp: { rate_limit_bps: 0 } })] }), ['playbooks[0].bgp.rate_limit_bps: must be between 1 and 1000000000000']);
    assert.deepEqual(errorsOf({ playbooks: [block({ bgp: ['rtbh'] })] }), [
      'playbooks[0].bgp: must be a mapping: { mode?: flowspec|rtbh|off, action?: discard|rate-limit, rate_limit_bps?, community?, match_vector? }',
    ]);
  });
});

describe('rules', () => {
  const pb = [block({ name: 'by_victim' }), { name: 'note', action: { type: 'incident' } }];

  test('a rule keeps its match, group fields, playbook and window', () => {
    const c = configOf({
      playbooks: pb,
      rules: [
        { name: 'r1', match: { sources: ['fastnetmon'], signal_keys: ['ddos.*', 'a_b.c9'], subject_types: ['ip'], min_severity: 'high' },
          group_by: ['subject_id', 'signal_value.vector'], playbook: 'by_victim', window_seconds: 604_800 },
        { name: 'r2', group_by: ['source'], playbook: 'note', window_seconds: 1 },
        { name: 'r3', match: {}, group_by: ['signal_value.a-b.C_1'] },
      ],
    });
    assert.deepEqual(c.rules, [
      { name: 'r1', match: { sources: ['fastnetmon'], signal_keys: ['ddos.*', 'a_b.c9'], subject_types: ['ip'], min_severity: 'high' },
        group_by: ['subject_id', 'signal_value.vector'], playbook: 'by_victim', window_seconds: 604_800 },
      { name: 'r2', match: {}, group_by: ['source'], playbook: 'note', window_seconds: 1 },
      { name: 'r3', match: {}, group_by: ['signal_value.a-b.C_1'] },
    ]);
  });

  test('each bad rule is named with its index and rule', () => {
    assert.deepEqual(errorsOf({ rules: 'r1' }), ['rules: must be a list']);
    assert.deepEqual(errorsOf({
      playbooks: pb,
      rules: [
        7, { group_by: ['source'] }, { name: 'subject_anomaly', group_by: ['source'] }, { name: 'r', group_by: ['source'] }, { name: 'r', group_by: ['source'], extra: 1 },
        { name: 'r5' }, { name: 'r6', group_by: [] }, { name: 'r7', group_by: ['source', 'victim', ''] }, { name: 'r8', group_by: ['source'], playbook: 'nope' },
        { name: 'r9', group_by: ['source'], playbook: 'by_victim' }, { name: 'r10', group_by: ['source'], window_seconds: 0 },
        { name: 'r11', group_by: ['source'], playbook: 3 }, { name: 'r12', group_by: ['source'], window_seconds: 604_801 },
      ],
    }), [
      'rules[0]: must be a mapping', 'rules[1].name: is required and must be snake_case',
      'rules[2].name: is reserved for the subject_anomaly rule family (set subject_anomaly: { enabled: true })',
      'rules[4].extra: is not a known setting', 'rules[4].name: duplicates rule "r"',
      'rules[5].group_by: is required: a non-empty list of fields', 'rules[6].group_by: is required: a non-empty list of fields',
      'rules[7].group_by: must be a list of non-empty strings', 'rules[7].group_by: is required: a non-empty list of fields',
      'rules[8].playbook: names no playbook (have: by_victim, note)',
      'rules[9].group_by: must include "subject_id", the indicator of playbook by_victim: a block needs one value per group',
      'rules[10].window_seconds: must be between 1 and 604800', 'rules[11].playbook: names no playbook (have: by_victim, note)',
      'rules[12].window_seconds: must be between 1 and 604800',
    ]);
    assert.deepEqual(errorsOf({ rules: [{ name: 'r', group_by: ['source', 'victim'], playbook: 'p' }] }), [
      'rules[0].group_by[1]: must be a column (source, subject_type, subject_id, signal_key, severity) or signal_value.<path>',
      'rules[0].playbook: names no playbook (have: none)',
    ]);
  });

  test("a rule without group fields is told so once, even when its playbook's indicator would be missing from them", () => {
    assert.deepEqual(errorsOf({ playbooks: pb, rules: [{ name: 'r', playbook: 'by_victim' }] }), ['rules[0].group_by: is required: a non-empty list of fields']);
  });

  test('a rule names a playbook only by a name its playbooks use, and an incident playbook needs no indicator', () => {
    assert.deepEqual(errorsOf({ playbooks: pb, rules: [{ name: 'r', group_by: ['signal_key'], playbook: 'note' }] }), []);
    assert.deepEqual(errorsOf({ playbooks: [block({ name: 'Bad' })], rules: [{ name: 'r', group_by: ['source'], playbook: 'Bad' }] }).slice(1), [
      'rules[0].group_by: must include "subject_id", the indicator of playbook Bad: a block needs one value per group',
    ]);
  });

  test('a match names its sources, key globs, subject types and minimum severity correctly', () => {
    assert.deepEqual(errorsOf({ rules: [{ name: 'r', group_by: ['source'], match: 'ddos.*' }] }), ['rules[0].match: must be a mapping']);
    assert.deepEqual(errorsOf({
      rules: [{ name: 'r', group_by: ['source'], match: { sources: 'a', signal_keys: ['ddos.*', 'DDoS', 'a-b', 'a b'], subject_types: [1], min_severity: 'severe', vector: 'x' } }],
    }), [
      'rules[0].match.vector: is not a known setting', 'rules[0].match.sources: must be a list of non-empty strings',
      'rules[0].match.signal_keys[1]: globs use lowercase letters, digits, _, . and *', 'rules[0].match.signal_keys[2]: globs use lowercase letters, digits, _, . and *',
      'rules[0].match.signal_keys[3]: globs use lowercase letters, digits, _, . and *',
      'rules[0].match.subject_types: must be a list of non-empty strings', 'rules[0].match.min_severity: must be one of info, low, medium, high, critical',
    ]);
    assert.deepEqual(errorsOf({ rules: [{ name: 'r', group_by: ['source'], match: { signal_keys: ['x', 'ok'] } }] }), []);
    assert.deepEqual(errorsOf({ rules: [{ name: 'r', group_by: ['source'], match: { signal_keys: ['xddos', 'ddos x'] } }] }), [
      'rules[0].match.signal_keys[1]: globs use lowercase letters, digits, _, . and *',
    ]);
  });

  test('a group field is a column or signal_value with at least one path step of letters, digits, _ or -', () => {
    const fields = ['source', 'subject_type', 'subject_id', 'signal_key', 'severity', 'signal_value.a', 'signal_value.a.b-c_D9'];
    assert.deepEqual(fields.map(isGroupField), fields.map(() => true));
    const bad = ['signal_value', 'signal_value.', 'signal_value.a.', 'signal_value.a b', 'xsignal_value.a', 'signal_value.a$', 'signal_valuea', 'Source', 'observed_at'];
    assert.deepEqual(bad.map(isGroupField), bad.map(() => false));
  });
});

describe('guardrails', () => {
  test('every guardrail is taken at its bounds', () => {
    const lo = { safelist: ['10.0.0.0/8', '2001:db8::1'], ttl_min_seconds: 1, ttl_max_seconds: 1, ipv4_prefix_min: 0, ipv4_prefix_max: 0, ipv6_prefix_min: 0, ipv6_prefix_max: 0,
      max_active_per_tenant: 0, max_new_per_minute: 0, protect_hub_addresses: false };
    assert.deepEqual(configOf({ guardrails: lo }).guardrails, lo);
    const hi = { safelist: [], ttl_min_seconds: 31_536_000, ttl_max_seconds: 31_536_000, ipv4_prefix_min: 32, ipv4_prefix_max: 32, ipv6_prefix_min: 128, ipv6_prefix_max: 128,
      max_active_per_tenant: 10_000_000, max_new_per_minute: 1_000_000, protect_hub_addresses: true };
    assert.deepEqual(configOf({ guardrails: hi }).guardrails, hi);
  });

  test('each bad guardrail is named with its bound', () => {
    assert.deepEqual(errorsOf({ guardrails: 'strict' }), ['guardrails: must be a mapping']);
    assert.deepEqual(errorsOf({
      guardrails: { safelist: ['10.0.0.0/8', 'localhost'], ttl_min_seconds: 0, ttl_max_seconds: 31_536_001, ipv4_prefix_min: -1, ipv4_prefix_max: 33, ipv6_prefix_min: -1,
        ipv6_prefix_max: 129, max_active_per_tenant: 10_000_001, max_new_per_minute: 1_000_001, protect_hub_addresses: 'no', colour: 1 },
    }), [
      'guardrails.colour: is not a known setting', 'guardrails.safelist[1]: must be an IP address or CIDR prefix',
      'guardrails.ttl_min_seconds: must be between 1 and 31536000', 'guardrails.ttl_max_seconds: must be between 1 and 31536000',
      'guardrails.ipv4_prefix_min: must be between 0 and 32', 'guardrails.ipv4_prefix_max: must be between 0 and 32',
      'guardrails.ipv6_prefix_min: must be between 0 and 128', 'guardrails.ipv6_prefix_max: must be between 0 and 128',
      'guardrails.max_active_per_tenant: must be between 0 and 10000000', 'guardrails.max_new_per_minute: must be between 0 and 1000000',
      'guardrails.protect_hub_addresses: must be true or false',
    ]);
    assert.deepEqual(errorsOf({ guardrails: { max_active_per_tenant: -1, max_new_per_minute: -1, safelist: '10.0.0.0/8' } }), [
      'guardrails.safelist: must be a list of non-empty strings',
      'guardrails.max_active_per_tenant: must be between 0 and 10000000', 'guardrails.max_new_per_minute: must be between 0 and 1000000',
    ]);
  });

  test('a minimum above its maximum is refused; equal is taken', () => {
    assert.deepEqual(errorsOf({ guardrails: { ttl_min_seconds: 601, ttl_max_seconds: 600, ipv4_prefix_min: 25, ipv4_prefix_max: 24, ipv6_prefix_min: 65, ipv6_prefix_max: 64 } }), [
      'guardrails.ttl_min_seconds: must not exceed ttl_max_seconds', 'guardrails.ipv4_prefix_min: must not exceed ipv4_prefix_max',
      'guardrails.ipv6_prefix_min: must not exceed ipv6_prefix_max',
    ]);
    assert.deepEqual(errorsOf({ guardrails: { ttl_min_seconds: 600, ttl_max_seconds: 600, ipv4_prefix_min: 24, ipv4_prefix_max: 24, ipv6_prefix_min: 64, ipv6_prefix_max: 64 } }), []);
  });

  test('a bad limit falls back to its default, so it brings no second error', () => {
    assert.deepEqual(errorsOf({ guardrails: { ttl_max_seconds: 'long', ipv4_prefix_max: 'x', ipv6_prefix_max: null } }), [
      'guardrails.ttl_max_seconds: must be an integer', 'guardrails.ipv4_prefix_max: must be an integer', 'guardrails.ipv6_prefix_max: must be an integer',
    ]);
  });

  test("a block playbook's TTL lies within the guardrails, edges included; an incident's never counts", () => {
    const at = (ttl: number) => errorsOf({ guardrails: { ttl_min_seconds: 60, ttl_max_seconds: 600 }, playbooks: [block({ action: { type: 'block', indicator: 'subject_id', ttl_seconds: ttl } })] });
    assert.deepEqual([at(60), at(600)], [[], []]);
    assert.deepEqual([at(59), at(601)], [
      ["playbooks[0].action.ttl_seconds: must lie within the guardrails' 60–600 s"], ["playbooks[0].action.ttl_seconds: must lie within the guardrails' 60–600 s"],
    ]);
    assert.deepEqual(errorsOf({ guardrails: { ttl_max_seconds: 600 }, playbooks: [{ name: 'p', action: { type: 'incident', ttl_seconds: 7200 } }] }), []);
  });
});

describe('auto_blocklist', () => {
  test('it takes severities in either case, its threat types, and its TTL and confidence at their bounds', () => {
    assert.deepEqual(configOf({ auto_blocklist: { enabled: true, min_severity: 'HIGH', min_confidence: 0, threat_types: ['RATE_ANOMALY'], ttl_seconds: 60 } }).auto_blocklist,
      { enabled: true, min_severity: 'high', min_confidence: 0, threat_types: ['RATE_ANOMALY'], ttl_seconds: 60 });
    assert.deepEqual(configOf({ auto_blocklist: { min_confidence: 1, ttl_seconds: 86_400 } }).auto_blocklist,
      { ...DEFAULT_AUTO_BLOCKLIST, min_confidence: 1, ttl_seconds: 86_400 });
    assert.deepEqual(configOf({ auto_blocklist: { enabled: false } }).auto_blocklist, DEFAULT_AUTO_BLOCKLIST);
  });

  test('each bad setting is named with its rule', () => {
    assert.deepEqual(errorsOf({ auto_blocklist: true }), ['auto_blocklist: must be a mapping, e.g. { enabled: true }']);
    assert.deepEqual(errorsOf({ auto_blocklist: { min_severity: 'severe', threat_types: ['IP_THREAT', 'PORT_SCAN'], enabled: 'on', min_confidence: 1.5, when: 1 } }), [
      'auto_blocklist.when: is not a known setting', 'auto_blocklist.min_severity: must be one of info, low, medium, high, critical',
      'auto_blocklist.threat_types[1]: must be one of IP_THREAT, FINGERPRINT_THREAT, CAMPAIGN_INDICATOR, CREDENTIAL_STUFFING, RATE_ANOMALY, BOT_SIGNATURE, IMPOSSIBLE_TRAVEL, TEMPLATE_DISCOVERY, SCHEMA_VIOLATION',
      'auto_blocklist.enabled: must be true or false', 'auto_blocklist.min_confidence: must be between 0 and 1',
    ]);
    assert.deepEqual(errorsOf({ auto_blocklist: { threat_types: [], min_severity: 3, min_confidence: -0.1 } }), [
      'auto_blocklist.min_severity: must be one of info, low, medium, high, critical', 'auto_blocklist.threat_types: must name at least one threat type',
      'auto_blocklist.min_confidence: must be between 0 and 1',
    ]);
  });

  test('its TTL must lie within the guardrails once it is switched on or set, edges included', () => {
    const g = { ttl_min_seconds: 60, ttl_max_seconds: 600 };
    const msg = "auto_blocklist.ttl_seconds: must lie within the guardrails' 60–600 s";
    assert.deepEqual(errorsOf({ guardrails: g, auto_blocklist: { enabled: false } }), [], 'off with the default TTL (3600 s): nothing to check');
    assert.deepEqual(errorsOf({ guardrails: g, auto_blocklist: { enabled: true } }), [msg]);
    assert.deepEqual(errorsOf({ guardrails: g, auto_blocklist: { ttl_seconds: 601 } }), [msg]);
    assert.deepEqual(errorsOf({ guardrails: g, auto_blocklist: { ttl_seconds: 59 } }), [msg]);
    assert.deepEqual(errorsOf({ guardrails: g, auto_blocklist: { enabled: true, ttl_seconds: 600 } }), []);
    assert.deepEqual(errorsOf({ guardrails: g, auto_blocklist: { enabled: true, ttl_seconds: 60 } }), []);
    assert.deepEqual(errorsOf({ guardrails: g, auto_blocklist: { ttl_seconds: 0 } }), ['auto_blocklist.ttl_seconds: must be between 1 and 31536000', msg]);
  });
});

describe('subject_anomaly', () => {
  test('every setting is optional and taken at its bounds', () => {
    assert.deepEqual(configOf({ subject_anomaly: { enabled: true, min_sources: 1, window_seconds: 1, min_severity: 'info', subject_types: ['host'], ttl_seconds: 1 } }).subject_anomaly,
      { enabled: true, min_sources: 1, window_seconds: 1, min_severity: 'info', subject_types: ['host'], ttl_seconds: 1 });
    assert.deepEqual(configOf({ subject_anomaly: { min_sources: 100, window_seconds: 604_800, ttl_seconds: 31_536_000 } }).subject_anomaly,
      { ...DEFAULT_SUBJECT_ANOMALY, min_sources: 100, window_seconds: 604_800, ttl_seconds: 31_536_000 });
    assert.deepEqual(configOf({ subject_anomaly: { enabled: true } }).subject_anomaly, { ...DEFAULT_SUBJECT_ANOMALY, enabled: true });
  });

  test('each bad setting is named with its rule', () => {
    assert.deepEqual(errorsOf({ subject_anomaly: 'on' }), ['subject_anomaly: must be a mapping, e.g. { enabled: true }']);
    assert.deepEqual(errorsOf({ subject_anomaly: { enabled: 1, min_sources: 0, window_seconds: 604_801, min_severity: 'LOW', subject_types: 'host', ttl_seconds: 0, x: 1 } }), [
      'subject_anomaly.x: is not a known setting', 'subject_anomaly.min_severity: must be one of info, low, medium, high, critical',
      'subject_anomaly.subject_types: must be a list of non-empty strings', 'subject_anomaly.enabled: must be true or false',
      'subject_anomaly.min_sources: must be between 1 and 100', 'subject_anomaly.window_seconds: must be between 1 and 604800',
      'subject_anomaly.ttl_seconds: must be between 1 and 31536000',
    ]);
    assert.deepEqual(errorsOf({ subject_anomaly: { min_sources: 101, window_seconds: 0, ttl_seconds: 31_536_001 } }), [
      'subject_anomaly.min_sources: must be between 1 and 100', 'subject_anomaly.window_seconds: must be between 1 and 604800',
      'subject_anomaly.ttl_seconds: must be between 1 and 31536000',
    ]);
  });
});

describe('webhooks', () => {
  test('a webhook takes its settings, with the defaults for the ones left out', () => {
    const c = configOf({
      webhooks: {
        scrubber: hook(),
        arbor: {
          secret: '0123456789abcdef', signature_header: 'X-Arbor-Sig', signal_key: 'ddos.arbor_alert', end_actions: ['done'],
          mapping: { victim: '$.ip', vector: '$.v', confidence: "$['score-1']", confidence_scale: 100, id: '$.list[0]', action: '$.a.b' },
        },
      },
    });
    assert.deepEqual(c.webhooks, {
      scrubber: { signature_header: 'x-quorum-signature', signal_key: 'ddos.attack', mapping: { victim: '$.ip', confidence_scale: 1 }, end_actions: ['resolved', 'unban', 'end', 'stop'] },
      arbor: {
        signature_header: 'x-arbor-sig', signal_key: 'ddos.arbor_alert', end_actions: ['done'], secret: '0123456789abcdef',
        mapping: { victim: '$.ip', vector: '$.v', confidence: "$['score-1']", confidence_scale: 100, id: '$.list[0]', action: '$.a.b' },
      },
    });
    assert.equal(configOf({ webhooks: { a: hook({ mapping: { victim: '$.ip', confidence_scale: 0.000001 } }) } }).webhooks.a!.mapping.confidence_scale, 0.000001);
    assert.equal(configOf({ webhooks: { a: hook({ mapping: { victim: '$.ip', confidence_scale: 1_000_000 } }) } }).webhooks.a!.mapping.confidence_scale, 1_000_000);
  });

  test('each bad webhook setting is named with its rule', () => {
    const path = "must be a JSONPath like $.a.b, $['a-b'] or $.list[0]";
    assert.deepEqual(errorsOf({ webhooks: ['a'] }), ['webhooks: must be a mapping of adapter name to settings']);
    assert.deepEqual(errorsOf({
      webhooks: {
        'Arbor-1': hook(), b: 'x', c: hook({ secret: '0123456789abcde', url: 'x' }), d: hook({ secret: 1234567890123456789 }), e: {},
        f: { mapping: { victim: 'ip', vector: 5, confidence: '$.c', confidence_scale: 0, id: '$..x', action: '$.a', colour: 1 } },
        g: hook({ signal_key: 'ddos' }), h: hook({ signal_key: 'Ddos.attack' }), i: hook({ end_actions: 'end', mapping: { vector: '$.v', confidence_scale: 1_000_001 } }),
        j: { mapping: 'victim' },
      },
    }), [
      'webhooks.Arbor-1: webhook names are snake_case: the name becomes the signal source', 'webhooks.b: must be a mapping',
      'webhooks.c.url: is not a known setting', 'webhooks.c.secret: must be a string of at least 16 characters',
      'webhooks.d.secret: must be a string of at least 16 characters',
      'webhooks.e.mapping: is required: { victim: <jsonpath>, vector?, confidence?, confidence_scale?, id?, action? }',
      'webhooks.f.mapping.colour: is not a known setting', `webhooks.f.mapping.victim: ${path}`, `webhooks.f.mapping.vector: ${path}`,
      `webhooks.f.mapping.id: ${path}`, 'webhooks.f.mapping.confidence_scale: must be between 0.000001 and 1000000',
      'webhooks.g.signal_key: must be a dotted signal key like ddos.attack', 'webhooks.h.signal_key: must be a dotted signal key like ddos.attack',
      'webhooks.i.mapping.victim: is required', 'webhooks.i.mapping.confidence_scale: must be between 0.000001 and 1000000',
      'webhooks.i.end_actions: must be a list of non-empty strings',
      'webhooks.j.mapping: is required: { victim: <jsonpath>, vector?, confidence?, confidence_scale?, id?, action? }',
    ]);
  });

  test('a signature header that is not text falls back to the default one; a signal key that is not text is refused', () => {
    assert.equal(configOf({ webhooks: { a: hook({ signature_header: 5 }) } }).webhooks.a!.signature_header, 'x-quorum-signature');
    assert.deepEqual(errorsOf({ webhooks: { a: hook({ signal_key: 5 }) } }), ['webhooks.a.signal_key: must be a dotted signal key like ddos.attack']);
  });

  test('a signal key is two or more dotted lowercase words, each starting with a letter', () => {
    const keyOk = (k: string) => errorsOf({ webhooks: { a: hook({ signal_key: k }) } }).length === 0;
    assert.deepEqual(['a.b', 'ddos.arbor_alert', 'a1.b2.c3'].map(keyOk), [true, true, true]);
    assert.deepEqual(['a', '.a.b', 'a.b.', 'a..b', '1a.b', 'a.1b', 'a.b c', 'xa.b!', 'A.b', 'a.B', 'a_.b-'].map(keyOk), Array(11).fill(false));
  });

  test('secrets are shown as the marker and an echoed marker gets the secret back', () => {
    const c = configOf({ webhooks: { a: hook({ secret: '0123456789abcdef' }), b: hook() } });
    const shown = redactConfig(c);
    assert.deepEqual([shown.webhooks.a!.secret, shown.webhooks.b, shown.enabled], [REDACTED, c.webhooks.b, false]);
    assert.equal(c.webhooks.a!.secret, '0123456789abcdef', 'the config itself keeps its secret');
    assert.equal(REDACTED, '***redacted***');
    const echoed = restoreRedacted({ enabled: true, webhooks: { a: { secret: REDACTED, mapping: {} }, b: { secret: 'new-secret-0123456' }, c: { secret: REDACTED }, d: 5 } }, c);
    assert.deepEqual(echoed, { enabled: true, webhooks: { a: { secret: '0123456789abcdef', mapping: {} }, b: { secret: 'new-secret-0123456' }, c: { secret: undefined }, d: 5 } });
    for (const v of [null, 'x', { webhooks: null }, { webhooks: [] }]) assert.equal(restoreRedacted(v, c), v);
  });
});
