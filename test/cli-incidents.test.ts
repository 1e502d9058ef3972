// `quorum incidents list|get` as a user runs it: the real CLI in a child process against a real hub over HTTP, with
// incidents opened by the subject_anomaly family from signals posted over HTTP; tables, JSON and the exit codes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { runCli } from './helpers/process.ts';
import { parseSubject } from '../src/cli/args.ts';

let hub: TestHub;
let keyFile: string;
before(async () => {
  hub = await startTestHub();
  const t = await tenantWithKeys(hub, 'cli-incidents', { admin: ['admin'], reader: ['signal:read'] });
  const put = await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: { enabled: true, subject_anomaly: { enabled: true, min_sources: 2 } } });
  assert.equal(put.status, 200);
  const at = new Date().toISOString();
  const finding = (source: string, subject: string) => ({
    source, subject_type: 'host', subject_id: subject, signal_key: `${source}.finding`, signal_value: { value: 1 }, severity: 'medium', observed_at: at,
  });
  for (const subject of ['web-01', 'db/02']) {
    const res = await hub.request('POST', '/v1/signals', { key: t.admin, body: { signals: [finding('vuln_scan', subject), finding('disk_monitor', subject)] } });
    assert.equal(res.status, 201);
  }
  await hub.correlation.caughtUp();
  keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'quorum-cli-incidents-')), 'key');
  await writeFile(keyFile, `${t.reader}\n`);
});
after(async () => { await hub.close(); });

async function incidents(args: string[]) {
  const p = runCli(['incidents', ...args, '--url', hub.url, '--key-file', keyFile]);
  return { code: await p.exited, out: p.output() };
}

describe('quorum incidents', () => {
  test('--subject is <type>/<id>, the id may hold slashes', () => {
    assert.deepEqual(parseSubject('host/db/02'), { type: 'host', id: 'db/02' });
    for (const bad of ['host', '/x', 'host/']) assert.throws(() => parseSubject(bad), /--subject must be/);
  });

  test('list prints a table, and -o json the API answer, filtered by subject and status', async () => {
    const list = await incidents(['list']);
    assert.equal(list.code, 0, list.out);
    const lines = list.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID +STATUS +SUBJECT +RULE +SOURCES +OPENED +CLOSES\/CLOSED$/);
    const col = lines[0]!.indexOf('SUBJECT');
    assert.deepEqual(lines.slice(1).map((l) => l.slice(col).split(/\s+/)[0]).sort(), ['host/db/02', 'host/web-01']);
    const json = JSON.parse((await incidents(['list', '--subject', 'host/db/02', '--status', 'open', '-o', 'json'])).out);
    assert.deepEqual(json.incidents.map((i: any) => [i.subject_id, i.status, i.sources]), [['db/02', 'open', ['vuln_scan', 'disk_monitor']]]);
    assert.deepEqual(JSON.parse((await incidents(['list', '--status', 'closed', '-o', 'json'])).out), { incidents: [] });
    assert.equal(JSON.parse((await incidents(['list', '--limit', '1', '-o', 'json'])).out).incidents.length, 1);
  });

  test('get shows why it opened and its signals; -o json the whole incident', async () => {
    const [first] = JSON.parse((await incidents(['list', '--subject', 'host/web-01', '-o', 'json'])).out).incidents;
    const shown = await incidents(['get', first.id]);
    assert.equal(shown.code, 0, shown.out);
    assert.match(shown.out, new RegExp(`^incident: +${first.id}\\nsubject: +host/web-01\\nrule: +subject_anomaly\\nstatus: +open; closes in \\d+[smhd] unless another report arrives\\n`));
    assert.match(shown.out, /\nwhy: Corroboration met: 2 distinct sources \(min 2\)/);
    assert.match(shown.out, /\nSIGNAL +SOURCE +KEY +SEVERITY +OBSERVED\n\d+ +vuln_scan +vuln_scan\.finding +medium/);
    const json = JSON.parse((await incidents(['get', first.id, '-o', 'json'])).out);
    assert.deepEqual([json.id, json.explanation.rule, json.signals.length], [first.id, 'subject_anomaly', 2]);
  });

  test('exit codes: 3 for an unknown incident, 2 for a usage mistake', async () => {
    const unknown = await incidents(['get', '00000000-0000-4000-8000-000000000000']);
    assert.equal(unknown.code, 3);
    assert.match(unknown.out, /quorum: not_found: no incident/);
    for (const args of [['list', '--subject', 'web-01'], ['list', '--limit', '0'], ['list', '--status', 'resolved']]) {
      assert.equal((await incidents(args)).code, 2, args.join(' '));
    }
  });
});
