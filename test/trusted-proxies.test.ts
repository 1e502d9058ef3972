// QUORUM_TRUSTED_PROXIES over real HTTP: X-Forwarded-For / -Proto are believed from a trusted hop only, for the audit
// log's address, the login rate limit and the session cookie's Secure; from anyone else they are ignored.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/config.ts';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';

const PASSWORD = 'correct horse battery staple';
const SPOOF = { 'x-forwarded-for': '203.0.113.50', 'x-forwarded-proto': 'https' };

interface Setup { hub: TestHub; admin: string }

async function setup(trustedProxies: string[]): Promise<Setup> {
  const hub = await startTestHub({ trustedProxies, passwordScryptLog2N: 12, loginMaxFailuresPerUsername: 1000, loginMaxFailuresPerAddress: 2 });
  const t = await tenantWithKeys(hub, 'acme', { admin: ['admin'] });
  assert.equal((await hub.request('POST', '/v1/users', { key: t.admin, body: { username: 'alice', password: PASSWORD, role: 'viewer' } })).status, 201);
  return { hub, admin: t.admin };
}

const login = (s: Setup, password: string, headers: Record<string, string> = {}) =>
  fetch(`${s.hub.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username: 'alice', password }) });
const addresses = async (s: Setup) => (await s.hub.request('GET', '/v1/audit?limit=1000', { key: s.admin })).body.items
  .filter((e: any) => e.route === '/v1/session').map((e: any) => e.address);
const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('quorum_session='))!;

let untrusted: Setup;
let trusted: Setup;
before(async () => {
  untrusted = await setup(['10.9.9.9']);
  trusted = await setup(['127.0.0.1']);
});
after(async () => { await untrusted.hub.close(); await trusted.hub.close(); });

describe('a forwarded header from an untrusted address', () => {
  test('is ignored: the audit log names the real peer and the cookie is not Secure over plain HTTP', async () => {
    assert.equal((await login(untrusted, 'wrong password', SPOOF)).status, 401);
    assert.deepEqual(await addresses(untrusted), ['127.0.0.1']);
    const ok = await login(untrusted, PASSWORD, SPOOF);
    assert.equal(ok.status, 200);
    assert.doesNotMatch(sessionCookie(ok), /; Secure/);
  });

  test('cannot dodge the per-address login limit by naming a new address each time', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(untrusted, 'wrong password', { 'x-forwarded-for': `198.51.100.${i}` })).status);
    assert.deepEqual(statuses, [401, 429, 429, 429], 'one refusal left from the test before, then the address is limited');
  });
});

describe('a forwarded header from a trusted proxy', () => {
  test('gives the client address to the audit log and the Secure flag to the cookie', async () => {
    assert.equal((await login(trusted, 'wrong password', SPOOF)).status, 401);
    assert.deepEqual(await addresses(trusted), ['203.0.113.50']);
    const ok = await login(trusted, PASSWORD, SPOOF);
    assert.equal(ok.status, 200);
    assert.match(sessionCookie(ok), /; Secure/);
    const plain = await login(trusted, PASSWORD);
    assert.doesNotMatch(sessionCookie(plain), /; Secure/, 'without X-Forwarded-Proto the proxy spoke plain HTTP');
  });

  test('keeps the login limit per client: one client limited, another behind the same proxy still logs in', async () => {
    const client = { 'x-forwarded-for': '192.0.2.77' };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(trusted, 'wrong password', client)).status);
    assert.deepEqual(statuses, [401, 401, 429]);
    assert.equal((await login(trusted, PASSWORD, { 'x-forwarded-for': '192.0.2.78' })).status, 200);
  });
});

describe('the setting', () => {
  test('is empty by default (trust none) and refuses an entry that is no address, prefix or known name', () => {
    assert.deepEqual(loadConfig({}, {}).trustedProxies, []);
    assert.deepEqual(loadConfig({}, { QUORUM_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,loopback' }).trustedProxies, ['10.0.0.1', '192.168.0.0/16', 'loopback']);
    assert.throws(() => loadConfig({}, { QUORUM_TRUSTED_PROXIES: '10.0.0.1,proxy.example' }), /QUORUM_TRUSTED_PROXIES.*proxy\.example/);
  });
});
