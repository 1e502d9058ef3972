// The Trust Score mapping API and CLI against a real hub: layering over the operator's defaults with each value's origin,
// the weights for the tenant's age, a tenant admin's overrides as policy versions, refusals that change nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { runCli } from './helpers/process.ts';

let hub: TestHub;
let T: { id: string; admin: string; reader: string; writer: string };
let dir: string;

const get = (key: string) => hub.request('GET', '/v1/trust-score/mapping', { key });
const put = (key: string, body: unknown) => hub.request('PUT', '/v1/trust-score/mapping', { key, body });
const policyOf = async (key: string) => (await hub.request('GET', '/v1/config/correlation', { key })).body;
const ageTenant = (days: number) => hub.db.pools.owner.query("UPDATE tenants SET created_at = now() - make_interval(days => $2) WHERE id = $1", [T.id, days]);

before(async () => {
  hub = await startTestHub();
  T = await tenantWithKeys(hub, 'trust-mapping', { admin: ['admin'], reader: ['signal:read'], writer: ['signal:write'] });
  dir = await mkdtemp(path.join(tmpdir(), 'quorum-trust-mapping-'));
});
after(async () => { await hub.close(); });

describe('GET /v1/trust-score/mapping', () => {
  test("a new tenant reads the hub's defaults: reference weights, threat sources, every value from the hub, version 0", async () => {
    const res = await get(T.reader);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const m = res.body;
    assert.deepEqual(m.categories, {
      patch_hygiene: 30, agent_health: 20, secrets_exposure: 15, configuration_drift: 15, emergency_access_discipline: 10, evidence_continuity: 10, threat_exposure: 0,
    });
    assert.deepEqual(m.sources, { fastnetmon: 'threat_exposure', alertmanager: 'threat_exposure' });
    assert.deepEqual(m.severity_points, { info: 0, low: 10, medium: 30, high: 60, critical: 100 });
    assert.deepEqual([m.value_thresholds, m.finding_severity, m.incident_points, m.block_points], [{}, 'medium', 60, 60]);
    assert.deepEqual([m.version, m.defaults_version, m.overrides, m.problems], [0, 1, {}, []]);
    assert.ok(Object.values(m.origins).every((o) => o === 'hub'));
    assert.equal(m.origins['sources.fastnetmon'], 'hub');
    // Only threat_exposure is mapped, and it weighs 0: nothing costs points yet.
    assert.deepEqual(m.effective_weights, {});
    assert.equal(m.bootstrap, 'under_30_days');
    assert.ok(m.tenant_age_days >= 0 && m.tenant_age_days < 1);
  });
});

