// The blocks API against a real hub: every block type's format and normalisation, the guardrails on every origin,
// safelists lifting what they cover (seen in the feed), list filters and pages, extend, withdraw and import.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withTenant } from '../src/db/pools.ts';
import { createDecider } from '../src/decide/decider.ts';
import { explainManual } from '../src/correlate/explanation.ts';
import { normalizeIndicator } from '../src/core/block-indicator.ts';
import type { BlockOrigin, BlockType } from '../src/core/types.ts';
import { startTestHub, type TestHub, tenantWithKeys } from './helpers/hub.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { shippedConfig } from './helpers/correlation.ts';

let now = Math.floor(Date.now() / 1000) * 1000;
let hub: TestHub;
before(async () => { hub = await startTestHub({ reconcileIntervalMs: 3_600_000, blockImportMaxLines: 50, blockImportMaxBytes: 4096 }, () => new Date(now)); });
after(async () => { await hub.close(); });

/** A tenant of its own (an empty feed and block list) with an admin and a reader key. */
const freshTenant = (name: string) => tenantWithKeys(hub, name, { admin: ['admin'], reader: ['signal:read'] });
type Tenant = Awaited<ReturnType<typeof freshTenant>>;

const add = (t: Tenant, body: Record<string, unknown>) => hub.request('POST', '/v1/blocks', { key: t.admin, body: { ttl_seconds: 600, ...body } });
const list = async (t: Tenant, query = '') => {
  const res = await hub.request('GET', `/v1/blocks${query}`, { key: t.reader });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { blocks: any[]; next_cursor: string | null };
};
const feed = async (t: Tenant, since = 0) => (await hub.request('GET', `/v1/blocks/changes?since=${since}&limit=1000`, { key: t.reader })).body.changes as any[];
const importFile = (t: Tenant, text: string, query = '', type = 'text/csv') =>
  hub.request('POST', `/v1/blocks/import${query}`, { key: t.admin, body: text, headers: { 'content-type': type } });
const mitigationCount = async (tenantId: string) => Number((await hub.db.pools.owner.query('SELECT count(*) AS n FROM mitigations WHERE tenant_id = $1', [tenantId])).rows[0].n);

describe('the OpenAPI document', () => {
  test('documents the blocks routes with examples that work as written', async () => {
    const t = await freshTenant('openapi-examples');
    const doc = (await hub.request('GET', '/openapi.json')).body;
    const examplesOf = (content: any) => [...(content?.schema?.examples ?? []), ...Object.values(content?.examples ?? {}).map((e: any) => e.value), ...(content?.example ? [content.example] : [])];
    const add = examplesOf(doc.paths['/v1/blocks'].post.requestBody.content['application/json']);
    assert.ok(add.length >= 2);
    for (const body of add) assert.equal((await hub.request('POST', '/v1/blocks', { key: t.admin, body })).status, 201, JSON.stringify(body));
    const importOp = doc.paths['/v1/blocks/import'].post;
    assert.deepEqual(Object.keys(importOp.requestBody.content).sort(), ['text/csv', 'text/plain']);
    const [file] = examplesOf(importOp.requestBody.content['text/csv']);
    const res = await importFile(t, file);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.lines.map((l: any) => l.outcome), ['extended', 'extended']);
    for (const op of ['get /v1/blocks', 'post /v1/blocks/{id}/extend', 'delete /v1/blocks/{id}', 'get /v1/blocks/export']) {
      const [method, path] = op.split(' ') as [string, string];
      assert.ok(doc.paths[path]?.[method], op);
    }
  });
});

