import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './helpers/process.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Processes whose command line names the data dir (the hub's embedded postmaster and its backends). */
function processesOn(dataDir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(dataDir) && !l.includes('ps -eo'));
}

test('Ctrl-C in a terminal stops `quorum start` and its embedded PostgreSQL with a few lines and exit 0, after a banner that says where everything is', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-ctrl-c-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  // Its own process group, as a shell gives a foreground job: a SIGINT to the group is what Ctrl-C sends.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'start', '--data-dir', dataDir, '--port', String(port)], {
    cwd: root, detached: true, env: { ...process.env, QUORUM_LOG_FORMAT: 'pretty', QUORUM_EMBEDDED_PG_PORT: String(pgPort), QUORUM_AUDIT_LOG: path.join(dataDir, 'audit.jsonl') },
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 90 s:\n${out}`)), 90_000);
      const poll = setInterval(() => { if (/Audit file .*\n/.test(out)) { clearInterval(poll); clearTimeout(timer); resolve(); } }, 50);
    });
    const base = `http://127.0.0.1:${port}`;
    assert.match(out, new RegExp(`Dashboard +${base}/\\n`));
    assert.match(out, new RegExp(`API docs +${base}/docs\\n`));
    assert.match(out, new RegExp(`Data dir +${dataDir}\\n`));
    assert.match(out, new RegExp(`Database +embedded PostgreSQL on 127\\.0\\.0\\.1:${pgPort}`));
    assert.match(out, /Correlation +on for \d+ of 1 tenant\(s\)\n/);
    assert.match(out, /Enforcement +sensors: .*\n +bouncers: .*\n +bgp: off/);
    assert.match(out, new RegExp(`Audit file +${path.join(dataDir, 'audit.jsonl')}`));
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.ok(processesOn(dataDir).length > 0, 'the embedded PostgreSQL runs');

    const before = out.length;
    const sent = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
    const tail = out.slice(out.indexOf('shutting down', before) - 20);
    assert.equal(code, 0, `exit code; output after Ctrl-C:\n${tail}`);
    assert.ok(Date.now() - sent < 20_000);
    const lines = tail.split('\n').filter((l) => l.trim() !== '');
    assert.ok(lines.length <= 6, `a few lines after Ctrl-C, got ${lines.length}:\n${tail}`);
    assert.doesNotMatch(tail, /Client \{|_events|_connecting|ERROR|WARN|exited unexpectedly|connection failed/, tail);
    assert.match(tail, /quorum hub stopped/);
    assert.deepEqual(processesOn(dataDir), [], 'no PostgreSQL left behind');
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
});
