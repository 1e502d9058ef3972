// The Trust Score API against a real hub: exact scores end to end from signals posted over HTTP and a mapping set
// through the policy API, TTL-expired signals not counting, reproducible recomputes, worst ordering, trends and roles.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withTenant } from '../src/db/pools.ts';
import { aSignal, startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
let t: { id: string; admin: string; reader: string; writer: string };
const ids: Record<string, string> = {};
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The mapping of these tests: two reference categories and Quorum's threat exposure opted in at 20. */
const TRUST_SCORE = { categories: { threat_exposure: 20 }, sources: { patch_scanner: 'patch_hygiene', agent_monitor: 'agent_health' } };

async function post(key: string, signals: Record<string, unknown>[]): Promise<void> {
  const res = await hub.request('POST', '/v1/signals', { key, body: { signals } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

async function get(url: string, key = t.reader): Promise<any> {
  const res = await hub.request('GET', url, { key });
  assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The row id of the latest stored signal of `key` on web-01 (explanations name signals by row id). */
async function rowId(signalKey: string): Promise<string> {
  const rows = (await get(`/v1/signals?subject_id=web-01&signal_key=${signalKey}&limit=1`)).signals;
  return rows[0].id;
}

const web = (over: Record<string, unknown>) => aSignal({ subject_type: 'agent', subject_id: 'web-01', ttl_seconds: null, ...over });

before(async () => {
  // No poll of the pointer keeper comes in the middle of a test (one below removes the pointers' mark and puts it back).
  hub = await startTestHub({ trustScoreIntervalMs: 86_400_000, feedPollIntervalMs: 60_000 });
  t = await tenantWithKeys(hub, 'trust-score-api', { admin: ['admin'], reader: ['signal:read'], writer: ['signal:write'] });
  const policy = await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: { trust_score: TRUST_SCORE } });
  assert.equal(policy.status, 200, JSON.stringify(policy.body));
  const now = Date.now();
  await post(t.writer, [
    web({ source: 'patch_scanner', signal_key: 'patch.missing_critical', severity: 'critical', signal_value: { value: false } }),
    web({ source: 'patch_scanner', signal_key: 'patch.os_outdated', severity: 'high', signal_value: { value: 3 } }),
    web({ source: 'agent_monitor', signal_key: 'agent.heartbeat_ok', severity: 'medium', signal_value: { value: true } }),
    web({ source: 'agent_monitor', signal_key: 'agent.version_drift', severity: 'low', signal_value: { value: '1.2.0' } }),
    web({ source: 'other_tool', signal_key: 'other.finding', severity: 'critical', signal_value: { value: 1 } }),
    // Expired an hour ago: it must count nothing, not even as unmapped.
    web({ source: 'patch_scanner', signal_key: 'patch.expired_finding', severity: 'critical', signal_value: { value: false }, observed_at: new Date(now - 2 * HOUR).toISOString(), ttl_seconds: 3600 }),
    aSignal({ source: 'agent_monitor', subject_type: 'ip', subject_id: '203.0.113.7', signal_key: 'agent.version_drift', severity: 'low', signal_value: { value: 'x' } }),
  ]);
  for (const k of ['patch.missing_critical', 'patch.os_outdated', 'agent.version_drift', 'other.finding', 'patch.expired_finding']) ids[k] = await rowId(k);
  const block = await hub.request('POST', '/v1/blocks', { key: t.admin, body: { block_type: 'IP', indicator: '203.0.113.0/24', ttl_seconds: 3600, reason: 'scanner range', severity: 'high' } });
  assert.equal(block.status, 201, JSON.stringify(block.body));
  ids.block = block.body.block.id;
});
after(async () => { await hub.close(); });

describe('a subject scored live', () => {
  test('scores exactly from its current signals: severity points, failed and passed checks, 1/i^1.5 within a category, bootstrap weights', async () => {
    const s = await get('/v1/trust-score/subjects/agent/web-01');
    // Points lost are whole cents that add up to 100 − score (formula.ts apportions them).
    // A new tenant (age 0): evidence_continuity's 10 goes 5/5 to patch_hygiene and agent_health; mapped categories
    // patch 35, agent 25, threat 20 → shares 35/80, 25/80, 20/80. Patch loses (100 + 60/2^1.5)/ζ₁₀₀(1.5), agent 10/ζ₁₀₀(1.5).
    assert.equal(s.score, 76.73);
    assert.deepEqual(s.categories.map((c: any) => [c.name, c.weight, c.score, c.findings]), [
      ['agent_health', 0.3125, 95.86, 2], ['patch_hygiene', 0.4375, 49.76, 2], ['threat_exposure', 0.25, 100, 0],
    ]);
    assert.deepEqual(s.losses.map((l: any) => [l.finding.id, l.category, l.penalty, l.rank, l.points_lost]), [
      [ids['patch.missing_critical'], 'patch_hygiene', 100, 1, 18.13],
      [ids['patch.os_outdated'], 'patch_hygiene', 60, 2, 3.85],
      [ids['agent.version_drift'], 'agent_health', 10, 1, 1.29],
    ]);
    const top = s.losses[0].finding;
    assert.deepEqual([top.kind, top.source, top.signal_key, top.severity, top.value], ['signal', 'patch_scanner', 'patch.missing_critical', 'critical', false]);
    assert.match(top.observed_at, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    assert.deepEqual(s.unmapped.map((f: any) => [f.id, f.source]), [[ids['other.finding'], 'other_tool']]);
    const everything = JSON.stringify(s);
    assert.ok(!everything.includes(`"id":"${ids['patch.expired_finding']}"`), 'a TTL-expired signal counts nothing');
    assert.match(s.inputs_hash, /^[0-9a-f]{64}$/);
    assert.equal(s.formula_version, 'quorum-trust-1');
  });

  test('an active block covering an ip subject costs its points in threat_exposure', async () => {
    const s = await get('/v1/trust-score/subjects/ip/203.0.113.7');
    assert.equal(s.score, 92.49);
    assert.deepEqual(s.losses.map((l: any) => [l.finding.kind, l.finding.id, l.category, l.penalty, l.points_lost]), [
      ['block', ids.block, 'threat_exposure', 60, 6.22], ['signal', s.losses[1].finding.id, 'agent_health', 10, 1.29],
    ]);
    assert.equal(s.losses[0].finding.signal_key, 'block.ip');
  });

  test('the live score is the same read by the current-signal pointers in one round trip as read from the history', async () => {
    const mark = async () => (await hub.pools.owner.query('SELECT * FROM current_signal_marks WHERE tenant_id = $1', [t.id])).rows[0];
    await hub.score.pointers.caughtUp();
    const saved = await mark();
    assert.ok(saved, 'a caught-up keeper has marked the tenant');
    const byPointers = await get('/v1/trust-score/subjects/agent/web-01');
    // Without a mark the pointers are not usable: the score reads the subject's history in a second round trip.
    await hub.pools.owner.query('DELETE FROM current_signal_marks WHERE tenant_id = $1', [t.id]);
    try {
      const byHistory = await get('/v1/trust-score/subjects/agent/web-01');
      const timeless = (x: any) => ({ ...x, computed_at: null, trend: { ...x.trend, since: null } });
      assert.deepEqual(timeless(byHistory), timeless(byPointers));
      assert.equal(byPointers.score, 76.73);
    } finally {
      const columns = Object.keys(saved);
      await hub.pools.owner.query(`INSERT INTO current_signal_marks (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
        columns.map((c) => saved[c]));
    }
  });

  test('a subject with nothing against it scores 100 with an empty explanation', async () => {
    const s = await get('/v1/trust-score/subjects/agent/nobody');
    assert.deepEqual([s.score, s.losses, s.unmapped, s.trend.points, s.trend.start, s.trend.delta], [100, [], [], [], null, null]);
  });

  test('bad input is a 400 from the catalogue, never a 5xx', async () => {
    for (const url of ['/v1/trust-score/subjects/Bad%20Type/x', '/v1/trust-score/subjects/agent/web-01?range=2d', '/v1/trust-score/tenant?range=1y',
      '/v1/trust-score/subjects?limit=0', '/v1/trust-score/subjects?order=best']) {
      const res = await hub.request('GET', url, { key: t.reader });
      assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.code, /^invalid_/);
    }
  });
});

describe('recompute, reproducibility and the riskiest subjects', () => {
  test('a reader may not recompute (403); a tenant admin recomputes and gets the new tenant score', async () => {
    const refused = await hub.request('POST', '/v1/trust-score/recompute', { key: t.reader });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'scope_missing');
    const r = await hub.request('POST', '/v1/trust-score/recompute', { key: t.admin });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // mean (76.73 + 92.49) / 2 = 84.61, worst decile (one subject) 76.73 → 80.67.
    assert.deepEqual([r.body.score, r.body.subjects, r.body.mean, r.body.worst_decile_mean, r.body.removed], [80.67, 2, 84.61, 76.73, 0]);
    assert.deepEqual(r.body.top_losses.slice(0, 2).map((l: any) => [l.subject_type, l.subject_id, l.finding.signal_key, l.points_lost]), [
      ['agent', 'web-01', 'patch.missing_critical', 18.13], ['ip', '203.0.113.7', 'block.ip', 6.22],
    ]);
  });

  test('recomputing the same inputs gives the same scores and hashes; a changed signal gives another hash', async () => {
    const first = (await hub.request('POST', '/v1/trust-score/recompute', { key: t.admin })).body;
    const firstWorst = await get('/v1/trust-score/subjects');
    const again = (await hub.request('POST', '/v1/trust-score/recompute', { key: t.admin })).body;
    const againWorst = await get('/v1/trust-score/subjects');
    assert.deepEqual([again.score, again.inputs_hash], [first.score, first.inputs_hash]);
    assert.deepEqual(againWorst.subjects.map((s: any) => [s.score, s.inputs_hash]), firstWorst.subjects.map((s: any) => [s.score, s.inputs_hash]));
    assert.ok(again.computed_at > first.computed_at);

    await post(t.writer, [web({ source: 'patch_scanner', signal_key: 'patch.os_outdated', severity: 'info', signal_value: { value: 0 } })]);
    const changed = (await hub.request('POST', '/v1/trust-score/recompute', { key: t.admin })).body;
    assert.notEqual(changed.inputs_hash, first.inputs_hash);
    const worst = await get('/v1/trust-score/subjects?order=worst');
    const webNow = worst.subjects.find((s: any) => s.subject_id === 'web-01');
    // Patch hygiene now loses only 100/ζ₁₀₀(1.5) (an info finding costs 0).
    assert.equal(webNow.score, 80.57);
    assert.notEqual(webNow.inputs_hash, firstWorst.subjects.find((s: any) => s.subject_id === 'web-01').inputs_hash);
    assert.equal((await get('/v1/trust-score/subjects/agent/web-01')).inputs_hash, webNow.inputs_hash, 'the live score hashes the same inputs as the recompute');
  });

  test('the riskiest subjects come lowest score first, with the recompute they come from, and limit bounds them', async () => {
    const worst = await get('/v1/trust-score/subjects?order=worst&limit=10');
    assert.deepEqual(worst.subjects.map((s: any) => [s.subject_type, s.subject_id, s.score]), [['agent', 'web-01', 80.57], ['ip', '203.0.113.7', 92.49]]);
    assert.equal(worst.subjects[0].top_loss.finding.signal_key, 'patch.missing_critical');
    const tenant = await get('/v1/trust-score/tenant');
    assert.equal(worst.computed_at, tenant.computed_at);
    assert.equal((await get('/v1/trust-score/subjects?limit=1')).subjects.length, 1);
  });

  test('the tenant score answers the latest recompute with its categories and top losses', async () => {
    const tenant = await get('/v1/trust-score/tenant?range=7d');
    assert.equal(tenant.basis, 'recompute');
    // mean (80.57 + 92.49) / 2 = 86.53, worst decile 80.57 → 83.55; each category the mean over the two subjects.
    assert.deepEqual([tenant.score, tenant.subjects, tenant.mean, tenant.worst_decile_mean], [83.55, 2, 86.53, 80.57]);
    assert.deepEqual(tenant.categories.map((c: any) => [c.name, c.score, c.findings]), [
      ['agent_health', 95.86, 3], ['patch_hygiene', 79.28, 2], ['threat_exposure', 87.57, 1],
    ]);
    assert.equal(tenant.top_losses[0].finding.signal_key, 'patch.missing_critical');
    // Four recomputes in this file so far, all within the range; the first scored 80.67.
    assert.equal(tenant.trend.points.length, 4);
    assert.deepEqual([tenant.trend.start, tenant.trend.delta], [80.67, 2.88]);
  });
});

describe('trends', () => {
  /** A tenant with tenant snapshots at the given ages (ms before now) and scores. */
  async function tenantWithHistory(name: string, snapshots: [number, number][]) {
    const k = await tenantWithKeys(hub, name, { reader: ['signal:read'] });
    const now = Date.now();
    await withTenant(hub.pools.app, k.id, async (c) => {
      for (const [age, score] of snapshots) {
        await c.query(
          `INSERT INTO tenant_score_history (tenant_id, computed_at, score, subjects, inputs_hash, explanation) VALUES ($1, $2, $3, 1, $4, $5)`,
          [k.id, new Date(now - age), score, 'f'.repeat(64), { mean: score, worst_decile_mean: score, categories: [], top_losses: [], formula_version: 'quorum-trust-1' }]);
      }
    });
    return k;
  }

  test('one point per snapshot in range, the start from the last snapshot before the range, and the delta to the current score', async () => {
    const k = await tenantWithHistory('trend-plain', [[10 * DAY, 50], [5 * DAY, 60], [1 * DAY, 70]]);
    const tenant = await get('/v1/trust-score/tenant?range=7d', k.reader);
    assert.equal(tenant.score, 70);
    assert.deepEqual(tenant.trend.points.map((p: any) => [p.score, p.snapshots]), [[60, 1], [70, 1]]);
    assert.deepEqual([tenant.trend.start, tenant.trend.delta], [50, 20]);
    const month = await get('/v1/trust-score/tenant?range=30d', k.reader);
    assert.deepEqual(month.trend.points.map((p: any) => p.score), [50, 60, 70]);
    // Nothing before the range: the start is its first point.
    assert.deepEqual([month.trend.start, month.trend.delta], [50, 20]);
  });

  test('a long range is downsampled to a bounded number of points that keep every snapshot', async () => {
    // 1,000 snapshots 6 hours apart: 250 days.
    const k = await tenantWithHistory('trend-long', Array.from({ length: 1000 }, (_, i) => [HOUR + i * 6 * HOUR, 40 + (i % 50)] as [number, number]));
    const year = (await get('/v1/trust-score/tenant?range=365d', k.reader)).trend;
    assert.ok(year.points.length <= 360 && year.points.length >= 200, `${year.points.length} points`);
    assert.equal(year.points.reduce((n: number, p: any) => n + p.snapshots, 0), 1000);
    assert.ok(year.points.every((p: any, i: number) => i === 0 || p.at > year.points[i - 1].at), 'oldest first');
    const week = (await get('/v1/trust-score/tenant?range=7d', k.reader)).trend;
    assert.equal(week.points.length, 28);
    assert.ok(week.points.every((p: any) => p.snapshots === 1));
  });

  test("a subject's trend is its step series, and its delta is the live score against the range's start", async () => {
    await withTenant(hub.pools.app, t.id, async (c) => {
      for (const [age, score] of [[20 * DAY, 40], [3 * DAY, 55]] as const) {
        await c.query('INSERT INTO subject_score_history (tenant_id, subject_type, subject_id, computed_at, score, inputs_hash) VALUES ($1, $2, $3, $4, $5, $6)',
          [t.id, 'agent', 'web-01', new Date(Date.now() - age), score, 'e'.repeat(64)]);
      }
    });
    const s = await get('/v1/trust-score/subjects/agent/web-01?range=7d');
    assert.equal(s.trend.start, 40);
    assert.equal(s.trend.delta, Math.round((s.score - 40) * 100) / 100);
    assert.equal(s.trend.points[0].score, 55);
  });

  test('a tenant never recomputed answers a live score and says so', async () => {
    const k = await tenantWithKeys(hub, 'never-recomputed', { reader: ['signal:read'] });
    const tenant = await get('/v1/trust-score/tenant', k.reader);
    assert.deepEqual([tenant.basis, tenant.score, tenant.subjects, tenant.trend.points], ['live', 100, 0, []]);
  });
});

describe('an open incident on a subject', () => {
  test('costs incident_points in threat_exposure, live and in the recompute', async () => {
    const u = await tenantWithKeys(hub, 'trust-score-incident', { admin: ['admin'], reader: ['signal:read'], writer: ['signal:write'] });
    // Only threat_exposure weighs anything: the three findings' sources are unmapped, so the incident is the only loss.
    const body = { enabled: true, subject_anomaly: { enabled: true }, trust_score: { categories: { threat_exposure: 20 } } };
    const policy = await hub.request('PUT', '/v1/config/correlation', { key: u.admin, body });
    assert.equal(policy.status, 200, JSON.stringify(policy.body));
    const host = (source: string, severity: string) => aSignal({ source, subject_type: 'host', subject_id: 'web-02', signal_key: `${source}.finding`, severity, ttl_seconds: 86_400 });
    await post(u.writer, [host('vuln_scan', 'medium'), host('disk_monitor', 'low'), host('file_integrity', 'high')]);
    await hub.correlation.caughtUp();
    const incident = (await get('/v1/incidents', u.reader)).incidents[0];
    assert.equal(incident?.status, 'open');

    const s = await get('/v1/trust-score/subjects/host/web-02', u.reader);
    // 100 − 60 / ζ₁₀₀(1.5) = 100 − 60 / 2.412874 = 75.13, all of it threat_exposure's (the only weighted category).
    assert.equal(s.score, 75.13);
    assert.deepEqual(s.losses.map((l: any) => [l.finding.kind, l.finding.id, l.finding.signal_key, l.category, l.penalty, l.points_lost]), [
      ['incident', incident.id, 'incident.subject_anomaly', 'threat_exposure', 60, 24.87],
    ]);
    assert.deepEqual(s.unmapped.map((f: any) => f.source).sort(), ['disk_monitor', 'file_integrity', 'vuln_scan']);
    const r = await hub.request('POST', '/v1/trust-score/recompute', { key: u.admin });
    assert.deepEqual([r.body.score, r.body.subjects], [75.13, 1]);
  });
});
