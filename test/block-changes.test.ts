// The block changes feed: every change of mitigation state appends one numbered change in its own transaction,
// versions are gap-free per tenant under concurrent writers, and GET /v1/blocks/changes pages them. Time is an injected clock.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { withTenant } from '../src/db/pools.ts';
import { createDecider } from '../src/decide/decider.ts';
import { explainManual } from '../src/correlate/explanation.ts';
import { startTestHub, type TestHub, tenantWithKeys } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';

// Whole seconds, so that stored times read back as `…:SSZ`; near real time, so that signals fall inside correlation windows.
let now = Math.floor(Date.now() / 1000) * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
let hub: TestHub;
// The background reconciler is held back: these tests run its rounds themselves and count what each one appends.
before(async () => { hub = await startTestHub({ reconcileIntervalMs: 3_600_000 }, () => new Date(now)); });
after(async () => { await hub.close(); });

const block = (indicator: string, ttl_seconds = 600, key = hub.adminKey) =>
  hub.request('POST', '/v1/mitigations', { key, body: { indicator, ttl_seconds, reason: 'feed test' } });
const changes = async (query: string, key = hub.adminKey) => {
  const res = await hub.request('GET', `/v1/blocks/changes${query}`, { key });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { version: number; changes: any[]; next_since: number | null };
};
const currentVersion = async () => (await changes('?limit=1')).version;
/** The changes appended by `act`, checked to be exactly the next versions after the ones before it. */
async function appendedBy(act: () => Promise<unknown>): Promise<any[]> {
  const before = await currentVersion();
  await act();
  const page = await changes(`?since=${before}&limit=1000`);
  assert.deepEqual(page.changes.map((c) => c.version), Array.from({ length: page.version - before }, (_, i) => before + i + 1));
  return page.changes;
}
const kinds = (cs: any[]) => cs.map((c) => [c.change, c.indicator, c.status]);

/** A tenant of its own (its feed starts at version 0) with an admin key. */
const freshTenant = (name: string) => tenantWithKeys(hub, name, { key: ['admin'] });

