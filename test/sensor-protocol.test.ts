import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub, tenantWithKeys } from './helpers/hub.ts';
import { aThreat, authedSensor, authMessage, sensorUrl, TestSensor } from './helpers/sensor.ts';

let hub: TestHub;
let timing: TestHub;
before(async () => {
  [hub, timing] = await Promise.all([
    startTestHub({ signalBatchTimeoutMs: 20 }),
    startTestHub({ signalBatchTimeoutMs: 20, sensorAuthTimeoutMs: 1000, sensorPingIntervalMs: 500, sensorMaxConnections: 2, sensorMaxFrameBytes: 4096, sensorSendBufferBytes: 1024 }),
  ]);
});
after(async () => { await Promise.all([hub.close(), timing.close()]); });

const sensorRow = async (h: TestHub, sensorId: string) =>
  (await h.db.pools.owner.query('SELECT * FROM sensors WHERE sensor_id = $1', [sensorId])).rows[0];
const keyWith = async (h: TestHub, scopes: string[]) => (await h.keys.createKey({ tenantId: h.bootstrap.tenantId, scopes })).key;

async function refusedAuth(h: TestHub, auth: Record<string, unknown>) {
  const s = new TestSensor(sensorUrl(h.url));
  await s.opened;
  s.send(auth);
  const reply = await s.next();
  return { reply, close: await s.closed };
}

