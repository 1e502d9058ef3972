// Signal groups in the database: one open group under concurrency, window expiry, reconciliation, stored numbers, refusals.
// Time is an injected clock moved by the tests.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { SqlEmitter } from '../src/store/emitter.ts';
import { closePools, createPools } from '../src/db/pools.ts';
import { createCorrelationEngine } from '../src/correlate/engine.ts';
import { createDecider } from '../src/decide/decider.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';

const T0 = Date.parse('2026-11-22T05:00:00Z');
let now = T0;
let hub: TestHub;
before(async () => { hub = await startTestHub({ reconcileIntervalMs: 3_600_000 }, () => new Date(now)); });
after(async () => { await hub.close(); });

const key = () => hub.adminKey;
const get = async (url: string) => (await hub.request('GET', url, { key: key() })).body;
const ddos = (ip: string, source: string, confidence: number, over: Record<string, unknown> = {}) => ({
  source, subject_type: 'ip', subject_id: ip, signal_key: 'ddos.attack', signal_value: { value: confidence, vector: 'udp_flood' },
  severity: 'high', observed_at: new Date(now).toISOString(), ...over,
});

describe('signal groups', () => {
  test('with correlation disabled no group is opened and nothing is decided', async () => {
    await putConfig(hub, shippedConfig({ enabled: false }));
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.1.0.1'));
    assert.deepEqual((await get('/v1/signal-groups')).signal_groups, []);
  });

  test('with min_sources 1 a single source decides at once, as without correlation', async () => {
    const cfg = shippedConfig();
    cfg.playbooks[0].correlation = { min_sources: 1, confidence_threshold: 0.5 };
    await putConfig(hub, cfg);
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.1.0.2', {}, { attack_uuid: 'single' }));
    const m = (await get('/v1/mitigations?indicator=10.1.0.2')).mitigations;
    assert.equal(m.length, 1);
    assert.equal(m[0].correlation.explanation, 'Corroboration met: 1 distinct source (min 1), derived confidence 0.90 (threshold 0.50). Sources: fastnetmon (0.90, w 1.0)');
  });

  test('50 concurrent signals for one key, handled by 50 engines on 5 connection pools as if 5 processes, yield exactly one open group', async () => {
    const cfg = shippedConfig();
    cfg.playbooks[0].correlation = { min_sources: 3 };
    await putConfig(hub, cfg);
    const emitter = new SqlEmitter(hub.pools.app, { clock: () => new Date(now) });
    const rows = [];
    for (let i = 0; i < 50; i++) {
      const [v] = emitter.validate([ddos('10.1.0.3', 'fastnetmon', 0.9)]);
      rows.push({ ...v!, id: String(1_000_000 + i) });
    }
    const pools = Array.from({ length: 5 }, () => createPools({ ownerUrl: hub.db.ownerUrl, appUrl: hub.db.appUrl, appPoolSize: 10 }));
    const engines = rows.map((_, i) => createCorrelationEngine({
      pool: pools[i % 5]!.app, policy: hub.correlation.policy, metrics: hub.metrics, clock: () => new Date(now), logger: pino({ level: 'silent' }),
      decider: createDecider({ guardrails: async (t) => (await hub.correlation.policy.forTenant(t)).config.guardrails, protectedAddresses: () => [], metrics: hub.metrics, clock: () => new Date(now) }),
    }));
    try {
      await Promise.all(rows.map((row, i) => engines[i]!.onBatch({ tenantId: hub.bootstrap.tenantId, signals: [row] })));
    } finally {
      await Promise.all(pools.map(closePools));
    }
    const groups = (await get('/v1/signal-groups?subject=10.1.0.3')).signal_groups;
    assert.equal(groups.length, 1);
    assert.equal(groups[0].status, 'open');
    assert.equal(groups[0].signal_count, 50);
    assert.equal(groups[0].source_count, 1);
  });

  test('a signal after the window ended but before the sweep opens a new group and expires the stale one', async () => {
    await putConfig(hub, shippedConfig());
    await post(hub, '/v1/signals', ddos('10.1.0.4', 'fastnetmon', 0.9));
    now += 301_000;
    const res = await post(hub, '/v1/signals', ddos('10.1.0.4', 'alertmanager', 0.9));
    assert.equal(res.status, 201);
    const groups = (await get('/v1/signal-groups?subject=10.1.0.4')).signal_groups;
    assert.deepEqual(groups.map((g: any) => [g.status, g.signal_count]), [['open', 1], ['expired', 1]]);
    assert.match(groups[1].decision_reason, /^Window ended before corroboration\. Corroboration not met/);
    assert.deepEqual((await get('/v1/mitigations?indicator=10.1.0.4')).mitigations, []);
  });

  test('the reconciliation loop expires open groups (counting timeouts) and blocks whose TTL ran out', async () => {
    await putConfig(hub, shippedConfig());
    await post(hub, '/v1/signals', ddos('10.1.0.5', 'fastnetmon', 0.9));
    await post(hub, '/v1/signals', ddos('10.1.0.6', 'fastnetmon', 0.9));
    await post(hub, '/v1/signals', ddos('10.1.0.6', 'alertmanager', 0.9));
    const timeoutsBefore = (await hub.metrics.corroborationTimeouts.get()).values[0]?.value ?? 0;
    const scraped = async (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec((await hub.request('GET', '/metrics')).body)?.[1]);
    const expiredGroupsBefore = await scraped('quorum_signal_groups{status="expired"}');
    now += 301_000;
    const first = await hub.correlation.reconciler.reconcile();
    assert.equal(await scraped('quorum_signal_groups{status="expired"}'), expiredGroupsBefore + first.groupsExpired);
    assert.ok(first.groupsExpired >= 1);
    assert.equal((await get('/v1/signal-groups?subject=10.1.0.5')).signal_groups[0].status, 'expired');
    assert.equal((await hub.metrics.corroborationTimeouts.get()).values[0]!.value, timeoutsBefore + first.groupsExpired);
    assert.equal((await get('/v1/mitigations?indicator=10.1.0.6')).mitigations[0].status, 'active');
    now += 300_000;
    const second = await hub.correlation.reconciler.reconcile();
    assert.ok(second.mitigationsExpired >= 1);
    const m = (await get('/v1/mitigations?indicator=10.1.0.6')).mitigations[0];
    assert.equal(m.status, 'expired');
    const metrics = await hub.request('GET', '/metrics');
    assert.match(metrics.body, /quorum_corroboration_timeouts_total \d+/);
    assert.match(metrics.body, /quorum_signal_groups\{status="expired"\} \d+/);
  });

  test('a rule without a playbook groups by subject and corroborates without acting ("three findings on one server")', async () => {
    await putConfig(hub, shippedConfig({
      rules: [{ name: 'findings_by_host', match: { subject_types: ['host'] }, group_by: ['subject_type', 'subject_id'] }],
      min_sources: 3, confidence_threshold: 0.5,
    }));
    for (const source of ['edr', 'vuln_scan', 'waf']) {
      await post(hub, '/v1/signals', { ...ddos('web-1', source, 0.8), subject_type: 'host', signal_key: `${source}.finding` });
    }
    const g = (await get('/v1/signal-groups?subject=web-1')).signal_groups[0];
    assert.equal(g.status, 'corroborated');
    assert.equal(g.source_count, 3);
    assert.equal(g.mitigation_id, null);
    assert.match(g.decision_reason, /rule has no playbook, nothing to do$/);
  });

  test('a corroborated group a guardrail refuses stays open, says why, and records the rejection', async () => {
    await putConfig(hub, shippedConfig());
    const safe = await hub.request('POST', '/v1/safelist', { key: key(), body: { cidr: '10.2.0.0/16', reason: 'our own customers' } });
    assert.equal(safe.status, 201, JSON.stringify(safe.body));
    await post(hub, '/v1/signals', ddos('10.2.3.4', 'fastnetmon', 0.9));
    await post(hub, '/v1/signals', ddos('10.2.3.4', 'alertmanager', 0.9));
    const g = (await get('/v1/signal-groups?subject=10.2.3.4')).signal_groups[0];
    assert.equal(g.status, 'open');
    assert.match(g.decision_reason, /; not acted: guardrail safelisted: 10\.2\.3\.4\/32 overlaps safelisted 10\.2\.0\.0\/16$/);
    const detail = await get(`/v1/signal-groups/${g.id}`);
    assert.deepEqual(detail.guardrail_rejections.map((r: any) => r.code), ['safelisted']);
    const m = (await get('/v1/mitigations?status=rejected&indicator=10.2.3.4')).mitigations;
    assert.equal(m.length, 1);
    assert.equal(m[0].rejection_code, 'safelisted');
    const metrics = await hub.request('GET', '/metrics');
    assert.match(metrics.body, /quorum_guardrail_rejections_total\{reason="safelisted",tenant="[^"]+"\} 1/);
  });

  test('the stored derived confidence applies weights and decay: (0.9·0.5 + 0.7·0.8) / 1.8 = 0.561111111 one half-life later', async () => {
    const cfg = shippedConfig({ confidence_decay_half_life_seconds: 60 });
    cfg.playbooks[0].correlation = { min_sources: 2, confidence_threshold: 0.5 };
    await putConfig(hub, cfg);
    await post(hub, '/v1/signals', ddos('10.1.0.7', 'fastnetmon', 0.9));
    now += 60_000;
    await post(hub, '/v1/signals', ddos('10.1.0.7', 'alertmanager', 0.7));
    const g = (await get('/v1/signal-groups?subject=10.1.0.7')).signal_groups[0];
    assert.equal(g.derived_confidence, 0.561111111);
    assert.equal(g.status, 'corroborated');
    const m = await get(`/v1/mitigations/${g.mitigation_id}`);
    assert.deepEqual(m.explanation.sources.map((s: any) => [s.source, s.confidence, s.weight]), [['fastnetmon', 0.45], ['alertmanager', 0.7]].map(([a, b]) => [a, b, a === 'fastnetmon' ? 1 : 0.8]));
    assert.deepEqual(m.explanation.signals.map((x: any) => [x.source, x.confidence, x.decayed_confidence]), [['fastnetmon', 0.9, 0.45], ['alertmanager', 0.7, 0.7]]);
    assert.equal(m.explanation.text, 'Corroboration met: 2 distinct sources (min 2), derived confidence 0.56 (threshold 0.50). Sources: fastnetmon (0.45, w 1.0), alertmanager (0.70, w 0.8)');
  });

  test("a source's end report stops its signals counting in an open group, which then says so", async () => {
    await putConfig(hub, shippedConfig());
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.1.0.8', {}, { attack_uuid: 'end-1' }));
    await post(hub, '/v1/signals/fastnetmon', { action: 'unban', ip: '10.1.0.8' });
    let g = (await get('/v1/signal-groups?subject=10.1.0.8')).signal_groups[0];
    assert.equal(g.source_count, 0);
    assert.match(g.decision_reason, /; fastnetmon reported the attack ended \(signal \d+\)$/);
    await post(hub, '/v1/signals', ddos('10.1.0.8', 'alertmanager', 0.9));
    g = (await get('/v1/signal-groups?subject=10.1.0.8')).signal_groups[0];
    assert.equal(g.status, 'open');
    assert.equal(g.source_count, 1);
    const detail = await get(`/v1/signal-groups/${g.id}`);
    assert.deepEqual(detail.signals.map((m: any) => [m.source, m.ended_at !== null]), [['fastnetmon', true], ['alertmanager', false]]);
  });

  test('switching correlation off stops new decisions but a resolved alert still withdraws its block', async () => {
    const cfg = shippedConfig();
    cfg.playbooks[0].end_when = 'any_source_ended';
    await putConfig(hub, cfg);
    const firing = fixtureJson('alertmanager/webhook-firing.json');
    firing.alerts[0].labels.victim_ip = '10.1.0.9';
    firing.alerts[0].fingerprint = 'off-1';
    await post(hub, '/v1/signals', ddos('10.1.0.9', 'fastnetmon', 0.9));
    await post(hub, '/v1/signals/alertmanager', firing);
    const m = (await get('/v1/mitigations?status=active&indicator=10.1.0.9')).mitigations[0];
    assert.ok(m);
    await putConfig(hub, { ...cfg, enabled: false });
    await post(hub, '/v1/signals', ddos('10.1.0.10', 'fastnetmon', 0.9));
    assert.deepEqual((await get('/v1/signal-groups?subject=10.1.0.10')).signal_groups, []);
    const resolved = { ...firing, status: 'resolved', alerts: [{ ...firing.alerts[0], status: 'resolved', endsAt: new Date(now).toISOString() }] };
    await post(hub, '/v1/signals/alertmanager', resolved);
    assert.equal((await get(`/v1/mitigations/${m.id}`)).status, 'withdrawn');
  });

  test('groups list pages with a cursor and filters by status and rule', async () => {
    const page1 = await get('/v1/signal-groups?limit=2');
    assert.equal(page1.signal_groups.length, 2);
    const page2 = await get(`/v1/signal-groups?limit=2&cursor=${page1.next_cursor}`);
    assert.ok(page2.signal_groups.length >= 1);
    assert.equal(new Set([...page1.signal_groups, ...page2.signal_groups].map((g: any) => g.id)).size, page1.signal_groups.length + page2.signal_groups.length);
    const bad = await hub.request('GET', '/v1/signal-groups?cursor=zzz', { key: key() });
    assert.equal(bad.status, 400);
    assert.ok((await get('/v1/signal-groups?status=expired')).signal_groups.every((g: any) => g.status === 'expired'));
    assert.deepEqual((await get('/v1/signal-groups?rule=nope')).signal_groups, []);
  });
});
