// Per-tenant correlation policy across the trust boundary: two tenants, the operator's hub defaults, versions and rollback,
// propagation to a second hub process on the same database within 1 s, and replay limits (concurrency, tenant scope).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import YAML from 'yaml';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { startChildHub } from './helpers/child-hub.ts';
import { freePort } from './helpers/process.ts';
import { fastnetmonBan, post } from './helpers/correlation.ts';
import { withTenant } from '../src/db/pools.ts';

let hub: TestHub;
const a = { tenantId: '', admin: '', reader: '' };
const b = { tenantId: '', admin: '', reader: '' };
before(async () => {
  hub = await startTestHub({ replayConcurrency: 1, replayMaxDecisions: 2 });
  for (const [t, name] of [[a, 'tenant-a'], [b, 'tenant-b']] as const) {
    t.tenantId = (await hub.keys.createTenant(name)).id;
    t.admin = (await hub.keys.createKey({ tenantId: t.tenantId, scopes: ['admin'] })).key;
    t.reader = (await hub.keys.createKey({ tenantId: t.tenantId, scopes: ['signal:read', 'signal:write'] })).key;
  }
});
after(async () => { await hub.close(); });

const shipped = () => YAML.parse(DEFAULT_CONFIG_YAML);
const put = (key: string, body: unknown) => hub.request('PUT', '/v1/config/correlation', { key, body });
const getPolicy = async (key: string) => (await hub.request('GET', '/v1/config/correlation', { key })).body;
const setDefaults = async (over: Record<string, unknown>) => {
  const res = await hub.request('PUT', '/v1/config/correlation/defaults', { key: hub.adminKey, body: { ...shipped(), ...over } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const block = (key: string, indicator: string) => hub.request('POST', '/v1/mitigations', { key, body: { indicator, ttl_seconds: 600 } });
const status = async (key: string, id: string) => (await hub.request('GET', `/v1/mitigations/${id}`, { key })).body.status;

describe("a tenant admin changes only its own tenant's policy", () => {
  test("A's admin cannot read or change the hub defaults, nor reload the file (403)", async () => {
    assert.equal((await hub.request('GET', '/v1/config/correlation/defaults', { key: a.admin })).status, 403);
    assert.equal((await hub.request('PUT', '/v1/config/correlation/defaults', { key: a.admin, body: { ...shipped(), enabled: false } })).status, 403);
    assert.equal((await hub.request('POST', '/v1/config/reload', { key: a.admin })).status, 403);
    assert.equal((await hub.request('GET', '/v1/config/correlation/defaults', { key: hub.adminKey })).status, 200);
  });

  test("A switching correlation off leaves B correlating on the hub defaults", async () => {
    await setDefaults({ enabled: true });
    assert.equal((await put(a.admin, { enabled: false })).status, 200);
    assert.deepEqual([(await getPolicy(a.reader)).config.enabled, (await getPolicy(b.reader)).config.enabled], [false, true]);
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.40.0.1', {}, { attack_uuid: 'pol-a' }), a.reader);
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.40.0.1', {}, { attack_uuid: 'pol-b' }), b.reader);
    const groups = async (key: string) => (await hub.request('GET', '/v1/signal-groups', { key })).body.signal_groups.length;
    assert.deepEqual([await groups(a.reader), await groups(b.reader)], [0, 1]);
  });

  test('a policy body cannot name another tenant: an unknown setting is a 400 and nothing changes', async () => {
    const before = await getPolicy(b.reader);
    const res = await put(a.admin, { tenant_id: b.tenantId, enabled: false });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: any) => e.field), ['tenant_id']);
    assert.deepEqual(await getPolicy(b.reader), before);
  });

  test("GET shows nothing of another tenant: A's webhook is neither listed for B nor usable by B", async () => {
    const hook = { secret: 'a-very-private-secret', mapping: { victim: '$.ip' } };
    assert.equal((await put(a.admin, { enabled: false, webhooks: { a_private_hook: hook } })).status, 200);
    const mine = await getPolicy(a.reader);
    assert.equal(mine.config.webhooks.a_private_hook.secret, '***redacted***');
    assert.equal(mine.origins['webhooks.a_private_hook'], 'tenant');
    const theirs = JSON.stringify(await getPolicy(b.reader));
    assert.ok(!theirs.includes('a_private_hook') && !theirs.includes('a-very-private-secret'));
    assert.equal((await hub.request('POST', '/v1/signals/webhook/a_private_hook', { key: b.reader, body: { ip: '10.0.0.1' } })).status, 404);
  });

  test("a tenant may tighten the hub's guardrails but not loosen them (400 lists each)", async () => {
    const res = await put(a.admin, { guardrails: { ttl_max_seconds: 10 * 86_400, ipv4_prefix_min: 8, protect_hub_addresses: false } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: any) => e.field), ['guardrails.ttl_max_seconds', 'guardrails.ipv4_prefix_min', 'guardrails.protect_hub_addresses']);
    assert.equal((await put(a.admin, { guardrails: { ttl_max_seconds: 3600 } })).status, 200);
    assert.deepEqual([(await getPolicy(a.reader)).config.guardrails.ttl_max_seconds, (await getPolicy(b.reader)).config.guardrails.ttl_max_seconds], [3600, 86_400]);
  });
});