describe('PUT /v1/trust-score/mapping', () => {
  test("layers the tenant's entries over the hub's, entry by entry, with each value's origin", async () => {
    const defaults = (await hub.request('GET', '/v1/config/correlation/defaults', { key: hub.adminKey })).body.config;
    const hubPut = await hub.request('PUT', '/v1/config/correlation/defaults', {
      key: hub.adminKey, body: { ...defaults, trust_score: { ...defaults.trust_score, sources: { ...defaults.trust_score.sources, patch_scanner: 'patch_hygiene' }, categories: { ...defaults.trust_score.categories, agent_health: 25 } } },
    });
    assert.equal(hubPut.status, 200, JSON.stringify(hubPut.body));

    const res = await put(T.admin, { sources: { edr: 'agent_health' }, finding_severity: 'high' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const m = res.body;
    assert.deepEqual(m.sources, { fastnetmon: 'threat_exposure', alertmanager: 'threat_exposure', patch_scanner: 'patch_hygiene', edr: 'agent_health' });
    assert.equal(m.categories.agent_health, 25);
    assert.equal(m.finding_severity, 'high');
    assert.deepEqual([m.version, m.defaults_version, m.overrides], [1, 2, { sources: { edr: 'agent_health' }, finding_severity: 'high' }]);
    assert.deepEqual(
      ['sources.edr', 'sources.patch_scanner', 'sources.fastnetmon', 'finding_severity', 'categories.agent_health', 'block_points'].map((p) => m.origins[p]),
      ['tenant', 'hub', 'hub', 'tenant', 'hub', 'hub']);
    // Under 30 days: patch_hygiene 30 + 5, agent_health 25 + 5 (evidence_continuity's 10, half each), over the two mapped categories.
    assert.deepEqual(m.effective_weights, { patch_hygiene: 35 / 65, agent_health: 30 / 65 });
    assert.deepEqual(await get(T.reader).then((r) => r.body), m);
  });

  test('the weights follow the tenant\'s age: 30 to 90 days, then the full weights', async () => {
    await ageTenant(45);
    let m = (await get(T.reader)).body;
    assert.equal(m.bootstrap, '30_to_90_days');
    // evidence_continuity 5; the other 5 spread over the rest in proportion (their weights add up to 95 with agent_health at 25).
    const [patch, agent] = [30 + (5 * 30) / 95, 25 + (5 * 25) / 95];
    assert.deepEqual(Object.keys(m.effective_weights).sort(), ['agent_health', 'patch_hygiene']);
    assert.ok(Math.abs(m.effective_weights.patch_hygiene - patch / (patch + agent)) < 1e-12);
    await ageTenant(120);
    m = (await get(T.reader)).body;
    assert.deepEqual([m.bootstrap, m.effective_weights], ['full', { patch_hygiene: 30 / 55, agent_health: 25 / 55 }]);
    assert.ok(m.tenant_age_days >= 119.99 && m.tenant_age_days < 120.01);
  });

  test("sets only trust_score: the tenant's other policy overrides stay, and {} removes the mapping overrides", async () => {
    const withWindow = { ...(await policyOf(T.admin)).overrides, window_seconds: 777 };
    assert.equal((await hub.request('PUT', '/v1/config/correlation', { key: T.admin, body: withWindow })).status, 200);
    const res = await put(T.admin, { sources: { edr: 'agent_health', vault_audit: 'secrets_exposure' } });
    assert.equal(res.status, 200);
    let policy = await policyOf(T.admin);
    assert.equal(policy.config.window_seconds, 777);
    assert.deepEqual(policy.overrides, { window_seconds: 777, trust_score: { sources: { edr: 'agent_health', vault_audit: 'secrets_exposure' } } });
    assert.equal(policy.version, res.body.version);
    const versions = (await hub.request('GET', '/v1/config/correlation/versions', { key: T.admin })).body.versions;
    assert.deepEqual(versions[0].changed, ['trust_score.finding_severity', 'trust_score.sources']);

    const cleared = await put(T.admin, {});
    assert.equal(cleared.status, 200);
    assert.deepEqual(cleared.body.overrides, {});
    assert.equal(cleared.body.finding_severity, 'medium');
    policy = await policyOf(T.admin);
    assert.deepEqual(policy.overrides, { window_seconds: 777 });
  });

  test('bad input answers 400 with every error by its path in the document sent, and changes nothing', async () => {
    const before = await get(T.reader);
    const res = await put(T.admin, {
      sources: { edr: 'no_such_category', 'Bad-Source': 'patch_hygiene' }, severity_points: { high: 500, urgent: 1 }, colour: 'red', value_thresholds: { 'disk.used_percent': 'high' },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'invalid_correlation_config');
    assert.deepEqual(res.body.errors.map((e: any) => e.field).sort(),
      ['colour', 'severity_points.high', 'severity_points.urgent', 'sources.Bad-Source', 'sources.edr', 'value_thresholds.disk.used_percent']);
    for (const body of ['[]', '"sources"', '{"sources": []}', '{"categories": {"patch_hygiene": -1}}', '{"finding_severity": "dire"}', '{"block_points": 101}', '{"sources": {"edr": "toString"}}', '{"sources": {"edr": "constructor"}}']) {
      const r = await hub.request('PUT', '/v1/trust-score/mapping', { key: T.admin, body, headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 400, `${body}: ${JSON.stringify(r.body)}`);
    }
    assert.deepEqual((await get(T.reader)).body, before.body);
  });

  test('only a tenant admin may set it: a reader or a writer gets 403 and nothing changes; no key is 401', async () => {
    const before = (await get(T.reader)).body;
    for (const key of [T.reader, T.writer]) {
      const res = await put(key, { sources: { edr: 'patch_hygiene' } });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'scope_missing');
    }
    assert.equal((await hub.request('PUT', '/v1/trust-score/mapping', { body: { sources: {} } })).status, 401);
    assert.equal((await get(T.writer)).status, 403);
    assert.deepEqual((await get(T.reader)).body, before);
  });

  test("one tenant's mapping never changes another's", async () => {
    const other = await tenantWithKeys(hub, 'trust-mapping-other', { admin: ['admin'], reader: ['signal:read'] });
    const before = (await get(other.reader)).body;
    assert.equal((await put(T.admin, { sources: { only_in_t: 'patch_hygiene' } })).status, 200);
    const after = (await get(other.reader)).body;
    assert.deepEqual(after, before);
    assert.ok(!('only_in_t' in after.sources));
  });

  test('the OpenAPI examples of the body work as written', async () => {
    const doc = (await hub.request('GET', '/openapi.json')).body;
    const op = doc.paths['/v1/trust-score/mapping'].put;
    const content = op.requestBody.content['application/json'];
    const examples = [...(content.schema?.examples ?? []), ...Object.values(content.examples ?? {}).map((e: any) => e.value)];
    assert.ok(examples.length >= 2);
    for (const body of examples) assert.equal((await put(T.admin, body)).status, 200, JSON.stringify(body));
    assert.equal(doc.paths['/v1/trust-score/mapping'].get['x-quorum-scope'], 'signal:read');
    assert.equal(op['x-quorum-scope'], 'admin');
  });
});

describe('quorum trust-score mapping', () => {
  const cli = async (args: string[], key = T.admin) => {
    const keyFile = path.join(dir, `key-${key.slice(-6)}`);
    await writeFile(keyFile, key);
    const p = runCli(['trust-score', 'mapping', ...args, '--url', hub.url, '--key-file', keyFile]);
    return { code: await p.exited, out: p.output() };
  };

  test('set --file (YAML), map <source> <category>, and get as a table and as JSON', async () => {
    const file = path.join(dir, 'mapping.yaml');
    await writeFile(file, 'sources:\n  edr: agent_health\nvalue_thresholds:\n  disk.used_percent: 85\n');
    const set = await cli(['set', '--file', file]);
    assert.equal(set.code, 0, set.out);
    assert.match(set.out, /^edr +agent_health +tenant$/m);

    const mapped = await cli(['map', 'cis_bench', 'configuration_drift']);
    assert.equal(mapped.code, 0, mapped.out);
    assert.match(mapped.out, /sources\.cis_bench → configuration_drift \(tenant policy version \d+\)/);

    const json = await cli(['get', '-o', 'json'], T.reader);
    assert.equal(json.code, 0, json.out);
    const m = JSON.parse(json.out);
    assert.deepEqual(m.overrides, { sources: { edr: 'agent_health', cis_bench: 'configuration_drift' }, value_thresholds: { 'disk.used_percent': 85 } });
    const text = (await cli(['get'], T.reader)).out;
    assert.match(text, /^CATEGORY +WEIGHT +EFFECTIVE +ORIGIN$/m);
    assert.match(text, /^configuration_drift +15 +0\.\d{4} +hub$/m);
    assert.match(text, /^disk\.used_percent +85 +tenant$/m);
  });

  test('a refused mapping exits 1 with the hub\'s error; a file that is not a mapping exits 2; a reader cannot set', async () => {
    const bad = await cli(['map', 'edr', 'no_such_category']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /quorum: invalid_correlation_config: .*sources\.edr must name a category/);
    const list = path.join(dir, 'list.json');
    await writeFile(list, '[1, 2]');
    assert.equal((await cli(['set', '--file', list])).code, 2);
    const reader = await cli(['map', 'edr', 'agent_health'], T.reader);
    assert.equal(reader.code, 1);
    assert.match(reader.out, /scope_missing/);
  });
});