describe('each block type has one strict, normalised format', () => {
  const cases: [BlockType, string, string | null][] = [
    ['IP', '10.0.0.5', '10.0.0.5/32'], ['IP', ' 10.0.0.0/24 ', '10.0.0.0/24'], ['IP', '10.0.0.77/24', '10.0.0.0/24'],
    ['IP', '2001:DB8:0:0::1', '2001:db8::1/128'], ['IP', '[2001:db8::]/48', '2001:db8::/48'], ['IP', '10.0.0.256', null], ['IP', 'example.com', null],
    ['FINGERPRINT', 't13d1516h2_8daaf6152771_e5627efa2ab1', 't13d1516h2_8daaf6152771_e5627efa2ab1'],
    ['FINGERPRINT', '  771,4865-4866:AbC.de_f ', null], ['FINGERPRINT', 'short_fp', null], ['FINGERPRINT', 'a'.repeat(257), null],
    ['FINGERPRINT', 'ab:cd:ef:01:23:45:67:89', 'ab:cd:ef:01:23:45:67:89'],
    ['ASN', '64500', 'AS64500'], ['ASN', 'as64500', 'AS64500'], ['ASN', 'AS 64500', 'AS64500'], ['ASN', 'AS064500', 'AS64500'],
    ['ASN', '4294967294', 'AS4294967294'], ['ASN', '0', null], ['ASN', 'AS4294967295', null], ['ASN', 'AS1.10', null], ['ASN', 'ASN64500', null], ['ASN', '-1', null],
    ['USER_AGENT', '  curl/8.4.0  ', 'curl/8.4.0'], ['USER_AGENT', 'Mozilla/5.0  (X11;\u00a0Linux)', 'Mozilla/5.0 (X11; Linux)'],
    ['USER_AGENT', 'bad\u0000agent', null], ['USER_AGENT', 'bad\nagent', null], ['USER_AGENT', 'esc\u001b[31m', null], ['USER_AGENT', 'c1\u0085x', null],
    ['USER_AGENT', '   ', null], ['USER_AGENT', 'x'.repeat(513), null], ['USER_AGENT', 'lone\ud800', null], ['USER_AGENT', 'Grüße-Bot/1.0 🤖', 'Grüße-Bot/1.0 🤖'],
  ];
  for (const [type, input, expected] of cases) {
    test(`${type} ${JSON.stringify(input).slice(0, 50)} → ${expected ?? 'refused'}`, () => {
      const n = normalizeIndicator(type, input);
      assert.deepEqual(n.ok ? n.value : null, expected);
      if (!n.ok) assert.match(n.rule, new RegExp(`^a ${type} indicator must be`));
    });
  }
});

