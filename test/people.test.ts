// Users, roles and sessions over real HTTP: login sets the cookies, the cookie authenticates with the role's scopes,
// writes need the CSRF token, sessions time out and end (logout, everywhere, user deleted), logins are rate-limited.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { hashPassword, verifyPassword } from '../src/auth/passwords.ts';
import { createLoginGate, createLoginLimiter } from '../src/auth/login-limiter.ts';
import { createSetupCode } from '../src/auth/setup-code.ts';
import { SESSION_END_CHANNEL } from '../src/auth/session-store.ts';

let hub: TestHub;
let now = Date.now();
const clock = () => new Date(now);
let acme: { id: string; admin: string; reader: string };
let other: { id: string; admin: string };
const PASSWORD = 'correct horse battery staple';
const IDLE_MS = 60_000;
const ABSOLUTE_MS = 600_000;

interface Login { status: number; body: any; cookies: Record<string, string>; setCookie: string[] }

/** Logs in over HTTP and collects the cookies the hub set. */
async function login(username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Login> {
  const res = await fetch(`${hub.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
  const setCookie = res.headers.getSetCookie();
  const cookies = Object.fromEntries(setCookie.map((c) => c.split(';')[0]!.split('=')).map(([k, ...v]) => [k!, v.join('=')]));
  return { status: res.status, body: await res.json(), cookies, setCookie };
}

/** A request with a session cookie (and the CSRF header when given). */
async function withCookie(method: string, url: string, session: string, opts: { csrf?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { cookie: `quorum_session=${session}` };
  if (opts.csrf !== undefined) headers['x-csrf-token'] = opts.csrf;
  return hub.request(method, url, { headers, body: opts.body });
}

async function createUser(key: string, username: string, role: string, extra: Record<string, unknown> = {}) {
  const res = await hub.request('POST', '/v1/users', { key, body: { username, password: PASSWORD, role, ...extra } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; username: string; role: string; tenantId: string };
}

before(async () => {
  hub = await startTestHub({
    passwordScryptLog2N: 12, sessionIdleTimeoutMs: IDLE_MS, sessionAbsoluteTimeoutMs: ABSOLUTE_MS,
    loginMaxFailuresPerUsername: 3, loginMaxFailuresPerAddress: 1000, loginFailureWindowMs: 60_000,
  }, clock);
  acme = await tenantWithKeys(hub, 'acme', { admin: ['admin'], reader: ['signal:read'] });
  other = await tenantWithKeys(hub, 'other', { admin: ['admin'] });
  await createUser(acme.admin, 'Viewer.One', 'viewer');
  await createUser(acme.admin, 'responder', 'responder');
  await createUser(acme.admin, 'boss', 'admin');
});
after(async () => { await hub.close(); });

describe('login', () => {
  test('sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie, and answers the user', async () => {
    const res = await login('viewer.one');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['csrfToken', 'expiresAt', 'user']);
    assert.deepEqual({ ...res.body.user, id: undefined }, { id: undefined, username: 'viewer.one', role: 'viewer', tenantId: acme.id, tenantName: 'acme' });
    assert.equal(res.body.expiresAt, new Date(now + IDLE_MS).toISOString());
    const session = res.setCookie.find((c) => c.startsWith('quorum_session='))!;
    const csrf = res.setCookie.find((c) => c.startsWith('quorum_csrf='))!;
    assert.match(session, /; HttpOnly/);
    assert.match(session, /; SameSite=Strict/);
    assert.match(session, /; Path=\//);
    assert.doesNotMatch(session, /; Secure/, 'plain HTTP: not Secure');
    assert.doesNotMatch(csrf, /HttpOnly/);
    assert.match(csrf, /; SameSite=Strict/);
    assert.equal(res.cookies.quorum_csrf, res.body.csrfToken);
  });

  test('usernames are case-insensitive', async () => {
    assert.equal((await login('VIEWER.ONE')).status, 200);
  });

  test('a wrong password and an unknown username are the same 401 invalid_credentials, no cookie set', async () => {
    const wrong = await login('responder', 'not the password at all');
    const unknown = await login(`nobody-${randomUUID()}`);
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'invalid_credentials');
      assert.deepEqual(res.setCookie, []);
    }
    assert.equal(wrong.body.detail, unknown.body.detail);
  });

  test('is refused with 429 and Retry-After after repeated failures for one username, even with the right password', async () => {
    await createUser(acme.admin, 'target', 'viewer');
    for (let i = 0; i < 3; i++) assert.equal((await login('target', 'wrong password here')).status, 401);
    const res = await fetch(`${hub.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'target', password: PASSWORD }) });
    assert.equal(res.status, 429);
    assert.equal(((await res.json()) as { code: string }).code, 'rate_limited');
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    now += 60_000;
    assert.equal((await login('target')).status, 200, 'the window passed');
    const metrics = (await hub.request('GET', '/metrics')).body as string;
    assert.match(metrics, /quorum_logins_total\{outcome="rate_limited"\} [1-9]/);
    assert.match(metrics, /quorum_logins_total\{outcome="refused"\} [1-9]/);
    assert.match(metrics, /quorum_logins_total\{outcome="ok"\} [1-9]/);
  });

  test('bad input is a 400 and opens no session', async () => {
    const before = await sessionCount();
    for (const body of [{}, { username: 'boss' }, { username: '', password: 'x' }, { username: 'boss', password: PASSWORD, extra: 1 }, { username: 'a'.repeat(65), password: 'x' }]) {
      const res = await hub.request('POST', '/v1/session', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal(await sessionCount(), before);
  });
});