describe('safelists: a tenant lifts only its own blocks; the hub safelist lifts everybody\'s and cannot be lifted', () => {
  test("A's safelist lifts A's block and never B's", async () => {
    await setDefaults({ enabled: true });
    const mineA = (await block(a.admin, '10.30.0.6')).body.mitigation.id;
    const mineB = (await block(b.admin, '10.30.0.5')).body.mitigation.id;
    assert.equal((await put(a.admin, { guardrails: { safelist: ['10.30.0.0/16'] } })).status, 200);
    await hub.correlation.reconciler.reconcile();
    assert.deepEqual([await status(a.admin, mineA), await status(b.admin, mineB)], ['withdrawn', 'active']);
    assert.equal((await block(b.admin, '10.30.0.7')).status, 201);
    assert.equal((await block(a.admin, '10.30.0.8')).body.guardrail, 'safelisted');
  });

  test("the operator's hub safelist lifts B's block too, and A's empty safelist does not remove it", async () => {
    const mineB = (await hub.request('GET', '/v1/mitigations?status=active&indicator=10.30.0.5', { key: b.admin })).body.mitigations[0].id;
    await setDefaults({ enabled: true, guardrails: { safelist: ['10.30.0.0/24'] } });
    await hub.correlation.reconciler.reconcile();
    assert.equal(await status(b.admin, mineB), 'withdrawn');
    assert.equal((await put(a.admin, { guardrails: { safelist: [] } })).status, 200);
    const effective = await getPolicy(a.reader);
    assert.deepEqual([effective.config.guardrails.safelist, effective.origins['guardrails.safelist']], [['10.30.0.0/24'], 'hub']);
    assert.equal((await block(a.admin, '10.30.0.9')).body.guardrail, 'safelisted');
    await setDefaults({ enabled: true });
  });
});