describe('POST /v1/blocks', () => {
  test('stores each type normalised, with its source and severity, and the feed carries it', async () => {
    const t = await freshTenant('blocks-types');
    const made: [string, string][] = [];
    for (const [block_type, indicator, expected] of [['IP', '203.0.113.9', '203.0.113.9/32'], ['FINGERPRINT', 't13d1516h2_8daaf6152771_e5627efa2ab1', 't13d1516h2_8daaf6152771_e5627efa2ab1'],
      ['ASN', 'as64500', 'AS64500'], ['USER_AGENT', ' sqlmap/1.7 ', 'sqlmap/1.7']] as const) {
      const res = await add(t, { block_type, indicator, severity: 'high', reason: 'test' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual([res.body.outcome, res.body.block.block_type, res.body.block.indicator, res.body.block.source, res.body.block.severity, res.body.block.status],
        ['created', block_type, expected, 'manual', 'high', 'active']);
      made.push([block_type, expected]);
    }
    assert.deepEqual((await feed(t)).map((c) => [c.block_type, c.indicator]), made);
    const row = (await hub.db.pools.owner.query("SELECT indicator, indicator_value FROM mitigations WHERE tenant_id = $1 AND block_type = 'ASN'", [t.id])).rows[0];
    assert.deepEqual(row, { indicator: null, indicator_value: 'AS64500' });
  });

  test('a second block of the same value (any spelling) extends the first; IP defaults and a covered address extend too', async () => {
    const t = await freshTenant('blocks-extend-same');
    const first = await add(t, { block_type: 'ASN', indicator: '64501' });
    now += 1000;
    const again = await add(t, { block_type: 'ASN', indicator: 'AS64501', ttl_seconds: 1200 });
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.outcome, again.body.block.id, again.body.block.extended_count], ['extended', first.body.block.id, 1]);
    const net = await add(t, { indicator: '198.51.100.0/24' });
    const inside = await add(t, { indicator: '198.51.100.7' });
    assert.deepEqual([inside.status, inside.body.block.id], [200, net.body.block.id]);
  });

  test('a malformed indicator is a 400 naming the field and the rule; nothing is stored', async () => {
    const t = await freshTenant('blocks-malformed');
    for (const [block_type, indicator] of [['IP', 'not-an-ip'], ['ASN', 'AS0'], ['FINGERPRINT', 'tiny'], ['USER_AGENT', 'a\tb'], ['IP', 'x\u0000']]) {
      const res = await add(t, { block_type, indicator });
      assert.equal(res.status, 400, `${block_type} ${indicator}`);
      assert.equal(res.body.field, res.body.code === 'invalid_request' && res.body.errors?.[0]?.field === 'indicator' ? 'indicator' : res.body.field);
      assert.ok(['indicator', 'body', '/indicator'].some((f) => JSON.stringify(res.body).includes(f)), JSON.stringify(res.body));
    }
    for (const body of [{ block_type: 'DOMAIN', indicator: 'x' }, { indicator: '10.0.0.1', ttl_seconds: 0 }, { indicator: '10.0.0.1', severity: 'urgent' }, { indicator: '10.0.0.1', extra: 1 }]) {
      assert.equal((await add(t, body)).status, 400, JSON.stringify(body));
    }
    assert.equal(await mitigationCount(t.id), 0);
  });

  test('a reader may list but not add: 403 scope_missing', async () => {
    const t = await freshTenant('blocks-reader');
    const res = await hub.request('POST', '/v1/blocks', { key: t.reader, body: { indicator: '10.9.9.9', ttl_seconds: 600 } });
    assert.deepEqual([res.status, res.body.code], [403, 'scope_missing']);
  });
});

describe('guardrails apply to every block, whatever its origin', () => {
  const refusals: [string, Record<string, unknown>, BlockType, string, number, string][] = [
    ['a safelisted address', { safelist: ['192.0.2.0/24'] }, 'IP', '192.0.2.5', 600, 'safelisted'],
    ["the hub's own address", {}, 'IP', '127.0.0.1', 600, 'protected_address'],
    ['a prefix too broad', {}, 'IP', '10.0.0.0/8', 600, 'prefix_too_broad'],
    ['an ASN with a TTL over the maximum', { ttl_max_seconds: 3600 }, 'ASN', 'AS64502', 7200, 'ttl_too_long'],
    ['a user agent with a TTL under the minimum', { ttl_min_seconds: 120 }, 'USER_AGENT', 'nikto', 60, 'ttl_too_short'],
    ['a fingerprint beyond the active cap', { max_active_per_tenant: 0 }, 'FINGERPRINT', 't13d1516h2_8daaf6152771_e5627efa2ab2', 600, 'max_active'],
    ['an ASN beyond the rate cap', { max_new_per_minute: 0 }, 'ASN', 'AS64503', 600, 'rate_limited'],
  ];

  for (const [name, g, type, indicator, ttl, code] of refusals) {
    test(`${name}: refused by hand (422 ${code}), in an import line and for an automatic or fleet block; nothing is active`, async () => {
      const t = await freshTenant(`guard-${code}`);
      await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: shippedConfig({ guardrails: g }) });
      const manual = await add(t, { block_type: type, indicator, ttl_seconds: ttl });
      assert.deepEqual([manual.status, manual.body.guardrail], [422, code], JSON.stringify(manual.body));
      const imported = await importFile(t, `indicator,block_type,ttl_seconds\n${indicator},${type},${ttl}\n`);
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      assert.deepEqual(imported.body.lines.map((l: any) => [l.outcome, l.guardrail]), [['rejected', code]]);
      const decider = createDecider({
        guardrails: async (id) => (await hub.correlation.policy.forTenant(id)).config.guardrails,
        protectedAddresses: () => [{ cidr: '127.0.0.1/32', why: 'an address of this hub' }], metrics: hub.metrics, clock: () => new Date(now),
      });
      for (const origin of ['automatic', 'fleet'] as BlockOrigin[]) {
        const r = await withTenant(hub.db.pools.app, t.id, (c) => decider.block(c, {
          tenantId: t.id, blockType: type, indicator, ttlSeconds: ttl, origin, groupId: null, rule: null, playbook: null,
          explanation: explainManual('policy', 'test', new Date(now)), createdBy: null,
        }));
        assert.equal(r.outcome === 'rejected' ? r.rejection.code : r.outcome, code, origin);
      }
      assert.deepEqual((await list(t)).blocks, []);
      assert.deepEqual(await feed(t), [], 'a refused block appends nothing to the feed');
    });
  }
});