/** Resolves once `done()` holds, checked every 10 ms (notifications arrive as events on another connection). */
async function waitUntil(done: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('the condition did not hold in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sessionCount = async () => Number((await hub.db.pools.owner.query('SELECT count(*) AS n FROM user_sessions')).rows[0].n);

describe('the session cookie', () => {
  test("authenticates with the role's scopes: a viewer reads but may not block", async () => {
    const { cookies } = await login('viewer.one');
    assert.equal((await withCookie('GET', '/v1/signals', cookies.quorum_session!)).status, 200);
    const block = await withCookie('POST', '/v1/blocks', cookies.quorum_session!, { csrf: cookies.quorum_csrf, body: { indicator: '192.0.2.1', ttl_seconds: 60 } });
    assert.equal(block.status, 403);
    assert.equal(block.body.code, 'scope_missing');
    assert.equal((await withCookie('GET', '/v1/users', cookies.quorum_session!)).status, 403);
  });

  test('a responder blocks with the CSRF token, and without it gets 403 csrf_failed and nothing is stored', async () => {
    const { cookies } = await login('responder');
    const blocks = async () => Number((await hub.db.pools.owner.query('SELECT count(*) AS n FROM mitigations WHERE tenant_id = $1', [acme.id])).rows[0].n);
    const before = await blocks();
    for (const csrf of [undefined, '', 'x'.repeat(43), cookies.quorum_csrf!.slice(1)]) {
      const res = await withCookie('POST', '/v1/blocks', cookies.quorum_session!, { csrf, body: { indicator: '192.0.2.7', ttl_seconds: 60 } });
      assert.equal(res.status, 403, String(csrf));
      assert.equal(res.body.code, 'csrf_failed');
    }
    assert.equal(await blocks(), before);
    const ok = await withCookie('POST', '/v1/blocks', cookies.quorum_session!, { csrf: cookies.quorum_csrf, body: { indicator: '192.0.2.7', ttl_seconds: 60 } });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(await blocks(), before + 1);
  });

  test("another session's CSRF token does not pass", async () => {
    const a = await login('responder');
    const b = await login('responder');
    const res = await withCookie('DELETE', '/v1/session', a.cookies.quorum_session!, { csrf: b.cookies.quorum_csrf });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'csrf_failed');
  });

  test('does not open the CrowdSec bouncer routes, which serve machines by key only', async () => {
    const { cookies } = await login('viewer.one');
    assert.equal((await withCookie('GET', '/v1/blocks/export', cookies.quorum_session!)).status, 200, 'blocklist:read by role');
    const bouncer = await withCookie('GET', '/v1/decisions/stream?startup=true', cookies.quorum_session!);
    assert.deepEqual([bouncer.status, bouncer.body], [403, { message: 'access forbidden' }]);
  });

  test('a bearer key needs no CSRF token and wins over a cookie', async () => {
    const { cookies } = await login('viewer.one');
    const res = await hub.request('POST', '/v1/users', { key: acme.admin, headers: { cookie: `quorum_session=${cookies.quorum_session}` }, body: { username: 'by-key', password: PASSWORD, role: 'viewer' } });
    assert.equal(res.status, 201);
  });

  test('GET /v1/session answers the user for a cookie and the key for a key', async () => {
    const { cookies, body } = await login('boss');
    const mine = await withCookie('GET', '/v1/session', cookies.quorum_session!);
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body, body);
    const key = await hub.request('GET', '/v1/session', { key: acme.reader });
    assert.equal(key.status, 200);
    assert.deepEqual(Object.keys(key.body), ['key']);
    assert.equal(key.body.key.tenantId, acme.id);
    assert.deepEqual(key.body.key.scopes, ['signal:read']);
    assert.equal((await hub.request('GET', '/v1/session')).status, 401);
    assert.equal((await withCookie('GET', '/v1/session', 'qs_0000_nonsense')).status, 401);
  });

  test('an admin user manages users by cookie', async () => {
    const { cookies } = await login('boss');
    const made = await withCookie('POST', '/v1/users', cookies.quorum_session!, { csrf: cookies.quorum_csrf, body: { username: 'made-by-boss', password: PASSWORD, role: 'viewer' } });
    assert.equal(made.status, 201);
    assert.match(made.body.createdBy, /^user:/);
  });

  test('ends after the idle timeout, and after the absolute timeout however busy', async () => {
    const idle = await login('viewer.one');
    now += IDLE_MS - 1000;
    assert.equal((await withCookie('GET', '/v1/signals', idle.cookies.quorum_session!)).status, 200, 'used just in time');
    now += IDLE_MS - 1000;
    assert.equal((await withCookie('GET', '/v1/signals', idle.cookies.quorum_session!)).status, 200, 'the use above restarted the idle clock');
    now += IDLE_MS + 1;
    assert.equal((await withCookie('GET', '/v1/signals', idle.cookies.quorum_session!)).status, 401, 'idle too long');

    const busy = await login('viewer.one');
    for (let t = 0; t < ABSOLUTE_MS; t += IDLE_MS / 2) {
      now += IDLE_MS / 2;
      const status = (await withCookie('GET', '/v1/signals', busy.cookies.quorum_session!)).status;
      assert.equal(status, t + IDLE_MS / 2 < ABSOLUTE_MS ? 200 : 401, `after ${t + IDLE_MS / 2} ms`);
    }
  });
});

