// Correlation config API: validation with every error, atomic write with backup, hot reload, audit, replay without acting.
// Each test reads the file on disk as well as the API, so a write that only happened in memory fails.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
import { createConfigStore, notWritable } from '../src/correlate/config-store.ts';
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

describe('correlation config API', () => {
  test('a fresh data dir gets the shipped default, disabled, and GET shows it with its load time', async () => {
    assert.equal(readFileSync(file(), 'utf8'), DEFAULT_CONFIG_YAML);
    const res = await hub.request('GET', '/v1/config/correlation', { key: reader });
    assert.equal(res.status, 200);
    assert.equal(res.body.config.enabled, false);
    assert.equal(res.body.config.rules[0].name, 'ddos_by_victim');
    assert.ok(!Number.isNaN(Date.parse(res.body.loaded_at)));
  });

  test('PUT answers 400 listing every error and leaves the file and the live config alone', async () => {
    const before = readFileSync(file(), 'utf8');
    const res = await hub.request('PUT', '/v1/config/correlation', {
      key: hub.adminKey, body: { ...shippedConfig(), min_sources: 0, confidence_threshold: 2, rules: [{ name: 'Bad Name', group_by: [] }] },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'invalid_correlation_config');
    assert.deepEqual(res.body.errors.map((e: any) => e.field), ['min_sources', 'confidence_threshold', 'rules[0].name', 'rules[0].group_by']);
    assert.equal(readFileSync(file(), 'utf8'), before);
    assert.equal((await hub.request('GET', '/v1/config/correlation', { key: reader })).body.config.enabled, false);
  });

  test('PUT needs the admin scope', async () => {
    const res = await hub.request('PUT', '/v1/config/correlation', { key: reader, body: shippedConfig() });
    assert.equal(res.status, 403);
  });

  test('PUT writes the file atomically, keeps a backup, hot-reloads and is audited', async () => {
    const before = readFileSync(file(), 'utf8');
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.8.0.1', {}, { attack_uuid: 'cfg-1' }));
    assert.deepEqual((await hub.request('GET', '/v1/signal-groups', { key: reader })).body.signal_groups, []);

    await putConfig(hub, shippedConfig());
    assert.equal(readFileSync(`${file()}.bak`, 'utf8'), before);
    assert.equal(YAML.parse(readFileSync(file(), 'utf8')).enabled, true);
    assert.equal(existsSync(`${file()}.tmp-${process.pid}`), false);

    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.8.0.1', {}, { attack_uuid: 'cfg-2' }));
    assert.equal((await hub.request('GET', '/v1/signal-groups', { key: reader })).body.signal_groups.length, 1);

    const audit = await hub.db.pools.owner.query('SELECT action, key_id, summary FROM correlation_config_audit ORDER BY id DESC LIMIT 1');
    assert.equal(audit.rows[0].action, 'put');
    assert.deepEqual(audit.rows[0].summary, { enabled: true, rules: 1, playbooks: 1 });
  });

  test('POST /v1/config/reload picks up an edited file, and keeps the live config when the file is broken', async () => {
    const cfg = shippedConfig({ window_seconds: 77 });
    writeFileSync(file(), YAML.stringify(cfg));
    const ok = await hub.request('POST', '/v1/config/reload', { key: hub.adminKey });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.config.window_seconds, 77);
    writeFileSync(file(), 'enabled: [unclosed');
    const broken = await hub.request('POST', '/v1/config/reload', { key: hub.adminKey });
    assert.equal(broken.status, 400);
    assert.equal((await hub.request('GET', '/v1/config/correlation', { key: reader })).body.config.window_seconds, 77);
    writeFileSync(file(), YAML.stringify(cfg));
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

describe('config file write failures', () => {
  test('a read-only mount is reported as 409 config_not_writable, not a bare 500', () => {
    const err = Object.assign(new Error('read-only file system'), { code: 'EROFS' });
    const mapped = notWritable(err, '/data/correlation.yaml') as { code: string; status: number; message: string };
    assert.deepEqual([mapped.code, mapped.status], ['config_not_writable', 409]);
    assert.match(mapped.message, /\/data\/correlation\.yaml cannot be written \(EROFS\); the live config is unchanged/);
    const other = new Error('disk on fire');
    assert.equal(notWritable(other, 'f'), other);
  });

  test('a failed write leaves the live config and the file as they were', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'quorum-cfg-'));
    try {
      const store = await createConfigStore({ dataDir: dir, clock: () => new Date() });
      // A directory where the temp file must go makes the write fail, whoever runs the test (root ignores modes).
      await mkdir(path.join(dir, `correlation.yaml.tmp-${process.pid}`));
      await assert.rejects(store.replace(shippedConfig()));
      assert.equal(store.current().config.enabled, false);
      assert.equal(readFileSync(path.join(dir, 'correlation.yaml'), 'utf8'), DEFAULT_CONFIG_YAML);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
