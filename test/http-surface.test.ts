import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ bodyLimitBytes: 4096 }); });
after(async () => { await hub.close(); });

test('/healthz and /readyz answer without a key', async () => {
  assert.deepEqual((await hub.request('GET', '/healthz')).body, { status: 'ok' });
  assert.deepEqual((await hub.request('GET', '/readyz')).body, { status: 'ready' });
});

test('/metrics counts ingested signals, rejections by rule, requests and pool connections', async () => {
  await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { signals: [aSignal(), aSignal()] } });
  await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ severity: 'loud' }) });
  const text = (await hub.request('GET', '/metrics')).body as string;
  // The tenant label is off by default: /metrics is public and must not show tenant ids.
  assert.match(text, /quorum_signals_ingested_total\{path="http",tenant="_all"\} 2/);
  assert.ok(!text.includes(hub.bootstrap.tenantId), 'no tenant id on the public /metrics');
  assert.match(text, /quorum_signals_rejected_total\{path="http",field="severity",rule="enum"\} 1/);
  assert.match(text, /quorum_http_requests_total\{route="\/v1\/signals",method="POST",status="201"\} 1/);
  assert.match(text, /quorum_db_pool_connections\{pool="app",state="total"\} \d+/);
});

test('/openapi.json documents the API and /docs serves the interactive docs', async () => {
  const doc = (await hub.request('GET', '/openapi.json')).body;
  assert.equal(doc.openapi.slice(0, 2), '3.');
  for (const path of ['/v1/signals', '/v1/agent-signals', '/v1/subjects/{subject_type}/{subject_id}', '/v1/tenants', '/v1/keys', '/v1/keys/{id}']) {
    assert.ok(doc.paths[path], `documents ${path}`);
  }
  assert.equal(doc.paths['/v1/signals'].post.requestBody.content['application/json'].schema.oneOf[0].properties.signal_key.pattern, '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$');
  const docs = await fetch(`${hub.url}/docs/`);
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /swagger/i);
});

test('a body above the configured limit gets 413 problem+json and stores nothing', async () => {
  const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ signal_value: { value: 'x'.repeat(5000) } }) });
  assert.equal(res.status, 413);
  assert.equal(res.body.code, 'payload_too_large');
  const n = await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE signal_value->>'value' LIKE 'xxx%'");
  assert.equal(n.rows[0].n, 0);
});

test('unknown routes and wrong content types answer with problem+json', async () => {
  const missing = await hub.request('GET', '/v1/nothing', { key: hub.adminKey });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'not_found');
  const text = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: 'hello', headers: { 'content-type': 'text/plain' } });
  assert.equal(text.status, 415);
  assert.equal(text.body.code, 'unsupported_media_type');
});

test('an internal failure answers a generic 500 without SQL or a stack', async () => {
  await hub.db.pools.owner.query('ALTER TABLE signal_streams RENAME COLUMN severity TO severity_gone');
  try {
    const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal() });
    assert.equal(res.status, 500);
    assert.deepEqual(Object.keys(res.body).sort(), ['code', 'detail', 'status', 'title', 'type']);
    assert.doesNotMatch(JSON.stringify(res.body), /severity|column|at /);
  } finally {
    await hub.db.pools.owner.query('ALTER TABLE signal_streams RENAME COLUMN severity_gone TO severity');
  }
});
