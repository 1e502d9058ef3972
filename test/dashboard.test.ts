// /ws/dashboard end to end over real sockets: auth by key or login cookie, timeouts and revocation, topics, events from
// the block changes feed, signals, sensors and metrics, snapshot, resume, and the limits (rate 4029, size 1009, caps 1013, slow 1008).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UnauthenticatedError } from '../src/core/errors.ts';
import type { Principal } from '../src/core/types.ts';
import { startTestHub, tenantWithKeys, aSignal, type TestHub } from './helpers/hub.ts';
import { authedDashboard, dashboardUrl, openDashboard, subscribe } from './helpers/dashboard.ts';
import { authedSensor, aThreat, TestSensor, type Received } from './helpers/sensor.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { fastnetmonBan, putConfig, shippedConfig } from './helpers/correlation.ts';

let hub: TestHub;
let viewerKey: string;
let writerKey: string;
const sessions = new Map<string, Principal>();
const open: TestSensor[] = [];
const track = <T extends { d: TestSensor }>(x: T): T => (open.push(x.d), x);

before(async () => {
  hub = await startTestHub({ dashboardAuthTimeoutMs: 1500, dashboardRecheckMs: 200, dashboardSignalTickMs: 50, dashboardStateIntervalMs: 200, signalBatchTimeoutMs: 5, keyRatePerSecond: 100_000, keyRateBurst: 100_000 }, undefined, {
    // A test double of the session store's one function; the storage behind the hub stays real.
    authenticateSession: async (token) => {
      const p = sessions.get(token);
      if (!p) throw new UnauthenticatedError('the session has ended or never existed');
      return p;
    },
  });
  viewerKey = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['dashboard:read'] })).key;
  writerKey = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:write'] })).key;
});
after(async () => {
  for (const d of open) d.close();
  await hub.close();
});

const block = (ip: string, key = hub.adminKey) => hub.request('POST', '/v1/mitigations', { key, body: { indicator: ip, ttl_seconds: 600, reason: 'dashboard test' } });

