import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { parseApiKey } from '../src/auth/api-keys.ts';
import { freePort, runCli } from './helpers/process.ts';

describe('quorum CLI against a database URL', () => {
  let db: TestDatabase;
  before(async () => { db = await createTestDatabase(); });
  after(async () => { await db.drop(); });

  const cli = async (...args: string[]) => {
    const p = runCli([...args, '--database-url', db.ownerUrl]);
    const code = await p.exited;
    return { code, out: p.output() };
  };

  test('creates a tenant and a key that is printed once and stored hashed', async () => {
    const t = await cli('tenants', 'create', 'acme');
    assert.equal(t.code, 0, t.out);
    const tenant = JSON.parse(t.out.split('\n')[0]!);
    const k = await cli('keys', 'create', '--tenant', tenant.id, '--scopes', 'signal:write,signal:read', '--name', 'edge');
    assert.equal(k.code, 0, k.out);
    const key = JSON.parse(k.out.split('\n')[0]!);
    assert.match(key.key, /^qk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(key.scopes, ['signal:write', 'signal:read']);
    const list = await cli('keys', 'list', '--tenant', tenant.id);
    assert.match(list.out, new RegExp(`${key.id}.*signal:write,signal:read.*active`));
    assert.ok(!list.out.includes(parseApiKey(key.key)!.secret), 'the secret is never listed');
    const revoke = await cli('keys', 'revoke', key.id);
    assert.equal(revoke.code, 0);
    assert.match((await cli('keys', 'list', '--tenant', tenant.id)).out, /revoked/);
  });

  test('fails with a clear message and exit code 1 for a bad scope or an unknown key', async () => {
    const t = JSON.parse((await cli('tenants', 'create', 'bad-scope')).out.split('\n')[0]!);
    const k = await cli('keys', 'create', '--tenant', t.id, '--scopes', 'root');
    assert.equal(k.code, 1);
    assert.match(k.out, /quorum: invalid_request: unknown scope "root"/);
    const r = await cli('keys', 'revoke', '00000000-0000-0000-0000-000000000000');
    assert.equal(r.code, 1);
    assert.match(r.out, /not_found/);
  });

  test('keys and tenants run as the machine owner: any tenant, operator keys, rate limits, and a second revoke says so', async () => {
    const t = JSON.parse((await cli('tenants', 'create', 'owned')).out.split('\n')[0]!);
    const op = await cli('keys', 'create', '--tenant', t.id, '--scopes', 'operator', '--rate', '50/200');
    assert.equal(op.code, 0, op.out);
    const key = JSON.parse(op.out.split('\n')[0]!);
    assert.deepEqual([key.scopes, key.rate_limit], [['operator'], { per_second: 50, burst: 200 }]);
    assert.equal((await cli('keys', 'create', '--tenant', t.id, '--scopes', 'signal:read', '--rate', 'fast')).code, 1);
    assert.match((await cli('keys', 'revoke', key.id)).out, new RegExp(`^revoked ${key.id}`));
    const again = await cli('keys', 'revoke', key.id);
    assert.equal(again.code, 0);
    assert.match(again.out, /was already revoked at/);
  });

  test('the help of tenants and keys says they run as the machine owner, and --scopes lists operator', async () => {
    for (const cmd of [['tenants', '--help'], ['tenants', 'create', '--help'], ['keys', '--help'], ['keys', 'create', '--help'], ['keys', 'revoke', '--help']]) {
      const p = runCli(cmd);
      assert.equal(await p.exited, 0);
      assert.match(p.output().replace(/\s+/g, ' '), /Runs as the machine owner/, cmd.join(' '));
    }
    const create = runCli(['keys', 'create', '--help']);
    await create.exited;
    assert.match(create.output().replace(/\s+/g, ' '), /--scopes <list> comma-separated: operator, admin,/);
  });

  test('agent keys need --agent', async () => {
    const t = JSON.parse((await cli('tenants', 'create', 'agents')).out.split('\n')[0]!);
    assert.equal((await cli('keys', 'create', '--tenant', t.id, '--scopes', 'agent:write')).code, 1);
    const ok = await cli('keys', 'create', '--tenant', t.id, '--scopes', 'agent:write', '--agent', 'host-1');
    assert.equal(JSON.parse(ok.out.split('\n')[0]!).agent_id, 'host-1');
  });
});

describe('quorum start on the embedded default', () => {
  test('bootstraps once, serves, stops PostgreSQL on SIGTERM, and does not bootstrap again', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-start-'));
    const env = { QUORUM_EMBEDDED_PG_PORT: String(await freePort()) };
    const port = String(await freePort());

    const first = runCli(['start', '--data-dir', dataDir, '--port', port], env);
    const printed = (await first.waitFor(/operator API key \(shown once\): (qk_\S+)/))[1]!;
    await first.waitFor(/quorum hub listening/);
    const keyFile = path.join(dataDir, 'admin.key');
    assert.equal(readFileSync(keyFile, 'utf8').trim(), printed);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);

    const base = `http://127.0.0.1:${port}`;
    const signal = { source: 'cert_scan', subject_type: 'domain', subject_id: 'start.example', signal_key: 'cert.expiry_days', signal_value: { value: 3 }, observed_at: new Date().toISOString() };
    const post = await fetch(`${base}/v1/signals`, { method: 'POST', headers: { authorization: `Bearer ${printed}`, 'content-type': 'application/json' }, body: JSON.stringify(signal) });
    assert.equal(post.status, 201);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.equal(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL stopped with the hub');

    const second = runCli(['start', '--data-dir', dataDir, '--port', port], env);
    await second.waitFor(/quorum hub listening/);
    assert.doesNotMatch(second.output(), /shown once/);
    const read = await fetch(`${base}/v1/signals?subject_id=start.example`, { headers: { authorization: `Bearer ${printed}` } });
    assert.equal(((await read.json()) as { signals: unknown[] }).signals.length, 1, 'data survives a restart');
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
  });
});