describe('logout', () => {
  test('DELETE /v1/session ends the session and clears both cookies', async () => {
    const { cookies } = await login('responder');
    const res = await fetch(`${hub.url}/v1/session`, { method: 'DELETE', headers: { cookie: `quorum_session=${cookies.quorum_session}`, 'x-csrf-token': cookies.quorum_csrf! } });
    assert.equal(res.status, 204);
    const cleared = res.headers.getSetCookie();
    assert.ok(cleared.some((c) => /^quorum_session=;/.test(c) && /Expires=Thu, 01 Jan 1970/.test(c)), cleared.join(' / '));
    assert.ok(cleared.some((c) => /^quorum_csrf=;/.test(c)));
    assert.equal((await withCookie('GET', '/v1/signals', cookies.quorum_session!)).status, 401);
  });

  test('DELETE /v1/sessions ends every session of the user and no other', async () => {
    const sessions = [await login('responder'), await login('responder'), await login('responder')];
    const bystander = await login('viewer.one');
    const res = await withCookie('DELETE', '/v1/sessions', sessions[0]!.cookies.quorum_session!, { csrf: sessions[0]!.cookies.quorum_csrf });
    assert.equal(res.status, 200);
    assert.ok(res.body.ended >= 3);
    for (const s of sessions) assert.equal((await withCookie('GET', '/v1/signals', s.cookies.quorum_session!)).status, 401);
    assert.equal((await withCookie('GET', '/v1/signals', bystander.cookies.quorum_session!)).status, 200);
  });

  test('every ended session is announced on the quorum_sessions channel: logout, logout everywhere, the user deleted', async () => {
    const heard: string[] = [];
    hub.notifications.on(SESSION_END_CHANNEL, (id) => heard.push(id));
    const sessionsOf = async (userId: string) => (await hub.db.pools.owner.query('SELECT id FROM user_sessions WHERE user_id = $1', [userId])).rows.map((r) => r.id as string);
    // LISTEN is issued in the background: logging out until one is heard proves it is in place.
    await waitUntil(async () => {
      const s = await login('responder');
      await withCookie('DELETE', '/v1/session', s.cookies.quorum_session!, { csrf: s.cookies.quorum_csrf });
      return heard.length > 0;
    });
    const u = await createUser(acme.admin, 'announced', 'viewer');
    const first = await login('announced');
    await login('announced');
    const everywhere = await sessionsOf(u.id);
    await withCookie('DELETE', '/v1/sessions', first.cookies.quorum_session!, { csrf: first.cookies.quorum_csrf });
    await waitUntil(async () => everywhere.every((id) => heard.includes(id)));
    await login('announced');
    await login('announced');
    const deleted = await sessionsOf(u.id);
    assert.equal(deleted.length, 2);
    assert.equal((await hub.request('DELETE', `/v1/users/${u.id}`, { key: acme.admin })).status, 204);
    await waitUntil(async () => deleted.every((id) => heard.includes(id)));
  });

  test('a key cannot log out: 403, and the key keeps working', async () => {
    assert.equal((await hub.request('DELETE', '/v1/session', { key: acme.reader })).status, 403);
    assert.equal((await hub.request('DELETE', '/v1/sessions', { key: acme.reader })).status, 403);
    assert.equal((await hub.request('GET', '/v1/signals', { key: acme.reader })).status, 200);
  });
});