describe('a new safelist entry lifts the blocks it covers, and the feed says so', () => {
  test('POST /v1/safelist lifts covered IP blocks of every origin at once; other types and other addresses stay', async () => {
    const t = await freshTenant('lift-api');
    const covered = (await add(t, { indicator: '203.0.113.10' })).body.block;
    const inside = (await add(t, { indicator: '203.0.113.128/25' })).body.block;
    const other = (await add(t, { indicator: '198.51.100.10' })).body.block;
    const asn = (await add(t, { block_type: 'ASN', indicator: 'AS64510' })).body.block;
    const since = (await hub.request('GET', '/v1/blocks/changes', { key: t.reader })).body.version;
    const res = await hub.request('POST', '/v1/safelist', { key: t.admin, body: { cidr: '203.0.113.0/24', reason: 'office' } });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.withdrawn.sort(), [covered.id, inside.id].sort());
    const lifted = await feed(t, since);
    assert.deepEqual(lifted.map((c) => [c.change, c.status]), [['lifted', 'withdrawn'], ['lifted', 'withdrawn']]);
    assert.deepEqual(lifted.map((c) => c.mitigation_id).sort(), [covered.id, inside.id].sort());
    assert.deepEqual((await list(t)).blocks.map((b) => b.id).sort(), [other.id, asn.id].sort());
    const again = await add(t, { indicator: '203.0.113.10' });
    assert.deepEqual([again.status, again.body.guardrail], [422, 'safelisted'], 'and nothing it covers is stored active again');
  });

  test('a policy safelist entry (tenant override or hub default) lifts what it covers as soon as the policy changes', async () => {
    const t = await freshTenant('lift-policy');
    const a = (await add(t, { indicator: '192.0.2.77' })).body.block;
    const b = (await add(t, { indicator: '2001:db8:77::/48' })).body.block;
    const since = (await hub.request('GET', '/v1/blocks/changes', { key: t.reader })).body.version;
    // No reconcile round is asked for here (the interval is an hour): the policy change itself lifts the block.
    assert.equal((await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: shippedConfig({ guardrails: { safelist: ['192.0.2.0/24'] } }) })).status, 200);
    await waitUntil('the lift after the policy change', 10_000, async () => (await feed(t, since)).length > 0);
    assert.deepEqual((await feed(t, since)).map((c) => [c.change, c.mitigation_id, c.reason]), [['lifted', a.id, 'covered by the policy safelist']]);
    const hubDefaults = (await hub.request('GET', '/v1/config/correlation/defaults', { key: hub.adminKey })).body;
    const defaults = { ...(hubDefaults.config ?? hubDefaults), guardrails: { ...(hubDefaults.config ?? hubDefaults).guardrails, safelist: ['2001:db8:77::/48'] } };
    const put = await hub.request('PUT', '/v1/config/correlation/defaults', { key: hub.adminKey, body: defaults });
    assert.equal(put.status, 200, JSON.stringify(put.body).slice(0, 400));
    await waitUntil('the lift after the defaults changed', 10_000, async () => (await feed(t, since + 1)).length > 0);
    assert.deepEqual((await feed(t, since + 1)).map((c) => [c.change, c.mitigation_id]), [['lifted', b.id]]);
    assert.deepEqual((await list(t)).blocks, []);
    await hub.request('PUT', '/v1/config/correlation/defaults', { key: hub.adminKey, body: { ...defaults, guardrails: { ...defaults.guardrails, safelist: [] } } });
  });
});

