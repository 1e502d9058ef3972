// Correlation policy API of one tenant: validation with every error, versions, the operator's reload from the file, replay without acting.
// Tenant isolation, rollback, propagation between hubs and replay limits are in correlation-policy.test.ts.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';

let hub: TestHub;
let reader: string;
before(async () => {
  hub = await startTestHub();
  reader = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:read', 'signal:write'] })).key;
});
after(async () => { await hub.close(); });

const file = () => path.join(hub.config.dataDir, 'correlation.yaml');

describe('correlation policy API (hub defaults from the file, tenant overrides in the database)', () => {
  test('a fresh data dir gets the shipped default, disabled, imported as hub defaults version 1; GET shows it as the tenant\'s version 0', async () => {
    assert.equal(readFileSync(file(), 'utf8'), DEFAULT_CONFIG_YAML);
    const res = await hub.request('GET', '/v1/config/correlation', { key: reader });
    assert.equal(res.status, 200);
    assert.equal(res.body.config.enabled, false);
    assert.equal(res.body.config.rules[0].name, 'ddos_by_victim');
    assert.deepEqual([res.body.version, res.body.defaults_version, res.body.origins.enabled, res.body.overrides], [0, 1, 'hub', {}]);
  });

  test('PUT answers 400 listing every error and changes nothing', async () => {
    const res = await hub.request('PUT', '/v1/config/correlation', {
      key: hub.adminKey, body: { ...shippedConfig(), min_sources: 0, confidence_threshold: 2, rules: [{ name: 'Bad Name', group_by: [] }] },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'invalid_correlation_config');
    assert.deepEqual(res.body.errors.map((e: any) => e.field), ['min_sources', 'confidence_threshold', 'rules[0].name', 'rules[0].group_by']);
    const now = await hub.request('GET', '/v1/config/correlation', { key: reader });
    assert.deepEqual([now.body.config.enabled, now.body.version], [false, 0]);
  });

  test('PUT refuses text PostgreSQL cannot store with a 400, not a 500', async () => {
    const res = await hub.request('PUT', '/v1/config/correlation', { key: hub.adminKey, body: '{"rules":[{"name":"a\\ud800","group_by":["subject_id"]}]}' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: any) => e.field), ['rules[0].name']);
  });

  test('PUT needs the admin scope', async () => {
    const res = await hub.request('PUT', '/v1/config/correlation', { key: reader, body: shippedConfig() });
    assert.equal(res.status, 403);
  });

  test('PUT makes a new version, live at once, recorded with the key id and what changed', async () => {
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.8.0.1', {}, { attack_uuid: 'cfg-1' }));
    assert.deepEqual((await hub.request('GET', '/v1/signal-groups', { key: reader })).body.signal_groups, []);

    await putConfig(hub, { enabled: true, window_seconds: 120 });
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.8.0.1', {}, { attack_uuid: 'cfg-2' }));
    assert.equal((await hub.request('GET', '/v1/signal-groups', { key: reader })).body.signal_groups.length, 1);

    const got = await hub.request('GET', '/v1/config/correlation', { key: reader });
    assert.deepEqual([got.body.version, got.body.origins.enabled, got.body.origins.window_seconds, got.body.origins.rules], [1, 'tenant', 'tenant', 'hub']);
    const versions = await hub.request('GET', '/v1/config/correlation/versions', { key: hub.adminKey });
    const keyId = (await hub.db.pools.owner.query("SELECT id FROM api_keys WHERE name = 'bootstrap admin'")).rows[0].id;
    assert.deepEqual(versions.body.versions.map((v: any) => [v.version, v.action, v.key_id, v.changed]), [[1, 'put', keyId, ['enabled', 'window_seconds']]]);
  });

  test('POST /v1/config/reload (operator) imports an edited file as new hub defaults, and keeps them when the file is broken', async () => {
    const tenantAdmin = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['admin'] })).key;
    assert.equal((await hub.request('POST', '/v1/config/reload', { key: tenantAdmin })).status, 403);
    writeFileSync(file(), YAML.stringify({ ...YAML.parse(DEFAULT_CONFIG_YAML), confidence_threshold: 0.77 }));
    const ok = await hub.request('POST', '/v1/config/reload', { key: hub.adminKey });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.config.confidence_threshold, ok.body.version, ok.body.origin], [0.77, 2, 'file']);
    assert.equal((await hub.request('POST', '/v1/config/reload', { key: hub.adminKey })).body.version, 2, 'an unchanged file makes no new version');
    const history = await hub.request('GET', '/v1/config/correlation/defaults/versions', { key: hub.adminKey });
    assert.deepEqual(history.body.versions.map((v: any) => [v.version, v.origin, v.changed]), [[2, 'file', ['confidence_threshold']], [1, 'file', [
      'auto_blocklist.enabled', 'auto_blocklist.min_confidence', 'auto_blocklist.min_severity', 'auto_blocklist.threat_types', 'auto_blocklist.ttl_seconds',
      'confidence_decay_half_life_seconds', 'confidence_threshold', 'default_weight', 'enabled', 'guardrails.ipv4_prefix_max', 'guardrails.ipv4_prefix_min',
      'guardrails.ipv6_prefix_max', 'guardrails.ipv6_prefix_min', 'guardrails.max_active_per_tenant', 'guardrails.max_new_per_minute',
      'guardrails.protect_hub_addresses', 'guardrails.safelist', 'guardrails.ttl_max_seconds', 'guardrails.ttl_min_seconds', 'min_sources', 'playbooks',
      'rules', 'sources.alertmanager', 'sources.fastnetmon', 'subject_anomaly.enabled', 'subject_anomaly.min_severity', 'subject_anomaly.min_sources',
      'subject_anomaly.ttl_seconds', 'subject_anomaly.window_seconds', 'trust_score.block_points', 'trust_score.categories', 'trust_score.finding_severity',
      'trust_score.incident_points', 'trust_score.severity_points', 'trust_score.sources', 'trust_score.value_thresholds', 'window_seconds']]]);
    assert.equal((await hub.request('GET', '/v1/config/correlation/defaults/versions', { key: tenantAdmin })).status, 403);
    writeFileSync(file(), 'enabled: [unclosed');
    const broken = await hub.request('POST', '/v1/config/reload', { key: hub.adminKey });
    assert.equal(broken.status, 400);
    const got = await hub.request('GET', '/v1/config/correlation', { key: reader });
    assert.deepEqual([got.body.config.confidence_threshold, got.body.origins.confidence_threshold, got.body.defaults_version], [0.77, 'hub', 2]);
    writeFileSync(file(), DEFAULT_CONFIG_YAML);
  });
});