describe('every change of a block appends exactly one change with the next version', () => {
  test('a manual block appends `created` with the mitigation, indicator, state, expiry and reason', async () => {
    const t = await freshTenant('feed-created');
    const res = await block('10.40.0.1', 600, t.key);
    assert.equal(res.status, 201);
    const page = await changes('', t.key);
    assert.equal(page.version, 1);
    assert.equal(page.next_since, null);
    const [{ reason, ...change }] = page.changes;
    assert.deepEqual(change, {
      version: 1, change: 'created', mitigation_id: res.body.mitigation.id, block_type: 'IP', indicator: '10.40.0.1/32', source: 'manual',
      severity: null, status: 'active',
      expires_at: iso(now + 600_000), changed_at: iso(now),
    });
    assert.match(reason, /feed test/);
  });

  test('extending a covering block appends `extended` with the new expiry', async () => {
    const first = await block('10.41.0.0/24', 600);
    now += 60_000;
    const cs = await appendedBy(() => block('10.41.0.9', 1200));
    assert.deepEqual(kinds(cs), [['extended', '10.41.0.0/24', 'active']]);
    assert.equal(cs[0].mitigation_id, first.body.mitigation.id);
    assert.equal(cs[0].expires_at, iso(now + 1_200_000));
  });

  test('withdrawing through the API appends `withdrawn`; withdrawing it again appends nothing', async () => {
    const m = (await block('10.42.0.1')).body.mitigation;
    const cs = await appendedBy(() => hub.request('POST', `/v1/mitigations/${m.id}/withdraw`, { key: hub.adminKey, body: { reason: 'false positive' } }));
    assert.deepEqual(kinds(cs), [['withdrawn', '10.42.0.1/32', 'withdrawn']]);
    assert.match(cs[0].reason, /: false positive$/);
    const again = await appendedBy(() => hub.request('POST', `/v1/mitigations/${m.id}/withdraw`, { key: hub.adminKey, body: {} }));
    assert.deepEqual(again, []);
  });

  test("the reconciler's expiry appends `expired` for each block whose TTL ran out", async () => {
    const a = (await block('10.43.0.1', 60)).body.mitigation;
    const b = (await block('10.43.0.2', 60)).body.mitigation;
    now += 61_000;
    const cs = await appendedBy(() => hub.correlation.reconciler.reconcile());
    assert.deepEqual(cs.map((c) => [c.change, c.mitigation_id, c.status, c.reason]).sort(),
      [['expired', a.id, 'expired', 'TTL ran out'], ['expired', b.id, 'expired', 'TTL ran out']].sort());
  });

  test('safelisting through the API appends `lifted` for the block it covers', async () => {
    const m = (await block('10.44.0.7')).body.mitigation;
    const cs = await appendedBy(() => hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '10.44.0.0/24' } }));
    assert.deepEqual(kinds(cs), [['lifted', '10.44.0.7/32', 'withdrawn']]);
    assert.equal(cs[0].mitigation_id, m.id);
  });

  test("the reconciler's lift by the policy safelist appends `lifted`", async () => {
    const m = (await block('10.45.0.7')).body.mitigation;
    // The policy change starts a round itself; the one asked for here waits on the tenant's decision lock behind it.
    const cs = await appendedBy(async () => {
      await putConfig(hub, shippedConfig({ guardrails: { safelist: ['10.45.0.0/16'] } }));
      await hub.correlation.reconciler.reconcile();
    });
    assert.deepEqual(kinds(cs), [['lifted', '10.45.0.7/32', 'withdrawn']]);
    assert.equal(cs[0].reason, 'covered by the policy safelist');
    assert.equal(cs[0].mitigation_id, m.id);
    await putConfig(hub, shippedConfig());
  });

  test('a manual block the guardrails refuse stores no mitigation and appends nothing', async () => {
    const cs = await appendedBy(async () => assert.equal((await block('10.46.0.0/8')).status, 422));
    assert.deepEqual(cs, []);
  });

  test('a correlated decision, its refusal by a guardrail, and the end report each append their change', async () => {
    await putConfig(hub, shippedConfig());
    const decided = await appendedBy(async () => {
      await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.5', {}, { attack_uuid: 'feed-1' }));
      await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'));
    });
    assert.deepEqual(kinds(decided), [['created', '10.0.0.5/32', 'active']]);
    assert.match(decided[0].reason, /fastnetmon/);
    // The block ends when both sources have reported the end (end_when: all_sources_ended): one change, at the last.
    const ended = await appendedBy(async () => {
      await post(hub, '/v1/signals/fastnetmon', { action: 'unban', ip: '10.0.0.5', attack_details: {} });
      await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-resolved.json'));
    });
    assert.deepEqual(kinds(ended), [['withdrawn', '10.0.0.5/32', 'withdrawn']]);
    assert.equal(ended[0].mitigation_id, decided[0].mitigation_id);
    assert.match(ended[0].reason, /^all sources ended: fastnetmon \(signal \d+\), alertmanager \(signal \d+\)$/);

    await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '10.0.9.0/24' } });
    const refused = await appendedBy(async () => {
      await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.9.5', {}, { attack_uuid: 'feed-2' }));
      await post(hub, '/v1/signals/alertmanager', { ...fixtureJson('alertmanager/webhook-firing.json'), alerts: fixtureJson('alertmanager/webhook-firing.json').alerts.map((a: any) => ({ ...a, labels: { ...a.labels, victim_ip: '10.0.9.5' } })) });
    });
    assert.deepEqual(kinds(refused), [['rejected', '10.0.9.5/32', 'rejected']]);
    assert.match(refused[0].reason, /^safelisted: /);
  });

  test('a correlated decision first expires the blocks whose TTL ran out: `expired` comes before its `created`', async () => {
    await putConfig(hub, shippedConfig());
    const old = (await block('10.46.0.1', 60)).body.mitigation;
    now += 61_000;
    const firing = fixtureJson('alertmanager/webhook-firing.json');
    const cs = await appendedBy(async () => {
      await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.46.5', {}, { attack_uuid: 'feed-3' }));
      await post(hub, '/v1/signals/alertmanager', { ...firing, alerts: firing.alerts.map((a: any) => ({ ...a, labels: { ...a.labels, victim_ip: '10.0.46.5' } })) });
    });
    assert.deepEqual(kinds(cs), [['expired', '10.46.0.1/32', 'expired'], ['created', '10.0.46.5/32', 'active']]);
    assert.equal(cs[0].mitigation_id, old.id);
    assert.equal(cs[0].reason, 'TTL ran out');
  });
});

