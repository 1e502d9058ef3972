// Every guardrail, through the manual mitigation API and the decider, with its recorded reason and metric.
// Time is an injected clock moved by the tests.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withTenant } from '../src/db/pools.ts';
import { createDecider } from '../src/decide/decider.ts';
import { explainManual } from '../src/correlate/explanation.ts';
import { createProtectedAddresses } from '../src/decide/protected-addresses.ts';
import { DEFAULT_GUARDRAILS } from '../src/correlate/correlation-config.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { putConfig, shippedConfig } from './helpers/correlation.ts';

let now = Date.parse('2026-11-22T05:00:00Z');
let hub: TestHub;
before(async () => { hub = await startTestHub({}, () => new Date(now)); });
after(async () => { await hub.close(); });

const block = (indicator: string, ttl_seconds = 600) => hub.request('POST', '/v1/mitigations', { key: hub.adminKey, body: { indicator, ttl_seconds, reason: 'test' } });
const guardrails = (g: Record<string, unknown>) => putConfig(hub, shippedConfig({ guardrails: g }));

describe('guardrails on manual blocks (the same checks correlated decisions pass)', () => {
  test('a plain block is created; a second block of a covered address extends the first instead', async () => {
    await guardrails({});
    const first = await block('10.3.0.0/24');
    assert.equal(first.status, 201);
    assert.equal(first.body.mitigation.indicator, '10.3.0.0/24');
    now += 60_000;
    const second = await block('10.3.0.9', 1200);
    assert.equal(second.status, 200);
    assert.equal(second.body.outcome, 'extended');
    assert.equal(second.body.mitigation.id, first.body.mitigation.id);
    assert.equal(second.body.mitigation.expires_at, '2026-11-22T05:21:00Z');
    assert.equal((await hub.request('GET', '/v1/mitigations?status=active&indicator=10.3.0.9', { key: hub.adminKey })).body.mitigations.length, 1);
  });

  const refusals: [string, Record<string, unknown>, string, number, string, RegExp][] = [
    ['an address in the config safelist', { safelist: ['203.0.113.0/24'] }, '203.0.113.5', 600, 'safelisted', /overlaps safelisted 203\.0\.113\.0\/24/],
    ["the hub's own address", {}, '127.0.0.1', 600, 'protected_address', /an address of this hub/],
    ['a TTL under the minimum', { ttl_min_seconds: 120 }, '10.4.0.1', 60, 'ttl_too_short', /below the minimum 120 s/],
    ['a TTL over the maximum', { ttl_max_seconds: 3600 }, '10.4.0.2', 7200, 'ttl_too_long', /above the maximum 3600 s/],
    ['an IPv4 prefix broader than allowed', { ipv4_prefix_min: 24 }, '10.4.0.0/23', 600, 'prefix_too_broad', /\/23 is broader than the IPv4 minimum \/24/],
    ['an IPv6 prefix broader than allowed', { ipv6_prefix_min: 64 }, '2001:db8::/56', 600, 'prefix_too_broad', /IPv6 minimum \/64/],
    ['an IPv6 prefix narrower than allowed', { ipv6_prefix_max: 64 }, '2001:db8::1', 600, 'prefix_too_narrow', /IPv6 maximum \/64/],
  ];
  for (const [name, g, indicator, ttl, code, reason] of refusals) {
    test(`refuses ${name} with 422 ${code}, records it and counts it`, async () => {
      await guardrails(g);
      const res = await block(indicator, ttl);
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'guardrail_rejected');
      assert.equal(res.body.guardrail, code);
      assert.match(res.body.detail, reason);
      const rows = await hub.db.pools.owner.query("SELECT code, origin FROM guardrail_rejections WHERE reason = $1", [res.body.detail]);
      assert.deepEqual(rows.rows.at(-1), { code, origin: 'manual' });
      const metrics = await hub.request('GET', '/metrics');
      assert.match(metrics.body, new RegExp(`quorum_guardrail_rejections_total\\{reason="${code}",tenant="[^"]+"\\} [1-9]`));
    });
  }

  test('a config safelist added later lifts the active blocks it covers as soon as the policy changes', async () => {
    await guardrails({});
    const blocked = await block('192.0.2.200');
    await guardrails({ safelist: ['192.0.2.128/25'] });
    // No round is asked for (the interval is long): the policy change starts one.
    const m = await waitUntil('the lift', 10_000, async () => {
      const res = await hub.request('GET', `/v1/mitigations/${blocked.body.mitigation.id}`, { key: hub.adminKey });
      return res.body.status === 'active' ? false : res;
    });
    assert.deepEqual([m.body.status, m.body.end_reason], ['withdrawn', 'covered by the policy safelist']);
    assert.equal((await hub.correlation.reconciler.reconcile()).mitigationsLifted, 0, 'nothing left for the next round');
  });

  test('refuses an address safelisted through the API, and allows it again once the entry is removed', async () => {
    await guardrails({});
    const blocked = await block('198.18.9.9');
    const entry = await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '198.18.0.0/15' } });
    assert.deepEqual(entry.body.withdrawn, [blocked.body.mitigation.id]);
    assert.equal((await hub.request('GET', `/v1/mitigations/${blocked.body.mitigation.id}`, { key: hub.adminKey })).body.status, 'withdrawn');
    assert.equal((await block('198.18.7.7')).body.guardrail, 'safelisted');
    assert.equal((await hub.request('DELETE', `/v1/safelist/${entry.body.id}`, { key: hub.adminKey })).status, 204);
    assert.equal((await block('198.18.7.7')).status, 201);
  });

  test('a safelist entry with an expiry protects until then, then counts nowhere: the refused block is accepted and the list leaves it out', async () => {
    await guardrails({});
    const until = new Date(now + 600_000).toISOString();
    const entry = await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '198.19.0.0/16', reason: 'pen test', expiresAt: until } });
    assert.equal(entry.status, 201);
    assert.equal(entry.body.expiresAt, until.replace('.000Z', 'Z'));
    const listed = (await hub.request('GET', '/v1/safelist', { key: hub.adminKey })).body.entries.find((e: any) => e.id === entry.body.id);
    assert.deepEqual([listed.cidr, listed.expiresAt], ['198.19.0.0/16', entry.body.expiresAt]);
    assert.equal((await block('198.19.4.4')).body.guardrail, 'safelisted');
    now += 600_001;
    assert.equal((await block('198.19.4.4')).status, 201, 'the expired entry no longer refuses the block');
    const after = (await hub.request('GET', '/v1/safelist', { key: hub.adminKey })).body.entries;
    assert.equal(after.some((e: any) => e.id === entry.body.id), false, 'an expired entry is not listed');
    const permanent = await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '198.19.9.0/24' } });
    assert.equal(permanent.body.expiresAt, null, 'without expiresAt the entry stays until removed');
    assert.equal((await hub.request('DELETE', `/v1/safelist/${permanent.body.id}`, { key: hub.adminKey })).status, 204);
  });

  test('refuses a safelist expiry that is not RFC 3339, not in the future or more than a year ahead, naming the field, and stores nothing', async () => {
    const count = async () => (await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM safelist_entries')).rows[0].n;
    const before = await count();
    for (const [expiresAt, rule] of [['tomorrow', 'format'], ['2026-13-01T00:00:00Z', 'format'], [new Date(now).toISOString(), 'minimum'],
      [new Date(now - 1000).toISOString(), 'minimum'], [new Date(now + 366 * 86_400_000).toISOString(), 'maximum']] as const) {
      const res = await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '198.20.0.0/16', expiresAt } });
      assert.equal(res.status, 400, expiresAt);
      assert.equal(res.body.field, 'expiresAt');
      assert.equal(res.body.errors[0].rule, rule, expiresAt);
    }
    assert.equal((await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '198.20.0.0/16', expiresAt: 5 } })).status, 400);
    assert.equal(await count(), before);
  });

  test('refuses new blocks beyond the per-tenant maximum of active blocks, but still extends existing ones', async () => {
    const active = (await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM mitigations WHERE status = 'active'")).rows[0].n;
    await guardrails({ max_active_per_tenant: active + 1 });
    assert.equal((await block('10.5.0.1')).status, 201);
    const refused = await block('10.5.0.2');
    assert.equal(refused.body.guardrail, 'max_active');
    assert.equal((await block('10.5.0.1')).body.outcome, 'extended');
  });

  test('refuses more new blocks per minute than allowed, and allows them again a minute later', async () => {
    now += 120_000;
    await guardrails({ max_new_per_minute: 2 });
    assert.equal((await block('10.6.0.1')).status, 201);
    assert.equal((await block('10.6.0.2')).status, 201);
    assert.equal((await block('10.6.0.3')).body.guardrail, 'rate_limited');
    now += 61_000;
    assert.equal((await block('10.6.0.3')).status, 201);
  });

  test("never blocks a registered sensor's address (the sensor source is injectable)", async () => {
    const decider = createDecider({
      guardrails: () => DEFAULT_GUARDRAILS, metrics: hub.metrics, clock: () => new Date(now),
      protectedAddresses: createProtectedAddresses({ listenHost: '0.0.0.0', interfaces: () => [], sensorAddresses: () => ['198.51.100.7'] }),
    });
    const tenantId = hub.bootstrap.tenantId;
    const result = await withTenant(hub.pools.app, tenantId, (c) => decider.block(c, {
      tenantId, indicator: '198.51.100.0/24', ttlSeconds: 600, origin: 'manual', groupId: null, rule: null, playbook: null,
      explanation: explainManual(undefined, 'k', new Date(now)), createdBy: 'k',
    }));
    assert.equal(result.outcome, 'rejected');
    assert.deepEqual(result.outcome === 'rejected' && result.rejection, { code: 'protected_address', reason: '198.51.100.0/24 would block 198.51.100.7 (a registered sensor)' });
  });
});

