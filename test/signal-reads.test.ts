import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

before(async () => {
  hub = await startTestHub();
  const signals = Array.from({ length: 25 }, (_, i) => aSignal({
    subject_type: 'ip', subject_id: `10.0.0.${i % 5}`, signal_key: 'threat.ip_threat', source: i % 2 ? 'synapse' : 'fastnetmon',
    severity: i % 3 === 0 ? 'high' : 'low', signal_value: { value: i }, observed_at: minutesAgo(100 - i),
  }));
  const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { signals } });
  assert.equal(res.status, 201);
});
after(async () => { await hub.close(); });

describe('GET /v1/signals', () => {
  test('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await hub.request('GET', `/v1/signals?signal_key=threat.ip_threat&limit=10${cursor ? `&cursor=${cursor}` : ''}`, { key: hub.adminKey });
      assert.equal(res.status, 200);
      seen.push(...res.body.signals.map((s: { signal_value: { value: number } }) => s.signal_value.value));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => 24 - i));
  });

  test('filters by source, subject, severity and time range', async () => {
    const q = `source=synapse&subject_type=ip&subject_id=10.0.0.1&since=${encodeURIComponent(minutesAgo(95))}&until=${encodeURIComponent(minutesAgo(80))}`;
    const res = await hub.request('GET', `/v1/signals?${q}`, { key: hub.adminKey });
    assert.deepEqual(res.body.signals.map((s: { signal_value: { value: number } }) => s.signal_value.value), [11]);
    const high = await hub.request('GET', '/v1/signals?severity=high&limit=1000', { key: hub.adminKey });
    assert.ok(high.body.signals.length > 0);
    assert.ok(high.body.signals.every((s: { severity: string }) => s.severity === 'high'));
  });

  test('refuses a limit above 1000, an unknown filter and a forged cursor with 400', async () => {
    for (const url of ['/v1/signals?limit=1001', '/v1/signals?colour=red', '/v1/signals?cursor=bm9wZQ']) {
      const res = await hub.request('GET', url, { key: hub.adminKey });
      assert.equal(res.status, 400, url);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
    }
  });
});

describe('GET /v1/subjects/{type}/{id}', () => {
  test('shows the latest signal per key and leaves out those whose TTL ran out', async () => {
    const subject = { subject_type: 'endpoint', subject_id: 'web-1' };
    const signals = [
      aSignal({ ...subject, signal_key: 'tls.version', signal_value: { value: '1.2' }, observed_at: minutesAgo(30) }),
      aSignal({ ...subject, signal_key: 'tls.version', signal_value: { value: '1.3' }, observed_at: minutesAgo(5) }),
      aSignal({ ...subject, signal_key: 'port.open', signal_value: { value: 22 }, observed_at: minutesAgo(120), ttl_seconds: 3600 }),
      aSignal({ ...subject, signal_key: 'cpu.load', signal_value: { value: 0.9 }, observed_at: minutesAgo(1), ttl_seconds: 600 }),
      aSignal({ ...subject, signal_key: 'disk.full', signal_value: { value: false }, observed_at: minutesAgo(20), ttl_seconds: 60 }),
      aSignal({ ...subject, signal_key: 'disk.full', signal_value: { value: true }, observed_at: minutesAgo(40) }),
    ];
    assert.equal((await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { signals } })).status, 201);
    const res = await hub.request('GET', '/v1/subjects/endpoint/web-1', { key: hub.adminKey });
    assert.equal(res.status, 200);
    const state = Object.fromEntries(res.body.signals.map((s: { signal_key: string; signal_value: { value: unknown } }) => [s.signal_key, s.signal_value.value]));
    // port.open and the newest disk.full expired; an expired newest value is not replaced by an older one.
    assert.deepEqual(state, { 'cpu.load': 0.9, 'tls.version': '1.3' });
  });

  test('shows nothing for a subject of another tenant', async () => {
    const other = await hub.request('POST', '/v1/tenants', { key: hub.adminKey, body: { name: 'other' } });
    const key = (await hub.keys.createKey({ tenantId: other.body.id, scopes: ['signal:read'] })).key;
    const res = await hub.request('GET', '/v1/subjects/endpoint/web-1', { key });
    assert.deepEqual(res.body.signals, []);
  });
});

test('answers timestamps in RFC 3339 UTC and keeps microseconds exactly', async () => {
  const observed = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, '.123456Z');
  await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ subject_id: 'micro', observed_at: observed }) });
  const res = await hub.request('GET', '/v1/signals?subject_id=micro', { key: hub.adminKey });
  assert.equal(res.body.signals[0].observed_at, observed);
  assert.match(res.body.signals[0].ingested_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
});
