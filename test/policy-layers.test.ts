// Table-driven tests of the pure policy layering: how a tenant's overrides combine with the hub defaults.
// Exact expectations per section: replace, merge by name, safelist union, tighten-only guardrails, fallback.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { DEFAULT_CONFIG_YAML, validateCorrelationConfig, type CorrelationConfig } from '../src/correlate/correlation-config.ts';
import { changedPaths, effectivePolicy, layerPolicy } from '../src/correlate/policy-layers.ts';

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
