// FastNetMon adapter: vector classification, the JSON notification, dedup, unban, and scripts/fastnetmon-notify on the samples.
// The notify script is spawned as FastNetMon would run it, against a running test hub.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, fixtureText, post, putConfig, shippedConfig } from './helpers/correlation.ts';

const SCRIPT = path.resolve(import.meta.dirname, '../scripts/fastnetmon-notify');

describe('POST /v1/signals/fastnetmon', () => {
  let hub: TestHub;
  before(async () => { hub = await startTestHub(); });
  after(async () => { await hub.close(); });

  test('stores a ban as a ddos.attack signal with the mapped confidence, vector, rates and raw payload', async () => {
    const res = await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.9'));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results, [{ index: 0, subject_id: '10.0.0.9', vector: 'udp_flood', confidence: 0.9, ended: false, outcome: 'stored' }]);
    const read = await hub.request('GET', '/v1/signals?source=fastnetmon&subject_id=10.0.0.9', { key: hub.adminKey });
    const s = read.body.signals[0];
    assert.equal(s.subject_type, 'ip');
    assert.equal(s.signal_key, 'ddos.attack');
    assert.equal(s.signal_value.value, 0.9);
    assert.equal(s.signal_value.bps, 1200000000);
    assert.equal(s.signal_value.pps, 951000);
    assert.equal(s.signal_value.external_id, 'a4f7b4a4-0d5c-4c2e-9f1e-3b1b2c3d4e5f');
    assert.equal(s.signal_value.raw.attack_details.incoming_udp_pps, 950000);
  });

  test('a resent notification with the same attack_uuid and action is a duplicate, not a second signal', async () => {
    const body = fastnetmonBan('10.0.0.10');
    await post(hub, '/v1/signals/fastnetmon', body);
    const again = await post(hub, '/v1/signals/fastnetmon', body);
    assert.equal(again.body.duplicates, 1);
    const read = await hub.request('GET', '/v1/signals?subject_id=10.0.0.10', { key: hub.adminKey });
    assert.equal(read.body.signals.length, 1);
  });

  test('the confidence mapping comes from the config (partial_block 0.7 by default, overridable)', async () => {
    const partial = await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.11', { action: 'partial_block' }, { attack_uuid: 'p-1' }));
    assert.equal(partial.body.results[0].confidence, 0.7);
    const cfg = shippedConfig();
    cfg.sources.fastnetmon.confidence_mapping.partial_block = 0.42;
    await putConfig(hub, cfg);
    const again = await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.11', { action: 'partial_block' }, { attack_uuid: 'p-2' }));
    assert.equal(again.body.results[0].confidence, 0.42);
  });

  test('answers 400 for a notification without a valid ip or action', async () => {
    const noIp = await hub.request('POST', '/v1/signals/fastnetmon', { key: hub.adminKey, body: { action: 'ban', ip: 'victim' } });
    assert.equal(noIp.status, 400);
    assert.match(noIp.body.detail, /"ip" must be an IPv4 or IPv6 address/);
    const badAction = await hub.request('POST', '/v1/signals/fastnetmon', { key: hub.adminKey, body: { action: 'explode', ip: '10.0.0.1' } });
    assert.equal(badAction.status, 400);
    const noKey = await hub.request('POST', '/v1/signals/fastnetmon', { body: fastnetmonBan('10.0.0.1') });
    assert.equal(noKey.status, 401);
  });

  test('unban withdraws the mitigation its ban helped decide (end_when: any_source_ended)', async () => {
    const cfg = shippedConfig();
    cfg.playbooks[0].end_when = 'any_source_ended';
    await putConfig(hub, cfg);
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.5', {}, { attack_uuid: 'u-1' }));
    await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'));
    const active = await hub.request('GET', '/v1/mitigations?status=active&indicator=10.0.0.5', { key: hub.adminKey });
    assert.equal(active.body.mitigations.length, 1);
    await post(hub, '/v1/signals/fastnetmon', { action: 'unban', ip: '10.0.0.5', attack_details: {} });
    const m = await hub.request('GET', `/v1/mitigations/${active.body.mitigations[0].id}`, { key: hub.adminKey });
    assert.equal(m.body.status, 'withdrawn');
    assert.match(m.body.end_reason, /^fastnetmon reported the attack ended/);
  });
});

describe('scripts/fastnetmon-notify against the free-edition samples', () => {
  let hub: TestHub;
  let key: string;
  before(async () => {
    hub = await startTestHub();
    key = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:write'] })).key;
  });
  after(async () => { await hub.close(); });

  function run(sample: string, stdin: string | null): Promise<{ code: number; stderr: string }> {
    const argv = fixtureJson(`fastnetmon/${sample}.argv.json`) as string[];
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [SCRIPT, ...argv], { env: { ...process.env, QUORUM_URL: hub.url, QUORUM_API_KEY: key }, stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('exit', (code) => resolve({ code: code ?? 1, stderr }));
      child.stdin.end(stdin ?? '');
    });
  }

  test('the ban sample arrives as a udp_flood report with the rates parsed from the text', async () => {
    const r = await run('ban', fixtureText('fastnetmon/ban.stdin.txt'));
    assert.deepEqual(r, { code: 0, stderr: '' });
    await hub.correlation.caughtUp();
    const read = await hub.request('GET', '/v1/signals?source=fastnetmon', { key: hub.adminKey });
    const v = read.body.signals[0].signal_value;
    assert.equal(read.body.signals[0].subject_id, '10.0.0.5');
    assert.equal(v.vector, 'udp_flood');
    assert.equal(v.value, 0.9);
    assert.equal(v.pps, 24154);
    assert.equal(v.bps, 231000000);
    assert.equal(v.raw.attack_details.incoming_udp_pps, 24154);
    assert.match(v.external_id, /^[0-9a-f-]{36}$/);
  });

  test('the attack_details sample (with flow samples after the counters) parses to the same numbers', async () => {
    const r = await run('attack_details', fixtureText('fastnetmon/attack_details.stdin.txt'));
    assert.equal(r.code, 0);
    const read = await hub.request('GET', '/v1/signals?source=fastnetmon', { key: hub.adminKey });
    const v = read.body.signals[0].signal_value;
    assert.equal(v.action, 'attack_details');
    assert.equal(v.vector, 'udp_flood');
    assert.equal(v.raw.attack_details.total_incoming_pps, 24154);
  });

  test('the unban sample with nothing on stdin is stored as an end of the attack', async () => {
    const r = await run('unban', null);
    assert.equal(r.code, 0);
    const read = await hub.request('GET', '/v1/signals?source=fastnetmon', { key: hub.adminKey });
    const v = read.body.signals[0].signal_value;
    assert.equal(v.action, 'unban');
    assert.equal(v.ended, true);
    assert.equal(v.vector, undefined);
  });

  test('a wrong key makes the script fail loudly instead of silently dropping the alert', async () => {
    const child = spawn(process.execPath, [SCRIPT, '10.0.0.5', 'incoming', '1', 'unban'], { env: { ...process.env, QUORUM_URL: hub.url, QUORUM_API_KEY: 'qk_bad' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /401/);
  });
});
