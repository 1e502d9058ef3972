// The Compliance Pareto: the pure ordering and shares (src/score/pareto.ts), and GET /v1/trust-score/pareto against a real
// hub over subject_scores rows seeded with the formula's own explanations: grouping, ordering, shares, range, subject filter.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paretoOf } from '../src/score/pareto.ts';
import { scoreSubject, type Finding } from '../src/score/formula.ts';
import { DEFAULT_TRUST_SCORE_POLICY } from '../src/core/trust-score-policy.ts';
import type { Severity } from '../src/core/types.ts';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';

describe('paretoOf (pure)', () => {
  test('sorts causes by points descending, with shares and cumulative shares of the total', () => {
    const p = paretoOf([{ key: 'b', points: 10, losses: 1 }, { key: 'a', points: 60, losses: 3 }, { key: 'c', points: 30, losses: 2 }], 100);
    assert.deepEqual(p, {
      total_points: 100, causes_total: 3, causes_for_80_percent: 2,
      causes: [
        { key: 'a', points: 60, losses: 3, share: 0.6, cumulative_share: 0.6 },
        { key: 'c', points: 30, losses: 2, share: 0.3, cumulative_share: 0.9 },
        { key: 'b', points: 10, losses: 1, share: 0.1, cumulative_share: 1 },
      ],
    });
  });

  test('orders equal points by key, whatever order they came in', () => {
    const causes = [{ key: 'zeta', points: 5, losses: 1 }, { key: 'alpha', points: 5, losses: 1 }, { key: 'mid', points: 7, losses: 1 }, { key: 'beta', points: 5, losses: 1 }];
    const keys = (cs: typeof causes) => paretoOf(cs, 10).causes.map((c) => c.key);
    assert.deepEqual(keys(causes), ['mid', 'alpha', 'beta', 'zeta']);
    assert.deepEqual(keys([...causes].reverse()), ['mid', 'alpha', 'beta', 'zeta']);
  });

  test('80 % reached exactly counts as reached; the running share ends at exactly 1', () => {
    const p = paretoOf([{ key: 'x', points: 0.8, losses: 1 }, { key: 'y', points: 0.1, losses: 1 }, { key: 'z', points: 0.1, losses: 1 }], 10);
    assert.equal(p.causes_for_80_percent, 1);
    assert.equal(p.causes.at(-1)!.cumulative_share, 1);
  });

  test('shares are of all causes even when limit shows fewer; causes_total and the 80 % count ignore the limit', () => {
    const causes = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, points: 10 - i, losses: 1 }));
    const p = paretoOf(causes, 3);
    assert.equal(p.total_points, 55);
    assert.equal(p.causes_total, 10);
    // 10 + 9 + 8 + 7 + 6 + 5 = 45 ≥ 0.8 × 55 = 44
    assert.equal(p.causes_for_80_percent, 6);
    assert.deepEqual(p.causes.map((c) => [c.key, c.share, c.cumulative_share]), [['k0', 0.1818, 0.1818], ['k1', 0.1636, 0.3455], ['k2', 0.1455, 0.4909]]);
  });

  test('nothing lost: no causes, total 0, and causes with 0 points are left out', () => {
    assert.deepEqual(paretoOf([], 10), { total_points: 0, causes_total: 0, causes_for_80_percent: 0, causes: [] });
    assert.deepEqual(paretoOf([{ key: 'a', points: 0, losses: 0 }], 10).causes, []);
  });
});

const NOW = Date.now();
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();
const POLICY = { ...DEFAULT_TRUST_SCORE_POLICY, sources: { patch_scanner: 'patch_hygiene', edr: 'agent_health', cis_bench: 'configuration_drift' } };
let seq = 0;
const finding = (source: string, signal_key: string, severity: Severity | null, ageDays: number, value: unknown = 'x'): Finding =>
  ({ kind: 'signal', id: String(++seq), source, signal_key, severity, value, observed_at: daysAgo(ageDays) });

/** Three subjects of A: findings of every age, so each range keeps a different part. */
const A_SUBJECTS: Record<string, Finding[]> = {
  'web-1': [finding('patch_scanner', 'cve.openssl', 'critical', 3), finding('patch_scanner', 'cve.nginx', 'high', 20), finding('edr', 'agent.running', null, 60, false)],
  'web-2': [finding('patch_scanner', 'cve.openssl', 'critical', 200), finding('cis_bench', 'cis.ssh_root_login', 'high', 3)],
  'db-1': [finding('edr', 'agent.running', 'high', 20, false), finding('patch_scanner', 'cve.zlib', 'low', 100), finding('fim', 'binary.hash_mismatch', 'high', 1)],
};

