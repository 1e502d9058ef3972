// Table-driven tests of the pure policy layering: how a tenant's overrides combine with the hub defaults.
// Exact expectations per section: replace, merge by name, safelist union, tighten-only guardrails, fallback.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { DEFAULT_CONFIG_YAML, REDACTED, validateCorrelationConfig, type CorrelationConfig } from '../src/correlate/correlation-config.ts';
import { changedPaths, effectivePolicy, layerPolicy, redactOverrides, restoreOverrideSecrets } from '../src/correlate/policy-layers.ts';

function hub(over: Record<string, unknown> = {}): CorrelationConfig {
  const r = validateCorrelationConfig({
    ...YAML.parse(DEFAULT_CONFIG_YAML), guardrails: { safelist: ['192.0.2.0/24'], max_new_per_minute: 100 },
    webhooks: { scrubber: { secret: 'hub-secret-0123456789', mapping: { victim: '$.ip' } } }, ...over,
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.config;
}

describe('layering a tenant document over the hub defaults', () => {
  test('scalars replace; untouched settings say they come from the hub', () => {
    const r = layerPolicy(hub(), { enabled: true, min_sources: 2 });
    assert.ok(r.ok);
    assert.deepEqual([r.config.enabled, r.config.min_sources, r.config.window_seconds], [true, 2, 300]);
    assert.deepEqual([r.origins.enabled, r.origins.min_sources, r.origins.window_seconds], ['tenant', 'tenant', 'hub']);
  });

  test('auto_blocklist merges setting by setting: one line switches it on with the hub\'s thresholds', () => {
    const r = layerPolicy(hub({ auto_blocklist: { min_confidence: 0.9, ttl_seconds: 1800 } }), { auto_blocklist: { enabled: true } });
    assert.ok(r.ok);
    assert.deepEqual(r.config.auto_blocklist, {
      enabled: true, min_severity: 'critical', min_confidence: 0.9, threat_types: ['IP_THREAT', 'CAMPAIGN_INDICATOR', 'CREDENTIAL_STUFFING'], ttl_seconds: 1800,
    });
    assert.deepEqual([r.origins['auto_blocklist.enabled'], r.origins['auto_blocklist.min_confidence'], r.origins.auto_blocklist], ['tenant', 'hub', undefined]);
    assert.deepEqual(changedPaths({}, { auto_blocklist: { enabled: true } }), ['auto_blocklist.enabled']);
    const bad = layerPolicy(hub(), { auto_blocklist: null });
    assert.deepEqual(bad.ok ? [] : bad.errors, [{ path: 'auto_blocklist', message: "must be a mapping; omit it to inherit the hub's" }]);
  });

  test('sources and webhooks merge by name; rules and playbooks replace the whole list', () => {
    const r = layerPolicy(hub(), {
      sources: { alertmanager: { weight: 0.3 } }, webhooks: { mine: { mapping: { victim: '$.v' } } },
      rules: [{ name: 'only_mine', match: { sources: ['mine'] }, group_by: ['subject_id'] }],
    });
    assert.ok(r.ok);
    assert.deepEqual(Object.keys(r.config.sources), ['fastnetmon', 'alertmanager']);
    assert.equal(r.config.sources.alertmanager!.weight, 0.3);
    assert.deepEqual(Object.keys(r.config.webhooks), ['scrubber', 'mine']);
    assert.deepEqual(r.config.rules.map((x) => x.name), ['only_mine']);
    assert.deepEqual([r.origins['sources.alertmanager'], r.origins['sources.fastnetmon'], r.origins['webhooks.mine'], r.origins['webhooks.scrubber'], r.origins.rules],
      ['tenant', 'hub', 'tenant', 'hub', 'tenant']);
  });

  test("the tenant's safelist adds to the hub's and can never remove it", () => {
    const added = layerPolicy(hub(), { guardrails: { safelist: ['198.51.100.0/24'] } });
    assert.ok(added.ok);
    assert.deepEqual([added.config.guardrails.safelist, added.origins['guardrails.safelist']], [['198.51.100.0/24', '192.0.2.0/24'], 'hub+tenant']);
    const emptied = layerPolicy(hub(), { guardrails: { safelist: [] } });
    assert.ok(emptied.ok);
    assert.deepEqual(emptied.config.guardrails.safelist, ['192.0.2.0/24']);
  });

  const loosen: [string, Record<string, unknown>][] = [
    ['a higher max_new_per_minute', { max_new_per_minute: 101 }],
    ['a lower ttl_min_seconds', { ttl_min_seconds: 30 }],
    ['a broader ipv6_prefix_min', { ipv6_prefix_min: 32 }],
    ['a higher max_active_per_tenant', { max_active_per_tenant: 10_001 }],
    ['protect_hub_addresses off', { protect_hub_addresses: false }],
  ];
  for (const [name, g] of loosen) {
    test(`refuses ${name}: a tenant only tightens guardrails`, () => {
      const r = layerPolicy(hub(), { guardrails: g });
      assert.ok(!r.ok);
      assert.deepEqual(r.errors.map((e) => e.path), [`guardrails.${Object.keys(g)[0]}`]);
    });
  }

  test('a merged section given as null or a non-mapping is refused, so it can never lift the hub safelist or limits', () => {
    for (const section of ['guardrails', 'sources', 'webhooks']) {
      for (const value of [null, [], 'none', 0]) {
        const r = layerPolicy(hub(), { [section]: value });
        assert.ok(!r.ok, `${section}: ${JSON.stringify(value)}`);
        assert.ok(r.errors.some((e) => e.path === section), JSON.stringify(r.errors));
      }
    }
    // Stored before this rule: the tenant runs on the hub defaults, safelist and all, and is told why.
    const stored = effectivePolicy(hub(), { guardrails: null });
    assert.deepEqual(stored.config.guardrails.safelist, ['192.0.2.0/24']);
    assert.equal(stored.config.guardrails.max_new_per_minute, 100);
    assert.ok(stored.problems.some((e) => e.path === 'guardrails'));
  });

  test('a tenant value the operator later undercut is pulled back to the hub value, not dropped', () => {
    const e = effectivePolicy(hub({ guardrails: { max_new_per_minute: 10 } }), { guardrails: { max_new_per_minute: 50, ttl_max_seconds: 3600 } });
    assert.deepEqual([e.config.guardrails.max_new_per_minute, e.config.guardrails.ttl_max_seconds, e.problems], [10, 3600, []]);
  });

  test('overrides that no longer fit the defaults fall back to the defaults and say why', () => {
    const e = effectivePolicy(hub(), { rules: [{ name: 'r', group_by: ['subject_id'], playbook: 'gone' }] });
    assert.deepEqual([e.config.rules[0]!.name, e.problems.map((p) => p.path)], ['ddos_by_victim', ['rules[0].playbook']]);
  });

  test('text PostgreSQL cannot store is refused with its path, in values and in keys', () => {
    const r = layerPolicy(hub(), { webhooks: { ['a\u0000b']: {} }, sources: { fastnetmon: { confidence_mapping: { ['\ud800']: 0.5 } } } });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => e.path).sort(), ['sources.fastnetmon.confidence_mapping.\ud800', 'webhooks.a\u0000b']);
  });

  test('the version summary names the changed settings, down to section entries', () => {
    assert.deepEqual(changedPaths({ enabled: true, guardrails: { max_new_per_minute: 5 } }, { enabled: true, guardrails: { max_new_per_minute: 6, safelist: ['10.0.0.0/8'] }, rules: [] }),
      ['guardrails.max_new_per_minute', 'guardrails.safelist', 'rules']);
    assert.deepEqual(changedPaths({}, { sources: { fastnetmon: { weight: 2 } } }), ['sources.fastnetmon']);
    // jsonb hands keys back in its own order: the same settings are no change.
    assert.deepEqual(changedPaths({ guardrails: { ttl_max_seconds: 60, safelist: [] } }, { guardrails: { safelist: [], ttl_max_seconds: 60 } }), []);
  });
});

