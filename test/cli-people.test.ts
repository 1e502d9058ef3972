// `quorum users list|create|delete` and `quorum audit list` as a person runs them: the real CLI in a child process against a
// real hub over HTTP; the password comes from a file or stdin, never from the command line.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { runCli } from './helpers/process.ts';

let hub: TestHub;
let dir: string;
let keyFile: string;
const PASSWORD = 'a password from a file';

before(async () => {
  hub = await startTestHub({ passwordScryptLog2N: 12 });
  const t = await tenantWithKeys(hub, 'cli-people', { admin: ['admin'] });
  dir = await mkdtemp(path.join(tmpdir(), 'quorum-cli-people-'));
  keyFile = path.join(dir, 'key');
  await writeFile(keyFile, `${t.admin}\n`);
  await writeFile(path.join(dir, 'password'), `${PASSWORD}\n`);
});
after(async () => { await hub.close(); });

async function cli(args: string[], stdin?: string) {
  const p = runCli([...args, '--url', hub.url, '--key-file', keyFile]);
  p.child.stdin.end(stdin ?? '');
  return { code: await p.exited, out: p.output() };
}

describe('quorum users and audit', () => {
  test('creates users with the password from a file or stdin, who can then log in; lists and deletes them', async () => {
    const made = await cli(['users', 'create', 'carol', '--role', 'responder', '--password-file', path.join(dir, 'password'), '-o', 'json']);
    assert.equal(made.code, 0, made.out);
    const carol = JSON.parse(made.out);
    assert.deepEqual([carol.username, carol.role], ['carol', 'responder']);
    const piped = await cli(['users', 'create', 'dave', '--role', 'viewer', '--password-file', '-'], `${PASSWORD}\n`);
    assert.equal(piped.code, 0, piped.out);
    for (const username of ['carol', 'dave']) {
      assert.equal((await hub.request('POST', '/v1/session', { body: { username, password: PASSWORD } })).status, 200, username);
    }
    const list = await cli(['users', 'list']);
    assert.equal(list.code, 0);
    assert.match(list.out, /^ID +USERNAME +ROLE +CREATED +CREATED BY\n/);
    assert.match(list.out, /carol +responder/);
    assert.ok(!list.out.includes(PASSWORD));
    const deleted = await cli(['users', 'delete', carol.id]);
    assert.equal(deleted.code, 0, deleted.out);
    assert.equal((await cli(['users', 'delete', carol.id])).code, 3, 'gone: not found');
  });

  test('refusals and usage mistakes exit with their codes', async () => {
    const weak = path.join(dir, 'weak');
    await writeFile(weak, 'short\n');
    const refused = await cli(['users', 'create', 'erin', '--role', 'viewer', '--password-file', weak]);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /quorum: invalid_request: .*password/);
    assert.equal((await cli(['users', 'create', 'erin', '--role', 'viewer'])).code, 2, 'no password source');
  });

  test('audit list shows the writes above, newest first, as a table or JSON', async () => {
    const shown = await cli(['audit', 'list']);
    assert.equal(shown.code, 0, shown.out);
    assert.match(shown.out, /^AT +ACTOR +METHOD +ROUTE +TARGET +STATUS +FROM\n/);
    assert.match(shown.out, /user carol +POST +\/v1\/session/);
    const json = JSON.parse((await cli(['audit', 'list', '--limit', '3', '-o', 'json'])).out);
    assert.equal(json.items.length, 3);
    assert.deepEqual(json.items.map((e: { method: string; route: string; status: number }) => `${e.method} ${e.route} ${e.status}`),
      ['POST /v1/users 400', 'DELETE /v1/users/:id 404', 'DELETE /v1/users/:id 204']);
  });
});
