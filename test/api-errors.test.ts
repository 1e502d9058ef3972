// Schema-validation errors name the parameter or field and the rule, one test per kind; a wrong method answers 405 with Allow.
// Against a real hub over HTTP: the problem documents are what a client sees.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub(); });
after(async () => { await hub.close(); });

async function refused(method: string, url: string, body?: unknown) {
  const res = await hub.request(method, url, { key: hub.adminKey, body });
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.code, 'invalid_request');
  return res.body;
}

describe('query-string errors name the parameter', () => {
  test('an unknown parameter is named: ?sourc= says unknown query parameter \'sourc\'', async () => {
    const p = await refused('GET', '/v1/signals?sourc=cert_scan');
    assert.equal(p.detail, "unknown query parameter 'sourc'");
    assert.equal(p.field, 'sourc');
    assert.deepEqual(p.errors, [{ field: 'sourc', rule: 'additionalProperties', message: "unknown query parameter 'sourc'" }]);
  });

  test('a value of the wrong type names the parameter and the type', async () => {
    const p = await refused('GET', '/v1/signals?limit=many');
    assert.equal(p.field, 'limit');
    assert.equal(p.errors[0].rule, 'type');
    assert.match(p.detail, /^query parameter 'limit' must be of type integer/);
  });

  test('a value outside an enum lists the allowed values', async () => {
    const p = await refused('GET', '/v1/signals?severity=loud');
    assert.equal(p.field, 'severity');
    assert.equal(p.errors[0].rule, 'enum');
    assert.match(p.detail, /^query parameter 'severity' must be one of: "info", "low", "medium", "high", "critical"/);
  });

  test('a malformed timestamp names the parameter and the format', async () => {
    const p = await refused('GET', '/v1/signals?since=yesterday');
    assert.deepEqual([p.field, p.errors[0].rule, p.detail], ['since', 'format', "query parameter 'since' must be a valid date-time"]);
  });

  test('several errors are all listed, the detail says how many more', async () => {
    const p = await refused('GET', '/v1/signals?sourc=x&limit=many');
    assert.deepEqual(p.errors.map((e: { field: string }) => e.field).sort(), ['limit', 'sourc']);
    assert.match(p.detail, /\(and 1 more\)$/);
  });
});

describe('body errors name the field', () => {
  test('an unknown field', async () => {
    const p = await refused('POST', '/v1/tenants', { name: 'x', nmae: 'y' });
    assert.deepEqual([p.field, p.errors[0].rule, p.detail], ['nmae', 'additionalProperties', "unknown field 'nmae'"]);
  });

  test('a missing required field', async () => {
    const p = await refused('POST', '/v1/tenants', {});
    assert.deepEqual([p.field, p.errors[0].rule, p.detail], ['name', 'required', "missing required field 'name'"]);
  });

  test('a field of the wrong type', async () => {
    const p = await refused('POST', '/v1/tenants', { name: { first: 'acme' } });
    assert.deepEqual([p.field, p.errors[0].rule, p.detail], ['name', 'type', "field 'name' must be of type string"]);
  });

  test('a value outside an enum, inside an array, names its index', async () => {
    const p = await refused('POST', '/v1/keys', { scopes: ['signal:read', 'signal:fly'] });
    assert.equal(p.field, 'scopes[1]');
    assert.equal(p.errors[0].rule, 'enum');
    assert.match(p.detail, /^field 'scopes\[1\]' must be one of: "operator", "admin", "signal:write"/);
  });

  test('a malformed uuid names the field and the format', async () => {
    const p = await refused('POST', '/v1/keys', { scopes: ['signal:read'], tenantId: 'acme' });
    assert.deepEqual([p.field, p.errors[0].rule, p.detail], ['tenantId', 'format', "field 'tenantId' must be a valid uuid"]);
  });

  test('a body that is not an object names the body', async () => {
    const p = await refused('POST', '/v1/tenants', ['acme']);
    assert.deepEqual([p.field, p.errors[0].rule], ['body', 'type']);
  });
});

describe('path parameter errors name the parameter', () => {
  test('a path parameter of the wrong type', async () => {
    const p = await refused('GET', '/v1/config/correlation/versions/latest');
    assert.deepEqual([p.field, p.errors[0].rule, p.detail], ['version', 'type', "path parameter 'version' must be of type integer"]);
  });

  test('a path parameter below its minimum names the bound', async () => {
    const p = await refused('GET', '/v1/config/correlation/versions/0');
    assert.deepEqual([p.field, p.errors[0].rule, p.detail], ['version', 'minimum', "path parameter 'version' must be >= 1"]);
  });
});

describe('a wrong method on an existing path', () => {
  const cases: [string, string, string][] = [
    ['DELETE', '/v1/signals', 'GET, HEAD, POST'],
    ['PUT', '/v1/tenants', 'GET, HEAD, POST'],
    ['GET', '/v1/signals/alertmanager', 'POST'],
    ['POST', '/v1/keys/8d5e2c4e-0000-4000-8000-000000000000', 'DELETE'],
    ['PATCH', '/v1/blocks/8d5e2c4e-0000-4000-8000-000000000000/extend', 'POST'],
    ['POST', '/healthz', 'GET, HEAD'],
  ];
  for (const [method, url, allow] of cases) {
    test(`${method} ${url} answers 405 with Allow: ${allow}`, async () => {
      const res = await hub.request(method, url, { key: hub.adminKey, body: method === 'GET' ? undefined : {} });
      assert.equal(res.status, 405, JSON.stringify(res.body));
      assert.equal(res.headers.get('allow'), allow);
      assert.equal(res.body.code, 'method_not_allowed');
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    });
  }

  test('answers 405 before authentication: no key needed to learn the methods', async () => {
    const res = await hub.request('DELETE', '/v1/signals');
    assert.equal(res.status, 405);
  });

  test('a path that does not exist is still 404, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await hub.request(method, '/v1/nothing', { key: hub.adminKey });
      assert.equal(res.status, 404, method);
    }
  });
});
