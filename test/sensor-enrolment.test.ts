// Sensor enrolment against two real hub processes on one database: registration tokens, pending → approved, rejection
// and decommissioning closing the session on the other hub, fingerprint pinning, maxUses under concurrency, tenants apart.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createKeyStore } from '../src/auth/key-store.ts';
import { startHubPair, waitUntil, type HubPair, type HubProcess } from './helpers/hub-process.ts';
import { TestSensor, authMessage, sensorUrl } from './helpers/sensor.ts';
import { runCli } from './helpers/process.ts';
import path from 'node:path';

let pair: HubPair;
let a: HubProcess;
let b: HubProcess;
let key: string;
let otherAdmin: string;
let otherWriter: string;

before(async () => {
  pair = await startHubPair({});
  ({ a, b, key } = pair);
  const keys = createKeyStore(pair.db.pools.owner);
  const other = await keys.createTenant('other');
  otherAdmin = (await keys.createKey({ tenantId: other.id, scopes: ['admin', 'signal:read'] })).key;
  otherWriter = (await keys.createKey({ tenantId: other.id, scopes: ['signal:write'] })).key;
});
after(() => pair?.stop());

async function call(hub: HubProcess, method: string, route: string, apiKey: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(hub.url + route, {
    method, headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

async function newToken(over: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const res = await call(a, 'POST', '/v1/sensors/registration-tokens', key, { name: 'rollout', maxUses: 5, expiresAt: inADay(), ...over });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Connects to `hub` and sends an auth; resolves with the sensor and its first answer. */
async function enrol(hub: HubProcess, payload: Record<string, unknown>): Promise<{ s: TestSensor; reply: any }> {
  const s = new TestSensor(sensorUrl(hub.url));
  await s.opened;
  s.send(authMessage('', { apiKey: undefined, ...payload }));
  return { s, reply: await s.next() };
}

describe('registration tokens', () => {
  test('a token secret is answered once and stored only as the SHA-256 of its 256-bit secret', async () => {
    const t = await newToken();
    assert.match(t.token, /^sh_reg_[0-9a-f]{32}_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const secret = t.token.split('_').slice(4).join('_');
    const row = await pair.db.pools.owner.query('SELECT to_jsonb(t) AS j, secret_hash FROM sensor_registration_tokens t WHERE id = $1', [t.id]);
    assert.equal(JSON.stringify(row.rows[0].j).includes(secret), false);
    assert.deepEqual(row.rows[0].secret_hash, createHash('sha256').update(secret).digest());
    const list = await call(a, 'GET', '/v1/sensors/registration-tokens', key);
    assert.equal(list.status, 200);
    assert.equal(JSON.stringify(list.body).includes(secret), false);
    assert.ok(list.body.tokens.some((x: any) => x.id === t.id && x.uses === 0 && !('token' in x)));
  });

  test('a token with an expiry in the past or a maxUses of 0 is refused with 400 and nothing is stored', async () => {
    const before = (await call(a, 'GET', '/v1/sensors/registration-tokens', key)).body.tokens.length;
    assert.equal((await call(a, 'POST', '/v1/sensors/registration-tokens', key, { maxUses: 1, expiresAt: '2020-01-01T00:00:00Z' })).status, 400);
    assert.equal((await call(a, 'POST', '/v1/sensors/registration-tokens', key, { maxUses: 0, expiresAt: inADay() })).status, 400);
    assert.equal((await call(a, 'GET', '/v1/sensors/registration-tokens', key)).body.tokens.length, before);
  });

  test('maxUses is never exceeded when more sensors than it allows enrol at once', async () => {
    const t = await newToken({ maxUses: 3 });
    const tries = await Promise.all(Array.from({ length: 8 }, (_, i) => enrol(i % 2 ? a : b, { apiKey: t.token, sensorId: `burst-${i}` })));
    const ok = tries.filter((x) => x.reply.type === 'auth-success');
    const refused = tries.filter((x) => x.reply.type === 'auth-failed');
    assert.equal(ok.length, 3);
    assert.equal(refused.length, 5);
    for (const r of refused) assert.equal(r.reply.code, 'REGISTRATION_TOKEN_USED_UP');
    const row = await pair.db.pools.owner.query('SELECT uses FROM sensor_registration_tokens WHERE id = $1', [t.id]);
    assert.equal(row.rows[0].uses, 3);
    for (const x of tries) x.s.close();
  });

  test('a revoked or expired token is refused with its own code and close 4003', async () => {
    const revoked = await newToken();
    assert.equal((await call(a, 'DELETE', `/v1/sensors/registration-tokens/${revoked.id}`, key)).status, 200);
    const r1 = await enrol(b, { registrationToken: revoked.token, sensorId: 'late-1' });
    assert.equal(r1.reply.code, 'REGISTRATION_TOKEN_REVOKED');
    assert.deepEqual(await r1.s.closed, { code: 4003, reason: 'Registration token revoked' });
    const expired = await newToken();
    await pair.db.pools.owner.query("UPDATE sensor_registration_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1", [expired.id]);
    const r2 = await enrol(b, { registrationToken: expired.token, sensorId: 'late-2' });
    assert.equal(r2.reply.code, 'REGISTRATION_TOKEN_EXPIRED');
    assert.equal((await r2.s.closed).code, 4003);
    const forged = await enrol(b, { registrationToken: `${revoked.token.slice(0, -4)}AAAA`, sensorId: 'late-3' });
    assert.equal(forged.reply.code, 'REGISTRATION_TOKEN_INVALID');
  });
});

describe('approval', () => {
  test('a sensor enrolled by a token is pending with ["signal"] only until approved, then gets its full capabilities on its next auth', async () => {
    const t = await newToken();
    const first = await enrol(b, { registrationToken: t.token, sensorId: 'new-1' });
    assert.equal(first.reply.type, 'auth-success');
    assert.deepEqual([first.reply.capabilities, first.reply.approvalStatus], [['signal'], 'PENDING']);
    first.s.send({ type: 'blocklist-sync', id: 'b1' });
    assert.equal((await first.s.next('error')).code, 'FORBIDDEN');
    const listed = await call(a, 'GET', '/v1/sensors?approval=pending', key);
    const row = listed.body.sensors.find((x: any) => x.sensor_id === 'new-1');
    assert.equal(row.approval_status, 'pending');
    assert.equal(row.state, 'connected');
    assert.equal(row.registration_token_id, t.id);
    assert.ok(row.hub_id);
    const approved = await call(a, 'POST', '/v1/sensors/new-1/approve', key);
    assert.equal(approved.body.approval_status, 'approved');
    first.s.close();
    const again = await enrol(a, { registrationToken: t.token, sensorId: 'new-1' });
    assert.deepEqual([again.reply.capabilities, again.reply.approvalStatus], [['signal', 'blocklist-sync', 'command'], 'approved']);
    again.s.close();
    assert.equal((await call(a, 'GET', '/v1/sensors/registration-tokens', key)).body.tokens.find((x: any) => x.id === t.id).uses, 1, 'a known sensor re-authenticating spends no use');
  });

  test('a token with autoApprove enrols the sensor approved', async () => {
    const t = await newToken({ autoApprove: true });
    const { s, reply } = await enrol(a, { registrationToken: t.token, sensorId: 'auto-1' });
    assert.equal(reply.approvalStatus, 'approved');
    s.close();
  });

  test('rejecting a sensor connected to the other hub closes it with 4003 "Sensor rejected", and it is refused from then on', async () => {
    const t = await newToken();
    const { s } = await enrol(b, { registrationToken: t.token, sensorId: 'bad-1' });
    assert.equal((await call(a, 'POST', '/v1/sensors/bad-1/reject', key)).status, 200);
    assert.deepEqual(await s.closed, { code: 4003, reason: 'Sensor rejected' });
    const back = await enrol(a, { registrationToken: t.token, sensorId: 'bad-1' });
    assert.equal(back.reply.code, 'SENSOR_REJECTED');
    assert.deepEqual(await back.s.closed, { code: 4003, reason: 'Sensor rejected' });
  });

  test('decommissioning a sensor closes its session with 4003 and it stays listed as decommissioned', async () => {
    const { s, reply } = await enrol(b, { apiKey: key, sensorId: 'old-1' });
    assert.equal(reply.type, 'auth-success');
    assert.equal((await call(a, 'DELETE', '/v1/sensors/old-1', key)).status, 200);
    assert.deepEqual(await s.closed, { code: 4003, reason: 'Sensor decommissioned' });
    assert.equal((await call(b, 'GET', '/v1/sensors/old-1', key)).body.approval_status, 'decommissioned');
  });
});

describe('identity', () => {
  test('a sensor that presents another fingerprint than the pinned one is refused with 4003 "Identity verification failed"', async () => {
    const { s } = await enrol(a, { apiKey: key, sensorId: 'pinned-1', fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658' });
    s.close();
    const other = await enrol(b, { apiKey: key, sensorId: 'pinned-1', fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1' });
    assert.equal(other.reply.code, 'IDENTITY_VERIFICATION_FAILED');
    assert.deepEqual(await other.s.closed, { code: 4003, reason: 'Identity verification failed' });
    const same = await enrol(b, { apiKey: key, sensorId: 'pinned-1', fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658' });
    assert.equal(same.reply.type, 'auth-success');
    same.s.close();
  });

  test('no new sensor enrols under an id the API reserves (health, enrolment, registration-tokens): SENSOR_ID_RESERVED, close 4003', async () => {
    const t = await newToken();
    for (const [sensorId, how] of [['health', { apiKey: key }], ['registration-tokens', { registrationToken: t.token }], ['enrolment', { apiKey: key }]] as const) {
      const r = await enrol(a, { ...how, sensorId });
      assert.equal(r.reply.code, 'SENSOR_ID_RESERVED', sensorId);
      assert.deepEqual(await r.s.closed, { code: 4003, reason: 'Sensor ID reserved' });
    }
    const row = await pair.db.pools.owner.query("SELECT count(*)::int AS n FROM sensors WHERE sensor_id IN ('health', 'registration-tokens', 'enrolment')");
    assert.equal(row.rows[0].n, 0);
    assert.equal((await call(a, 'GET', '/v1/sensors/registration-tokens', key)).body.tokens.find((x: any) => x.id === t.id).uses, 0, 'the refusal spent no use');
    assert.ok(Array.isArray((await call(a, 'GET', '/v1/sensors/health', key)).body.sensors), '/v1/sensors/health stays the health list');
  });

  test('with key registration turned off a key no longer registers a new sensor, and known sensors still come in', async () => {
    const writer = otherWriter;
    const known = await enrol(a, { apiKey: writer, sensorId: 'known-1' });
    known.s.close();
    assert.deepEqual((await call(a, 'PUT', '/v1/sensors/enrolment', otherAdmin, { keyRegistration: false })).body, { keyRegistration: false });
    const refused = await enrol(b, { apiKey: writer, sensorId: 'unknown-1' });
    assert.equal(refused.reply.code, 'REGISTRATION_TOKEN_REQUIRED');
    assert.deepEqual(await refused.s.closed, { code: 4003, reason: 'Registration token required' });
    const again = await enrol(b, { apiKey: writer, sensorId: 'known-1' });
    assert.equal(again.reply.type, 'auth-success');
    again.s.close();
    assert.deepEqual((await call(a, 'GET', '/v1/sensors/enrolment', key)).body, { keyRegistration: true }, 'the default tenant kept its own setting');
  });
});

describe('tenants', () => {
  test("another tenant's admin sees none of the tokens or sensors and cannot approve, reject, revoke or decommission them", async () => {
    const t = await newToken();
    await enrol(a, { registrationToken: t.token, sensorId: 'mine-1' }).then((x) => x.s.close());
    assert.equal((await call(b, 'GET', '/v1/sensors/registration-tokens', otherAdmin)).body.tokens.length, 0);
    assert.equal((await call(b, 'GET', '/v1/sensors', otherAdmin)).body.sensors.some((x: any) => x.sensor_id === 'mine-1'), false);
    for (const [m, r] of [['GET', '/v1/sensors/mine-1'], ['POST', '/v1/sensors/mine-1/approve'], ['POST', '/v1/sensors/mine-1/reject'], ['DELETE', '/v1/sensors/mine-1'], ['DELETE', `/v1/sensors/registration-tokens/${t.id}`]] as const) {
      assert.equal((await call(b, m, r, otherAdmin)).status, 404, `${m} ${r}`);
    }
    const mine = await waitUntil('the sensor listed', 2000, async () => (await call(a, 'GET', '/v1/sensors/mine-1', key)).body);
    assert.equal(mine.approval_status, 'pending');
  });
});

describe('the CLI', () => {
  async function cli(...args: string[]): Promise<{ code: number | null; stdout: string; out: string }> {
    const p = runCli([...args, '--url', a.url, '--key-file', path.join(a.dataDir, 'admin.key')]);
    const code = await p.exited;
    return { code, stdout: p.stdout(), out: p.output() };
  }

  test('quorum sensors tokens create|list|revoke and sensors list|get|approve|reject|delete act through the hub', async () => {
    const created = await cli('sensors', 'tokens', 'create', '--max-uses', '2', '--expires-at', '2d', '--name', 'cli rollout', '-o', 'json');
    assert.equal(created.code, 0, created.out);
    const t = JSON.parse(created.stdout);
    assert.match(t.token, /^sh_reg_/);
    const listed = await cli('sensors', 'tokens', 'list');
    assert.match(listed.stdout, /cli rollout +0\/2/);
    assert.equal(listed.stdout.includes(t.token), false);
    const { s } = await enrol(b, { registrationToken: t.token, sensorId: 'cli-1' });
    assert.match((await cli('sensors', 'get', 'cli-1')).stdout, /approval: +pending/);
    const fleet = await cli('sensors', 'list', '--approval', 'pending');
    assert.match(fleet.stdout, /^SENSOR +NAME +APPROVAL +STATE +HEALTH +SYNC +VERSION +LAST HEARTBEAT\n/);
    assert.match(fleet.stdout, /\ncli-1 +.* +pending +connected +unknown +unknown +/, 'a sensor that never sent a heartbeat: health and sync unknown');
    assert.equal((await cli('sensors', 'approve', 'cli-1')).stdout, 'sensor cli-1: approved\n');
    assert.equal((await cli('sensors', 'reject', 'cli-1')).stdout, 'sensor cli-1: rejected\n');
    assert.deepEqual(await s.closed, { code: 4003, reason: 'Sensor rejected' });
    assert.equal((await cli('sensors', 'delete', 'cli-1')).stdout, 'sensor cli-1: decommissioned\n');
    assert.equal((await cli('sensors', 'get', 'nobody')).code, 3);
    assert.equal((await cli('sensors', 'tokens', 'revoke', t.id)).code, 0);
  });
});
