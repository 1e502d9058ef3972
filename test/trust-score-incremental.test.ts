// Incremental Trust Score recomputes on a real hub: after a first full recompute, only the subjects whose inputs changed
// (new rows, an expired signal, a block or incident against them) are scored again, and the result equals a full pass.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TRUST_SCORE_POLICY } from '../src/core/trust-score-policy.ts';
import { withTenant } from '../src/db/pools.ts';
import { latestRecomputeBasis } from '../src/score/score-queries.ts';
import type { Recompute } from '../src/score/score-service.ts';
import { rescoreTenant, type RescoreLimits } from '../src/score/tenant-rescoring.ts';
import { aSignal, startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { belowFeedHorizon } from './helpers/feed-horizon.ts';

let hub: TestHub;
let t: { id: string; admin: string; writer: string };
/** The hub's clock: fixed, moved by the tests, so a recompute and the full pass it is compared with see one instant. */
let now = new Date();
const TRUST_SCORE = { categories: { threat_exposure: 20 }, sources: { patch_scanner: 'patch_hygiene', agent_monitor: 'agent_health' } };

before(async () => {
  hub = await startTestHub({ trustScoreIntervalMs: 86_400_000 }, () => now);
  t = await tenantWithKeys(hub, 'incremental', { admin: ['admin'], writer: ['signal:write'] });
  await putMapping(TRUST_SCORE);
  await post([
    aSignal({ source: 'patch_scanner', subject_type: 'agent', subject_id: 'web-01', signal_key: 'patch.missing', severity: 'critical', signal_value: { value: false } }),
    aSignal({ source: 'agent_monitor', subject_type: 'agent', subject_id: 'web-01', signal_key: 'agent.drift', severity: 'low' }),
    aSignal({ source: 'patch_scanner', subject_type: 'agent', subject_id: 'db-01', signal_key: 'patch.missing', severity: 'high', signal_value: { value: false } }),
    aSignal({ source: 'agent_monitor', subject_type: 'ip', subject_id: '203.0.113.7', signal_key: 'agent.drift', severity: 'medium' }),
    aSignal({ source: 'patch_scanner', subject_type: 'agent', subject_id: 'short-lived', signal_key: 'patch.missing', severity: 'critical', ttl_seconds: 600 }),
    aSignal({ source: 'other_tool', subject_type: 'agent', subject_id: 'unmapped-only', signal_key: 'other.finding', severity: 'critical' }),
  ]);
});
after(async () => { await hub.close(); });

/**
 * Posts signals observed at the hub's clock, so a TTL runs out when the tests move that clock, however long the hub took
 * to start. Resolves once their rows are below the feed's horizon: a recompute rescores the rows from its predecessor's
 * horizon on, and a transaction of another test file on the server, older than these rows, would hold it below them.
 */
async function post(signals: Record<string, unknown>[]): Promise<void> {
  const observed = signals.map((s) => ({ ...s, observed_at: now.toISOString() }));
  const res = await hub.request('POST', '/v1/signals', { key: t.writer, body: { signals: observed } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const last = await hub.pools.owner.query('SELECT max(id)::text AS id FROM signal_streams WHERE tenant_id = $1', [t.id]);
  await belowFeedHorizon(hub.pools.owner, last.rows[0].id);
}

async function putMapping(trustScore: unknown): Promise<void> {
  const res = await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: { trust_score: trustScore } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function recompute(): Promise<Recompute> {
  const res = await hub.request('POST', '/v1/trust-score/recompute', { key: t.admin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Recompute;
}

/** The stored subject scores, without their times. */
const storedScores = () => withTenant(hub.pools.app, t.id, async (c) => (await c.query(
  `SELECT subject_type, subject_id, score::float8 AS score, inputs_hash, explanation, valid_until, holdings_hash
   FROM subject_scores ORDER BY subject_type, subject_id`)).rows);

/** What a recompute answers of the tenant, as a full pass computes it now (nothing stored). */
const aggregate = ({ score, subjects, mean, worst_decile_mean, categories, top_losses, inputs_hash }: Omit<Recompute, 'computed_at' | 'removed' | 'mode' | 'rescored'>) =>
  ({ score, subjects, mean, worst_decile_mean, categories, top_losses, inputs_hash });

/** The recompute equals a full pass of the same instant, and its stored rows equal those a full recompute stores. */
async function assertSameAsFull(r: Recompute): Promise<void> {
  assert.deepEqual(aggregate(r), aggregate(await hub.score.service.tenantLive(t.id)));
  const incremental = await storedScores();
  // A basis no recompute has: the next one is full.
  await hub.pools.owner.query(`UPDATE tenant_score_history SET basis_hash = repeat('0', 64) WHERE tenant_id = $1`, [t.id]);
  const full = await recompute();
  assert.equal(full.mode, 'full');
  assert.deepEqual(aggregate(full), aggregate(r));
  assert.deepEqual(await storedScores(), incremental);
}

describe('incremental recomputes', () => {
  test('the first recompute is full; one with nothing changed rescored nothing and answers the same', async () => {
    const first = await recompute();
    assert.deepEqual([first.mode, first.rescored, first.subjects], ['full', 5, 5]);
    now = new Date(now.getTime() + 1000);
    const again = await recompute();
    assert.deepEqual([again.mode, again.rescored, again.removed], ['incremental', 0, 0]);
    assert.deepEqual(aggregate(again), aggregate(first));
  });

  test('a new signal rescores its subject, a new subject is added, the others keep their stored scores', async () => {
    const before = await recompute();
    await post([
      aSignal({ source: 'patch_scanner', subject_type: 'agent', subject_id: 'db-01', signal_key: 'patch.missing', severity: 'low', signal_value: { value: false } }),
      aSignal({ source: 'agent_monitor', subject_type: 'agent', subject_id: 'new-01', signal_key: 'agent.drift', severity: 'high' }),
    ]);
    const r = await recompute();
    assert.deepEqual([r.mode, r.rescored, r.subjects], ['incremental', 2, before.subjects + 1]);
    assert.notEqual(r.inputs_hash, before.inputs_hash);
    await assertSameAsFull(r);
  });

  test('a block against an ip subject rescores it, and so does its removal', async () => {
    await recompute();
    const block = await hub.request('POST', '/v1/blocks', { key: t.admin, body: { block_type: 'IP', indicator: '203.0.113.0/24', ttl_seconds: 3600, reason: 'scanner range', severity: 'high' } });
    assert.equal(block.status, 201, JSON.stringify(block.body));
    const blocked = await recompute();
    assert.deepEqual([blocked.mode, blocked.rescored], ['incremental', 1]);
    assert.ok(blocked.top_losses.some((l) => l.subject_id === '203.0.113.7' && l.finding.kind === 'block'), JSON.stringify(blocked.top_losses));
    await assertSameAsFull(blocked);
    const removed = await hub.request('DELETE', `/v1/blocks/${block.body.block.id}`, { key: t.admin });
    assert.ok(removed.status < 300, JSON.stringify(removed.body));
    const lifted = await recompute();
    assert.deepEqual([lifted.mode, lifted.rescored], ['incremental', 1]);
    assert.ok(!lifted.top_losses.some((l) => l.finding.kind === 'block'));
    await assertSameAsFull(lifted);
  });

  test('a signal that expires rescores its subject without any new row; a subject left without findings is removed', async () => {
    const before = await recompute();
    now = new Date(now.getTime() + 601_000);
    const r = await recompute();
    assert.deepEqual([r.mode, r.rescored, r.removed, r.subjects], ['incremental', 1, 1, before.subjects - 1]);
    assert.ok(!(await storedScores()).some((s) => s.subject_id === 'short-lived'));
    await assertSameAsFull(r);
  });

  test('a new mapping, or a bootstrap phase change of the weights, makes the next recompute full', async () => {
    await recompute();
    await putMapping({ ...TRUST_SCORE, sources: { ...TRUST_SCORE.sources, other_tool: 'configuration_drift' } });
    const r = await recompute();
    assert.deepEqual([r.mode, r.rescored], ['full', r.subjects]);
    assert.equal((await recompute()).mode, 'incremental');
  });

  test('every row written since the last horizon counts: with a horizon before all of them, every subject is rescored', async () => {
    await recompute();
    await hub.pools.owner.query(`UPDATE tenant_score_history SET feed_xmin = '1' WHERE tenant_id = $1`, [t.id]);
    const r = await recompute();
    // The subject whose only signal expired has rows too: looked at again, and still without findings.
    assert.deepEqual([r.mode, r.rescored, r.subjects, r.removed], ['incremental', r.subjects + 1, 5, 0]);
    await assertSameAsFull(r);
  });

  test('past its limits (rows written since, subjects to look at) a rescoring gives way to a full pass', async () => {
    await recompute();
    await post([
      aSignal({ source: 'patch_scanner', subject_type: 'agent', subject_id: 'web-01', signal_key: 'patch.missing', severity: 'high', signal_value: { value: false } }),
      aSignal({ source: 'patch_scanner', subject_type: 'agent', subject_id: 'db-01', signal_key: 'patch.missing', severity: 'high', signal_value: { value: false } }),
    ]);
    // A rescoring only reads; its scores go to a handler that keeps nothing.
    const attempt = (limits: RescoreLimits) => withTenant(hub.pools.app, t.id, async (c) => {
      const basis = (await latestRecomputeBasis(c, t.id))!;
      const r = await rescoreTenant(c, t.id, DEFAULT_TRUST_SCORE_POLICY, 365, now, basis.feed_xmin, () => undefined, limits);
      return r && r.rescored;
    });
    assert.equal(await attempt({ rows: 2, subjects: 2 }), 2);
    assert.equal(await attempt({ rows: 1, subjects: 2 }), null);
    assert.equal(await attempt({ rows: 2, subjects: 1 }), null);
  });
});