describe('authentication', () => {
  test('the hub says auth-required first, numbered 0, naming the methods and the timeout', async () => {
    const d = new TestSensor(dashboardUrl(hub.url));
    open.push(d);
    await d.opened;
    const m = await d.next();
    assert.equal(m.type, 'auth-required');
    assert.equal(m.sequenceId, 0);
    assert.deepEqual(m.payload, { methods: ['apiKey', 'session'], timeoutMs: 1500 });
    assert.equal(typeof m.timestamp, 'number');
  });

  test('a dashboard:read key gets auth-success with its tenant and the default subscriptions', async () => {
    const { auth } = track(await authedDashboard(hub.url, viewerKey));
    assert.equal(auth.payload.tenantId, hub.bootstrap.tenantId);
    assert.deepEqual(auth.payload.subscriptions, ['threats', 'mitigations', 'blocklist']);
    assert.match(auth.payload.sessionId, /^[0-9a-f-]{36}$/);
    assert.match(auth.payload.streamId, /^[0-9a-f-]{36}$/);
    assert.equal(typeof auth.payload.timestamp, 'number');
    assert.equal(auth.payload.principal.kind, 'key');
  });

  test('an admin or operator key passes too (hasScope), a key without dashboard:read is refused and closed 4001', async () => {
    track(await authedDashboard(hub.url, hub.adminKey));
    const d = await openDashboard(hub.url);
    d.send({ type: 'auth', payload: { apiKey: writerKey } });
    const m = await d.next();
    assert.equal(m.type, 'auth-failed');
    assert.equal(m.payload.code, 'SCOPE_MISSING');
    assert.equal((await d.closed).code, 4001);
  });

  test('an unknown key gets auth-failed UNAUTHENTICATED and close 4001', async () => {
    const d = await openDashboard(hub.url);
    d.send({ type: 'auth', payload: { apiKey: 'qk_not_a_key' } });
    assert.equal((await d.next()).payload.code, 'UNAUTHENTICATED');
    assert.equal((await d.closed).code, 4001);
  });

  test('a dashboard that does not authenticate in time is closed 4001', async () => {
    const d = await openDashboard(hub.url);
    d.send({ type: 'subscribe', payload: { topic: 'signals' } });
    assert.equal((await d.next()).payload.code, 'UNAUTHENTICATED');
    const closed = await d.closed;
    assert.equal(closed.code, 4001);
    assert.equal(closed.reason, 'Authentication timeout');
  });

  test('a key revoked while connected gets auth-revoked and close 4001', async () => {
    const k = await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['dashboard:read'] });
    const { d } = await authedDashboard(hub.url, k.key);
    await hub.keys.revokeKey(k.id);
    const m = await d.next('auth-revoked', 5000);
    assert.equal(m.payload.code, 'UNAUTHENTICATED');
    assert.equal((await d.closed).code, 4001);
  });

  test('the quorum_session cookie on the upgrade authenticates an auth without a key; an ended session is auth-revoked', async () => {
    sessions.set('tok-1', { keyId: 'session:s-1', tenantId: hub.bootstrap.tenantId, scopes: ['dashboard:read'], agentId: null, rateLimit: null });
    const d = await openDashboard(hub.url, { cookie: 'theme=dark; quorum_session=tok-1' });
    d.send({ type: 'auth', payload: {} });
    const ok = await d.next();
    assert.equal(ok.type, 'auth-success', JSON.stringify(ok));
    assert.deepEqual(ok.payload.principal, { kind: 'session', id: 'session:s-1', scopes: ['dashboard:read'] });
    sessions.delete('tok-1');
    assert.equal((await d.next('auth-revoked', 5000)).payload.code, 'UNAUTHENTICATED');
    assert.equal((await d.closed).code, 4001);
  });

  test('the cookie is ignored when the page is from another origin, and absent it the auth is refused', async () => {
    sessions.set('tok-2', { keyId: 'session:s-2', tenantId: hub.bootstrap.tenantId, scopes: ['dashboard:read'], agentId: null, rateLimit: null });
    const foreign = await openDashboard(hub.url, { cookie: 'quorum_session=tok-2', origin: 'https://evil.example' });
    foreign.send({ type: 'auth', payload: {} });
    const m = await foreign.next();
    assert.equal(m.type, 'auth-failed');
    assert.equal(m.payload.code, 'UNAUTHENTICATED');
    const same = await openDashboard(hub.url, { cookie: 'quorum_session=tok-2', origin: hub.url });
    same.send({ type: 'auth', payload: {} });
    assert.equal((await same.next()).type, 'auth-success');
    open.push(same);
  });

  test('a second auth on an authenticated connection is an error frame, not a new session', async () => {
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    d.send({ type: 'auth', payload: { apiKey: viewerKey } });
    const m = await d.next();
    assert.equal(m.type, 'error');
    assert.equal(m.payload.code, 'ALREADY_AUTHENTICATED');
  });
});

