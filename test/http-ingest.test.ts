import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ maxBatchSignals: 50 }); });
after(async () => { await hub.close(); });

async function countRows(): Promise<number> {
  const r = await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams');
  return r.rows[0].n;
}

describe('POST /v1/signals', () => {
  test('stores one signal and reads it back in the wire format', async () => {
    const sig = aSignal({ subject_id: 'one.example', observed_at: '2026-11-22T03:00:00.123456Z' });
    const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { ...sig, observed_at: new Date().toISOString() } });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, { accepted: 1, duplicates: 0 });
    const read = await hub.request('GET', '/v1/signals?subject_id=one.example', { key: hub.adminKey });
    assert.equal(read.status, 200);
    assert.equal(read.body.signals.length, 1);
    assert.equal(read.body.signals[0].signal_key, 'cert.expiry_days');
    assert.deepEqual(read.body.signals[0].signal_value, { value: 12 });
    assert.match(read.body.signals[0].id, /^\d+$/);
  });

  test('rejects a whole batch when one signal is invalid, naming index, field and rule', async () => {
    const before = await countRows();
    const res = await hub.request('POST', '/v1/signals', {
      key: hub.adminKey,
      body: { signals: [aSignal(), aSignal(), aSignal({ signal_key: 'NoDots' })] },
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'invalid_signal');
    assert.deepEqual(res.body.errors, [{ index: 2, field: 'signal_key', rule: 'pattern', message: 'must match ^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$' }]);
    assert.equal(await countRows(), before);
  });

  test('answers 413 for a batch above the configured size and stores nothing', async () => {
    const before = await countRows();
    const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { signals: Array.from({ length: 51 }, () => aSignal()) } });
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'payload_too_large');
    assert.equal(await countRows(), before);
  });

  test('never stores a resent signal_id twice', async () => {
    const id = randomUUID();
    const first = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { signals: [aSignal({ signal_id: id, subject_id: 'idem' })] } });
    const again = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { signals: [aSignal({ signal_id: id, subject_id: 'idem' }), aSignal({ signal_id: id, subject_id: 'idem' })] } });
    assert.deepEqual(first.body, { accepted: 1, duplicates: 0 });
    assert.deepEqual(again.body, { accepted: 0, duplicates: 2 });
    const r = await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams WHERE signal_id = $1', [id]);
    assert.equal(r.rows[0].n, 1);
  });

  test('answers 400 problem+json for a body that is not JSON', async () => {
    const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: '{"source": ' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'invalid_json');
  });
});