describe('sensor authentication', () => {
  test('answers auth-success with tenant, capabilities and protocol 1.0 and records the sensor as connected', async () => {
    const s = new TestSensor(sensorUrl(hub.url));
    await s.opened;
    s.send(authMessage(hub.adminKey, { sensorId: 'auth-ok', region: 'eu-west' }));
    const reply = await s.next();
    assert.deepEqual(reply, {
      type: 'auth-success', sensorId: 'auth-ok', tenantId: hub.bootstrap.tenantId,
      capabilities: ['signal', 'blocklist-sync', 'command'], protocolVersion: '1.0', approvalStatus: 'approved',
    });
    const row = await sensorRow(hub, 'auth-ok');
    assert.equal(row.connection_state, 'connected');
    assert.equal(row.name, 'edge one');
    assert.equal(row.version, '1.4.2');
    assert.equal(row.region, 'eu-west');
    assert.equal(row.kind, 'synapse');
    assert.equal(row.last_address, '127.0.0.1');
    assert.deepEqual(hub.sensorGateway.sensorAddresses(), ['127.0.0.1']);
    s.close();
    await s.closed;
    for (let i = 0; i < 50 && (await sensorRow(hub, 'auth-ok')).connection_state !== 'disconnected'; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await sensorRow(hub, 'auth-ok')).connection_state, 'disconnected');
  });

  test('refuses an unknown key with auth-failed and close 4003', async () => {
    const { reply, close } = await refusedAuth(hub, authMessage('qk_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    assert.equal(reply.type, 'auth-failed');
    assert.equal(reply.error, 'missing or invalid API key');
    assert.equal(close.code, 4003);
  });

  test('refuses a key without signal:write with auth-failed and close 4003', async () => {
    const { reply, close } = await refusedAuth(hub, authMessage(await keyWith(hub, ['signal:read'])));
    assert.deepEqual(reply, { type: 'auth-failed', error: 'this API key lacks the "signal:write" scope' });
    assert.equal(close.code, 4003);
  });

  test('refuses a registration token that is not one with REGISTRATION_TOKEN_INVALID and close 4003 (enrolment: test/sensor-enrolment.test.ts)', async () => {
    const { reply, close } = await refusedAuth(hub, { type: 'auth', payload: { registrationToken: 'abc', sensorId: 's', version: '1.0.0', protocolVersion: '1.0' } });
    assert.deepEqual(reply, { type: 'auth-failed', error: 'this registration token is not valid', code: 'REGISTRATION_TOKEN_INVALID' });
    assert.deepEqual([close.code, close.reason], [4003, 'Invalid registration token']);
  });

  test('refuses an invalid auth message naming the field, with close 4003', async () => {
    const { reply, close } = await refusedAuth(hub, authMessage(hub.adminKey, { version: 'latest' }));
    assert.deepEqual(reply, { type: 'auth-failed', error: 'Invalid message: payload.version: must start with MAJOR.MINOR.PATCH' });
    assert.equal(close.code, 4003);
  });

  test('answers PROTOCOL_VERSION_UNSUPPORTED and closes 4003 for protocol 2.0', async () => {
    const { reply, close } = await refusedAuth(hub, authMessage(hub.adminKey, { protocolVersion: '2.0' }));
    assert.deepEqual(reply, { type: 'error', code: 'PROTOCOL_VERSION_UNSUPPORTED', error: 'protocol version 2.0 is not supported; use 1.0' });
    assert.equal(close.code, 4003);
  });

  test('accepts a legacy sensor without protocolVersion and says it is deprecated', async () => {
    const s = new TestSensor(sensorUrl(hub.url));
    await s.opened;
    s.send(authMessage(hub.adminKey, { sensorId: 'legacy', protocolVersion: undefined }));
    const reply = await s.next();
    assert.equal(reply.type, 'auth-success');
    assert.equal(reply.protocolVersion, '1.0');
    assert.equal(reply.message, 'protocol 0.9 is deprecated; upgrade to 1.0');
    assert.equal((await sensorRow(hub, 'legacy')).protocol_version, '0.9');
    s.close();
  });

  test('refuses a known sensor that presents another fingerprint with close 4003', async () => {
    const fp = 't13d1516h2_8daaf6152771_b0da82dd1658';
    const first = await authedSensor(hub.url, hub.adminKey, { sensorId: 'pinned', fingerprint: fp });
    first.close();
    const { reply, close } = await refusedAuth(hub, authMessage(hub.adminKey, { sensorId: 'pinned', fingerprint: 't13d1516h2_8daaf6152771_c1d2e3f4a5b6' }));
    assert.deepEqual(reply, { type: 'auth-failed', error: 'identity verification failed: this sensor presented another fingerprint', code: 'IDENTITY_VERIFICATION_FAILED' });
    assert.deepEqual([close.code, close.reason], [4003, 'Identity verification failed']);
    const again = await authedSensor(hub.url, hub.adminKey, { sensorId: 'pinned', fingerprint: fp });
    again.close();
  });

  test('refuses a spoofed auth fingerprint with close 4003', async () => {
    const { reply, close } = await refusedAuth(hub, authMessage(hub.adminKey, { sensorId: 'spoof', fingerprint: 'test-fingerprint-123' }));
    assert.equal(reply.type, 'auth-failed');
    assert.match(reply.error, /payload\.fingerprint: looks spoofed/);
    assert.equal(close.code, 4003);
  });

  test('answers UNAUTHENTICATED to a signal before auth and keeps the connection', async () => {
    const s = new TestSensor(sensorUrl(hub.url));
    await s.opened;
    s.send({ type: 'signal', id: 'early', payload: aThreat() });
    assert.deepEqual(await s.next(), { type: 'error', code: 'UNAUTHENTICATED', error: 'UNAUTHENTICATED: send an auth message first', id: 'early' });
    s.send(authMessage(hub.adminKey, { sensorId: 'late-auth' }));
    assert.equal((await s.next()).type, 'auth-success');
    s.close();
  });

  test('refuses the upgrade with HTTP 401 for a bad ?token= and 403 for a key without signal:write', async () => {
    const bad = new TestSensor(sensorUrl(hub.url, '?token=nope'));
    await assert.rejects(bad.opened, (e: any) => e.status === 401);
    const readOnly = await keyWith(hub, ['signal:read']);
    const forbidden = new TestSensor(sensorUrl(hub.url), { authorization: `Bearer ${readOnly}` });
    await assert.rejects(forbidden.opened, (e: any) => e.status === 403);
    const good = new TestSensor(sensorUrl(hub.url, `?token=${hub.adminKey}`));
    await good.opened;
    good.close();
  });
});

describe('sensor messages', () => {
  test('acknowledges a signal with signal-ack, its id and counts, and stores the mapped row', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'mapper', region: 'us-east' });
    s.send({ type: 'signal', id: 'm-1', payload: aThreat({ sourceIp: '203.0.113.9', severity: 'CRITICAL', confidence: 0.93, eventCount: 4, fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658', metadata: { rule_ids: ['rule_7'] } }) });
    const ack = await s.next();
    assert.deepEqual(ack, { type: 'signal-ack', sequenceId: 1, id: 'm-1', stored: 1, merged: 0, duplicates: 0, rejected: 0 });
    const { rows } = await hub.db.pools.owner.query("SELECT * FROM signal_streams WHERE subject_id = '203.0.113.9'");
    assert.equal(rows.length, 1);
    const r = rows[0];
    assert.equal(r.source, 'synapse');
    assert.equal(r.subject_type, 'ip');
    assert.equal(r.signal_key, 'threat.ip_threat');
    assert.equal(r.severity, 'critical');
    assert.equal(r.ttl_seconds, 86400);
    assert.deepEqual(Object.keys(r.signal_value).sort(), ['event_count', 'fingerprint', 'first_seen', 'last_seen', 'metadata', 'sensor_id', 'sensor_name', 'sensor_region', 'sensor_version', 'value']);
    assert.equal(r.signal_value.value, 0.93);
    assert.equal(r.signal_value.event_count, 4);
    assert.equal(r.signal_value.sensor_id, 'mapper');
    assert.equal(r.signal_value.sensor_region, 'us-east');
    assert.deepEqual(r.signal_value.metadata, { rule_ids: ['rule_7'] });
    assert.equal(new Date(r.observed_at).toISOString(), r.signal_value.first_seen);
    s.close();
  });

  test('acknowledges a signal-batch with batch-ack count and merges duplicates of the window', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'batcher' });
    const ip = '198.51.100.77';
    s.send({ type: 'signal-batch', id: 'b-1', payload: [
      aThreat({ sourceIp: ip, eventCount: 2, severity: 'LOW', confidence: 0.2 }),
      aThreat({ sourceIp: ip, eventCount: 3, severity: 'HIGH', confidence: 0.9 }),
      aThreat({ sourceIp: ip, signalType: 'RATE_ANOMALY' }),
    ] });
    assert.deepEqual(await s.next(), { type: 'batch-ack', count: 3, sequenceId: 1, id: 'b-1', stored: 2, merged: 1, duplicates: 0, rejected: 0 });
    const { rows } = await hub.db.pools.owner.query('SELECT signal_key, severity, signal_value FROM signal_streams WHERE subject_id = $1 ORDER BY signal_key', [ip]);
    assert.deepEqual(rows.map((r) => [r.signal_key, r.severity, r.signal_value.event_count, r.signal_value.value]), [
      ['threat.ip_threat', 'high', 5, 0.9],
      ['threat.rate_anomaly', 'high', 1, 0.8],
    ]);
    s.close();
  });

  test('numbers acks per connection from 1, independently of other connections', async () => {
    const a = await authedSensor(hub.url, hub.adminKey, { sensorId: 'seq-a' });
    const b = await authedSensor(hub.url, hub.adminKey, { sensorId: 'seq-b' });
    a.send({ type: 'signal', payload: aThreat() });
    assert.equal((await a.next('signal-ack')).sequenceId, 1);
    a.send({ type: 'signal', payload: aThreat() });
    assert.equal((await a.next('signal-ack')).sequenceId, 2);
    b.send({ type: 'signal', payload: aThreat() });
    assert.equal((await b.next('signal-ack')).sequenceId, 1);
    a.close();
    b.close();
  });

  test('accepts native Quorum signals next to ThreatSignals in one batch', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'native' });
    const native = { source: 'cert_scan', subject_type: 'domain', subject_id: 'native.example', signal_key: 'cert.expiry_days', signal_value: { value: 3 }, severity: 'high', observed_at: new Date().toISOString(), ttl_seconds: null };
    s.send({ type: 'signal-batch', id: 'mixed', payload: [native, aThreat({ sourceIp: '192.0.2.55' })] });
    const ack = await s.next();
    assert.equal(ack.type, 'batch-ack');
    assert.equal(ack.stored, 2);
    const n = await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id IN ('native.example', '192.0.2.55')");
    assert.equal(n.rows[0].n, 2);
    s.close();
  });

  test('answers Invalid JSON, unknown types and invalid signals with error and keeps serving the connection', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'sloppy' });
    s.send('{"type": "signal", ');
    assert.deepEqual(await s.next(), { type: 'error', code: 'INVALID_JSON', error: 'Invalid JSON' });
    s.send({ type: 'teleport' });
    assert.deepEqual(await s.next(), { type: 'error', code: 'UNKNOWN_TYPE', error: 'Unknown message type: teleport' });
    s.send({ type: 'signal-batch', id: 'bad', payload: [aThreat({ sourceIp: '192.0.2.200' }), aThreat({ severity: 'EXTREME' })] });
    const err = await s.next();
    assert.equal(err.type, 'error');
    assert.equal(err.code, 'INVALID_SIGNAL');
    assert.equal(err.id, 'bad');
    assert.equal(err.error, 'Invalid message: payload[1].severity: must be one of LOW, MEDIUM, HIGH, CRITICAL');
    assert.deepEqual(err.errors, [{ index: 1, field: 'severity', rule: 'enum', message: 'must be one of LOW, MEDIUM, HIGH, CRITICAL' }]);
    const none = await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id = '192.0.2.200'");
    assert.equal(none.rows[0].n, 0, 'a message is all-or-nothing');
    s.send({ type: 'signal', payload: { signalType: 'IP_THREAT', severity: 'LOW', confidence: 2 } });
    assert.equal((await s.next()).error, 'Invalid message: payload.confidence: must be a number from 0 to 1 (and 1 more)');
    s.send({ type: 'signal', id: 'fine', payload: aThreat() });
    assert.equal((await s.next()).type, 'signal-ack');
    s.send({ type: 'signal-batch', payload: Array.from({ length: 1001 }, () => aThreat()) });
    assert.equal((await s.next()).code, 'BATCH_TOO_LARGE');
    s.close();
  });

  test('acknowledges an empty signal-batch at once', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'empty' });
    s.send({ type: 'signal-batch', id: 'e', payload: [] });
    assert.deepEqual(await s.next(), { type: 'batch-ack', count: 0, sequenceId: 1, id: 'e', stored: 0, merged: 0, duplicates: 0, rejected: 0 });
    s.close();
  });

  test('records a heartbeat and its metrics on the sensor', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'beating' });
    const payload = { timestamp: Date.now(), status: 'degraded', cpu: 71.5, memory: 40, disk: 12, requestsLastMinute: 1200, avgLatencyMs: 3.2, configHash: 'c1', rulesHash: 'r9', blocklistSize: 4 };
    s.send({ type: 'heartbeat', payload });
    s.send({ type: 'heartbeat', payload: { ...payload, cpu: 140 } });
    assert.deepEqual(await s.next(), { type: 'error', code: 'INVALID_MESSAGE', error: 'Invalid message: payload.cpu: must be a number from 0 to 100' });
    let row = await sensorRow(hub, 'beating');
    for (let i = 0; i < 50 && row.last_heartbeat_at === null; i++) row = await new Promise((r) => setTimeout(r, 20)).then(() => sensorRow(hub, 'beating'));
    assert.notEqual(row.last_heartbeat_at, null);
    assert.deepEqual(row.last_metrics, payload);
    s.close();
  });

  test('answers blocklist-sync with an empty blocklist-snapshot at version 0, takes pong silently and refuses an ack of no open command', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'syncer' });
    s.send({ type: 'pong' });
    s.send({ type: 'blocklist-sync' });
    assert.deepEqual(await s.next(), { type: 'blocklist-snapshot', entries: [], sequenceId: 1, version: 0, total: 0, maxEntries: null, omitted: 0 });
    s.send({ type: 'command-ack', id: 'a-1', payload: { commandId: 'c-1', success: true, message: 'done', result: { ok: 1 } } });
    assert.deepEqual(await s.next(), { type: 'error', id: 'a-1', code: 'NOT_FOUND', error: 'command c-1 is not an open command of this sensor; nothing changed' });
    s.send({ type: 'command-ack', payload: { commandId: '', success: true } });
    assert.deepEqual(await s.next(), { type: 'error', code: 'INVALID_MESSAGE', error: 'Invalid message: payload.commandId: must be a non-empty string' });
    assert.deepEqual(s.pending(), []);
    s.close();
  });
});