describe('topics and events', () => {
  test('subscribe and unsubscribe answer with the topic and the subscriptions; an unknown topic is a clear error', async () => {
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    d.send({ type: 'subscribe', payload: { topic: 'campaigns' } });
    const s = await d.next();
    assert.equal(s.type, 'subscribed');
    assert.deepEqual(s.payload, { topic: 'campaigns', subscriptions: ['threats', 'mitigations', 'blocklist', 'campaigns'] });
    d.send({ type: 'unsubscribe', payload: { topic: 'threats' } });
    assert.deepEqual((await d.next()).payload.subscriptions, ['mitigations', 'blocklist', 'campaigns']);
    d.send({ type: 'subscribe', payload: { topic: 'weather' } });
    const e = await d.next();
    assert.equal(e.type, 'error');
    assert.equal(e.payload.code, 'INVALID_MESSAGE');
    assert.match(e.payload.message, /payload\.topic: must be one of signals, threats/);
  });

  test('a block decided over HTTP reaches the dashboard as a mitigation event and a blocklist add, numbered in order; its withdrawal removes it', async () => {
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    const res = await block('198.51.100.7');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const m = await d.next('mitigation', 5000);
    assert.equal(m.payload.change, 'created');
    assert.equal(m.payload.indicator, '198.51.100.7/32');
    assert.equal(m.payload.status, 'active');
    const b = await d.next('blocklist');
    assert.equal(b.sequenceId, m.sequenceId + 1);
    assert.deepEqual(b.payload.updates.map((u: any) => [u.action, u.indicator]), [['add', '198.51.100.7/32']]);
    const w = await hub.request('POST', `/v1/mitigations/${res.body.mitigation.id}/withdraw`, { key: hub.adminKey, body: { reason: 'done' } });
    assert.equal(w.status, 200, JSON.stringify(w.body));
    assert.equal((await d.next('mitigation', 5000)).payload.change, 'withdrawn');
    assert.deepEqual((await d.next('blocklist')).payload.updates.map((u: any) => u.action), ['remove']);
  });

  test('signals and threats arrive on their topics once subscribed, the stored values as the feed holds them, even one stored right after subscribed', async () => {
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    await subscribe(d, 'signals');
    // No wait for a tick: 'subscribed' comes once the reader is placed, so a signal stored at once is not passed over.
    const posted = await hub.request('POST', '/v1/signals', { key: writerKey, body: { signals: [aSignal({ subject_id: 'live.example' })] } });
    assert.ok(posted.status < 300, JSON.stringify(posted.body));
    const s = await d.next('signal', 5000);
    assert.equal(s.payload.subjectId, 'live.example');
    assert.deepEqual(s.payload.value, { value: 12 });
    const sensor = await authedSensor(hub.url, writerKey, { sensorId: 'dash-sensor' });
    sensor.send({ type: 'signal', id: 'm-1', payload: aThreat({ sourceIp: '203.0.113.9' }) });
    await sensor.next('signal-ack', 10_000);
    const t = await d.next('threat', 5000);
    assert.equal(t.payload.key, 'threat.ip_threat');
    assert.equal(t.payload.subjectId, '203.0.113.9');
    sensor.close();
  });

  test('sensors and metrics: a sensor connecting is an event; metrics come every interval with the tenant\'s counters', async () => {
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    await subscribe(d, 'sensors', 'metrics');
    await d.next('metrics', 5000);
    const sensor = await authedSensor(hub.url, writerKey, { sensorId: 'dash-sensor-2' });
    const ev = await waitUntil('the sensor event', 5000, async () => {
      const e = await d.next('sensor', 5000);
      return e.payload.sensorId === 'dash-sensor-2' ? e : undefined;
    });
    assert.equal(ev.payload.change, 'connected');
    const m = await waitUntil('metrics counting the sensor', 5000, async () => {
      const x = await d.next('metrics', 5000);
      return x.payload.connectedSensors >= 1 ? x : undefined;
    });
    assert.equal(typeof m.payload.activeBlocks, 'number');
    assert.equal(typeof m.payload.signals.total, 'number');
    sensor.close();
  });

  test('a FastNetMon ban that opens a correlation group is a group event (opened), read from the group table', async () => {
    await putConfig(hub, shippedConfig());
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    await subscribe(d, 'groups');
    // The first look at the open groups (the baseline) is taken before 'subscribed': what opens after it is an event.
    const res = await hub.request('POST', '/v1/signals/fastnetmon', { key: writerKey, body: fastnetmonBan('192.0.2.66') });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await hub.correlation.caughtUp();
    const g = await waitUntil('the group event', 5000, async () => {
      const e = await d.next('group', 5000);
      return e.payload.subjectId === '192.0.2.66' ? e : undefined;
    });
    assert.equal(g.payload.change, 'opened');
    assert.equal(g.payload.status, 'open');
    assert.equal(g.payload.signalCount, 1);
  });

  test('request-snapshot answers with counts, active blocks, sensors and recent threats', async () => {
    await block('198.51.100.8');
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    d.send({ type: 'request-snapshot' });
    const s = await d.next('snapshot', 5000);
    assert.ok(s.payload.counts.activeBlocks >= 1);
    assert.ok(s.payload.activeBlocks.some((b: any) => b.indicator === '198.51.100.8/32'));
    assert.ok(Array.isArray(s.payload.openGroups));
    assert.ok(Array.isArray(s.payload.sensors));
    assert.ok(s.payload.recentThreats.some((t: any) => t.subjectId === '203.0.113.9'));
    assert.equal(typeof s.sequenceId, 'number');
  });

  test('a dashboard that reconnects with resume gets the events it missed, then resumed; an unknown stream gets a snapshot', async () => {
    const first = await authedDashboard(hub.url, viewerKey);
    // Another dashboard of the tenant keeps the stream (and its numbering) alive while the first is away.
    const keeper = track(await authedDashboard(hub.url, viewerKey));
    await block('198.51.100.9');
    const seen = await waitUntil('the .9 block event', 5000, async () => {
      const m = await first.d.next('mitigation', 5000);
      return m.payload.indicator === '198.51.100.9/32' ? m : undefined;
    });
    first.d.close();
    await block('198.51.100.10');
    await waitUntil('the .10 block event', 5000, async () => (await keeper.d.next('mitigation', 5000)).payload.indicator === '198.51.100.10/32');
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    d.send({ type: 'resume', payload: { streamId: first.auth.payload.streamId, lastSequenceId: seen.sequenceId } });
    const frames: Received[] = [];
    let done = await d.next();
    for (; done.type !== 'resumed'; done = await d.next()) frames.push(done);
    assert.equal(done.payload.replayed, frames.length);
    assert.ok(frames.every((f, i) => f.sequenceId > (i ? frames[i - 1]!.sequenceId : seen.sequenceId)), 'replayed in order, after the last one seen');
    assert.deepEqual(frames.filter((f) => f.type === 'mitigation').map((f) => f.payload.indicator).slice(-1), ['198.51.100.10/32']);
    assert.equal(frames[0]!.type, 'blocklist', 'the .9 block\'s blocklist event came right after the last one seen');
    d.send({ type: 'resume', payload: { streamId: '00000000-0000-0000-0000-000000000000', lastSequenceId: 1 } });
    assert.equal((await d.next()).type, 'snapshot');
  });
});

