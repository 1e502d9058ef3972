// The role model: the operator (hub owner) and a tenant admin confined to its own tenant; every route declares its access.
// Each case here reproduces a part of issue 7 defect 1 or the route declaration rule, against a real hub.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { requireRouteAccess } from '../src/http/authenticate.ts';
import { SCOPES } from '../src/core/types.ts';
import { WEB_DIST } from '../src/present/web-app.ts';

let hub: TestHub;
let operator: string;
const tenant = { a: '', b: '' };
const admin = { a: '', b: '' };
let readerB = { id: '', key: '' };

const keyCount = async () => Number((await hub.db.pools.owner.query('SELECT count(*) AS n FROM api_keys')).rows[0].n);
const revokedAt = async (id: string) => (await hub.db.pools.owner.query('SELECT revoked_at FROM api_keys WHERE id = $1', [id])).rows[0]?.revoked_at;

before(async () => {
  hub = await startTestHub();
  operator = hub.adminKey;
  for (const t of ['a', 'b'] as const) {
    tenant[t] = (await hub.keys.createTenant(`roles-${t}`)).id;
    admin[t] = (await hub.keys.createKey({ tenantId: tenant[t], scopes: ['admin'] })).key;
  }
  const r = await hub.keys.createKey({ tenantId: tenant.b, scopes: ['signal:read'], name: 'b reader' });
  readerB = { id: r.id, key: r.key };
});
after(async () => { await hub.close(); });