describe('a decision never waits for the reconciler to honour a new policy safelist entry', () => {
  test('extending a block an entry now covers lifts it instead (409), and a block inside one is created afresh', async () => {
    const t = await freshTenant('lift-at-decision');
    const net = (await add(t, { indicator: '198.18.0.0/24' })).body.block;
    const other = (await add(t, { indicator: '198.18.1.0/24' })).body.block;
    const since = (await hub.request('GET', '/v1/blocks/changes', { key: t.reader })).body.version;
    const cfg = shippedConfig({ guardrails: { safelist: ['198.18.0.7/32', '198.18.1.7/32'] } });
    assert.equal((await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: cfg })).status, 200);
    const ext = await hub.request('POST', `/v1/blocks/${net.id}/extend`, { key: t.admin, body: { ttl_seconds: 3600 } });
    assert.deepEqual([ext.status, ext.body.code], [409, 'not_active']);
    const inside = await add(t, { indicator: '198.18.1.9' });
    assert.deepEqual([inside.status, inside.body.block.indicator], [201, '198.18.1.9/32']);
    // The policy change also asks the reconciler for a round: whichever lifts first, both blocks end before the new one.
    const changes = await feed(t, since);
    assert.deepEqual(changes.map((c) => c.change), ['lifted', 'lifted', 'created']);
    assert.deepEqual(changes.slice(0, 2).map((c) => c.mitigation_id).sort(), [net.id, other.id].sort());
    for (const c of changes.slice(0, 2)) assert.match(c.reason, /^covered by the (policy )?safelist$/);
    assert.deepEqual([changes[2].mitigation_id, changes[2].reason], [inside.body.block.id, c0(inside)]);
  });
});
const c0 = (res: { body: { block: { reason: string } } }) => res.body.block.reason;

describe('GET /v1/blocks', () => {
  test('lists blocks in force newest first, filters by type, source and indicator text, and pages with a cursor', async () => {
    const t = await freshTenant('blocks-list');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1000;
      ids.push((await add(t, { indicator: `10.20.0.${i}` })).body.block.id);
    }
    now += 1000;
    const ua = (await add(t, { block_type: 'USER_AGENT', indicator: 'EvilBot/2.0' })).body.block.id;
    now += 1000;
    const short = (await add(t, { indicator: '10.20.1.1', ttl_seconds: 60 })).body.block.id;
    assert.deepEqual((await list(t)).blocks.map((b) => b.id), [short, ua, ...ids.reverse()]);
    now += 61_000;
    assert.ok(!(await list(t)).blocks.some((b) => b.id === short), 'a block whose TTL ran out is not listed');
    assert.deepEqual((await list(t, '?block_type=USER_AGENT')).blocks.map((b) => b.id), [ua]);
    assert.deepEqual((await list(t, '?indicator_contains=evilbot')).blocks.map((b) => b.id), [ua]);
    assert.deepEqual((await list(t, '?indicator_contains=10.20.0.3')).blocks.map((b) => b.id), [ids[1]]);
    assert.deepEqual((await list(t, '?source=correlation')).blocks, []);
    assert.equal((await list(t, '?source=manual')).blocks.length, 6);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await list(t, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.blocks.length <= 2);
      seen.push(...page.blocks.map((b) => b.id));
      cursor = page.next_cursor;
    }
    assert.deepEqual(seen, [ua, ...ids]);
    for (const q of ['?block_type=DOMAIN', '?source=x', '?limit=0', '?cursor=bm9wZQ', '?indicator_contains=']) {
      assert.equal((await hub.request('GET', `/v1/blocks${q}`, { key: t.reader })).status, 400, q);
    }
  });
});

