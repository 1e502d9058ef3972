// The Trust Score recompute loop on a real hub with a movable clock: tenants recomputed on their own when due, one hub
// per tenant (lease), expired subjects removed with a step back to 100, history retention, concurrent recomputes, metrics.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createLeaseHolder } from '../src/db/leases.ts';
import { withTenant } from '../src/db/pools.ts';
import { aSignal, startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
/** The hub's clock runs this far ahead of the wall clock; tests move it. */
let offsetMs = 0;
const DAY = 86_400_000;
const INTERVAL_MS = 1000;

before(async () => {
  hub = await startTestHub({ trustScoreIntervalMs: INTERVAL_MS }, () => new Date(Date.now() + offsetMs));
});
after(async () => { await hub.close(); });

async function post(key: string, signals: Record<string, unknown>[]): Promise<void> {
  const res = await hub.request('POST', '/v1/signals', { key, body: { signals } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

const rows = (tenantId: string, sql: string) => withTenant(hub.pools.app, tenantId, async (c) => (await c.query(sql)).rows);

/** Waits for the loop's next recompute of the tenant that satisfies `ok` (each wait is one event; at most 20). */
async function recomputeWhere(tenantId: string, ok: (r: { subjects: number }) => boolean) {
  for (let i = 0; i < 20; i++) {
    const r = await hub.score.loop.nextRecompute(tenantId);
    if (ok(r)) return r;
    // Due again one interval later on the hub's clock.
    offsetMs += INTERVAL_MS;
  }
  assert.fail('no matching recompute');
}

describe('the recompute loop', () => {
  test('recomputes a tenant on its own once it is due, and counts it', async () => {
    const t = await tenantWithKeys(hub, 'loop-own', { writer: ['signal:write'] });
    await post(t.writer, [aSignal({ severity: 'high' })]);
    offsetMs += INTERVAL_MS;
    const r = await recomputeWhere(t.id, (x) => x.subjects === 1);
    assert.equal(r.subjects, 1);
    assert.equal((await rows(t.id, 'SELECT * FROM subject_scores')).length, 1);
    const metrics = (await hub.request('GET', '/metrics')).body as string;
    assert.match(metrics, /quorum_trust_score_recomputes_total\{trigger="schedule",outcome="ok"\} [1-9]/);
    assert.match(metrics, /quorum_trust_score_recompute_seconds_count\{trigger="schedule"\} [1-9]/);
    assert.match(metrics, /quorum_trust_score_last_success_timestamp_seconds 1\d{9}/);
  });

  test('leaves a tenant whose lease another hub holds to that hub, and takes it over once released', async () => {
    const id = randomUUID();
    const other = createLeaseHolder({ url: hub.db.ownerUrl, namespace: 'quorum.trust_score.recompute', logger: pino({ level: 'silent' }) });
    assert.ok(await other.tryHold(id));
    await hub.db.pools.owner.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, 'leased-elsewhere']);
    // A round that recomputed another due tenant has passed this one by.
    const witness = await tenantWithKeys(hub, 'loop-witness', {});
    offsetMs += INTERVAL_MS;
    await hub.score.loop.nextRecompute(witness.id);
    await hub.score.loop.runPass();
    assert.deepEqual(await rows(id, 'SELECT * FROM tenant_score_history'), []);
    await other.stop();
    const r = await hub.score.loop.nextRecompute(id);
    assert.equal(r.subjects, 0);
    assert.equal((await rows(id, 'SELECT * FROM tenant_score_history')).length, 1);
  });
});

describe('what a recompute stores', () => {
  test('a subject whose signals expired is removed and its history steps back to 100', async () => {
    const t = await tenantWithKeys(hub, 'expiring', { admin: ['admin'], writer: ['signal:write'] });
    const mapping = await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: { trust_score: { sources: { cert_scan: 'patch_hygiene' } } } });
    assert.equal(mapping.status, 200, JSON.stringify(mapping.body));
    await post(t.writer, [aSignal({ subject_id: 'short.example', severity: 'critical', ttl_seconds: 60, observed_at: new Date(Date.now() + offsetMs).toISOString() })]);
    const first = await hub.score.loop.recomputeNow(t.id);
    assert.equal(first.subjects, 1);
    assert.ok(first.score < 100);
    offsetMs += 120_000;
    // The loop may get there first (the tenant is due again): what matters is what is stored afterwards.
    const second = await hub.score.loop.recomputeNow(t.id);
    assert.deepEqual([second.subjects, second.score], [0, 100]);
    assert.deepEqual(await rows(t.id, 'SELECT * FROM subject_scores'), []);
    const history = await rows(t.id, 'SELECT score::float8 AS score FROM subject_score_history ORDER BY computed_at');
    assert.deepEqual(history.map((h) => h.score), [first.score, 100]);
  });

  test('a subject row is appended to the history only when its score or inputs changed', async () => {
    const t = await tenantWithKeys(hub, 'steps', { writer: ['signal:write'] });
    await post(t.writer, [aSignal({ subject_id: 'steady.example' })]);
    await hub.score.loop.recomputeNow(t.id);
    await hub.score.loop.recomputeNow(t.id);
    assert.equal((await rows(t.id, 'SELECT * FROM subject_score_history')).length, 1);
    // The loop may add its own recompute of the tenant (it falls due after a second): at least the two.
    assert.ok((await rows(t.id, 'SELECT * FROM tenant_score_history')).length >= 2);
    await post(t.writer, [aSignal({ subject_id: 'steady.example', signal_value: { value: 13 } })]);
    await hub.score.loop.recomputeNow(t.id);
    assert.equal((await rows(t.id, 'SELECT * FROM subject_score_history')).length, 2);
  });

  test('history older than 365 days is deleted at the next recompute', async () => {
    const t = await tenantWithKeys(hub, 'retention', {});
    const now = Date.now() + offsetMs;
    await withTenant(hub.pools.app, t.id, async (c) => {
      for (const age of [400 * DAY, 300 * DAY]) {
        await c.query(`INSERT INTO tenant_score_history (tenant_id, computed_at, score, subjects, inputs_hash, explanation) VALUES ($1, $2, 50, 0, $3, '{}')`,
          [t.id, new Date(now - age), 'f'.repeat(64)]);
        await c.query(`INSERT INTO subject_score_history (tenant_id, subject_type, subject_id, computed_at, score, inputs_hash) VALUES ($1, 'ip', '192.0.2.1', $2, 50, $3)`,
          [t.id, new Date(now - age), 'f'.repeat(64)]);
      }
    });
    await hub.score.loop.recomputeNow(t.id);
    const ages = async (table: string) => (await rows(t.id, `SELECT round(extract(epoch FROM now() - computed_at) / 86400) AS days FROM ${table} ORDER BY computed_at`)).map((r) => Number(r.days));
    assert.deepEqual((await ages('tenant_score_history')).slice(0, 2), [300, 0]);
    assert.deepEqual(await ages('subject_score_history'), [300]);
  });

  test('two recomputes of one tenant at once both finish, each at its own time', async () => {
    const t = await tenantWithKeys(hub, 'concurrent', { writer: ['signal:write'] });
    await post(t.writer, [aSignal({ subject_id: 'a.example', severity: 'low' }), aSignal({ subject_id: 'b.example', severity: 'high' })]);
    // One through this hub's queue, one straight to the service (as another hub would): the tenant's score lock orders them.
    const [a, b] = await Promise.all([hub.score.loop.recomputeNow(t.id), hub.score.service.recompute(t.id)]);
    assert.notEqual(a.computed_at, b.computed_at);
    assert.deepEqual([a.score, a.inputs_hash], [b.score, b.inputs_hash]);
    assert.ok((await rows(t.id, 'SELECT * FROM tenant_score_history')).length >= 2);
  });
});