describe('versions are gap-free and in commit order', () => {
  test('20 concurrent manual blocks of one tenant get versions 1..20, each once, one per mitigation', async () => {
    const t = await freshTenant('feed-concurrent');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => block(`10.60.${i}.1`, 600, t.key)));
    assert.deepEqual(results.map((r) => r.status), Array(20).fill(201));
    const page = await changes('?limit=1000', t.key);
    assert.equal(page.version, 20);
    assert.deepEqual(page.changes.map((c) => c.version), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.deepEqual(page.changes.map((c) => c.mitigation_id).sort(), results.map((r) => r.body.mitigation.id).sort());
  });

  test('concurrent withdrawals, new blocks and a safelist lift of one tenant append one change each, gap-free', async () => {
    const t = await freshTenant('feed-mixed');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await block(`10.64.${i}.1`, 600, t.key)).body.mitigation.id);
    const answers = await Promise.all([
      ...ids.slice(0, 5).map((id) => hub.request('POST', `/v1/mitigations/${id}/withdraw`, { key: t.key, body: {} })),
      ...Array.from({ length: 5 }, (_, i) => block(`10.65.${i}.1`, 600, t.key)),
      hub.request('POST', '/v1/safelist', { key: t.key, body: { cidr: '10.64.6.0/23' } }),
    ]);
    assert.deepEqual(answers.map((r) => r.status), [...Array(5).fill(200), ...Array(5).fill(201), 201]);
    const page = await changes('?since=10&limit=1000', t.key);
    assert.equal(page.version, 22);
    assert.deepEqual(page.changes.map((c) => c.version), Array.from({ length: 12 }, (_, i) => 11 + i));
    const count = (kind: string) => page.changes.filter((c) => c.change === kind).length;
    assert.deepEqual([count('withdrawn'), count('created'), count('lifted')], [5, 5, 2]);
  });

  test('a correlation refusal whose earlier rejected row is no longer rejected is still logged (block.rejected), once', async () => {
    const t = await freshTenant('feed-refusal-log');
    const created = await block('10.62.0.1', 600, t.key);
    assert.equal(created.status, 201);
    const lines: Record<string, any>[] = [];
    const decider = createDecider({
      guardrails: async (id) => (await hub.correlation.policy.forTenant(id)).config.guardrails, protectedAddresses: () => [], metrics: hub.metrics,
      clock: () => new Date(now), logger: { info: (o: object) => { lines.push(o as Record<string, any>); } } as never,
    });
    // The group's earlier row is an active block now, not a rejected one: there is no rejected row to carry the refusal.
    const r = await withTenant(hub.pools.app, t.id, (c) => decider.block(c, {
      tenantId: t.id, indicator: '10.0.0.0/8', ttlSeconds: 600, origin: 'correlation', groupId: null, rule: 'r', playbook: 'p',
      explanation: explainManual('too broad', 'test', new Date(now)), createdBy: 'test', previousRejectedId: created.body.mitigation.id,
    }));
    assert.equal(r.outcome, 'rejected');
    assert.deepEqual(lines.filter((l) => l.event === 'block.rejected').map((l) => [l.indicator, l.origin]), [['10.0.0.0/8', 'correlation']]);
  });

  test('a change rolled back with its transaction leaves no change and no gap', async () => {
    const t = await freshTenant('feed-rollback');
    assert.equal((await block('10.61.0.1', 600, t.key)).status, 201);
    const decider = createDecider({ guardrails: async (id) => (await hub.correlation.policy.forTenant(id)).config.guardrails, protectedAddresses: () => [], metrics: hub.metrics, clock: () => new Date(now) });
    await assert.rejects(withTenant(hub.pools.app, t.id, async (c) => {
      const r = await decider.block(c, {
        tenantId: t.id, indicator: '10.61.0.2', ttlSeconds: 600, origin: 'manual', groupId: null, rule: null, playbook: null,
        explanation: explainManual('rolled back', 'test', new Date(now)), createdBy: 'test',
      });
      assert.equal(r.outcome, 'created');
      throw new Error('the caller fails after the change');
    }), /the caller fails/);
    assert.equal((await block('10.61.0.3', 600, t.key)).status, 201);
    const page = await changes('', t.key);
    assert.deepEqual(page.changes.map((c) => [c.version, c.indicator]), [[1, '10.61.0.1/32'], [2, '10.61.0.3/32']]);
    const stored = await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM mitigations WHERE indicator = '10.61.0.2/32'");
    assert.equal(stored.rows[0].n, 0);
  });

  test('each change notifies quorum_blocks with the tenant and its version at commit', async () => {
    const t = await freshTenant('feed-notify');
    const heard = new Promise<string>((resolve) => hub.notifications.on('quorum_blocks', (p) => { if (p.startsWith(t.id)) resolve(p); }));
    // The listener subscribes asynchronously: keep blocking until one notification is heard (bounded).
    for (let i = 0; i < 50; i++) {
      assert.equal((await block(`10.62.0.${i + 1}`, 600, t.key)).status, 201);
      const got = await Promise.race([heard, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
      if (got) {
        const [tenant, version] = got.split(' ');
        assert.equal(tenant, t.id);
        assert.ok(Number(version) >= 1 && Number(version) <= i + 1);
        return;
      }
    }
    assert.fail('no notification on quorum_blocks');
  });
});

