import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { parseApiKey } from '../src/auth/api-keys.ts';
import { freePort, runCli } from './helpers/process.ts';

describe('quorum tenants and keys in bootstrap mode (a database URL)', () => {
  let db: TestDatabase;
  before(async () => { db = await createTestDatabase(); });
  after(async () => { await db.drop(); });

  const cli = async (...args: string[]) => {
    const p = runCli([...args, '--database-url', db.ownerUrl]);
    const code = await p.exited;
    return { code, out: p.output(), stdout: p.stdout() };
  };
  /** Runs a command in JSON mode and parses what it printed. */
  const cliJson = async (...args: string[]) => {
    const r = await cli(...args, '-o', 'json');
    assert.equal(r.code, 0, r.out);
    return JSON.parse(r.stdout);
  };

  test('creates a tenant and a key that is printed once and stored hashed', async () => {
    const tenant = await cliJson('tenants', 'create', 'acme');
    const k = await cli('keys', 'create', '--tenant', 'acme', '--scopes', 'signal:write,signal:read', '--name', 'edge', '-o', 'json');
    assert.equal(k.code, 0, k.out);
    assert.match(k.out, /Store this key now: it is not shown again/);
    const key = JSON.parse(k.stdout);
    assert.equal(key.tenant_id, tenant.id, '--tenant takes a name');
    assert.match(key.key, /^qk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(key.scopes, ['signal:write', 'signal:read']);
    const list = await cli('keys', 'list', '--tenant', tenant.id);
    assert.match(list.out, new RegExp(`${key.id} +acme +edge +signal:write,signal:read +(just now|\\d+s ago) +active`));
    assert.ok(!list.out.includes(parseApiKey(key.key)!.secret), 'the secret is never listed');
    const revoke = await cli('keys', 'revoke', key.id);
    assert.equal(revoke.code, 0);
    assert.match((await cli('keys', 'list', '--tenant', tenant.id)).out, /revoked/);
  });

  test('fails with a clear message: exit 1 for a bad scope, 3 for an unknown key or tenant', async () => {
    const t = await cliJson('tenants', 'create', 'bad-scope');
    const k = await cli('keys', 'create', '--tenant', t.id, '--scopes', 'root');
    assert.equal(k.code, 1);
    assert.match(k.out, /quorum: invalid_request: unknown scope "root"/);
    const r = await cli('keys', 'revoke', '00000000-0000-0000-0000-000000000000');
    assert.equal(r.code, 3);
    assert.match(r.out, /not_found/);
    assert.equal((await cli('keys', 'list', '--tenant', 'no-such-tenant')).code, 3);
  });

  test('keys and tenants run as the machine owner: any tenant, operator keys, rate limits, and a second revoke says so', async () => {
    const t = await cliJson('tenants', 'create', 'owned');
    const key = await cliJson('keys', 'create', '--tenant', t.id, '--scopes', 'operator', '--rate', '50/200');
    assert.deepEqual([key.scopes, key.rate_limit], [['operator'], { per_second: 50, burst: 200 }]);
    assert.equal((await cli('keys', 'create', '--tenant', t.id, '--scopes', 'signal:read', '--rate', 'fast')).code, 2, 'a usage mistake');
    assert.match((await cli('keys', 'revoke', key.id)).out, new RegExp(`^revoked ${key.id}`));
    const again = await cli('keys', 'revoke', key.id);
    assert.equal(again.code, 1);
    assert.match(again.out, new RegExp(`quorum: already_revoked: API key ${key.id} was revoked at \\S+Z`));
    const tenants = await cli('tenants', 'list');
    assert.match(tenants.stdout, /^NAME +ID +CREATED\n/);
    assert.match(tenants.stdout, /\nowned +\S+ +(just now|\d+s ago)\n/);
  });

  test('the help of tenants and keys names both modes, and --scopes lists operator', async () => {
    for (const cmd of [['tenants', '--help'], ['tenants', 'create', '--help'], ['keys', '--help'], ['keys', 'create', '--help'], ['keys', 'revoke', '--help']]) {
      const p = runCli(cmd);
      assert.equal(await p.exited, 0);
      assert.match(p.output().replace(/\s+/g, ' '), /through the hub \(default\) .* bootstrap given --data-dir or --database-url, the CLI opens the hub's database itself as the machine owner/, cmd.join(' '));
    }
    const create = runCli(['keys', 'create', '--help']);
    await create.exited;
    assert.match(create.output().replace(/\s+/g, ' '), /--scopes <list> comma-separated: operator, admin,/);
  });

  test('maintenance creates the partitions ahead that are missing, once, and says what it changed', async () => {
    const round = async () => {
      const p = runCli(['maintenance', '--database-url', db.ownerUrl], { QUORUM_PARTITIONS_AHEAD_DAYS: '6' });
      assert.equal(await p.exited, 0, p.output());
      return JSON.parse(p.stdout()) as { created: string[]; dropped: string[] };
    };
    const first = await round();
    // The test database holds the three days a hub creates at start; six ahead adds the next three.
    assert.equal(new Set(first.created).size, 3, JSON.stringify(first));
    assert.deepEqual(first.dropped, []);
    assert.deepEqual(await round(), { created: [], dropped: [] }, 'a second round has nothing left to do');
  });

  test('agent keys need --agent', async () => {
    const t = await cliJson('tenants', 'create', 'agents');
    assert.equal((await cli('keys', 'create', '--tenant', t.id, '--scopes', 'agent:write')).code, 1);
    assert.equal((await cliJson('keys', 'create', '--tenant', t.id, '--scopes', 'agent:write', '--agent', 'host-1')).agent_id, 'host-1');
  });
});

test('correlation check reads a defaults file offline: valid, or every error with its path (exit 1)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-correlation-check-'));
  const [good, bad] = [path.join(dir, 'good.yaml'), path.join(dir, 'bad.yaml')];
  await writeFile(good, 'enabled: true\nrules: []\n');
  await writeFile(bad, 'enabled: maybe\nrules: 3\n');
  const ok = runCli(['correlation', 'check', '--file', good]);
  assert.equal(await ok.exited, 0, ok.output());
  assert.equal(ok.stdout(), `${good}: valid; correlation enabled, 0 rule(s), 0 playbook(s)\n`);
  const refused = runCli(['correlation', 'check', '--file', bad]);
  assert.equal(await refused.exited, 1);
  assert.equal(refused.output(), `${bad}: enabled must be true or false\n${bad}: rules must be a list\n`);
  const missing = path.join(dir, 'missing.yaml');
  const unreadable = runCli(['correlation', 'check', '--file', missing]);
  assert.equal(await unreadable.exited, 2);
  assert.equal(unreadable.output(), `quorum: error: ${missing} is not readable: ENOENT: no such file or directory, open '${missing}'\n`);
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
    // The hub's own lines say why, should it not stop cleanly.
    assert.equal(await first.exited, 0, first.output().slice(-3000));
    assert.equal(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL stopped with the hub');

    const second = runCli(['start', '--data-dir', dataDir, '--port', port], env);
    await second.waitFor(/quorum hub listening/);
    assert.doesNotMatch(second.output(), /shown once/);
    const read = await fetch(`${base}/v1/signals?subject_id=start.example`, { headers: { authorization: `Bearer ${printed}` } });
    assert.equal(((await read.json()) as { signals: unknown[] }).signals.length, 1, 'data survives a restart');
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0, second.output().slice(-3000));
  });

  test('a signal the moment the hub says it is listening stops it cleanly: the hub, not the embedded server, handles it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-start-'));
    const env = { QUORUM_EMBEDDED_PG_PORT: String(await freePort()) };
    const hub = runCli(['start', '--data-dir', dataDir, '--port', String(await freePort())], env);
    await hub.waitFor(/quorum hub listening/);
    hub.child.kill('SIGINT');
    assert.equal(await hub.exited, 0, hub.output().slice(-3000));
    assert.doesNotMatch(hub.output(), /terminating connection due to administrator command/);
    assert.equal(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL stopped with the hub');
  });
});