describe('versions and rollback', () => {
  test('every change is a version with who and what changed; rollback makes a new version equal to the old one', async () => {
    const start = (await getPolicy(b.reader)).version;
    assert.equal((await put(b.admin, { min_sources: 2 })).status, 200);
    assert.equal((await put(b.admin, { min_sources: 3, window_seconds: 60 })).status, 200);
    const list = (await hub.request('GET', '/v1/config/correlation/versions?limit=2', { key: b.admin })).body;
    assert.deepEqual(list.versions.map((v: any) => [v.version, v.action, v.changed]), [[start + 2, 'put', ['min_sources', 'window_seconds']], [start + 1, 'put', ['min_sources']]]);
    assert.equal(list.next_before, start + 1);
    const rolled = await hub.request('POST', '/v1/config/correlation/rollback', { key: b.admin, body: { version: start + 1 } });
    assert.equal(rolled.status, 200);
    assert.deepEqual([rolled.body.version, rolled.body.config.min_sources, rolled.body.config.window_seconds, rolled.body.overrides], [start + 3, 2, 300, { min_sources: 2 }]);
    const latest = (await hub.request('GET', `/v1/config/correlation/versions/${start + 3}`, { key: b.admin })).body;
    assert.deepEqual([latest.action, latest.rolled_back_to, latest.overrides], ['rollback', start + 1, { min_sources: 2 }]);
    const none = await hub.request('POST', '/v1/config/correlation/rollback', { key: b.admin, body: { version: 0 } });
    assert.deepEqual([none.body.overrides, none.body.config.min_sources], [{}, 1]);
  });

  test('concurrent changes each answer with the version they wrote, never another writer\'s', async () => {
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => put(b.admin, { window_seconds: 100 + i })));
    for (const res of answers) assert.equal(res.status, 200, JSON.stringify(res.body));
    const versions = answers.map((r) => r.body.version);
    assert.equal(new Set(versions).size, 24, `versions ${versions.join(',')}`);
    // Each answer shows its own write: the window it sent, under the version it got.
    answers.forEach((r, i) => assert.equal(r.body.config.window_seconds, 100 + i));
    const defaults = await Promise.all([0, 1, 2].map((i) => hub.request('PUT', '/v1/config/correlation/defaults', { key: hub.adminKey, body: { ...shipped(), window_seconds: 200 + i } })));
    assert.equal(new Set(defaults.map((r) => r.body.version)).size, 3);
    defaults.forEach((r, i) => assert.equal(r.body.config.window_seconds, 200 + i));
    await put(b.admin, {});
  });

  test("versions are the tenant's own: A cannot list, read or roll back to B's", async () => {
    const bVersions = (await hub.request('GET', '/v1/config/correlation/versions', { key: b.admin })).body.versions.map((v: any) => v.version);
    const aVersions = (await hub.request('GET', '/v1/config/correlation/versions?limit=500', { key: a.admin })).body.versions;
    assert.ok(aVersions.every((v: any) => !JSON.stringify(v).includes('window_seconds')));
    const beyond = Math.max(...bVersions, aVersions.length) + 1;
    assert.equal((await hub.request('GET', `/v1/config/correlation/versions/${beyond}`, { key: a.admin })).status, 404);
    assert.equal((await hub.request('POST', '/v1/config/correlation/rollback', { key: a.admin, body: { version: beyond } })).status, 404);
    assert.equal((await hub.request('GET', '/v1/config/correlation/versions', { key: a.reader })).status, 403);
  });
});

describe('the committed version is the truth, the notification only a wake-up', () => {
  test('a change whose NOTIFY never arrived is picked up by the next version check', async () => {
    const before = await getPolicy(a.reader);
    // Written as a hub would, minus the notification: as if it was sent while this hub's listener was reconnecting.
    await withTenant(hub.pools.app, a.tenantId, async (c) => {
      await c.query(`INSERT INTO correlation_policy_versions (tenant_id, version, overrides, action) VALUES ($1, $2, '{"min_sources": 4}', 'put')`, [a.tenantId, before.version + 1]);
      await c.query('UPDATE correlation_policy_generation SET generation = generation + 1');
    });
    await hub.correlation.policy.refresh();
    const after = await getPolicy(a.reader);
    assert.deepEqual([after.version, after.config.min_sources], [before.version + 1, 4]);
    assert.match((await hub.request('GET', '/metrics')).body, /quorum_policy_refreshes_total\{trigger="interval"\} [1-9]/);
  });
});

describe('a second hub process on the same database', () => {
  let child: ChildProcess;
  let childUrl = '';
  before(async () => {
    const port = await freePort();
    // The periodic check is pushed out of the way: only the NOTIFY can bring the change within the second.
    child = await startChildHub({ ownerUrl: hub.db.ownerUrl, appUrl: hub.db.appUrl, port, env: { QUORUM_POLICY_CHECK_INTERVAL_MS: '600000' } });
    childUrl = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  });

  const childPolicy = async (key: string) => (await (await fetch(`${childUrl}/v1/config/correlation`, { headers: { authorization: `Bearer ${key}` } })).json()) as any;
  async function millisUntil(check: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < 10_000) {
      if (await check()) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 10));
    }
    return Infinity;
  }

  test('sees a tenant policy change and a hub defaults change within 1 s, without a restart', async () => {
    const before = (await childPolicy(a.reader)).version;
    assert.equal((await put(a.admin, { confidence_threshold: 0.66 })).status, 200);
    const tenantMs = await millisUntil(async () => (await childPolicy(a.reader)).version === before + 1);
    assert.equal((await childPolicy(a.reader)).config.confidence_threshold, 0.66);

    const defaults = await setDefaults({ enabled: true, window_seconds: 123 });
    const hubMs = await millisUntil(async () => (await childPolicy(b.reader)).defaults_version === defaults.version);
    assert.equal((await childPolicy(b.reader)).config.window_seconds, 123);
    assert.ok(tenantMs < 1000 && hubMs < 1000, `propagation took ${tenantMs} ms and ${hubMs} ms`);
  });
});

