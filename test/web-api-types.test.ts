import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { startTestHub, type TestHub } from './helpers/hub.ts';

// The dashboard is typed against the hub's own OpenAPI document: web/src/api/schema.d.ts is generated from it, never
// written by hand. After changing a route on purpose, regenerate with `UPDATE_API_TYPES=1 npm test -- test/web-api-types.test.ts`.
const TYPES = path.resolve(import.meta.dirname, '../web/src/api/schema.d.ts');
const HEADER = '// Generated from the hub\'s /openapi.json by test/web-api-types.test.ts (UPDATE_API_TYPES=1); do not edit.\n\n';

let hub: TestHub;
// The served document sets its example timestamps from the hub's clock (they must stay current): a fixed clock keeps them,
// and so the generated file, the same from run to run.
before(async () => { hub = await startTestHub({}, () => new Date('2026-12-01T10:00:00Z')); });
after(async () => { await hub.stop(); });

test('the dashboard\'s API types are those of the hub\'s OpenAPI document', async () => {
  const doc = (await hub.request('GET', '/openapi.json')).body;
  const actual = HEADER + astToString(await openapiTS(doc, { alphabetize: true }));
  if (process.env.UPDATE_API_TYPES) writeFileSync(TYPES, actual);
  assert.ok(existsSync(TYPES), 'no types yet: run with UPDATE_API_TYPES=1');
  assert.equal(actual, readFileSync(TYPES, 'utf8'), 'web/src/api/schema.d.ts is stale: run with UPDATE_API_TYPES=1');
});
