import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { requireRouteAccess } from '../src/http/authenticate.ts';
import { registerWebApp, WEB_DIST } from '../src/present/web-app.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';

// The hub serves the dashboard built into web/dist (npm test builds it first, like npm start).
let hub: TestHub;
before(async () => { hub = await startTestHub(); });
after(async () => { await hub.stop(); });

const get = (url: string, headers: Record<string, string> = {}) => hub.server.inject({ method: 'GET', url, headers });

describe('the dashboard at /', () => {
  test('serves the page at / and at any path of its own router, never cached', async () => {
    for (const url of ['/', '/login', '/mitigations/7f1c9a2e-0000-4000-8000-000000000000']) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
      assert.match(res.body, /<div id="root">/, url);
    }
  });

  test('serves hashed assets precompressed and cached for a year', async () => {
    const asset = readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const plain = await get(`/assets/${asset}`);
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.body, readFileSync(path.join(WEB_DIST, 'assets', asset), 'utf8'));
    const br = await get(`/assets/${asset}`, { 'accept-encoding': 'br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(br.rawPayload, readFileSync(path.join(WEB_DIST, 'assets', `${asset}.br`)));
  });

  test('an unknown API, WebSocket or asset path is a 404 problem, not the page', async () => {
    for (const url of ['/v1/nothing', '/ws/nothing', '/assets/missing.js', '/docs/nothing']) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/, url);
    }
    assert.equal((await hub.server.inject({ method: 'POST', url: '/login' })).statusCode, 404, 'only GET serves the page');
  });

  test('a hub whose dashboard is not built says how to build it (503), and the API is unaffected', async () => {
    const app = Fastify();
    requireRouteAccess(app);
    registerWebApp(app, mkdtempSync(path.join(tmpdir(), 'quorum-no-dist-')));
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().code, 'dashboard_not_built');
    assert.match(res.json().detail, /build-web/);
    await app.close();
  });
});
