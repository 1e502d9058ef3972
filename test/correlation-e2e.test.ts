// The anchor scenario end to end over HTTP: FastNetMon ban, Alertmanager critical, one explained mitigation; the block
// ends when both have reported the attack ended (end_when: all_sources_ended, the default).
// Also checks that another tenant sees none of it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub(); });
after(async () => { await hub.close(); });

describe('the anchor scenario: FastNetMon and Alertmanager corroborate one DDoS', () => {
  test('a ban alone opens a group, Alertmanager corroborates it into one explained mitigation, resolving and unbanning withdraw it', async () => {
    await putConfig(hub, shippedConfig());
    const ban = await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.5'));
    assert.equal(ban.status, 200);
    assert.equal(ban.body.stored, 1);

    let groups = await hub.request('GET', '/v1/signal-groups?status=open', { key: hub.adminKey });
    assert.equal(groups.body.signal_groups.length, 1);
    const group = groups.body.signal_groups[0];
    assert.deepEqual(group.group_key, { subject_id: '10.0.0.5', 'signal_value.vector': 'udp_flood' });
    assert.equal(group.source_count, 1);
    assert.match(group.decision_reason, /^Corroboration not met \(too few sources\): 1 distinct source \(min 2\)/);
    let mitigations = await hub.request('GET', '/v1/mitigations', { key: hub.adminKey });
    assert.deepEqual(mitigations.body.mitigations, []);

    const firing = await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'));
    assert.equal(firing.status, 200);
    assert.equal(firing.body.stored, 1);

    mitigations = await hub.request('GET', '/v1/mitigations?status=active', { key: hub.adminKey });
    assert.equal(mitigations.body.mitigations.length, 1);
    const m = mitigations.body.mitigations[0];
    assert.equal(m.indicator, '10.0.0.5/32');
    assert.deepEqual(m.correlation.sources, ['fastnetmon', 'alertmanager']);
    assert.equal(m.correlation.explanation,
      'Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)');
    const detail = await hub.request('GET', `/v1/mitigations/${m.id}`, { key: hub.adminKey });
    assert.equal(detail.body.explanation.rule, 'ddos_by_victim');
    assert.equal(detail.body.explanation.playbook, 'block_victim_traffic');
    assert.deepEqual(detail.body.explanation.thresholds, { min_sources: 2, confidence_threshold: 0.7, window_seconds: 300, decay_half_life_seconds: 0 });
    assert.deepEqual(detail.body.explanation.signals.map((s: any) => [s.source, s.confidence, s.weight]), [['fastnetmon', 0.9, 1], ['alertmanager', 0.9, 0.8]]);

    groups = await hub.request('GET', `/v1/signal-groups/${group.id}`, { key: hub.adminKey });
    assert.equal(groups.body.status, 'corroborated');
    assert.equal(groups.body.mitigation_id, m.id);
    assert.equal(groups.body.signals.length, 2);

    const report = await hub.request('GET', `/v1/reports/incident?mitigation_id=${m.id}`, { key: hub.adminKey });
    assert.equal(report.status, 200);
    assert.match(report.body, /^# Incident report: block 10\.0\.0\.5\/32/);
    assert.match(report.body, /## Timeline[\s\S]*## Signals[\s\S]*## Correlation[\s\S]*## Actions/);

    const resolved = await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-resolved.json'));
    assert.equal(resolved.status, 200);
    // FastNetMon still reports the flood: the block stays.
    assert.equal((await hub.request('GET', `/v1/mitigations/${m.id}`, { key: hub.adminKey })).body.status, 'active');
    const unban = await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.5', { action: 'unban' }));
    assert.equal(unban.status, 200);
    const after = await hub.request('GET', `/v1/mitigations/${m.id}`, { key: hub.adminKey });
    assert.equal(after.body.status, 'withdrawn');
    assert.match(after.body.end_reason, /^all sources ended: fastnetmon \(signal 4\), alertmanager \(signal 3\)$/);
    // The explanation stored at decision time is untouched by the withdrawal.
    assert.equal(after.body.explanation.text, m.correlation.explanation);

    const final = (await hub.request('GET', `/v1/reports/incident?mitigation_id=${m.id}`, { key: hub.adminKey })).body as string;
    const timeline = final.split('## Timeline')[1]!.split('## Signals')[0]!.trim().split('\n').map((l) => l.replace(/^- \S+ — /, ''));
    assert.deepEqual(timeline.map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'signal 1 from', 'group `' + group.id + '` opened', 'signal 2 from', 'mitigation created: block', 'mitigation withdrawn: all',
    ]);
    assert.match(final, /## Actions\n\n- \S+: block 10\.0\.0\.5\/32 until \S+\n- \S+: withdrawn — all sources ended: fastnetmon/);
  });

  test('the OpenAPI document lists the correlation, mitigation, adapter and config endpoints', async () => {
    const doc = (await hub.request('GET', '/openapi.json')).body;
    for (const p of ['/v1/signal-groups', '/v1/signal-groups/{id}', '/v1/mitigations', '/v1/mitigations/{id}/withdraw', '/v1/reports/incident',
      '/v1/signals/alertmanager', '/v1/signals/fastnetmon', '/v1/signals/webhook/{name}', '/v1/config/correlation', '/v1/config/correlation/replay', '/v1/config/reload']) {
      assert.ok(doc.paths[p], `missing ${p}`);
    }
  });

  test("another tenant sees none of this tenant's groups, mitigations or reports", async () => {
    const other = await hub.keys.createTenant('other');
    const key = (await hub.keys.createKey({ tenantId: other.id, scopes: ['signal:read'] })).key;
    const mine = (await hub.request('GET', '/v1/mitigations', { key: hub.adminKey })).body.mitigations;
    assert.ok(mine.length > 0);
    assert.deepEqual((await hub.request('GET', '/v1/mitigations', { key })).body.mitigations, []);
    assert.deepEqual((await hub.request('GET', '/v1/signal-groups', { key })).body.signal_groups, []);
    assert.equal((await hub.request('GET', `/v1/mitigations/${mine[0].id}`, { key })).status, 404);
    assert.equal((await hub.request('GET', `/v1/reports/incident?mitigation_id=${mine[0].id}`, { key })).status, 404);
    // Row-level security holds even for a query that forgets its tenant filter.
    const raw = await hub.pools.app.query('SELECT count(*)::int AS n FROM mitigations');
    assert.equal(raw.rows[0].n, 0);
  });
});