describe('tenants', () => {
  test('a dashboard sees only its tenant; choosing another is refused; the operator may choose one', async () => {
    const other = await tenantWithKeys(hub, 'dash-other', { viewer: ['dashboard:read'], admin: ['admin'] });
    const mine = track(await authedDashboard(hub.url, other.viewer));
    assert.equal(mine.auth.payload.tenantId, other.id);
    const operator = track(await authedDashboard(hub.url, hub.adminKey, other.id));
    assert.equal(operator.auth.payload.tenantId, other.id);
    const refused = await openDashboard(hub.url);
    refused.send({ type: 'auth', payload: { apiKey: other.admin, tenantId: hub.bootstrap.tenantId } });
    const m = await refused.next();
    assert.equal(m.type, 'auth-failed');
    assert.equal(m.payload.code, 'TENANT_FORBIDDEN');
    // A block of the default tenant, then one of the other: the other's dashboards see only the second.
    await block('198.51.100.20');
    assert.equal((await block('198.51.100.21', other.admin)).status, 201);
    for (const { d } of [mine, operator]) assert.equal((await d.next('mitigation', 5000)).payload.indicator, '198.51.100.21/32');
  });
});

describe('input and limits', () => {
  test('binary frames, bad JSON and unknown types are answered with clear error frames and the session carries on', async () => {
    const { d } = track(await authedDashboard(hub.url, viewerKey));
    d.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await d.next()).payload.code, 'INVALID_MESSAGE');
    d.send('{nope');
    assert.equal((await d.next()).payload.code, 'INVALID_JSON');
    d.send({ type: 'launch' });
    const u = await d.next();
    assert.equal(u.payload.code, 'UNKNOWN_TYPE');
    d.send({ type: 'ping' });
    assert.equal((await d.next()).type, 'pong');
  });

  test('more than the burst of 75 frames at once closes the dashboard with 4029', async () => {
    const { d } = await authedDashboard(hub.url, viewerKey);
    for (let i = 0; i < 120; i++) d.send({ type: 'ping' });
    assert.equal((await d.closed).code, 4029);
  });

  test('a frame over the size limit closes with 1009', async () => {
    const { d } = await authedDashboard(hub.url, viewerKey);
    d.send({ type: 'ping', payload: { pad: 'x'.repeat(20_000) } });
    assert.equal((await d.closed).code, 1009);
  });
});