describe('users', () => {
  test('deleting a user ends its sessions at once; a second delete is 404', async () => {
    const u = await createUser(acme.admin, 'leaver', 'responder');
    const { cookies } = await login('leaver');
    assert.equal((await hub.request('DELETE', `/v1/users/${u.id}`, { key: acme.admin })).status, 204);
    assert.equal((await withCookie('GET', '/v1/signals', cookies.quorum_session!)).status, 401);
    assert.equal((await login('leaver')).status, 401);
    assert.equal((await hub.request('DELETE', `/v1/users/${u.id}`, { key: acme.admin })).status, 404);
  });

  test('passwords are stored only as scrypt hashes and session tokens only as SHA-256', async () => {
    const { cookies } = await login('boss');
    const users = (await hub.db.pools.owner.query('SELECT password_hash FROM users')).rows;
    for (const u of users) {
      assert.match(u.password_hash, /^scrypt\$12\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      assert.ok(!u.password_hash.includes(PASSWORD));
    }
    const dump = JSON.stringify((await hub.db.pools.owner.query('SELECT * FROM user_sessions')).rows);
    // The token is qs_<session id>_<secret>, and the base64url secret may itself hold '_': take all of it.
    const secret = /^qs_[0-9a-f]{32}_(.+)$/.exec(cookies.quorum_session!)![1]!;
    assert.equal(secret.length, 43);
    assert.ok(!dump.includes(secret) && !dump.includes(Buffer.from(secret).toString('hex')));
  });

  test('lists the tenant\'s users without any password or hash', async () => {
    const res = await hub.request('GET', '/v1/users', { key: acme.admin });
    assert.equal(res.status, 200);
    assert.ok(res.body.users.some((u: { username: string }) => u.username === 'boss'));
    assert.ok(res.body.users.every((u: { tenantId: string }) => u.tenantId === acme.id));
    assert.deepEqual(Object.keys(res.body.users[0]).sort(), ['createdAt', 'createdBy', 'id', 'role', 'tenantId', 'username']);
    assert.ok(!JSON.stringify(res.body).includes('scrypt'));
  });

  test('bad users are a 400 naming the field; a taken username is 409, in any tenant; nothing is stored', async () => {
    const count = async () => Number((await hub.db.pools.owner.query('SELECT count(*) AS n FROM users')).rows[0].n);
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'short-pw', password: 'short', role: 'viewer' }, 'password'],
      [{ username: 'nul-pw', password: `${PASSWORD}\u0000`, role: 'viewer' }, 'password'],
      [{ username: 'bad name', password: PASSWORD, role: 'viewer' }, 'username'],
      [{ username: '-dash', password: PASSWORD, role: 'viewer' }, 'username'],
      [{ username: 'role', password: PASSWORD, role: 'superuser' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const res = await hub.request('POST', '/v1/users', { key: acme.admin, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(JSON.stringify(res.body).includes(field), `${field}: ${JSON.stringify(res.body)}`);
    }
    for (const key of [acme.admin, other.admin]) {
      const taken = await hub.request('POST', '/v1/users', { key, body: { username: 'BOSS', password: PASSWORD, role: 'viewer' } });
      assert.equal(taken.status, 409);
    }
    assert.equal(await count(), before);
  });

  test('only the operator creates operator users, in its own tenant; a tenant admin never sees them', async () => {
    const refused = await hub.request('POST', '/v1/users', { key: acme.admin, body: { username: 'wannabe', password: PASSWORD, role: 'operator' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'scope_forbidden');
    const elsewhere = await hub.request('POST', '/v1/users', { key: hub.adminKey, body: { username: 'op-elsewhere', password: PASSWORD, role: 'operator', tenantId: acme.id } });
    assert.equal(elsewhere.status, 403);
    const op = await createUser(hub.adminKey, 'owner', 'operator');
    assert.equal(op.tenantId, hub.bootstrap.tenantId);
    const defaultAdmin = (await hub.request('POST', '/v1/keys', { key: hub.adminKey, body: { scopes: ['admin'] } })).body.key;
    const listed = await hub.request('GET', '/v1/users', { key: defaultAdmin });
    assert.ok(!listed.body.users.some((u: { id: string }) => u.id === op.id));
    assert.equal((await hub.request('DELETE', `/v1/users/${op.id}`, { key: defaultAdmin })).status, 404);
    const { cookies } = await login('owner');
    assert.equal((await withCookie('GET', '/v1/tenants', cookies.quorum_session!)).status, 200, 'an operator user acts as the operator');
  });

  test('the operator lists and deletes the users of any tenant', async () => {
    const u = await createUser(other.admin, 'other-user', 'viewer');
    const listed = await hub.request('GET', `/v1/users?tenant_id=${other.id}`, { key: hub.adminKey });
    assert.ok(listed.body.users.some((x: { id: string }) => x.id === u.id));
    assert.equal((await hub.request('DELETE', `/v1/users/${u.id}`, { key: hub.adminKey })).status, 204);
  });
});

describe('passwords and the login limiter', () => {
  test('scrypt verifies the right password only, and an unknown user costs a hash too', async () => {
    const stored = await hashPassword('a long enough password', 12);
    assert.equal(await verifyPassword('a long enough password', stored, 12), true);
    assert.equal(await verifyPassword('a long enough passworD', stored, 12), false);
    assert.equal(await verifyPassword('anything', null, 12), false);
    assert.equal(await verifyPassword('anything', 'scrypt$30$8$1$AAAA$AAAA', 12), false, 'an absurd cost is refused, not computed');
  });

  test('counts refused logins per username and per address, refilling over the window', () => {
    let t = 0;
    const limiter = createLoginLimiter({ perUsername: 2, perAddress: 3, windowMs: 1000 }, () => t);
    limiter.attempt('u', 'a1');
    limiter.attempt('u', 'a2');
    assert.throws(() => limiter.attempt('u', 'a3'), (e: any) => e.code === 'rate_limited' && e.retryAfterSeconds === 0.5);
    limiter.attempt('v', 'a1');
    limiter.attempt('w', 'a1');
    assert.throws(() => limiter.attempt('x', 'a1'), /too many refused logins/, 'a1 used its 3');
    t += 500;
    limiter.attempt('u', 'a4');
    limiter.succeeded('u', 'a4');
    limiter.attempt('u', 'a4');
    limiter.attempt('u', 'a4');
  });
});

test('at most QUORUM_LOGIN_MAX_CONCURRENT password checks run at once; one more is 429 with Retry-After 1 and runs nothing', async () => {
  const gate = createLoginGate(2);
  const releases: (() => void)[] = [];
  const held = () => gate.run(() => new Promise<void>((resolve) => releases.push(resolve)));
  const running = [held(), held()];
  let ran = false;
  await assert.rejects(gate.run(async () => { ran = true; }), (e: any) => e.code === 'rate_limited' && e.retryAfterSeconds === 1);
  assert.equal(ran, false);
  releases.shift()!();
  await running[0];
  await gate.run(async () => { ran = true; });
  assert.equal(ran, true, 'a slot freed up');
  releases.shift()!();
  await running[1];
});

describe('the operator setup code', () => {
  test('the first start made one; it is stored only as a hash, and a later start makes none', async () => {
    assert.match(hub.setupCode ?? '', /^[A-Za-z0-9_-]{43}$/);
    const rows = (await hub.db.pools.owner.query('SELECT code_hash, used_at FROM setup_codes')).rows;
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(hub.setupCode!));
    assert.equal(await createSetupCode(hub.db.pools.owner, hub.bootstrap.tenantId), null);
  });

  test('a wrong code is 403 invalid_setup_code and creates nothing; the right one creates the operator user once', async () => {
    const users = async () => Number((await hub.db.pools.owner.query('SELECT count(*) AS n FROM users')).rows[0].n);
    const before = await users();
    const wrong = await hub.request('POST', '/v1/setup', { body: { code: 'x'.repeat(43), username: 'root-user', password: PASSWORD } });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.code, 'invalid_setup_code');
    const weak = await hub.request('POST', '/v1/setup', { body: { code: hub.setupCode, username: 'root-user', password: 'short' } });
    assert.equal(weak.status, 400);
    assert.equal(await users(), before);
    const made = await hub.request('POST', '/v1/setup', { body: { code: hub.setupCode, username: 'Root-User', password: PASSWORD } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual([made.body.username, made.body.role, made.body.tenantId, made.body.createdBy], ['root-user', 'operator', hub.bootstrap.tenantId, 'setup']);
    const again = await hub.request('POST', '/v1/setup', { body: { code: hub.setupCode, username: 'second-root', password: PASSWORD } });
    assert.equal(again.status, 403);
    assert.equal(await users(), before + 1);
    const { cookies } = await login('root-user');
    assert.equal((await withCookie('GET', '/v1/tenants', cookies.quorum_session!)).status, 200);
    assert.equal((await hub.request('GET', '/v1/tenants', { key: hub.adminKey })).status, 200, 'the operator key keeps working');
  });
});

describe('the audit log', () => {
  const auditOf = async (key: string, query = '') => hub.request('GET', `/v1/audit${query}`, { key });

  test('records writes by key and by user with who, what, when, from where and the answer; never signal ingestion', async () => {
    now += 1000;
    const since = new Date(now).toISOString();
    const made = await hub.request('POST', '/v1/users', { key: acme.admin, body: { username: 'audited', password: PASSWORD, role: 'responder' } });
    const { cookies, body } = await login('audited');
    const block = await withCookie('POST', '/v1/blocks', cookies.quorum_session!, { csrf: cookies.quorum_csrf, body: { indicator: '198.51.100.9', ttl_seconds: 60, reason: 'audit' } });
    assert.equal(block.status, 201);
    const refused = await withCookie('POST', '/v1/users', cookies.quorum_session!, { csrf: cookies.quorum_csrf, body: { username: 'nope', password: PASSWORD, role: 'admin' } });
    assert.equal(refused.status, 403);
    const noCsrf = await withCookie('DELETE', `/v1/blocks/${block.body.block.id}`, cookies.quorum_session!);
    assert.equal(noCsrf.status, 403);
    const writer = (await hub.request('POST', '/v1/keys', { key: acme.admin, body: { scopes: ['signal:write'] } })).body;
    assert.equal((await hub.request('POST', '/v1/signals', { key: writer.key, body: { source: 'cert_scan', subject_type: 'domain', subject_id: 'x.example', signal_key: 'cert.expiry_days', signal_value: { value: 1 }, observed_at: new Date().toISOString() } })).status, 201);

    const res = await auditOf(acme.admin);
    assert.equal(res.status, 200);
    const items = res.body.items as any[];
    const keyId = (await hub.keys.authenticate(acme.admin)).keyId;
    const user = { kind: 'user', id: body.user.id, name: 'audited' };
    const brief = items.filter((e) => Date.parse(e.at) >= Date.parse(since)).map((e) => [e.actor.kind === 'key' ? e.actor.id : e.actor.name, e.method, e.route, e.target, e.status]);
    assert.deepEqual(brief.reverse(), [
      [keyId, 'POST', '/v1/users', made.body.id, 201],
      ['audited', 'POST', '/v1/session', null, 200],
      ['audited', 'POST', '/v1/blocks', block.body.block.id, 201],
      ['audited', 'POST', '/v1/users', null, 403],
      ['audited', 'DELETE', '/v1/blocks/:id', block.body.block.id, 403],
      [keyId, 'POST', '/v1/keys', writer.id, 201],
    ]);
    const entry = items.find((e) => e.route === '/v1/blocks')!;
    assert.deepEqual(entry.actor, user);
    assert.match(entry.address, /^(::ffff:)?127\.0\.0\.1$|^::1$/);
    assert.equal(Date.parse(entry.at), now);
    assert.ok(!JSON.stringify(items).includes(PASSWORD) && !JSON.stringify(items).includes(cookies.quorum_session!));
  });

  test('pages with a cursor, newest first, and refuses a forged cursor', async () => {
    const first = await auditOf(acme.admin, '?limit=2');
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await auditOf(acme.admin, `?limit=2&cursor=${first.body.nextCursor}`);
    assert.equal(second.status, 200);
    const all = (await auditOf(acme.admin, '?limit=4')).body.items.map((e: { id: string }) => e.id);
    assert.deepEqual([...first.body.items, ...second.body.items].map((e: { id: string }) => e.id), all);
    assert.equal((await auditOf(acme.admin, '?cursor=bm9wZQ')).status, 400);
  });

  test("is the tenant's own: another tenant's admin sees none of it and may not name it; the operator may", async () => {
    const theirs = await auditOf(other.admin);
    assert.equal(theirs.status, 200);
    assert.ok(theirs.body.items.every((e: { actor: { name: string | null } }) => e.actor.name !== 'audited'));
    const named = await auditOf(other.admin, `?tenant_id=${acme.id}`);
    assert.equal(named.status, 403);
    assert.equal(named.body.code, 'tenant_forbidden');
    const operator = await auditOf(hub.adminKey, `?tenant_id=${acme.id}`);
    assert.equal(operator.status, 200);
    assert.ok(operator.body.items.some((e: { actor: { name: string | null } }) => e.actor.name === 'audited'));
    assert.equal((await auditOf(acme.reader)).status, 403);
  });

  test("a write the operator makes in a tenant is in that tenant's log and in the operator's own", async () => {
    const made = await hub.request('POST', '/v1/users', { key: hub.adminKey, body: { username: 'placed-by-operator', password: PASSWORD, role: 'viewer', tenantId: other.id } });
    assert.equal(made.status, 201);
    const operatorKeyId = (await hub.keys.authenticate(hub.adminKey)).keyId;
    for (const res of [await auditOf(other.admin), await auditOf(hub.adminKey)]) {
      const entry = res.body.items.find((e: { target: string }) => e.target === made.body.id);
      assert.deepEqual([entry?.actor.id, entry?.route, entry?.status], [operatorKeyId, '/v1/users', 201]);
    }
    const refused = await hub.request('POST', '/v1/users', { key: hub.adminKey, body: { username: 'nowhere', password: PASSWORD, role: 'viewer', tenantId: randomUUID() } });
    assert.equal(refused.status, 404);
    assert.ok((await auditOf(hub.adminKey)).body.items.some((e: { status: number; route: string }) => e.status === 404 && e.route === '/v1/users'));
    assert.ok(!(await hub.request('GET', '/metrics')).body.match(/quorum_audit_write_errors_total [1-9]/), 'every entry was stored');
  });
});
