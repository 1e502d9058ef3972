// The OpenAPI document: valid by a real OpenAPI validator, and complete: statuses, descriptions, tags, Problem, examples.
// Reads the document a running hub serves; test/openapi-examples.test.ts sends its examples.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { validate, compileErrors } from '@readme/openapi-parser';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { compileRouteSchemas } from '../src/http/lazy-schemas.ts';

let hub: TestHub;
let doc: any;
before(async () => {
  hub = await startTestHub();
  doc = (await hub.request('GET', '/openapi.json')).body;
});
after(async () => { await hub.close(); });

type Op = { method: string; path: string; op: any };
const operations = (): Op[] => Object.entries(doc.paths).flatMap(([path, ops]: [string, any]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
const PUBLIC = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'POST /v1/session', 'POST /v1/setup'];

test('the document passes a real OpenAPI validator', async () => {
  const result = await validate(structuredClone(doc));
  assert.ok(result.valid, result.valid ? '' : compileErrors(result));
});

test('every route schema compiles: left to their first use at start, the rest compile here, each once', () => {
  // At least a response schema per operation was still waiting: the requests so far used a few.
  const compiled = compileRouteSchemas(hub.server);
  assert.ok(compiled >= operations().length, `${compiled} schemas compiled, ${operations().length} operations`);
  assert.equal(compileRouteSchemas(hub.server), 0);
});

test('no response is a "Default Response": every status has its own description', () => {
  const missing = operations().flatMap(({ method, path, op }) => Object.entries(op.responses)
    .filter(([, r]: [string, any]) => !r.description || r.description === 'Default Response').map(([s]) => `${method} ${path} ${s}`));
  assert.deepEqual(missing, []);
});

test('every operation has a tag the document describes, a summary and a success response', () => {
  const tags = new Set(doc.tags.map((t: { name: string }) => t.name));
  for (const { method, path, op } of operations()) {
    assert.ok(op.tags?.length && op.tags.every((t: string) => tags.has(t)), `${method} ${path} tags ${op.tags}`);
    assert.ok(op.summary, `${method} ${path} summary`);
    assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${method} ${path} has a 2xx response`);
  }
});

test('every problem response shares the one Problem schema (CrowdSec routes keep CrowdSec\'s {message})', () => {
  for (const { method, path, op } of operations()) {
    for (const [status, r] of Object.entries(op.responses) as [string, any][]) {
      if (Number(status) < 400) continue;
      if (op.tags.includes('crowdsec') && r.content?.['application/json']?.schema?.properties?.message) continue;
      const schema = r.content?.['application/problem+json']?.schema;
      assert.ok(schema?.$ref === '#/components/schemas/Problem' || schema?.$ref === '#/components/schemas/GuardrailRejection', `${method} ${path} ${status}`);
    }
  }
});

test('keyed routes document 401 and 403; public routes show no lock and no 401', () => {
  for (const { method, path, op } of operations()) {
    const name = `${method} ${path}`;
    if (PUBLIC.includes(name)) {
      assert.deepEqual(op.security, [], `${name} is public`);
      assert.equal(op['x-scope'], 'public', name);
      continue;
    }
    assert.notDeepEqual(op.security, [], `${name} needs a key`);
    assert.ok(op.responses['403'], `${name} 403`);
    if (!op.tags.includes('crowdsec')) assert.ok(op.responses['401'], `${name} 401`);
  }
});

test('the signal-writing routes document 429 with the rest of their statuses', () => {
  for (const path of ['/v1/signals', '/v1/agent-signals', '/v1/signals/alertmanager', '/v1/signals/fastnetmon', '/v1/signals/webhook/{name}']) {
    assert.deepEqual(['200', '201'].filter((s) => doc.paths[path].post.responses[s]).length, 1, path);
    for (const s of ['400', '401', '403', '413', '415', '429', '503']) assert.ok(doc.paths[path].post.responses[s], `${path} ${s}`);
  }
});

test('every request body and every path parameter has an example', () => {
  for (const { method, path, op } of operations()) {
    for (const [type, media] of Object.entries(op.requestBody?.content ?? {}) as [string, any][]) {
      assert.ok(media.example !== undefined || Object.keys(media.examples ?? {}).length > 0, `${method} ${path} ${type} body example`);
    }
    for (const p of op.parameters ?? []) if (p.in === 'path') assert.ok(p.example !== undefined, `${method} ${path} ${p.name} example`);
  }
});

test('every success response with a body has an example', () => {
  for (const { method, path, op } of operations()) {
    for (const [status, r] of Object.entries(op.responses) as [string, any][]) {
      if (!status.startsWith('2')) continue;
      for (const [type, media] of Object.entries(r.content ?? {}) as [string, any][]) {
        const schema = media.schema ?? {};
        assert.ok(media.example !== undefined || media.examples || schema.example !== undefined || schema.oneOf?.[0]?.example !== undefined, `${method} ${path} ${status} ${type}`);
      }
    }
  }
});

test('example timestamps are current when the document is served, in /openapi.json and in what Swagger UI loads', async () => {
  const ui = (await hub.request('GET', '/docs/json')).body;
  for (const served of [doc, ui]) {
    const body = served.paths['/v1/signals'].post.requestBody.content['application/json'];
    const example = body.example ?? Object.values(body.examples as Record<string, { value: any }>)[0]!.value;
    assert.ok(Math.abs(Date.now() - Date.parse(example.observed_at)) < 60_000, example.observed_at);
    const replay = served.paths['/v1/config/correlation/replay'].post.requestBody.content['application/json'];
    const range = replay.example ?? Object.values(replay.examples as Record<string, { value: any }>)[0]!.value;
    assert.equal(Date.parse(range.until) - Date.parse(range.since), 3_600_000, 'a replay example covers the last hour');
  }
});