describe('the operator', () => {
  test('is what the bootstrap key is', async () => {
    const p = await hub.keys.authenticate(operator);
    assert.deepEqual(p.scopes, ['operator']);
    assert.equal(p.tenantId, hub.bootstrap.tenantId);
  });

  test('alone creates tenants: a tenant admin gets 403 and no tenant is created', async () => {
    const refused = await hub.request('POST', '/v1/tenants', { key: admin.a, body: { name: 'made-by-a' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'scope_missing');
    assert.equal(await hub.keys.findTenantByName('made-by-a'), null);
    const made = await hub.request('POST', '/v1/tenants', { key: operator, body: { name: 'made-by-operator' } });
    assert.equal(made.status, 201);
  });

  test('alone lists tenants, all of them', async () => {
    const refused = await hub.request('GET', '/v1/tenants', { key: admin.a });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.tenants, undefined);
    const list = await hub.request('GET', '/v1/tenants', { key: operator });
    assert.equal(list.status, 200);
    const ids = list.body.tenants.map((t: { id: string }) => t.id);
    for (const id of [hub.bootstrap.tenantId, tenant.a, tenant.b]) assert.ok(ids.includes(id), `lists ${id}`);
    assert.deepEqual(Object.keys(list.body.tenants[0]).sort(), ['created_at', 'id', 'name']);
  });

  test('creates a working key in any tenant, and alone may grant the operator scope', async () => {
    const k = await hub.request('POST', '/v1/keys', { key: operator, body: { tenantId: tenant.b, scopes: ['signal:read'] } });
    assert.equal(k.status, 201);
    assert.equal(k.body.tenant_id, tenant.b);
    assert.equal((await hub.keys.authenticate(k.body.key)).tenantId, tenant.b);
    const op = await hub.request('POST', '/v1/keys', { key: operator, body: { scopes: ['operator'], name: 'second operator' } });
    assert.equal(op.status, 201);
    assert.equal((await hub.request('GET', '/v1/tenants', { key: op.body.key })).status, 200, 'the new operator key acts as one');
  });

  test("lists its own tenant's keys by default and any tenant's with tenant_id", async () => {
    const own = await hub.request('GET', '/v1/keys', { key: operator });
    assert.ok(own.body.keys.every((k: { tenant_id: string }) => k.tenant_id === hub.bootstrap.tenantId));
    const b = await hub.request('GET', `/v1/keys?tenant_id=${tenant.b}`, { key: operator });
    assert.equal(b.status, 200);
    assert.ok(b.body.keys.some((k: { id: string }) => k.id === readerB.id));
    assert.ok(b.body.keys.every((k: { tenant_id: string }) => k.tenant_id === tenant.b));
  });

  test("revokes a key of any tenant", async () => {
    const k = await hub.keys.createKey({ tenantId: tenant.b, scopes: ['signal:read'] });
    assert.equal((await hub.request('DELETE', `/v1/keys/${k.id}`, { key: operator })).status, 204);
    assert.notEqual(await revokedAt(k.id), null);
  });
});

describe('a tenant admin', () => {
  test("cannot create a key in another tenant, whichever way it names it: 403 tenant_forbidden, nothing created", async () => {
    const before = await keyCount();
    const others = [tenant.b, tenant.b.toUpperCase(), hub.bootstrap.tenantId, randomUUID()];
    for (const tenantId of others) {
      for (const scopes of [['admin'], ['signal:read'], ['signal:write', 'signal:read']]) {
        const res = await hub.request('POST', '/v1/keys', { key: admin.a, body: { tenantId, scopes } });
        assert.equal(res.status, 403, `${tenantId} ${scopes}`);
        assert.equal(res.body.code, 'tenant_forbidden');
        assert.equal(res.body.field, 'tenantId');
        assert.equal(res.body.key, undefined);
      }
    }
    assert.equal(await keyCount(), before);
  });

  test('creates keys in its own tenant when it names none or names its own', async () => {
    for (const body of [{ scopes: ['signal:write'] }, { tenantId: tenant.a, scopes: ['signal:write'] }, { tenantId: tenant.a.toUpperCase(), scopes: ['admin'] }]) {
      const res = await hub.request('POST', '/v1/keys', { key: admin.a, body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.tenant_id, tenant.a);
      assert.equal((await hub.keys.authenticate(res.body.key)).tenantId, tenant.a);
    }
  });

  test('cannot grant the operator scope, even in its own tenant', async () => {
    const before = await keyCount();
    for (const scopes of [['operator'], ['signal:read', 'operator']]) {
      const res = await hub.request('POST', '/v1/keys', { key: admin.a, body: { scopes } });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'scope_forbidden');
    }
    assert.equal(await keyCount(), before);
  });

  test("lists its own tenant's keys only, and another tenant_id is 403", async () => {
    const own = await hub.request('GET', '/v1/keys', { key: admin.a });
    assert.equal(own.status, 200);
    assert.ok(own.body.keys.length >= 1);
    assert.ok(own.body.keys.every((k: { tenant_id: string }) => k.tenant_id === tenant.a));
    const explicit = await hub.request('GET', `/v1/keys?tenant_id=${tenant.a}`, { key: admin.a });
    assert.deepEqual(explicit.body, own.body);
    for (const other of [tenant.b, hub.bootstrap.tenantId]) {
      const res = await hub.request('GET', `/v1/keys?tenant_id=${other}`, { key: admin.a });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'tenant_forbidden');
      assert.ok(!JSON.stringify(res.body).includes(readerB.id));
    }
  });

  test("revoking another tenant's key answers 404 exactly like an unknown id, and the key keeps working", async () => {
    const unknown = randomUUID();
    const theirs = await hub.request('DELETE', `/v1/keys/${readerB.id}`, { key: admin.a });
    const nobody = await hub.request('DELETE', `/v1/keys/${unknown}`, { key: admin.a });
    assert.equal(theirs.status, 404);
    assert.deepEqual({ ...theirs.body, detail: theirs.body.detail.replace(readerB.id, 'ID') }, { ...nobody.body, detail: nobody.body.detail.replace(unknown, 'ID') });
    assert.equal(await revokedAt(readerB.id), null);
    assert.equal((await hub.request('GET', '/v1/signals', { key: readerB.key })).status, 200);
    const operatorKeyId = (await hub.keys.authenticate(operator)).keyId;
    assert.equal((await hub.request('DELETE', `/v1/keys/${operatorKeyId}`, { key: admin.a })).status, 404, "nor the operator's key");
    assert.equal((await hub.request('GET', '/v1/tenants', { key: operator })).status, 200);
  });

  test("revokes its own tenant's keys; a second revocation answers 409 already_revoked", async () => {
    const k = await hub.keys.createKey({ tenantId: tenant.a, scopes: ['signal:read'] });
    assert.equal((await hub.request('DELETE', `/v1/keys/${k.id}`, { key: admin.a })).status, 204);
    assert.equal((await hub.request('GET', '/v1/signals', { key: k.key })).status, 401);
    const again = await hub.request('DELETE', `/v1/keys/${k.id}`, { key: admin.a });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'already_revoked');
    assert.equal(again.body.revoked_at, await revokedAt(k.id));
  });
});

