// `quorum rules|configs` and `quorum rollouts` as an operator runs them: the real CLI in a child process against a real
// hub, a file uploaded as a version, a rollout created, listed, read and aborted, refusals with their exit codes.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { authedSensor } from './helpers/sensor.ts';
import { runCli } from './helpers/process.ts';
import { contentHash } from '../src/core/canonical-json.ts';

let hub: TestHub;
let dir: string;
const keyFiles = { admin: '', reader: '' };

before(async () => {
  hub = await startTestHub();
  const t = await tenantWithKeys(hub, 'cli-rollouts', { admin: ['admin'], reader: ['signal:read'], writer: ['signal:write'] });
  dir = await mkdtemp(path.join(tmpdir(), 'quorum-cli-rollouts-'));
  for (const k of ['admin', 'reader'] as const) {
    keyFiles[k] = path.join(dir, k);
    await writeFile(keyFiles[k], `${t[k]}\n`);
  }
  (await authedSensor(hub.url, t.writer, { sensorId: 'cli-edge-1' })).close();
});
after(async () => { await hub.close(); });

async function cli(args: string[], key: keyof typeof keyFiles = 'admin') {
  const p = runCli([...args, '--url', hub.url, '--key-file', keyFiles[key]]);
  const code = await p.exited;
  return { code, out: p.output(), stdout: p.stdout() };
}

test('uploads a rule bundle from a file, lists it and refuses the same version again with exit 1', async () => {
  const doc = { rules: [{ id: 'sqli-1', action: 'block' }] };
  const file = path.join(dir, 'rules.json');
  await writeFile(file, JSON.stringify(doc));
  const up = await cli(['rules', 'upload', 'v1', file, '-o', 'json']);
  assert.equal(up.code, 0, up.out);
  assert.equal(JSON.parse(up.stdout).hash, contentHash(doc).hash);
  const list = await cli(['rules', 'list'], 'reader');
  assert.equal(list.code, 0, list.out);
  assert.match(list.stdout, /^VERSION\s+HASH/);
  assert.match(list.stdout, new RegExp(`v1\\s+${contentHash(doc).hash.slice(0, 12)}`));
  const again = await cli(['rules', 'upload', 'v1', file]);
  assert.equal(again.code, 1);
  assert.match(again.out, /conflict/);
});

test('creates a canary rollout from flags, shows it with every sensor, aborts it, and a bad flag is exit 2', async () => {
  const created = await cli(['rollouts', 'create', 'v1', '--sensor', 'cli-edge-1', '--canary-percent', '50', '--soak', '60', '-o', 'json']);
  assert.equal(created.code, 0, created.out);
  const r = JSON.parse(created.stdout);
  assert.deepEqual([r.strategy, r.phase, r.canary], ['canary', 'canary', { percent: 50, soakSeconds: 60 }]);
  const got = await cli(['rollouts', 'get', r.id], 'reader');
  assert.equal(got.code, 0, got.out);
  assert.match(got.stdout, /state:\s+running \(canary\)/);
  assert.match(got.stdout, /cli-edge-1\s+yes\s+pending/);
  assert.equal((await cli(['rollouts', 'list', '-o', 'json'], 'reader')).code, 0);
  const aborted = await cli(['rollouts', 'abort', r.id, '-o', 'json']);
  assert.deepEqual([aborted.code, JSON.parse(aborted.stdout).state], [0, 'aborted']);
  assert.equal((await cli(['rollouts', 'promote', r.id])).code, 1, 'an ended rollout cannot be promoted');
  assert.equal((await cli(['rollouts', 'get', '00000000-0000-4000-8000-000000000000'], 'reader')).code, 3);
  assert.equal((await cli(['rollouts', 'create', 'v1', '--kind', 'policy'])).code, 2);
});