describe('policy documents are bounded', () => {
  test('a document above QUORUM_POLICY_MAX_BYTES is refused 413 before any work, and nothing changes', async () => {
    const before = await getPolicy(a.reader);
    const sources = Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`src_${i}`, { weight: 1 }]));
    for (const [url, key] of [['/v1/config/correlation', a.admin], ['/v1/config/correlation/defaults', hub.adminKey]] as const) {
      const res = await hub.request('PUT', url, { key, body: { sources } });
      assert.equal(res.status, 413, url);
      assert.equal(res.body.code, 'payload_too_large');
    }
    const replay = await hub.request('POST', '/v1/config/correlation/replay', { key: a.reader, body: { config: { sources }, since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z' } });
    assert.equal(replay.status, 413);
    assert.deepEqual(await getPolicy(a.reader), before);
  });

  test('a document breaking thousands of rules gets the first 100 errors and the total, not a response larger than itself', async () => {
    const bogus = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`bogus_${i}`, 1]));
    const res = await put(a.admin, bogus);
    assert.equal(res.status, 400);
    assert.equal(res.body.errors.length, 100);
    assert.equal(res.body.truncated, 2000);
    assert.ok(JSON.stringify(res.body).length < 20_000);
  });
});

describe('replay limits', () => {
  test('replays only the calling tenant\'s signals', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    for (const key of [a.reader, a.reader, b.reader]) assert.equal((await hub.request('POST', '/v1/signals', { key, body: aSignal() })).status, 201);
    const until = new Date(Date.now() + 1000).toISOString();
    const replay = (key: string) => hub.request('POST', '/v1/config/correlation/replay', { key, body: { config: { enabled: true }, since, until } });
    assert.deepEqual([(await replay(a.reader)).body.signals, (await replay(b.reader)).body.signals], [2, 1]);
  });

  test('a replay that would simulate more decisions than QUORUM_REPLAY_MAX_DECISIONS stops with a 400', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    for (const ip of ['10.50.0.1', '10.50.0.2', '10.50.0.3']) await post(hub, '/v1/signals/fastnetmon', fastnetmonBan(ip, {}, { attack_uuid: `cap-${ip}` }), b.reader);
    const until = new Date(Date.now() + 1000).toISOString();
    const candidate = { playbooks: [{ name: 'block_victim_traffic', correlation: { min_sources: 1 }, action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600 } }] };
    const res = await hub.request('POST', '/v1/config/correlation/replay', { key: b.reader, body: { config: candidate, since, until } });
    assert.equal(res.status, 400);
    assert.match(res.body.detail, /more than 2 decisions \(QUORUM_REPLAY_MAX_DECISIONS\)/);
  });

  test('one replay more than QUORUM_REPLAY_CONCURRENCY is answered 429 with Retry-After; a bad request is still told what is wrong', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 4; i++) {
      const batch = Array.from({ length: 5000 }, (_, j) => aSignal({ subject_id: `host-${i}-${j}.example` }));
      assert.equal((await hub.request('POST', '/v1/signals', { key: b.reader, body: { signals: batch } })).status, 201);
    }
    const until = new Date(Date.now() + 1000).toISOString();
    const replay = (body: Record<string, unknown>) => hub.request('POST', '/v1/config/correlation/replay', { key: b.reader, body });
    const pending = [1, 2, 3].map(() => replay({ config: {}, since, until }));
    await Promise.any(pending.map(async (p) => { if ((await p).status !== 429) throw new Error('not refused'); }));
    // A replay is running now: a bad candidate or range is still told what is wrong, not that the hub is busy.
    const [badConfig, badRange] = await Promise.all([replay({ config: { min_sources: -3 }, since, until }), replay({ config: {}, since: until, until: since })]);
    assert.deepEqual([badConfig.status, badConfig.body.code, badRange.status, badRange.body.detail], [400, 'invalid_correlation_config', 400, 'since must be before until']);
    const replies = await Promise.all(pending);
    const refused = replies.filter((r) => r.status === 429);
    assert.ok(replies.some((r) => r.status === 200 && r.body.signals >= 20_000), JSON.stringify(replies.map((r) => r.status)));
    assert.ok(refused.length >= 1, JSON.stringify(replies.map((r) => r.status)));
    assert.deepEqual([refused[0]!.body.code, Number(refused[0]!.headers.get('retry-after')) > 0], ['replay_busy', true]);
  });
});