describe('each guardrail tightens one way only', () => {
  const cases: Array<[string, number, number, string]> = [
    ['ttl_min_seconds', 59, 61, "must not be below the hub's 60: a tenant may only tighten guardrails"],
    ['ttl_max_seconds', 86_401, 86_399, "must not be above the hub's 86400: a tenant may only tighten guardrails"],
    ['ipv4_prefix_min', 23, 25, "must not be below the hub's 24: a tenant may only tighten guardrails"],
    ['ipv4_prefix_max', 33, 31, "must not be above the hub's 32: a tenant may only tighten guardrails"],
    ['ipv6_prefix_min', 47, 49, "must not be below the hub's 48: a tenant may only tighten guardrails"],
    ['ipv6_prefix_max', 129, 127, "must not be above the hub's 128: a tenant may only tighten guardrails"],
    ['max_active_per_tenant', 10_001, 9_999, "must not be above the hub's 10000: a tenant may only tighten guardrails"],
    ['max_new_per_minute', 101, 99, "must not be above the hub's 100: a tenant may only tighten guardrails"],
  ];
  for (const [key, looser, tighter, message] of cases) {
    test(`${key}: ${looser} is refused with the hub's limit, ${tighter} and the hub's own value are taken`, () => {
      const limit = (hub().guardrails as unknown as Record<string, number>)[key]!;
      const bad = layerPolicy(hub(), { guardrails: { [key]: looser } });
      assert.deepEqual(bad.ok ? [] : bad.errors, [{ path: `guardrails.${key}`, message }]);
      for (const v of [tighter, limit]) {
        const r = layerPolicy(hub(), { guardrails: { [key]: v } });
        assert.ok(r.ok, `${key} ${v}: ${JSON.stringify(!r.ok && r.errors)}`);
        assert.equal((r.config.guardrails as unknown as Record<string, number>)[key], v);
        assert.equal(r.origins[`guardrails.${key}`], 'tenant');
      }
    });
    test(`${key}: a stored ${looser} is pulled back to the hub's limit, a stored ${tighter} is kept`, () => {
      const limit = (hub().guardrails as unknown as Record<string, number>)[key]!;
      assert.equal((effectivePolicy(hub(), { guardrails: { [key]: looser } }).config.guardrails as unknown as Record<string, number>)[key], limit);
      assert.equal((effectivePolicy(hub(), { guardrails: { [key]: tighter } }).config.guardrails as unknown as Record<string, number>)[key], tighter);
    });
  }
  test('protect_hub_addresses off is refused with its reason, and a stored off is turned back on', () => {
    const r = layerPolicy(hub(), { guardrails: { protect_hub_addresses: false } });
    assert.deepEqual(r.ok ? [] : r.errors, [{ path: 'guardrails.protect_hub_addresses', message: 'cannot be switched off by a tenant while the hub protects its addresses' }]);
    assert.equal(effectivePolicy(hub(), { guardrails: { protect_hub_addresses: false } }).config.guardrails.protect_hub_addresses, true);
  });
  test('when the hub itself does not protect its addresses, a tenant may say either', () => {
    const open = hub({ guardrails: { safelist: ['192.0.2.0/24'], max_new_per_minute: 100, protect_hub_addresses: false } });
    for (const v of [false, true]) {
      const r = layerPolicy(open, { guardrails: { protect_hub_addresses: v } });
      assert.ok(r.ok);
      assert.equal(r.config.guardrails.protect_hub_addresses, v);
    }
    assert.equal(effectivePolicy(open, { guardrails: { protect_hub_addresses: false } }).config.guardrails.protect_hub_addresses, false);
  });
});