describe('connection cap and slow clients', () => {
  let small: TestHub;
  before(async () => { small = await startTestHub({ dashboardMaxConnections: 2, dashboardSendBufferBytes: 1024, dashboardRateBurst: 1000, dashboardRecheckMs: 200, passwordScryptLog2N: 12 }); });
  after(async () => { await small.close(); });

  test('beyond the connection cap a dashboard is closed with 1013', async () => {
    const a = await openDashboard(small.url);
    const b = await openDashboard(small.url);
    const c = new TestSensor(dashboardUrl(small.url));
    assert.equal((await c.closed).code, 1013);
    a.close();
    b.close();
    await waitUntil('the places to free', 5000, async () => small.dashboard.gateway.connections() === 0);
  });

  test('a viewer logged in with POST /v1/session watches with the real session cookie; logging out ends the dashboard with auth-revoked', async () => {
    const created = await small.request('POST', '/v1/users', { key: small.adminKey, body: { username: 'watcher', password: 'a long enough password', role: 'viewer' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const login = await small.request('POST', '/v1/session', { body: { username: 'watcher', password: 'a long enough password' } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    const d = await openDashboard(small.url, { cookie: cookies, origin: small.url });
    d.send({ type: 'auth', payload: {} });
    const ok = await d.next();
    assert.equal(ok.type, 'auth-success', JSON.stringify(ok));
    assert.deepEqual([ok.payload.principal.kind, ok.payload.principal.username, ok.payload.tenantId], ['session', 'watcher', small.bootstrap.tenantId]);
    const out = await small.request('DELETE', '/v1/session', { headers: { cookie: cookies, 'x-csrf-token': login.body.csrfToken } });
    assert.equal(out.status, 204, JSON.stringify(out.body));
    assert.equal((await d.next('auth-revoked', 5000)).payload.code, 'UNAUTHENTICATED');
    assert.equal((await d.closed).code, 4001);
  });

  test('a dashboard that stops reading is dropped with 1008 while another one is answered at once', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.1`).join('\n');
    const imported = await small.request('POST', '/v1/blocks/import?ttl_seconds=600', { key: small.adminKey, body: lines, headers: { 'content-type': 'text/plain' } });
    assert.ok(imported.status < 300, JSON.stringify(imported.body));
    const slow = await authedDashboard(small.url, small.adminKey);
    // Stop reading: what the hub sends piles up in its send buffer.
    (slow.d.ws as any)._socket.pause();
    // 500 blocks make a ~60 kB snapshot: 400 of them are more than loopback's socket buffers take.
    for (let i = 0; i < 400; i++) slow.d.send({ type: 'request-snapshot' });
    await waitUntil('the slow dashboard to be dropped', 20_000, async () => (await small.request('GET', '/metrics')).body.includes('quorum_dashboard_drops_total{reason="slow_client"} 1'));
    const quick = await authedDashboard(small.url, small.adminKey);
    quick.d.send({ type: 'ping' });
    assert.equal((await quick.d.next()).type, 'pong');
    (slow.d.ws as any)._socket.resume();
    assert.ok([1008, 1006].includes((await slow.d.closed).code));
    quick.d.close();
  });
});