describe('manual mitigation API', () => {
  test('withdraws an active block once (409 the second time) and needs the admin scope to create or withdraw', async () => {
    await guardrails({});
    const created = await block('10.7.0.1');
    const id = created.body.mitigation.id;
    const reader = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:read'] })).key;
    assert.equal((await hub.request('POST', `/v1/mitigations/${id}/withdraw`, { key: reader, body: {} })).status, 403);
    assert.equal((await hub.request('POST', '/v1/mitigations', { key: reader, body: { indicator: '10.7.0.2', ttl_seconds: 600 } })).status, 403);
    const w = await hub.request('POST', `/v1/mitigations/${id}/withdraw`, { key: hub.adminKey, body: { reason: 'false positive' } });
    assert.equal(w.status, 200);
    assert.equal(w.body.mitigation.status, 'withdrawn');
    assert.match(w.body.mitigation.end_reason, /: false positive$/);
    assert.equal((await hub.request('POST', `/v1/mitigations/${id}/withdraw`, { key: hub.adminKey, body: {} })).status, 409);
    assert.equal((await hub.request('GET', '/v1/mitigations/00000000-0000-0000-0000-000000000000', { key: reader })).status, 404);
    const detail = await hub.request('GET', `/v1/mitigations/${id}`, { key: reader });
    assert.equal(detail.body.explanation.kind, 'manual');
  });

  test('pages through more mitigations than a page with next_cursor: every one exactly once, newest first, then null', async () => {
    now += 120_000;
    await guardrails({});
    const made: string[] = [];
    for (let i = 1; i <= 7; i++) {
      now += 1000;
      made.push((await block(`10.8.0.${i}`)).body.mitigation.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await hub.request('GET', `/v1/mitigations?status=active&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { key: hub.adminKey })).body;
      assert.ok(page.mitigations.length <= 3);
      seen.push(...page.mitigations.map((m: any) => m.id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    assert.equal(new Set(seen).size, seen.length, 'no mitigation twice');
    assert.deepEqual(seen.filter((id) => made.includes(id)), [...made].reverse());
  });
});
