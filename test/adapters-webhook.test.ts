// Generic webhook adapter: JSONPath mapping, constant-time HMAC signatures, per-event reasons, secret redaction.
// Runs through real HTTP and the database.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signatureValid } from '../src/ingest/adapters/webhook.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { putConfig, shippedConfig } from './helpers/correlation.ts';

const SECRET = 'a-shared-secret-of-some-length';

describe('HMAC signatures', () => {
  const body = Buffer.from('{"x":1}');
  const sig = createHmac('sha256', SECRET).update(body).digest('hex');
  test('accepts the hex digest with or without the sha256= prefix, and nothing else', () => {
    assert.equal(signatureValid(SECRET, body, sig), true);
    assert.equal(signatureValid(SECRET, body, `sha256=${sig}`), true);
    assert.equal(signatureValid(SECRET, body, sig.replace(/.$/, (c) => (c === '0' ? '1' : '0'))), false);
    assert.equal(signatureValid(SECRET, body, undefined), false);
    assert.equal(signatureValid(SECRET, Buffer.from('{"x":2}'), sig), false);
  });
});

describe('POST /v1/signals/webhook/:name', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
    await putConfig(hub, shippedConfig({
      webhooks: {
        scrubber: {
          secret: SECRET, signature_header: 'X-Signature',
          mapping: { victim: '$.target.ip', vector: '$.attack.kind', confidence: '$.score', confidence_scale: 100, id: '$.id', action: '$.event' },
          end_actions: ['stopped'],
        },
      },
    }));
  });
  after(async () => { await hub.close(); });

  const send = (body: unknown, sign = true) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = sign ? { 'x-signature': `sha256=${createHmac('sha256', SECRET).update(text).digest('hex')}` } : {};
    return hub.request('POST', '/v1/signals/webhook/scrubber', { key: hub.adminKey, body: text, headers }).then(async (r) => { await hub.correlation.caughtUp(); return r; });
  };

  test('maps a signed event through the configured JSONPaths into a ddos.attack signal named after the adapter', async () => {
    const res = await send({ id: 'ev-1', event: 'started', target: { ip: '10.0.0.30' }, attack: { kind: 'syn_flood' }, score: 85 });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results, [{ index: 0, id: 'ev-1', outcome: 'stored', subject_id: '10.0.0.30', vector: 'syn_flood', confidence: 0.85 }]);
    const read = await hub.request('GET', '/v1/signals?source=scrubber', { key: hub.adminKey });
    assert.equal(read.body.signals[0].signal_key, 'ddos.attack');
    assert.equal(read.body.signals[0].signal_value.value, 0.85);
  });

  test('refuses an unsigned or wrongly signed request with 401 and stores nothing', async () => {
    const unsigned = await send({ id: 'ev-2', target: { ip: '10.0.0.31' }, score: 50 }, false);
    assert.equal(unsigned.status, 401);
    assert.equal(unsigned.body.code, 'invalid_signature');
    const read = await hub.request('GET', '/v1/signals?subject_id=10.0.0.31', { key: hub.adminKey });
    assert.equal(read.body.signals.length, 0);
  });

  test('skips events it cannot map with a reason, and answers 404 for an unconfigured name', async () => {
    const res = await send([{ id: 'ev-3', target: { ip: 'nope' }, score: 50 }, { id: 'ev-4', target: { ip: '10.0.0.32' }, score: 150 }]);
    assert.deepEqual(res.body.results.map((r: any) => r.reason), ['victim "nope" is not an IP address', 'confidence 150 / scale 100 is outside 0–1']);
    const missing = await hub.request('POST', '/v1/signals/webhook/other', { key: hub.adminKey, body: {} });
    assert.equal(missing.status, 404);
  });

  test('GET /v1/config/correlation redacts the secret, and a PUT echoing the marker keeps it', async () => {
    const got = await hub.request('GET', '/v1/config/correlation', { key: hub.adminKey });
    assert.equal(got.body.config.webhooks.scrubber.secret, '***redacted***');
    await putConfig(hub, got.body.config);
    const res = await send({ id: 'ev-5', target: { ip: '10.0.0.33' }, score: 60 });
    assert.equal(res.status, 200);
    assert.equal(res.body.stored, 1);
  });
});
