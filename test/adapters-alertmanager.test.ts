// Alertmanager adapter: the captured 0.25 payloads, per-alert outcomes, 400 only for malformed bodies, refresh on repeat.
// Runs through real HTTP and the database; every alert outcome is asserted exactly.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostOfInstance } from '../src/ingest/adapters/alertmanager.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub(); });
after(async () => { await hub.close(); });

function withAlerts(alerts: Record<string, unknown>[]) {
  const body = fixtureJson('alertmanager/webhook-firing.json');
  const template = body.alerts[0];
  return { ...body, alerts: alerts.map((a) => ({ ...template, ...a, labels: { ...template.labels, ...(a.labels as object) } })) };
}

describe('Alertmanager instance labels', () => {
  const cases: [string, string][] = [
    ['10.0.0.5:9100', '10.0.0.5'], ['[2001:db8::1]:9100', '2001:db8::1'], ['2001:db8::1', '2001:db8::1'], ['10.0.0.5', '10.0.0.5'], ['node-1:9100', 'node-1'],
  ];
  for (const [instance, host] of cases) test(`the host of ${instance} is ${host}`, () => assert.equal(hostOfInstance(instance), host));
});

describe('POST /v1/signals/alertmanager', () => {
  test('stores the captured firing payload as a critical ddos.attack signal with numbers from the annotations', async () => {
    const res = await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results, [{ index: 0, fingerprint: '4e0c60ebf55257b7', status: 'firing', outcome: 'stored', subject_id: '10.0.0.5', vector: 'udp_flood', confidence: 0.9 }]);
    const read = await hub.request('GET', '/v1/signals?source=alertmanager', { key: hub.adminKey });
    const s = read.body.signals[0];
    assert.equal(s.severity, 'critical');
    assert.deepEqual([s.signal_value.value, s.signal_value.bps, s.signal_value.pps, s.signal_value.external_id], [0.9, 1200000000, 950000, '4e0c60ebf55257b7']);
  });

  test('maps each alert of a batch on its own: instance without port, IPv6 instance, alertname as vector, severities', async () => {
    const res = await post(hub, '/v1/signals/alertmanager', withAlerts([
      { fingerprint: 'a1', labels: { victim_ip: undefined, instance: '[2001:db8::5]:9100', severity: 'warning' } },
      { fingerprint: 'a2', labels: { victim_ip: undefined, instance: '10.0.0.6:9100', vector: undefined, severity: 'info' } },
      { fingerprint: 'a3', labels: { victim_ip: undefined, instance: 'node-1:9100' } },
      { fingerprint: 'a4', labels: { severity: 'page' } },
    ]));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results.map((r: any) => [r.outcome, r.subject_id, r.vector, r.confidence, r.reason]), [
      ['stored', '2001:db8::5', 'udp_flood', 0.7, undefined],
      ['stored', '10.0.0.6', 'DDoSAttack', 0.5, undefined],
      ['skipped', undefined, undefined, undefined, 'victim "node-1" is not an IP address'],
      ['stored', '10.0.0.5', 'udp_flood', 0.5, 'severity "page" has no confidence mapping; used 0.5'],
    ]);
    assert.deepEqual([res.body.stored, res.body.skipped], [3, 1]);
  });

  test('an alert whose vector is outside the shared vocabulary is stored with a warning naming the vocabulary; a known one has none', async () => {
    const res = await post(hub, '/v1/signals/alertmanager', withAlerts([
      { fingerprint: 'v1', labels: { victim_ip: '10.0.0.21', vector: undefined } },
      { fingerprint: 'v2', labels: { victim_ip: '10.0.0.22', vector: 'UDP-Flood' } },
      { fingerprint: 'v3', labels: { victim_ip: '10.0.0.23', vector: 'syn_flood' } },
      { fingerprint: 'v4', status: 'resolved', labels: { victim_ip: '10.0.0.21', vector: undefined } },
    ]));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results.map((r: any) => [r.outcome, r.vector]), [['stored', 'DDoSAttack'], ['stored', 'UDP-Flood'], ['stored', 'syn_flood'], ['stored', 'DDoSAttack']]);
    assert.match(res.body.results[0].warning, /^vector "DDoSAttack" is not one of udp_flood, syn_flood, tcp_flood, icmp_flood, .*never corroborates/);
    assert.match(res.body.results[1].warning, /^vector "UDP-Flood" is not one of/);
    assert.equal(res.body.results[2].warning, undefined);
    assert.equal(res.body.results[3].warning, undefined, 'a resolved alert ends what it names: no warning');
  });

  test('a valid body with nothing actionable gets 200 with per-alert reasons, never a 4xx Alertmanager would resend forever', async () => {
    const res = await post(hub, '/v1/signals/alertmanager', withAlerts([
      { labels: { victim_ip: undefined, instance: undefined } },
      { status: 'pending' },
    ]));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results.map((r: any) => r.reason), ['no victim_ip label and no instance label', 'status "pending" is neither firing nor resolved']);
  });

  test('only a truly malformed body gets 400', async () => {
    for (const body of [[], { alerts: 'x' }, { version: '3', alerts: [] }, { alerts: [{ status: 'firing' }] }, { alerts: [42] }]) {
      const res = await hub.request('POST', '/v1/signals/alertmanager', { key: hub.adminKey, body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    const none = await hub.request('POST', '/v1/signals/alertmanager', { key: hub.adminKey, body: { alerts: [] } });
    assert.deepEqual(none.body, { stored: 0, duplicates: 0, skipped: 0, results: [] });
  });

  test('answers 401 without a bearer key', async () => {
    const res = await hub.request('POST', '/v1/signals/alertmanager', { body: fixtureJson('alertmanager/webhook-firing.json') });
    assert.equal(res.status, 401);
  });

  test('a repeated firing notification refreshes the decided group and extends its mitigation instead of erroring', async () => {
    let now = Date.parse('2026-11-22T05:00:00Z');
    const clocked = await startTestHub({}, () => new Date(now));
    try {
      await putConfig(clocked, shippedConfig());
      const firing = withAlerts([{ labels: { victim_ip: '10.0.0.20' }, fingerprint: 'rep' }]);
      await post(clocked, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.20', {}, { attack_uuid: 'r-1' }));
      await post(clocked, '/v1/signals/alertmanager', firing);
      const first = (await clocked.request('GET', '/v1/mitigations?status=active', { key: clocked.adminKey })).body.mitigations[0];
      assert.equal(first.expires_at, '2026-11-22T05:10:00Z');
      now += 120_000;
      const again = await post(clocked, '/v1/signals/alertmanager', firing);
      assert.equal(again.status, 200);
      assert.equal(again.body.stored, 1);
      const list = (await clocked.request('GET', '/v1/mitigations', { key: clocked.adminKey })).body.mitigations;
      assert.equal(list.length, 1);
      assert.equal(list[0].expires_at, '2026-11-22T05:12:00Z');
      assert.equal(list[0].extended_count, 1);
      const group = await clocked.request('GET', `/v1/signal-groups/${list[0].correlation.group_id}`, { key: clocked.adminKey });
      assert.equal(group.body.signals.length, 3);
    } finally {
      await clocked.close();
    }
  });
});