describe('sensor connection limits and liveness', () => {
  test('closes with 4001 when no auth arrives within the deadline', async () => {
    const s = new TestSensor(sensorUrl(timing.url));
    await s.opened;
    const started = Date.now();
    const close = await s.closed;
    assert.equal(close.code, 4001);
    assert.equal(close.reason, 'Authentication timeout');
    assert.ok(Date.now() - started >= 900);
  });

  test('pings every interval and closes with 1000 "Heartbeat timeout" after two silent intervals', async () => {
    const s = await authedSensor(timing.url, timing.adminKey, { sensorId: 'silent' });
    const ping = await s.next('ping');
    assert.equal(typeof ping.timestamp, 'number');
    const close = await s.closed;
    assert.deepEqual(close, { code: 1000, reason: 'Heartbeat timeout' });
  });

  test('keeps a sensor that answers pings', async () => {
    const s = await authedSensor(timing.url, timing.adminKey, { sensorId: 'chatty' });
    for (let i = 0; i < 5; i++) {
      await s.next('ping');
      s.send({ type: 'pong' });
    }
    assert.equal(s.ws.readyState, s.ws.OPEN);
    s.close();
    await s.closed;
  });

  test('sends auth-revoked and closes 4001 when the key is revoked while connected', async () => {
    const key = await timing.keys.createKey({ tenantId: timing.bootstrap.tenantId, scopes: ['signal:write'] });
    const s = await authedSensor(timing.url, key.key, { sensorId: 'revoked' });
    await timing.keys.revokeKey(key.id);
    const msg = await s.next('auth-revoked');
    assert.equal(msg.error, 'API key has been revoked');
    assert.equal((await s.closed).code, 4001);
  });

  test('closes with 1009 when a frame exceeds the configured limit', async () => {
    const s = await authedSensor(timing.url, timing.adminKey, { sensorId: 'big' });
    s.send({ type: 'signal', payload: aThreat({ metadata: { blob: 'x'.repeat(5000) } }) });
    assert.equal((await s.closed).code, 1009);
  });

  test('closes with 1008 when a sensor stops reading and the send buffer overflows', async () => {
    // A tenant of 120 blocks (the default guardrail's most new blocks a minute): each snapshot is ~12 kB, so a few
    // hundred fill the kernel's buffers and the hub's limit (350 here); the sensor sends many more.
    const deaf = await tenantWithKeys(timing, 'deaf', { admin: ['admin'] });
    const lines = Array.from({ length: 120 }, (_, i) => `45.10.${i}.1`).join('\n');
    const imported = await timing.request('POST', '/v1/blocks/import?ttl_seconds=3600', { key: deaf.admin, body: lines, headers: { 'content-type': 'text/plain' } });
    assert.deepEqual([imported.status, imported.body.created], [200, 120], JSON.stringify(imported.body));
    const s = await authedSensor(timing.url, deaf.admin, { sensorId: 'deaf' });
    const socket = (s.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const request = JSON.stringify({ type: 'blocklist-sync' });
    for (let i = 0; i < 5000; i++) {
      s.ws.send(request);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5));
    }
    socket.resume();
    assert.equal((await s.closed).code, 1008);
  });

  test('closes with 1013 when the limit of authenticated sensors is reached', async () => {
    const a = await authedSensor(timing.url, timing.adminKey, { sensorId: 'c1' });
    const b = await authedSensor(timing.url, timing.adminKey, { sensorId: 'c2' });
    const c = new TestSensor(sensorUrl(timing.url));
    await c.opened;
    c.send(authMessage(timing.adminKey, { sensorId: 'c3' }));
    assert.deepEqual(await c.next(), { type: 'auth-failed', error: 'the hub has reached its limit of sensor connections; retry later' });
    assert.equal((await c.closed).code, 1013);
    a.close();
    b.close();
  });
});