describe('GET /v1/blocks/changes', () => {
  test('pages oldest first with next_since until the current version, and is empty past it', async () => {
    const t = await freshTenant('feed-pages');
    for (let i = 0; i < 5; i++) assert.equal((await block(`10.63.0.${i + 1}`, 600, t.key)).status, 201);
    const seen: number[] = [];
    let since = 0;
    for (let round = 0; round < 10; round++) {
      const page = await changes(`?since=${since}&limit=2`, t.key);
      assert.equal(page.version, 5);
      seen.push(...page.changes.map((c) => c.version));
      if (page.next_since === null) break;
      assert.equal(page.next_since, page.changes.at(-1).version);
      since = page.next_since;
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.deepEqual(await changes('?since=5', t.key), { version: 5, changes: [], next_since: null });
    assert.deepEqual(await changes('?since=9007199254740991', t.key), { version: 5, changes: [], next_since: null });
  });

  test('a tenant with no change yet is at version 0', async () => {
    const t = await freshTenant('feed-empty');
    assert.deepEqual(await changes('', t.key), { version: 0, changes: [], next_since: null });
  });

  test('answers 400 for a since or limit that is not a version or a page size', async () => {
    for (const q of ['since=-1', 'since=abc', 'since=1.5', 'since=9223372036854775808', 'since=Infinity', 'since=-Infinity', 'since=1e400',
      'limit=0', 'limit=1001', 'limit=Infinity', 'other=1']) {
      const res = await hub.request('GET', `/v1/blocks/changes?${q}`, { key: hub.adminKey });
      assert.equal(res.status, 400, `${q}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await hub.request('GET', '/v1/blocks/changes')).status, 401);
  });
});

describe('one writer of mitigation state', () => {
  test('only src/decide/decider.ts imports the mitigation-writing queries and the feed append', async () => {
    const src = path.resolve(import.meta.dirname, '../src');
    const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts')).map((f) => f.replaceAll('\\', '/'));
    const importers = (name: string) => Promise.all(files.map(async (f) => ((await readFile(path.join(src, f), 'utf8')).match(new RegExp(`from '[./]*(decide/)?${name}'`)) ? f : null)))
      .then((fs) => fs.filter((f) => f !== null));
    assert.deepEqual(await importers('mitigation-writes.ts'), ['decide/decider.ts']);
    const appends = (text: string) => text.includes('appendBlockChanges(') || text.includes('blockChangesStatement(');
    const appenders = (await Promise.all(files.map(async (f) => (appends(await readFile(path.join(src, f), 'utf8')) ? f : null)))).filter((f) => f !== null).sort();
    assert.deepEqual(appenders, ['decide/block-change-queries.ts', 'decide/decider.ts']);
  });
});
