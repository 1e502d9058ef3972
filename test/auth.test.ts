import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { parseApiKey } from '../src/auth/api-keys.ts';

let hub: TestHub;
let tenantId: string;
const keys: Record<string, string> = {};

before(async () => {
  hub = await startTestHub();
  tenantId = hub.bootstrap.tenantId;
  for (const scope of ['signal:write', 'signal:read', 'dashboard:read']) {
    keys[scope] = (await hub.keys.createKey({ tenantId, scopes: [scope] })).key;
  }
  keys['agent:write'] = (await hub.keys.createKey({ tenantId, scopes: ['agent:write'], agentId: 'agent-1' })).key;
});
after(async () => { await hub.close(); });

const routes: Array<{ method: string; url: string; scope: string; body?: unknown }> = [
  { method: 'POST', url: '/v1/signals', scope: 'signal:write', body: aSignal() },
  { method: 'GET', url: '/v1/signals', scope: 'signal:read' },
  { method: 'GET', url: '/v1/subjects/domain/example.com', scope: 'signal:read' },
  { method: 'POST', url: '/v1/agent-signals', scope: 'agent:write', body: { signals: [] } },
  { method: 'POST', url: '/v1/tenants', scope: 'operator', body: { name: 'someone' } },
  { method: 'GET', url: '/v1/keys', scope: 'admin' },
];

