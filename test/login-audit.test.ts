// Refused and successful logins as the hub records them: an audit entry per refused login with its reason (in the
// user's tenant, an unknown username's in the operator's), one `info` log line per login either way, never a password.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { tenantWithKeys } from './helpers/hub.ts';

const PASSWORD = 'correct horse battery staple';
const WRONG = 'a wrong password 7f3a';
let db: TestDatabase;
let hub: Hub;
let operatorKey: string;
let acme: { id: string; admin: string };
const lines: Record<string, any>[] = [];

const sink = new Writable({ write(chunk, _enc, done) { for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l)); done(); } });

async function call(method: string, url: string, opts: { key?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const res = await fetch(hub.url + url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.status, body: await res.json() as any };
}
const login = (username: string, password = PASSWORD) => call('POST', '/v1/session', { body: { username, password } });
const audit = async (key: string) => (await call('GET', '/v1/audit?limit=1000', { key })).body.items.filter((e: any) => e.route === '/v1/session');

before(async () => {
  db = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-hub-'));
  const config = loadConfig({
    databaseUrl: db.ownerUrl, appDatabaseUrl: db.appUrl, port: 0, dataDir, logFormat: 'json', passwordScryptLog2N: 12,
    loginMaxFailuresPerUsername: 2, loginMaxFailuresPerAddress: 1000,
  }, {});
  hub = await startHub(config, pino({ level: 'info' }, sink));
  operatorKey = hub.bootstrap.adminKey!;
  acme = await tenantWithKeys(hub, 'acme', { admin: ['admin'] });
  assert.equal((await call('POST', '/v1/users', { key: acme.admin, body: { username: 'alice', password: PASSWORD, role: 'viewer' } })).status, 201);
});
after(async () => { await hub.stop(); await db.drop(); });

describe('refused logins in the audit log', () => {
  test("a wrong password is audited in the user's tenant with reason wrong_password; the client hears only invalid_credentials", async () => {
    const res = await login('alice', WRONG);
    assert.deepEqual([res.status, res.body.code], [401, 'invalid_credentials']);
    const [entry] = await audit(acme.admin);
    assert.deepEqual({ ...entry, id: undefined, at: undefined, actor: { ...entry.actor, id: undefined } }, {
      id: undefined, at: undefined, actor: { kind: 'login', id: undefined, name: 'alice' }, method: 'POST', route: '/v1/session',
      target: null, status: 401, address: '127.0.0.1', reason: 'wrong_password',
    });
    assert.match(entry.actor.id, /^[0-9a-f-]{36}$/, 'the user the username names');
  });

  test("an unknown username is audited in the operator's tenant with reason unknown_user, and told apart from nothing", async () => {
    const wrong = await login('alice', WRONG);
    const unknown = await login('nobody-here');
    assert.deepEqual(unknown.body, wrong.body, 'the same answer for both');
    const entry = (await audit(operatorKey)).find((e: any) => e.actor.name === 'nobody-here');
    assert.deepEqual([entry.actor.kind, entry.actor.id, entry.status, entry.reason], ['login', '-', 401, 'unknown_user']);
    assert.equal((await audit(acme.admin)).some((e: any) => e.actor.name === 'nobody-here'), false, 'not in any other tenant');
  });

  test('a rate-limited login is audited with reason rate_limited in the tenant of the username it tried', async () => {
    const res = await login('alice');
    assert.deepEqual([res.status, res.body.code], [429, 'rate_limited']);
    const [entry] = await audit(acme.admin);
    assert.deepEqual([entry.actor.kind, entry.actor.name, entry.status, entry.reason], ['login', 'alice', 429, 'rate_limited']);
    assert.equal((await login('alice')).status, 429);
    assert.equal((await audit(acme.admin)).filter((e: any) => e.reason === 'rate_limited').length, 1, 'the same username and address: once a minute');
  });

  test('a successful login leaves no refusal entry; writes of users and keys have no reason', async () => {
    assert.equal((await call('POST', '/v1/users', { key: acme.admin, body: { username: 'bob', password: PASSWORD, role: 'viewer' } })).status, 201);
    assert.equal((await login('bob')).status, 200);
    const items = (await call('GET', '/v1/audit?limit=1000', { key: acme.admin })).body.items;
    assert.equal(items.some((e: any) => e.actor.name === 'bob' && e.reason !== null), false);
    assert.equal(items.find((e: any) => e.route === '/v1/users').reason, null);
  });
});

describe('login log lines', () => {
  test('one info line per successful and per refused login, with username, tenant when known, address and reason, never the password', async () => {
    const ok = lines.filter((l) => l.msg === 'login succeeded');
    const refused = lines.filter((l) => l.msg === 'login refused');
    assert.deepEqual(ok.map((l) => [l.level, l.username, l.tenantId, l.address]), [[30, 'bob', acme.id, '127.0.0.1']]);
    assert.deepEqual(refused.map((l) => [l.level, l.username, l.tenantId, l.reason]), [
      [30, 'alice', acme.id, 'wrong_password'], [30, 'alice', acme.id, 'wrong_password'], [30, 'nobody-here', null, 'unknown_user'],
      [30, 'alice', acme.id, 'rate_limited'], [30, 'alice', null, 'rate_limited'],
    ]);
    assert.ok(refused.every((l) => l.address === '127.0.0.1'));
    const all = JSON.stringify(lines);
    assert.equal(all.includes(WRONG) || all.includes(PASSWORD), false, 'no password in any log line');
  });
});