describe('merging and origins, section by section', () => {
  test("trust_score merges its maps entry by entry: one more source mapped keeps the hub's", () => {
    const r = layerPolicy(hub(), { trust_score: { sources: { wazuh: 'agent_health' }, categories: { agent_health: 25 } } });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.deepEqual(r.config.trust_score.sources, { fastnetmon: 'threat_exposure', alertmanager: 'threat_exposure', wazuh: 'agent_health' });
    assert.equal(r.config.trust_score.categories.agent_health, 25);
    assert.equal(r.config.trust_score.categories.patch_hygiene, 30);
    assert.deepEqual([r.origins['trust_score.sources'], r.origins['trust_score.severity_points']], ['tenant', 'hub']);
  });
  test("a safelist of the tenant's alone is the tenant's; none given is the hub's", () => {
    const bare = hub({ guardrails: { max_new_per_minute: 100 } });
    const r = layerPolicy(bare, { guardrails: { safelist: ['198.51.100.0/24'] } });
    assert.ok(r.ok);
    assert.deepEqual([r.config.guardrails.safelist, r.origins['guardrails.safelist']], [['198.51.100.0/24'], 'tenant']);
    const none = layerPolicy(hub(), { guardrails: { ttl_max_seconds: 86_000 } });
    assert.ok(none.ok);
    assert.deepEqual([none.config.guardrails.safelist, none.origins['guardrails.safelist'], none.origins['guardrails.ttl_max_seconds']], [['192.0.2.0/24'], 'hub', 'tenant']);
  });
  test('a safelist that is not a list is refused by the validator, naming it', () => {
    const r = layerPolicy(hub(), { guardrails: { safelist: '10.0.0.0/8' } });
    assert.ok(!r.ok);
    assert.ok(r.errors.some((e) => e.path.startsWith('guardrails.safelist')), JSON.stringify(r.errors));
  });
  test('overrides that are not a mapping are refused as a whole', () => {
    for (const o of [null, [], 'x', 3]) assert.deepEqual(layerPolicy(hub(), o), { ok: false, errors: [{ path: '', message: 'must be a mapping of the settings the tenant overrides' }] });
  });
  test('overrides nested deeper than 16 levels are refused before they are walked', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    assert.deepEqual(layerPolicy(hub(), { sources: deep }), { ok: false, errors: [{ path: '', message: 'nests deeper than 16 levels' }] });
  });
  test('bad text inside a list names its index', () => {
    const r = layerPolicy(hub(), { guardrails: { safelist: ['10.0.0.0/8', 'a\u0000'] } });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors[0], { path: 'guardrails.safelist[1]', message: 'must not contain the character U+0000' });
  });
  test('every section given in the wrong shape is named at once', () => {
    const r = layerPolicy(hub(), { guardrails: 1, sources: 1, webhooks: 1, auto_blocklist: 1, subject_anomaly: 1, trust_score: 1 });
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.path), ['guardrails', 'sources', 'webhooks', 'auto_blocklist', 'subject_anomaly', 'trust_score']);
  });
});

