// The README quickstart, run as written (bash and curl) against a running hub: every step answers what the README shows.
// Only the address and the operator key file are the test hub's; the dates are the shell's own `date`, as in the README.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub(); });
after(async () => { await hub.close(); });

/** The shell block under "## Quickstart", with the hub's address for localhost:7700. */
async function quickstart(hubUrl: string): Promise<string> {
  const readme = await readFile(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quickstart'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block.replaceAll('localhost:7700', new URL(hubUrl).host);
}

test('the README quickstart runs as written: tenants listed, default tenant found, signal stored and read, mistakes named', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-quickstart-'));
  await mkdir(path.join(dir, '.quorum'));
  await writeFile(path.join(dir, '.quorum', 'admin.key'), hub.adminKey);
  const script = `${await quickstart(hub.url)}\necho "DEFAULT=$DEFAULT"\n`;
  const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: dir, timeout: 30_000 });
  assert.match(stdout, /"name":"default"/, 'step 0 lists the tenants');
  assert.match(stdout, new RegExp(`DEFAULT=${hub.bootstrap.tenantId}\\n`), "step 0 finds the default tenant's id");
  assert.match(stdout, /\{"accepted":1,"duplicates":0\}/, 'step 2 stores the signal');
  assert.match(stdout, /"subject_id":"example.com"/, 'step 3 reads it back');
  // curl prints no newline after a body: the problem runs into the next output.
  const mistake = /\{"type":"https:\/\/quorum\.dev\/problems\/invalid_signal".*?\]\}/.exec(stdout)![0];
  assert.deepEqual(JSON.parse(mistake).errors.map((e: { field: string }) => e.field), ['source', 'signal_key'], 'step 4 shows the two mistakes and no timestamp error');
  assert.match(stdout, /unknown query parameter 'sourc'/, 'step 5 names the unknown parameter');
  assert.match(stdout, /HTTP\/1\.1 405 Method Not Allowed\r?\nallow: GET, HEAD, POST/i, 'step 5 answers a wrong method with 405 and Allow');
});