let hub: TestHub;
let A: { id: string; admin: string; reader: string };
let B: { id: string; admin: string; reader: string };

async function seedScores(tenantId: string, subjects: Record<string, Finding[]>): Promise<void> {
  for (const [id, findings] of Object.entries(subjects)) {
    const s = scoreSubject(findings, POLICY, 365);
    await hub.db.pools.owner.query(
      `INSERT INTO subject_scores (tenant_id, subject_type, subject_id, score, formula_version, inputs_hash, explanation, computed_at)
       VALUES ($1, 'host', $2, $3, $4, $5, $6, now())`,
      [tenantId, id, s.score, s.formula_version, s.inputs_hash, JSON.stringify({ categories: s.categories, losses: s.losses, unmapped: s.unmapped })]);
  }
}

/** What the answer must be, summed here over the formula's losses independently of the SQL. */
function expectedPoints(by: (subject: string, l: ReturnType<typeof scoreSubject>['losses'][number]) => string, keep: (subject: string, f: Finding) => boolean = () => true) {
  const sums = new Map<string, number>();
  for (const [subject, findings] of Object.entries(A_SUBJECTS)) {
    for (const l of scoreSubject(findings, POLICY, 365).losses) {
      if (!keep(subject, l.finding)) continue;
      const k = by(subject, l);
      sums.set(k, Math.round(((sums.get(k) ?? 0) + l.points_lost) * 100) / 100);
    }
  }
  return [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const pareto = (key: string, query: string) => hub.request('GET', `/v1/trust-score/pareto${query}`, { key });
const pointsOf = (body: any) => body.causes.map((c: any) => [c.key, c.points]);

before(async () => {
  hub = await startTestHub();
  A = await tenantWithKeys(hub, 'pareto-a', { admin: ['admin'], reader: ['signal:read'] });
  B = await tenantWithKeys(hub, 'pareto-b', { admin: ['admin'], reader: ['signal:read'] });
  await seedScores(A.id, A_SUBJECTS);
  await seedScores(B.id, { 'b-secret-host': [finding('b_private_scanner', 'b.secret_key', 'critical', 1), finding('patch_scanner', 'cve.b_only', 'critical', 1)] });
});
after(async () => { await hub.close(); });

describe('GET /v1/trust-score/pareto', () => {
  test('by category (the default): the tenant\'s lost points summed over its subjects, costliest first', async () => {
    const res = await pareto(A.reader, '');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.by, 'category');
    assert.equal(res.body.subjects, 3);
    assert.deepEqual(pointsOf(res.body), expectedPoints((_s, l) => l.category));
    assert.deepEqual(res.body.causes.map((c: any) => c.key), ['patch_hygiene', 'agent_health', 'configuration_drift']);
  });

  test('shares add up: each is points / total, the cumulative share rises to 1, and the total is the sum of every loss', async () => {
    const body = (await pareto(A.reader, '?by=signal_key')).body;
    const all = Object.values(A_SUBJECTS).flatMap((f) => scoreSubject(f, POLICY, 365).losses);
    assert.equal(body.total_points, Math.round(all.reduce((a, l) => a + l.points_lost, 0) * 100) / 100);
    let running = 0;
    for (const c of body.causes) {
      running += c.points;
      assert.equal(c.share, Math.round((c.points / body.total_points) * 1e4) / 1e4, c.key);
      assert.equal(c.cumulative_share, Math.round((running / body.total_points) * 1e4) / 1e4, c.key);
    }
    assert.equal(body.causes.at(-1).cumulative_share, 1);
    assert.ok(body.causes_for_80_percent >= 1 && body.causes_for_80_percent <= body.causes_total);
  });

  test('by source, signal_key and subject group the same losses other ways; unmapped sources never appear', async () => {
    assert.deepEqual(pointsOf((await pareto(A.reader, '?by=source')).body), expectedPoints((_s, l) => l.finding.source));
    assert.deepEqual(pointsOf((await pareto(A.reader, '?by=signal_key')).body), expectedPoints((_s, l) => l.finding.signal_key));
    const bySubject = (await pareto(A.reader, '?by=subject')).body;
    assert.deepEqual(pointsOf(bySubject), expectedPoints((s) => `host/${s}`));
    assert.ok(!JSON.stringify((await pareto(A.reader, '?by=source')).body).includes('fim'));
    // cve.openssl on two subjects is one cause, counted twice.
    assert.equal((await pareto(A.reader, '?by=signal_key')).body.causes.find((c: any) => c.key === 'cve.openssl').losses, 2);
  });

  test('range keeps only losses whose finding was observed within it', async () => {
    for (const [range, days] of [['7d', 7], ['30d', 30], ['90d', 90], ['365d', 365]] as const) {
      const res = await pareto(A.reader, `?by=signal_key&range=${range}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.range, range);
      assert.ok(Math.abs(Date.parse(res.body.since) - (Date.now() - days * 86_400_000)) < 60_000, res.body.since);
      assert.deepEqual(pointsOf(res.body), expectedPoints((_s, l) => l.finding.signal_key, (_s, f) => Date.parse(f.observed_at) >= NOW - days * 86_400_000), range);
    }
    // 7 days: the two 3-day-old findings only.
    assert.deepEqual((await pareto(A.reader, '?by=signal_key&range=7d')).body.causes.map((c: any) => c.key).sort(), ['cis.ssh_root_login', 'cve.openssl']);
  });

  test('one subject: only its losses, and a subject without a score answers an empty Pareto', async () => {
    const res = await pareto(A.reader, '?by=category&subject_type=host&subject_id=web-2');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.subject, { subject_type: 'host', subject_id: 'web-2' });
    assert.equal(res.body.subjects, 1);
    assert.deepEqual(pointsOf(res.body), expectedPoints((_s, l) => l.category, (s) => s === 'web-2'));
    const none = await pareto(A.reader, '?subject_type=host&subject_id=no-such-host');
    assert.equal(none.status, 200);
    assert.deepEqual([none.body.subjects, none.body.total_points, none.body.causes], [0, 0, []]);
  });

  test('limit shows the costliest causes; the total and shares still cover all of them', async () => {
    const all = (await pareto(A.reader, '?by=signal_key')).body;
    const two = (await pareto(A.reader, '?by=signal_key&limit=2')).body;
    assert.deepEqual(two.causes, all.causes.slice(0, 2));
    assert.equal(two.total_points, all.total_points);
    assert.equal(two.causes_total, all.causes_total);
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['?by=colour', 'by'], ['?range=2d', 'range'], ['?limit=0', 'limit'], ['?limit=1001', 'limit'], ['?subject_type=host', 'subject_id'],
      ['?subject_id=web-1', 'subject_type'], ['?subject_type=Not-Snake&subject_id=x', 'subject_type'], ['?colour=red', 'additionalProperties'],
    ];
    for (const [query, field] of cases) {
      const res = await pareto(A.reader, query);
      assert.equal(res.status, 400, query);
      assert.ok(JSON.stringify(res.body).includes(field), `${query}: ${JSON.stringify(res.body)}`);
    }
  });

  test("a tenant sees only its own losses: B's subjects, sources and keys never appear in A's Pareto", async () => {
    for (const by of ['category', 'source', 'signal_key', 'subject']) {
      const text = JSON.stringify((await pareto(A.reader, `?by=${by}`)).body);
      for (const marker of ['b-secret-host', 'b_private_scanner', 'b.secret_key', 'cve.b_only']) assert.ok(!text.includes(marker), `${by}: ${marker}`);
    }
    const named = await pareto(A.reader, '?subject_type=host&subject_id=b-secret-host');
    assert.deepEqual([named.status, named.body.subjects, named.body.causes], [200, 0, []]);
    assert.deepEqual((await pareto(B.reader, '?by=subject')).body.causes.map((c: any) => c.key), ['host/b-secret-host']);
  });

  test('needs a key with signal:read', async () => {
    assert.equal((await hub.request('GET', '/v1/trust-score/pareto')).status, 401);
    const writer = (await hub.keys.createKey({ tenantId: A.id, scopes: ['signal:write'] })).key;
    assert.equal((await pareto(writer, '')).status, 403);
  });
});