describe('replay', () => {
  test('a lower min_sources on history shows the decision the live config did not make, without acting', async () => {
    await putConfig(hub, shippedConfig());
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date().toISOString();
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.9.0.1', {}, { attack_uuid: 'rp-1' }));
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.9.0.2', {}, { attack_uuid: 'rp-2' }));
    const firing = fixtureJson('alertmanager/webhook-firing.json');
    firing.alerts[0].labels.victim_ip = '10.9.0.2';
    firing.alerts[0].labels.severity = 'warning';
    await post(hub, '/v1/signals/alertmanager', firing);
    const until = new Date(Date.now() + 1000).toISOString();
    const mitigationsBefore = (await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM mitigations')).rows[0].n;

    const candidate = shippedConfig();
    candidate.playbooks[0].correlation = { min_sources: 1, confidence_threshold: 0.85 };
    const res = await hub.request('POST', '/v1/config/correlation/replay', { key: reader, body: { config: candidate, since, until } });
    assert.equal(res.status, 200);
    assert.equal(res.body.signals, 3);
    assert.deepEqual(res.body.current.map((d: any) => [d.indicator, d.outcome]), [['10.9.0.2/32', 'block']]);
    assert.deepEqual(res.body.added.map((d: any) => [d.indicator, d.outcome, d.explanation]), [
      ['10.9.0.1/32', 'block', 'Corroboration met: 1 distinct source (min 1), derived confidence 0.90 (threshold 0.85). Sources: fastnetmon (0.90, w 1.0)'],
    ]);
    // The 10.9.0.2 decision now comes one signal earlier, on FastNetMon alone.
    assert.deepEqual(res.body.changed.map((c: any) => [c.candidate.indicator, c.differences, c.current.sources, c.candidate.sources]), [
      ['10.9.0.2/32', ['decided_at', 'derived_confidence', 'sources'], ['fastnetmon', 'alertmanager'], ['fastnetmon']],
    ]);
    assert.deepEqual(res.body.removed, []);
    assert.deepEqual([res.body.totals, res.body.truncated], [{ current: 1, candidate: 2, added: 1, removed: 0, changed: 1, unchanged: 0 }, false]);
    const cut = await hub.request('POST', '/v1/config/correlation/replay', { key: reader, body: { config: candidate, since, until, limit: 1 } });
    assert.deepEqual([cut.body.candidate.length, cut.body.totals.candidate, cut.body.truncated], [1, 2, true]);
    assert.equal((await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM mitigations')).rows[0].n, mitigationsBefore);
  });

  test('replay refuses an invalid candidate with every error', async () => {
    const res = await hub.request('POST', '/v1/config/correlation/replay', {
      key: reader, body: { config: { min_sources: -1, window_seconds: 0 }, since: '2026-11-22T00:00:00Z', until: '2026-11-23T00:00:00Z' },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: any) => e.field), ['window_seconds', 'min_sources']);
  });
});