describe('key creation input', () => {
  test("an admin of the operator's own tenant neither sees nor revokes operator keys, which keep working", async () => {
    const defaultAdmin = await hub.request('POST', '/v1/keys', { key: operator, body: { scopes: ['admin'], name: 'default admin' } });
    assert.equal(defaultAdmin.status, 201);
    assert.equal(defaultAdmin.body.tenant_id, hub.bootstrap.tenantId);
    const second = await hub.request('POST', '/v1/keys', { key: operator, body: { scopes: ['operator'], name: 'second operator' } });
    const operatorIds = [(await hub.keys.authenticate(operator)).keyId, second.body.id];
    const listed = (await hub.request('GET', '/v1/keys', { key: defaultAdmin.body.key })).body.keys.map((k: { id: string }) => k.id);
    assert.ok(listed.includes(defaultAdmin.body.id));
    for (const id of operatorIds) {
      assert.ok(!listed.includes(id), 'an operator key is listed to a tenant admin');
      assert.equal((await hub.request('DELETE', `/v1/keys/${id}`, { key: defaultAdmin.body.key })).status, 404);
      assert.equal(await revokedAt(id), null);
    }
    assert.equal((await hub.request('GET', '/v1/tenants', { key: second.body.key })).status, 200);
    assert.ok((await hub.request('GET', '/v1/keys', { key: operator })).body.keys.some((k: { id: string }) => k.id === second.body.id));
  });

  test('key names and agent ids follow the text rule: 400 naming the field, nothing stored', async () => {
    const before = await keyCount();
    const cases: [string, string][] = [
      ['{"scopes":["signal:read"],"name":"bad\\ud800name"}', 'name'],
      ['{"scopes":["signal:read"],"name":"nul\\u0000name"}', 'name'],
      ['{"scopes":["agent:write"],"agentId":"agent\\udc00"}', 'agentId'],
      ['{"scopes":["agent:write"],"agentId":"agent\\u0000x"}', 'agentId'],
    ];
    for (const [body, field] of cases) {
      const res = await hub.request('POST', '/v1/keys', { key: admin.a, body });
      assert.equal(res.status, 400, body);
      assert.equal(res.body.field, field, body);
    }
    const tenantName = await hub.request('POST', '/v1/tenants', { key: operator, body: '{"name":"t\\u0000"}' });
    assert.equal(tenantName.status, 400);
    assert.equal(tenantName.body.field, 'name');
    assert.equal(await keyCount(), before);
  });

  test('a per-key rate limit is stored, shown in the key views and carried by the principal', async () => {
    const res = await hub.request('POST', '/v1/keys', { key: admin.a, body: { scopes: ['signal:write'], rateLimit: { perSecond: 5, burst: 20 } } });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.rate_limit, { per_second: 5, burst: 20 });
    const row = (await hub.db.pools.owner.query('SELECT rate_per_second, rate_burst FROM api_keys WHERE id = $1', [res.body.id])).rows[0];
    assert.deepEqual(row, { rate_per_second: 5, rate_burst: 20 });
    const listed = (await hub.request('GET', '/v1/keys', { key: admin.a })).body.keys.find((k: { id: string }) => k.id === res.body.id);
    assert.deepEqual(listed.rate_limit, { per_second: 5, burst: 20 });
    assert.deepEqual((await hub.keys.authenticate(res.body.key)).rateLimit, { perSecond: 5, burst: 20 });
    const plain = await hub.request('POST', '/v1/keys', { key: admin.a, body: { scopes: ['signal:write'] } });
    assert.equal(plain.body.rate_limit, null);
    assert.equal((await hub.keys.authenticate(plain.body.key)).rateLimit, null);
  });

  test('a tenant admin may lower a key rate below the hub default but only the operator may raise it', async () => {
    const before = await keyCount();
    const { keyRatePerSecond: rate, keyRateBurst: burst } = hub.config;
    for (const rateLimit of [{ perSecond: rate + 1, burst }, { perSecond: rate, burst: burst + 1 }]) {
      const res = await hub.request('POST', '/v1/keys', { key: admin.a, body: { scopes: ['signal:write'], rateLimit } });
      assert.equal(res.status, 403, JSON.stringify(rateLimit));
      assert.equal(res.body.code, 'rate_limit_forbidden');
    }
    assert.equal(await keyCount(), before);
    const atDefault = await hub.request('POST', '/v1/keys', { key: admin.a, body: { scopes: ['signal:write'], rateLimit: { perSecond: rate, burst } } });
    assert.equal(atDefault.status, 201);
    const raised = await hub.request('POST', '/v1/keys', { key: operator, body: { tenantId: tenant.a, scopes: ['signal:write'], rateLimit: { perSecond: rate * 2, burst: burst * 2 } } });
    assert.equal(raised.status, 201);
    assert.deepEqual(raised.body.rate_limit, { per_second: rate * 2, burst: burst * 2 });
  });

  test('a rate limit out of bounds or half given is a 400 and stores nothing', async () => {
    const before = await keyCount();
    for (const rateLimit of [{ perSecond: 0, burst: 1 }, { perSecond: 1, burst: 10_000_001 }, { perSecond: 1.5, burst: 2 }, { perSecond: 5 }, { perSecond: 1, burst: 1, extra: 1 }, null]) {
      const res = await hub.request('POST', '/v1/keys', { key: admin.a, body: { scopes: ['signal:write'], rateLimit } });
      assert.equal(res.status, 400, JSON.stringify(rateLimit));
    }
    await assert.rejects(hub.keys.createKey({ tenantId: tenant.a, scopes: ['signal:write'], rateLimit: { perSecond: 2_000_000, burst: 1 } }), /rateLimit.perSecond/);
    assert.equal(await keyCount(), before);
  });
});