describe('authentication', () => {
  test('answers 401 without a key, with a malformed key and with a wrong secret', async () => {
    const wrongSecret = hub.adminKey.slice(0, -4) + 'AAAA';
    for (const key of [undefined, 'not-a-key', wrongSecret]) {
      const res = await hub.request('GET', '/v1/signals', { key });
      assert.equal(res.status, 401, `key ${key}`);
      assert.equal(res.body.code, 'unauthenticated');
    }
  });

  test('answers 403 to a valid key without the scope, on every protected route', async () => {
    for (const route of routes) {
      for (const [scope, key] of Object.entries(keys)) {
        if (scope === route.scope) continue;
        const res = await hub.request(route.method, route.url, { key, body: route.body });
        assert.equal(res.status, 403, `${scope} on ${route.method} ${route.url}`);
        assert.equal(res.body.code, 'scope_missing');
      }
    }
  });

  test('lets a key with the scope through, and the operator key everywhere', async () => {
    for (const route of routes) {
      const own = keys[route.scope] ?? hub.adminKey;
      for (const key of [own, hub.adminKey]) {
        const body = route.url === '/v1/tenants' ? { name: `t-${Math.random()}` } : route.body;
        const res = await hub.request(route.method, route.url, { key, body });
        if (route.scope === 'agent:write' && key === hub.adminKey) {
          assert.equal(res.status, 403, 'an admin key is not bound to an agent');
          continue;
        }
        assert.ok(res.status < 300, `${route.method} ${route.url} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
  });

  test('a revoked key is refused at once', async () => {
    const created = await hub.request('POST', '/v1/keys', { key: hub.adminKey, body: { tenantId, scopes: ['signal:read'] } });
    assert.equal(created.status, 201);
    assert.equal((await hub.request('GET', '/v1/signals', { key: created.body.key })).status, 200);
    assert.equal((await hub.request('DELETE', `/v1/keys/${created.body.id}`, { key: hub.adminKey })).status, 204);
    const after = await hub.request('GET', '/v1/signals', { key: created.body.key });
    assert.equal(after.status, 401);
    assert.match(after.body.detail, /revoked/);
  });
});

describe('API keys', () => {
  test('are stored only as a SHA-256 hash of their 256-bit secret, never in plain', async () => {
    const created = await hub.request('POST', '/v1/keys', { key: hub.adminKey, body: { tenantId, scopes: ['signal:write'], name: 'ci' } });
    const { id, secret } = parseApiKey(created.body.key)!;
    assert.equal(Buffer.from(secret, 'base64url').length, 32);
    const row = await hub.db.pools.owner.query('SELECT * FROM api_keys WHERE id = $1', [id]);
    assert.deepEqual(row.rows[0].secret_hash, createHash('sha256').update(secret).digest());
    assert.ok(!JSON.stringify(row.rows[0]).includes(secret));
  });

  test('show their secret only in the creation response', async () => {
    const list = await hub.request('GET', '/v1/keys', { key: hub.adminKey });
    assert.equal(list.status, 200);
    assert.ok(list.body.keys.length >= 5);
    for (const k of list.body.keys) assert.equal(k.key, undefined);
    assert.ok(!JSON.stringify(list.body).includes(parseApiKey(hub.adminKey)!.secret));
  });

  test('need an agent id exactly when they have agent:write', async () => {
    const noAgent = await hub.request('POST', '/v1/keys', { key: hub.adminKey, body: { tenantId, scopes: ['agent:write'] } });
    assert.equal(noAgent.status, 400);
    const strayAgent = await hub.request('POST', '/v1/keys', { key: hub.adminKey, body: { tenantId, scopes: ['signal:read'], agentId: 'x' } });
    assert.equal(strayAgent.status, 400);
    const unknownScope = await hub.request('POST', '/v1/keys', { key: hub.adminKey, body: { tenantId, scopes: ['root'] } });
    assert.equal(unknownScope.status, 400);
  });

  test('the operator creates tenants (names are unique) and keys for them', async () => {
    const t = await hub.request('POST', '/v1/tenants', { key: hub.adminKey, body: { name: 'acme' } });
    assert.equal(t.status, 201);
    assert.deepEqual(Object.keys(t.body).sort(), ['id', 'name']);
    assert.equal((await hub.request('POST', '/v1/tenants', { key: hub.adminKey, body: { name: 'acme' } })).status, 409);
    const k = await hub.request('POST', '/v1/keys', { key: hub.adminKey, body: { tenantId: t.body.id, scopes: ['signal:write', 'signal:read'] } });
    assert.equal(k.status, 201);
    assert.equal(k.body.tenant_id, t.body.id);
    const posted = await hub.request('POST', '/v1/signals', { key: k.body.key, body: aSignal({ subject_id: 'acme-only' }) });
    assert.equal(posted.status, 201);
    const mine = await hub.request('GET', '/v1/signals?subject_id=acme-only', { key: hub.adminKey });
    assert.equal(mine.body.signals.length, 0, "the operator's key reads its own tenant (default), not acme's signals");
    const theirs = await hub.request('GET', '/v1/signals?subject_id=acme-only', { key: k.body.key });
    assert.equal(theirs.body.signals.length, 1);
  });
});

describe('the tenant list', () => {
  test('comes in pages, oldest first: every tenant once, a cursor this API did not hand out is a 400', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await hub.request('POST', '/v1/tenants', { key: hub.adminKey, body: { name: `paged-${i}` } })).status, 201);
    const all = (await hub.request('GET', '/v1/tenants?limit=1000', { key: hub.adminKey })).body;
    assert.equal(all.next_cursor, null);
    const seen: string[] = [];
    let url = '/v1/tenants?limit=2';
    for (;;) {
      const page = await hub.request('GET', url, { key: hub.adminKey });
      assert.equal(page.status, 200);
      assert.ok(page.body.tenants.length <= 2);
      seen.push(...page.body.tenants.map((t: { id: string }) => t.id));
      if (page.body.next_cursor === null) break;
      url = `/v1/tenants?limit=2&cursor=${encodeURIComponent(page.body.next_cursor)}`;
    }
    assert.deepEqual(seen, all.tenants.map((t: { id: string }) => t.id));
    assert.ok(seen.length >= 6);
    const created = all.tenants.map((t: { created_at: string }) => t.created_at);
    assert.deepEqual(created, [...created].sort());
    assert.equal((await hub.request('GET', '/v1/tenants?cursor=bm90LW91cnM', { key: hub.adminKey })).status, 400);
    assert.equal((await hub.request('GET', '/v1/tenants?limit=0', { key: hub.adminKey })).status, 400);
    assert.equal((await hub.request('GET', '/v1/tenants?limit=1001', { key: hub.adminKey })).status, 400);
  });
});

describe('the verified-key cache', () => {
  test('remembers a key for its TTL only; a revocation elsewhere takes effect once it runs out', async () => {
    const { createKeyStore } = await import('../src/auth/key-store.ts');
    let now = 1_000_000;
    const thisHub = createKeyStore(hub.db.pools.owner, { authCacheMs: 5000, clock: () => now });
    const otherHub = createKeyStore(hub.db.pools.owner);
    const key = await otherHub.createKey({ tenantId, scopes: ['signal:read'] });
    assert.equal((await thisHub.authenticate(key.key)).keyId, key.id);
    await otherHub.revokeKey(key.id);
    assert.equal((await thisHub.authenticate(key.key)).keyId, key.id, 'still cached on this hub');
    await assert.rejects(thisHub.authenticate(key.key.slice(0, -1) + (key.key.endsWith('A') ? 'B' : 'A')), /invalid API key/, 'a wrong secret never matches the cache');
    now += 5001;
    await assert.rejects(thisHub.authenticate(key.key), /revoked/);
  });
});