describe('changes and secrets', () => {
  test('a section that becomes something else, or appears whole, is one change', () => {
    assert.deepEqual(changedPaths({ rules: [] }, {}), ['rules']);
    assert.deepEqual(changedPaths({ guardrails: { ttl_max_seconds: 60 } }, { guardrails: null }), ['guardrails']);
    assert.deepEqual(changedPaths({}, { trust_score: { sources: { a: 'b' } }, webhooks: { w: {} } }), ['trust_score.sources', 'webhooks.w']);
    assert.deepEqual(changedPaths({ enabled: true }, { enabled: true }), []);
  });
  test('webhook secrets are shown as the marker, everything else as it is', () => {
    const o = { enabled: true, webhooks: { a: { secret: 's3cret-0123456789', mapping: { v: '$.v' } }, b: { mapping: {} }, c: 'odd' } };
    assert.deepEqual(redactOverrides(o), { enabled: true, webhooks: { a: { secret: REDACTED, mapping: { v: '$.v' } }, b: { mapping: {} }, c: 'odd' } });
    assert.equal(redactOverrides({ enabled: true }).enabled, true);
  });
  test("an echoed marker gets back the tenant's earlier secret, else the hub's; a new secret is kept", () => {
    const candidate = { webhooks: { mine: { secret: REDACTED, x: 1 }, scrubber: { secret: REDACTED }, fresh: { secret: 'new-secret-0123456789' } } };
    const previous = { webhooks: { mine: { secret: 'tenant-secret-012345' } } };
    assert.deepEqual(restoreOverrideSecrets(candidate, previous, hub()), {
      webhooks: { mine: { secret: 'tenant-secret-012345', x: 1 }, scrubber: { secret: 'hub-secret-0123456789' }, fresh: { secret: 'new-secret-0123456789' } },
    });
    assert.equal(restoreOverrideSecrets('x', previous, hub()), 'x');
    assert.deepEqual(restoreOverrideSecrets({ enabled: true }, previous, hub()), { enabled: true });
  });
});