describe('the README', () => {
  test('has one role table naming every scope, and says the bootstrap key is an operator key', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const roles = readme.split('### Roles')[1]?.split('\n\n')[1] ?? '';
    const named = [...roles.matchAll(/^\| `([a-z:]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(named, [...SCOPES]);
    assert.match(readme, /an \*\*operator\*\* API key/);
  });
});

describe('route access declarations', () => {
  test('the server refuses to register a route that declares neither a scope nor public, or both', async () => {
    const app = Fastify();
    requireRouteAccess(app);
    assert.throws(() => app.get('/undeclared', async () => 'x'), /GET \/undeclared declares neither config.scope nor config.public/);
    assert.throws(() => app.get('/both', { config: { scope: 'admin', public: true } }, async () => 'x'), /declares both/);
    app.get('/declared', { config: { scope: 'signal:read' } }, async () => 'x');
    app.get('/open', { config: { public: true } }, async () => 'x');
    await app.ready();
    assert.deepEqual(app.routeAccess.filter((r) => r.method === 'GET'), [
      { method: 'GET', url: '/declared', access: 'signal:read' }, { method: 'GET', url: '/open', access: 'public' },
    ]);
    await app.close();
  });

  // The route → scope table. A new route must be added here, with the scope it declares.
  const TABLE: Record<string, string> = {
    'GET /healthz': 'public', 'GET /readyz': 'public', 'GET /metrics': 'public', 'GET /openapi.json': 'public',
    'GET /': 'public', 'GET /*': 'public', 'GET /assets/*': 'public',
    'POST /v1/tenants': 'operator', 'GET /v1/tenants': 'operator',
    'POST /v1/keys': 'admin', 'GET /v1/keys': 'admin', 'DELETE /v1/keys/:id': 'admin',
    'POST /v1/session': 'public', 'GET /v1/session': 'authenticated', 'DELETE /v1/session': 'authenticated', 'DELETE /v1/sessions': 'authenticated',
    'POST /v1/users': 'admin', 'GET /v1/users': 'admin', 'DELETE /v1/users/:id': 'admin',
    'POST /v1/setup': 'public', 'GET /v1/audit': 'admin',
    'POST /v1/signals': 'signal:write', 'POST /v1/agent-signals': 'agent:write',
    'GET /v1/signals': 'signal:read', 'GET /v1/subjects/:subject_type/:subject_id': 'signal:read',
    'POST /v1/signals/alertmanager': 'signal:write', 'POST /v1/signals/fastnetmon': 'signal:write', 'POST /v1/signals/webhook/:name': 'signal:write',
    'GET /v1/signal-groups': 'signal:read', 'GET /v1/signal-groups/:id': 'signal:read',
    'GET /v1/incidents': 'signal:read', 'GET /v1/incidents/:id': 'signal:read',
    'GET /v1/mitigations': 'signal:read', 'GET /v1/mitigations/:id': 'signal:read',
    'POST /v1/mitigations': 'mitigation:write', 'POST /v1/mitigations/:id/withdraw': 'mitigation:write',
    'GET /v1/reports/incident': 'signal:read',
    'GET /v1/safelist': 'signal:read', 'POST /v1/safelist': 'mitigation:write', 'DELETE /v1/safelist/:id': 'mitigation:write',
    'GET /v1/blocks/changes': 'signal:read', 'GET /v1/feed/consumers': 'signal:read', 'GET /v1/blocks/sensors': 'signal:read',
    'POST /v1/sensors/registration-tokens': 'admin', 'GET /v1/sensors/registration-tokens': 'admin', 'DELETE /v1/sensors/registration-tokens/:id': 'admin',
    'GET /v1/sensors': 'signal:read', 'GET /v1/sensors/:id': 'signal:read', 'DELETE /v1/sensors/:id': 'admin',
    'POST /v1/sensors/:id/approve': 'admin', 'POST /v1/sensors/:id/reject': 'admin',
    'GET /v1/sensors/enrolment': 'admin', 'PUT /v1/sensors/enrolment': 'admin',
    'GET /v1/sensors/health': 'signal:read', 'GET /v1/sensors/:id/health': 'signal:read',
    'POST /v1/rule-bundles': 'admin', 'GET /v1/rule-bundles': 'signal:read', 'GET /v1/rule-bundles/:version': 'signal:read',
    'POST /v1/sensor-configs': 'admin', 'GET /v1/sensor-configs': 'signal:read', 'GET /v1/sensor-configs/:version': 'signal:read',
    'POST /v1/rollouts': 'admin', 'GET /v1/rollouts': 'signal:read', 'GET /v1/rollouts/:id': 'signal:read',
    'POST /v1/rollouts/:id/promote': 'admin', 'POST /v1/rollouts/:id/abort': 'admin',
    'POST /v1/sensors/:id/commands': 'admin', 'POST /v1/commands': 'admin', 'GET /v1/commands': 'signal:read', 'GET /v1/commands/:id': 'signal:read',
    'POST /v1/commands/:id/cancel': 'admin', 'PUT /v1/sensors/:id/tags': 'admin',
    'GET /v1/blocks': 'signal:read', 'POST /v1/blocks': 'mitigation:write', 'POST /v1/blocks/:id/extend': 'mitigation:write', 'DELETE /v1/blocks/:id': 'mitigation:write',
    'POST /v1/blocks/import': 'mitigation:write', 'GET /v1/blocks/export': 'blocklist:read',
    'GET /v1/decisions/stream': 'blocklist:read', 'GET /v1/decisions': 'blocklist:read', 'GET /v1/bouncers': 'admin',
    'GET /v1/config/correlation': 'signal:read', 'PUT /v1/config/correlation': 'admin',
    'GET /v1/config/correlation/versions': 'admin', 'GET /v1/config/correlation/versions/:version': 'admin',
    'POST /v1/config/correlation/rollback': 'admin',
    'GET /v1/config/correlation/defaults': 'operator', 'PUT /v1/config/correlation/defaults': 'operator',
    'GET /v1/config/correlation/defaults/versions': 'operator', 'POST /v1/config/reload': 'operator',
    'POST /v1/config/correlation/replay': 'signal:read',
    'GET /v1/trust-score/mapping': 'signal:read', 'PUT /v1/trust-score/mapping': 'admin', 'GET /v1/trust-score/pareto': 'signal:read',
    'GET /v1/trust-score/tenant': 'signal:read', 'GET /v1/trust-score/subjects/:type/:id': 'signal:read',
    'GET /v1/trust-score/subjects': 'signal:read', 'POST /v1/trust-score/recompute': 'admin',
  };

  test('every route of the hub declares its access, exactly as in the route → scope table', () => {
    const seen: Record<string, string> = {};
    for (const r of hub.server.routeAccess) {
      if (r.url === '/docs' || r.url.startsWith('/docs/')) {
        assert.equal(r.access, 'public', `${r.method} ${r.url} (the API docs UI) is public`);
        continue;
      }
      if (r.method === 'HEAD') continue;
      seen[`${r.method} ${r.url}`] = r.access;
    }
    assert.deepEqual(seen, TABLE);
    for (const r of hub.server.routeAccess.filter((x) => x.method === 'HEAD' && !x.url.startsWith('/docs'))) {
      assert.equal(r.access, TABLE[`GET ${r.url}`], `HEAD ${r.url} requires what GET does`);
    }
  });

  test('the OpenAPI document carries the same table: x-quorum-scope on every operation, no security on public ones', async () => {
    const doc = (await hub.request('GET', '/openapi.json')).body;
    for (const [route, access] of Object.entries(TABLE)) {
      const [method, url] = route.split(' ') as [string, string];
      if (url === '/openapi.json' || url === '/' || url === '/*' || url === '/assets/*') continue;
      const op = doc.paths[url.replace(/:([a-z_]+)/g, '{$1}')]?.[method.toLowerCase()];
      assert.ok(op, `documents ${route}`);
      if (access === 'public') assert.deepEqual(op.security, [], route);
      else assert.equal(op['x-quorum-scope'], access, route);
    }
  });

  test('only the blocklist export names a second scope (signal:read), in its route options and the OpenAPI document', async () => {
    const doc = (await hub.request('GET', '/openapi.json')).body;
    const also = Object.entries(doc.paths).flatMap(([url, ops]) => Object.entries(ops as Record<string, any>)
      .filter(([, op]) => op['x-quorum-also-scope']).map(([m, op]) => `${m.toUpperCase()} ${url} ${op['x-quorum-also-scope']}`));
    assert.deepEqual(also, ['GET /v1/blocks/export signal:read']);
    assert.equal((await hub.request('GET', '/v1/blocks/export', { key: readerB.key })).status, 200);
    const bouncer = await hub.keys.createKey({ tenantId: tenant.b, scopes: ['blocklist:read'] });
    assert.equal((await hub.request('GET', '/v1/blocks/export', { key: bouncer.key })).status, 200);
    assert.equal((await hub.request('GET', '/v1/blocks', { key: bouncer.key })).status, 403, 'blocklist:read does not grant signal:read');
  });

  // The CrowdSec bouncer routes answer a missing key as the CrowdSec LAPI does: 403 {"message": "access forbidden"}.
  const CROWDSEC_ROUTES = new Set(['GET /v1/decisions/stream', 'GET /v1/decisions']);
  const PUBLIC_FORMS = new Set(['POST /v1/session', 'POST /v1/setup']);

  test('public routes answer without a key and every other route answers 401 without one (403 on the CrowdSec routes)', async () => {
    for (const [route, access] of Object.entries(TABLE)) {
      const [method, url] = route.split(' ') as [string, string];
      const target = url.replace(':subject_type', 'ip').replace(/:[a-z_]+/g, randomUUID())
        .replace('/assets/*', `/assets/${readdirSync(path.join(WEB_DIST, 'assets'))[0]}`).replace('/*', '/some/page');
      const res = await hub.request(method, target, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      // A login or setup without its fields is a 400 (its body was read: no key needed), never a 401.
      if (PUBLIC_FORMS.has(route)) assert.deepEqual([res.status, res.body.code], [400, 'invalid_request'], route);
      else if (access === 'public') assert.ok(res.status < 400, `${route} → ${res.status}`);
      else if (CROWDSEC_ROUTES.has(route)) assert.deepEqual([res.status, res.body], [403, { message: 'access forbidden' }], route);
      else assert.equal(res.status, 401, `${route} → ${res.status}`);
    }
  });
});