describe('extend and withdraw', () => {
  test('extend pushes the expiry out (never in), appends `extended`, and refuses TTLs out of bounds', async () => {
    const t = await freshTenant('blocks-extend');
    const b = (await add(t, { block_type: 'FINGERPRINT', indicator: 't13d1516h2_8daaf6152771_e5627efa2ab3', ttl_seconds: 3600 })).body.block;
    const ext = await hub.request('POST', `/v1/blocks/${b.id}/extend`, { key: t.admin, body: { ttl_seconds: 7200 } });
    assert.equal(ext.status, 200, JSON.stringify(ext.body));
    assert.equal(ext.body.block.expires_at, new Date(now + 7_200_000).toISOString().replace('.000Z', 'Z'));
    const shorter = await hub.request('POST', `/v1/blocks/${b.id}/extend`, { key: t.admin, body: { ttl_seconds: 60 } });
    assert.equal(shorter.body.block.expires_at, ext.body.block.expires_at, 'never shortened');
    const tooLong = await hub.request('POST', `/v1/blocks/${b.id}/extend`, { key: t.admin, body: { ttl_seconds: 86_401 } });
    assert.deepEqual([tooLong.status, tooLong.body.guardrail], [422, 'ttl_too_long']);
    assert.deepEqual((await feed(t)).map((c) => c.change), ['created', 'extended', 'extended']);
    assert.equal((await hub.request('POST', `/v1/blocks/${crypto.randomUUID()}/extend`, { key: t.admin, body: { ttl_seconds: 600 } })).status, 404);
    assert.equal((await hub.request('POST', '/v1/blocks/not-a-uuid/extend', { key: t.admin, body: { ttl_seconds: 600 } })).status, 404);
  });

  test('DELETE withdraws with the reason (feed `withdrawn`); a second time is 409 not_active, an unknown id 404', async () => {
    const t = await freshTenant('blocks-withdraw');
    const b = (await add(t, { indicator: '10.30.0.1' })).body.block;
    const del = await hub.request('DELETE', `/v1/blocks/${b.id}?reason=false%20positive`, { key: t.admin });
    assert.equal(del.status, 200);
    assert.deepEqual([del.body.block.status, del.body.block.end_reason.endsWith(': false positive')], ['withdrawn', true]);
    assert.deepEqual((await feed(t)).map((c) => [c.change, c.mitigation_id]), [['created', b.id], ['withdrawn', b.id]]);
    const again = await hub.request('DELETE', `/v1/blocks/${b.id}`, { key: t.admin });
    assert.deepEqual([again.status, again.body.code], [409, 'not_active']);
    assert.equal((await hub.request('POST', `/v1/blocks/${b.id}/extend`, { key: t.admin, body: { ttl_seconds: 600 } })).status, 409);
    assert.equal((await hub.request('DELETE', `/v1/blocks/${crypto.randomUUID()}`, { key: t.admin })).status, 404);
  });
});