describe('what mutation testing asked of the layering', () => {
  test("settings the tenant leaves alone keep the hub's own values, not the built-in defaults", () => {
    const r = layerPolicy(hub({ window_seconds: 900, min_sources: 3 }), { enabled: true });
    assert.ok(r.ok);
    assert.deepEqual([r.config.window_seconds, r.config.min_sources, r.config.rules.map((x) => x.name)], [900, 3, ['ddos_by_victim']]);
  });

  test('origins name each top-level setting, each section entry and each guardrail, never a section as a whole', () => {
    const r = layerPolicy(hub(), { min_sources: 2, guardrails: { max_new_per_minute: 50 } });
    assert.ok(r.ok);
    const keys = Object.keys(r.origins);
    for (const section of ['guardrails', 'sources', 'webhooks', 'auto_blocklist', 'subject_anomaly', 'trust_score']) assert.ok(!keys.includes(section), section);
    assert.deepEqual([r.origins.min_sources, r.origins.enabled, r.origins['guardrails.max_new_per_minute'], r.origins['guardrails.ttl_max_seconds']], ['tenant', 'hub', 'tenant', 'hub']);
    assert.deepEqual(keys.filter((k) => k.startsWith('guardrails.')).sort(), Object.keys(hub().guardrails).map((k) => `guardrails.${k}`).sort());
  });

  test("an empty safelist of the tenant's leaves the safelist the hub's", () => {
    const r = layerPolicy(hub(), { guardrails: { safelist: [] } });
    assert.ok(r.ok);
    assert.equal(r.origins['guardrails.safelist'], 'hub');
  });

  test('trust_score severity points and value thresholds merge entry by entry too; a map given as anything else is refused', () => {
    const base = hub({ trust_score: { sources: { fastnetmon: 'threat_exposure' }, value_thresholds: { 'cpu.load': 0.9 }, severity_points: { critical: 95 } } });
    assert.equal(base.trust_score.severity_points.critical, 95);
    const r = layerPolicy(base, { trust_score: { severity_points: { high: 70 }, value_thresholds: { 'disk.used': 0.8 } } });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.deepEqual(r.config.trust_score.value_thresholds, { 'cpu.load': 0.9, 'disk.used': 0.8 });
    assert.equal(r.config.trust_score.severity_points.high, 70);
    assert.equal(r.config.trust_score.severity_points.critical, 95);
    const bad = layerPolicy(base, { trust_score: { sources: 'threat_exposure' } });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.errors.map((e) => e.path), ['trust_score.sources']);
  });

  test("a guardrail given as text is the validator's to refuse, never compared with the hub's as a number", () => {
    const r = layerPolicy(hub(), { guardrails: { ipv4_prefix_min: '16' } });
    assert.deepEqual(r.ok ? [] : r.errors, [{ path: 'guardrails.ipv4_prefix_min', message: 'must be an integer' }]);
  });

  test('a stored protect_hub_addresses: false is turned back on and the rest of the overrides still apply', () => {
    const e = effectivePolicy(hub(), { min_sources: 2, guardrails: { protect_hub_addresses: false, safelist: ['198.51.100.0/24'] } });
    assert.deepEqual([e.problems, e.config.min_sources, e.config.guardrails.protect_hub_addresses, e.config.guardrails.safelist],
      [[], 2, true, ['198.51.100.0/24', '192.0.2.0/24']]);
  });

  test('null values are left to the validator, and a key that cannot be stored says it is the key', () => {
    const r = layerPolicy(hub(), { confidence_decay_half_life_seconds: null, sources: { ['a\u0000']: {} } });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, [{ path: 'sources.a\u0000', message: 'key must not contain the character U+0000' }]);
    const n = layerPolicy(hub(), { confidence_decay_half_life_seconds: null });
    assert.deepEqual(n.ok ? [] : n.errors, [{ path: 'confidence_decay_half_life_seconds', message: 'must be a number' }]);
  });

  test('the version summary: scalars by name, sorted; a section entry only when it changed; a section that was not a mapping as a whole', () => {
    assert.deepEqual(changedPaths({}, { window_seconds: 60, enabled: true }), ['enabled', 'window_seconds']);
    assert.deepEqual(changedPaths({ guardrails: { ttl_max_seconds: 60, max_new_per_minute: 5 } }, { guardrails: { ttl_max_seconds: 60, max_new_per_minute: 6 } }),
      ['guardrails.max_new_per_minute']);
    assert.deepEqual(changedPaths({ guardrails: null }, { guardrails: { ttl_min_seconds: 120 } }), ['guardrails']);
    assert.deepEqual(changedPaths({ sources: { a: { weight: 1 } } }, {}), ['sources.a']);
  });

  test("an echoed marker for a webhook the tenant kept without a secret gets the hub's secret", () => {
    const restored = restoreOverrideSecrets({ webhooks: { scrubber: { secret: REDACTED } } }, { webhooks: { scrubber: { mapping: { victim: '$.v' } } } }, hub());
    assert.deepEqual(restored, { webhooks: { scrubber: { secret: 'hub-secret-0123456789' } } });
  });
});
