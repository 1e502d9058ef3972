// scripts/fastnetmon-notify as an operator runs it: its log file (`--log-file`, QUORUM_NOTIFY_LOG_FILE), what it says
// when the hub cannot be reached, and the systemd drop-in its header documents. Spawned as FastNetMon would, against a test hub.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { freePort } from './helpers/process.ts';

const SCRIPT = path.resolve(import.meta.dirname, '../scripts/fastnetmon-notify');
const UNBAN = ['10.0.0.5', 'incoming', '1', 'unban'];

/** Runs the script with nothing on stdin (an unban needs none) and the given environment additions. */
function notify(argv: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^QUORUM_(URL|API_KEY|API_KEY_FILE|NOTIFY_LOG_FILE)$/.test(k)));
  const child = spawn(process.execPath, [SCRIPT, ...argv], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('scripts/fastnetmon-notify for operators', () => {
  let hub: TestHub;
  let key: string;
  let dir: string;
  before(async () => {
    hub = await startTestHub();
    key = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:write'] })).key;
    dir = await mkdtemp(path.join(tmpdir(), 'quorum-fastnetmon-notify-'));
  });
  after(async () => {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('with --log-file, a sent notification is one timestamped line in that file (never the key), and nothing is printed', async () => {
    const log = path.join(dir, 'sent.log');
    const r = await notify(['--log-file', log, ...UNBAN], { QUORUM_URL: hub.url, QUORUM_API_KEY: key });
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z unban 10\\.0\\.0\\.5: POST ${hub.url}/v1/signals/fastnetmon → 2\\d\\d \\{`));
    assert.ok(!lines[0]!.includes(key));
  });

  test('QUORUM_NOTIFY_LOG_FILE (the drop-in way) logs a refusal too, with the status and the hub\'s answer', async () => {
    const log = path.join(dir, 'refused.log');
    const r = await notify(UNBAN, { QUORUM_URL: hub.url, QUORUM_API_KEY: 'qk_wrong', QUORUM_NOTIFY_LOG_FILE: log });
    assert.equal(r.code, 1);
    const line = new RegExp(`unban 10\\.0\\.0\\.5: POST ${hub.url}/v1/signals/fastnetmon → 401 .*\\(attempt 1 of 3\\)`);
    assert.match(r.stderr, line);
    assert.match(await readFile(log, 'utf8'), line);
  });

  test('a hub that cannot be reached: each attempt names the URL and the cause, then the script exits 1', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const log = path.join(dir, 'unreachable.log');
    const r = await notify(['--log-file=' + log, ...UNBAN], { QUORUM_URL: url, QUORUM_API_KEY: key });
    assert.equal(r.code, 1);
    const expected = [1, 2, 3].map((n) => `fastnetmon-notify: unban 10.0.0.5: POST ${url}/v1/signals/fastnetmon failed: connect ECONNREFUSED ${url.slice(7)} (attempt ${n} of 3)`);
    assert.deepEqual(r.stderr.trimEnd().split('\n'), expected);
    assert.equal((await readFile(log, 'utf8')).trimEnd().split('\n').length, 3);
  });

  test('a log file that cannot be written is reported once and never stops the alert', async () => {
    const r = await notify(['--log-file', path.join(dir, 'no-such-dir', 'x.log'), ...UNBAN], { QUORUM_URL: hub.url, QUORUM_API_KEY: key });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^fastnetmon-notify: cannot write the log file .*no-such-dir\/x\.log: ENOENT/);
  });

  test('a key file that cannot be read says which file and why (exit 2)', async () => {
    const r = await notify(UNBAN, { QUORUM_URL: hub.url, QUORUM_API_KEY_FILE: path.join(dir, 'missing.key') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read QUORUM_API_KEY_FILE .*missing\.key: ENOENT/);
  });

  test('its header documents a systemd Environment= drop-in naming every variable the script reads', () => {
    const text = readFileSync(SCRIPT, 'utf8');
    const header = text.slice(0, text.indexOf("'use strict'"));
    assert.match(header, /systemctl edit fastnetmon/);
    assert.match(header, /^\/\/ {3}\[Service\]$/m);
    const read = new Set([...text.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1]!));
    assert.deepEqual([...read].sort(), ['QUORUM_API_KEY', 'QUORUM_API_KEY_FILE', 'QUORUM_NOTIFY_LOG_FILE', 'QUORUM_URL']);
    // QUORUM_API_KEY is the one left out of the drop-in on purpose: a key file keeps the secret out of the unit.
    for (const name of [...read].filter((n) => n !== 'QUORUM_API_KEY')) assert.match(header, new RegExp(`^// {3}Environment=${name}=`, 'm'), name);
  });
});