describe('POST /v1/blocks/import', () => {
  test('a CSV of mixed good and bad lines answers per line: created, extended, rejected with the guardrail', async () => {
    const t = await freshTenant('import-mixed');
    const csv = [
      '# weekly list', 'indicator,block_type,ttl_seconds,reason', '203.0.113.50,IP,3600,scanner', '', '64520,ASN,86400,"hoster, bulletproof"',
      '203.0.113.50,,7200,', 'not-an-ip,IP,600,typo', '10.0.0.0/8,IP,600,too broad', 't13d1516h2_8daaf6152771_e5627efa2ab4,fingerprint,600,',
    ].join('\r\n');
    const res = await importFile(t, csv);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.created, res.body.extended, res.body.rejected], [3, 1, 2]);
    assert.deepEqual(res.body.lines.map((l: any) => [l.line, l.indicator, l.block_type, l.outcome, l.guardrail]), [
      [3, '203.0.113.50/32', 'IP', 'created', null], [5, 'AS64520', 'ASN', 'created', null], [6, '203.0.113.50/32', 'IP', 'extended', null],
      [7, 'not-an-ip', 'IP', 'rejected', 'invalid_indicator'], [8, '10.0.0.0/8', 'IP', 'rejected', 'prefix_too_broad'],
      [9, 't13d1516h2_8daaf6152771_e5627efa2ab4', 'FINGERPRINT', 'created', null],
    ]);
    assert.equal((await list(t)).blocks.find((b) => b.indicator === 'AS64520').reason.endsWith(': hoster, bulletproof'), true);
  });

  test('a plain list takes the block type, TTL and reason from the query', async () => {
    const t = await freshTenant('import-plain');
    const res = await importFile(t, 'AS64530\n as64531 \n# comment\n64532\n', '?block_type=ASN&ttl_seconds=3600&reason=feed', 'text/plain; charset=utf-8');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.lines.map((l: any) => [l.line, l.indicator, l.outcome]), [[1, 'AS64530', 'created'], [2, 'AS64531', 'created'], [4, 'AS64532', 'created']]);
    assert.ok((await list(t)).blocks.every((b) => b.reason.endsWith(': feed')));
  });

  test('a malformed file is a 400 naming the line, and nothing of it is written', async () => {
    const t = await freshTenant('import-malformed');
    const bad: [string, RegExp][] = [
      ['indicator,ttl_seconds\n10.1.0.1,600\n10.1.0.2\n', /^line 3 has 1 fields; the header names 2/],
      ['indicator,ttl_seconds\n10.1.0.1,600\n10.1.0.2,soon\n', /^line 3 has ttl_seconds "soon"/],
      ['indicator,colour\n10.1.0.1,red\n', /^line 1 names the unknown column "colour"/],
      ['indicator,block_type,ttl_seconds\n10.1.0.1,IP,600\n10.1.0.2,DOMAIN,600\n', /^line 3 has the unknown block_type "DOMAIN"/],
      ['indicator,reason,ttl_seconds\n10.1.0.1,"open quote,600\n', /^line 2 has a quoted field that does not end/],
      ['10.1.0.1\n10.1.0.2\n', /^line 1 has no ttl_seconds/],
      ['indicator,ttl_seconds\n10.1.0.1,600\n10.1.0\u0000.2,600\n', /^line 3 must not contain the character U\+0000/],
    ];
    for (const [text, detail] of bad) {
      const res = await importFile(t, text);
      assert.equal(res.status, 400, `${text} → ${JSON.stringify(res.body)}`);
      assert.match(res.body.detail, detail);
      assert.equal(typeof res.body.line, 'number');
    }
    const notUtf8 = await fetch(`${hub.url}/v1/blocks/import?ttl_seconds=600`, {
      method: 'POST', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'text/plain' }, body: Buffer.from([0x31, 0x30, 0xff, 0x0a]),
    });
    assert.equal(notUtf8.status, 400);
    assert.match(((await notUtf8.json()) as { detail: string }).detail, /not valid UTF-8/);
    assert.equal(await mitigationCount(t.id), 0);
    assert.equal(Number((await hub.db.pools.owner.query('SELECT count(*) AS n FROM guardrail_rejections WHERE tenant_id = $1', [t.id])).rows[0].n), 0);
  });

  test('the line and byte limits answer 413 and write nothing; JSON or another media type is refused', async () => {
    const t = await freshTenant('import-limits');
    const lines = Array.from({ length: 51 }, (_, i) => `10.2.0.${i}`).join('\n');
    const many = await importFile(t, lines, '?ttl_seconds=600', 'text/plain');
    assert.deepEqual([many.status, many.body.code], [413, 'payload_too_large']);
    assert.match(many.body.detail, /51 indicator lines; at most 50/);
    const big = await importFile(t, `# ${'x'.repeat(5000)}\n10.2.1.1\n`, '?ttl_seconds=600', 'text/plain');
    assert.equal(big.status, 413);
    assert.equal((await importFile(t, '10.2.0.1', '?ttl_seconds=600', 'application/xml')).status, 415);
    const json = await hub.request('POST', '/v1/blocks/import?ttl_seconds=600', { key: t.admin, body: { indicator: '10.2.0.1' } });
    assert.equal(json.status, 400);
    assert.equal(await mitigationCount(t.id), 0);
  });
});
