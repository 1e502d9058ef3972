// `quorum trust-score …` as a user runs it: the real CLI in a child process against a real hub over HTTP; the score,
// the category breakdown and the top losses as tables or JSON, the riskiest subjects, a recompute, and refusals.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aSignal, startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { runCli } from './helpers/process.ts';
import { belowFeedHorizon } from './helpers/feed-horizon.ts';
import { parseSubject } from '../src/cli/args.ts';

let hub: TestHub;
const keyFiles = { admin: '', reader: '' };

before(async () => {
  hub = await startTestHub({ trustScoreIntervalMs: 86_400_000 });
  const t = await tenantWithKeys(hub, 'cli-trust-score', { admin: ['admin'], reader: ['signal:read'], writer: ['signal:write'] });
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-cli-trust-'));
  for (const k of ['admin', 'reader'] as const) {
    keyFiles[k] = path.join(dir, k);
    await writeFile(keyFiles[k], `${t[k]}\n`);
  }
  const policy = await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: { trust_score: { sources: { patch_scanner: 'patch_hygiene', agent_monitor: 'agent_health' } } } });
  assert.equal(policy.status, 200, JSON.stringify(policy.body));
  const web = (over: Record<string, unknown>) => aSignal({ subject_type: 'agent', subject_id: 'web-01', ...over });
  const res = await hub.request('POST', '/v1/signals', {
    key: t.writer,
    body: { signals: [
      web({ source: 'patch_scanner', signal_key: 'patch.missing_critical', severity: 'critical', signal_value: { value: false } }),
      web({ source: 'agent_monitor', signal_key: 'agent.version_drift', severity: 'low', signal_value: { value: '1.2.0' } }),
      web({ source: 'other_tool', signal_key: 'other.finding', severity: 'high' }),
      aSignal({ source: 'agent_monitor', subject_type: 'agent', subject_id: 'db-01', signal_key: 'agent.version_drift', severity: 'low', signal_value: { value: 'x' } }),
    ] },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  // A recompute marks where the feed stood (its snapshot horizon) and the next rescores what was written from there:
  // until every older writer on the server has ended (another file's open transaction), these rows are not below it.
  const newest = await hub.db.pools.owner.query<{ id: string }>('SELECT max(id)::text AS id FROM signal_streams');
  await belowFeedHorizon(hub.db.pools.owner, newest.rows[0]!.id);
});
after(async () => { await hub.close(); });

async function trustScore(args: string[], key: keyof typeof keyFiles = 'reader') {
  const p = runCli(['trust-score', ...args, '--url', hub.url, '--key-file', keyFiles[key]]);
  const code = await p.exited;
  return { code, out: p.output() };
}

describe('pure helpers', () => {
  test('a subject is type/id, and the id may hold slashes', () => {
    assert.deepEqual(parseSubject('agent/web-01'), { type: 'agent', id: 'web-01' });
    assert.deepEqual(parseSubject('ip/10.0.0.0/24'), { type: 'ip', id: '10.0.0.0/24' });
    for (const bad of ['agent', '/x', 'agent/']) assert.throws(() => parseSubject(bad), /--subject must be <type>\/<id>/);
  });
});

describe('quorum trust-score against a running hub', () => {
  test("a reader's recompute is refused (exit 1, scope_missing); an admin's prints the new score", async () => {
    const refused = await trustScore(['recompute'], 'reader');
    assert.equal(refused.code, 1, refused.out);
    assert.match(refused.out, /^quorum: scope_missing: /m);
    const done = await trustScore(['recompute'], 'admin');
    assert.equal(done.code, 0, done.out);
    // web-01: 100 − (35/60)·100/ζ₁₀₀(1.5) − (25/60)·10/ζ₁₀₀(1.5) = 74.1; db-01 98.27; mean 86.19 and worst 74.1 → 80.14.
    assert.match(done.out, /^recomputed at \S+: Trust Score 80\.14 over 2 subjects \(0 without findings any more; full, 2 scored\)\n$/);
    // Nothing changed since: the next one scores no subject again, and answers the same.
    const again = await trustScore(['recompute'], 'admin');
    assert.match(again.out, /^recomputed at \S+: Trust Score 80\.14 over 2 subjects \(0 without findings any more; incremental, 0 scored\)\n$/);
  });

  test('the tenant view prints the score, the category breakdown and the top losses with their subjects', async () => {
    const res = await trustScore(['--range', '7d']);
    assert.equal(res.code, 0, res.out);
    const [head, , ...rest] = res.out.split('\n');
    assert.match(head!, /^Trust Score \d+\.\d\d \(recompute (just now|\d+[smhd] ago), 2 subjects; 7d: \+?-?[\d.]+ since [\d.]+\)$/);
    const text = rest.join('\n');
    assert.match(text, /^CATEGORY +WEIGHT +SCORE +FINDINGS\nagent_health +0\.4167 +[\d.]+ +2\npatch_hygiene +0\.5833 +[\d.]+ +1\n/m);
    assert.match(text, /^Top losses\nPOINTS +CATEGORY +SUBJECT +SOURCE +KEY +SEVERITY +VALUE +ID\n[\d.]+ +patch_hygiene +agent\/web-01 +patch_scanner +patch\.missing_critical +critical +false +\d+\n/m);
  });

  test('-o json gives the API answer as is', async () => {
    const res = await trustScore(['-o', 'json']);
    assert.equal(res.code, 0, res.out);
    const a = JSON.parse(res.out);
    assert.deepEqual([a.basis, a.subjects, a.trend.range], ['recompute', 2, '30d']);
    assert.equal(a.top_losses[0].finding.signal_key, 'patch.missing_critical');
  });

  test('--subject prints its live score, every loss and the unmapped sources', async () => {
    const res = await trustScore(['--subject', 'agent/web-01']);
    assert.equal(res.code, 0, res.out);
    assert.match(res.out, /^Trust Score of agent\/web-01: \d+\.\d\d \(30d: /);
    assert.match(res.out, /\nLosses\nPOINTS +CATEGORY +SOURCE +KEY +SEVERITY +VALUE +ID\n[\d.]+ +patch_hygiene +patch_scanner +patch\.missing_critical +critical +false +\d+\n[\d.]+ +agent_health +agent_monitor +agent\.version_drift +low +"1\.2\.0" +\d+\n/);
    assert.match(res.out, /\nUnmapped sources \(cost 0\): other_tool\n$/);
    const json = JSON.parse((await trustScore(['--subject', 'agent/web-01', '-o', 'json'])).out);
    assert.equal(json.losses.length, 2);
  });

  test('worst lists the riskiest subjects lowest first; --limit bounds them; bad values are usage errors (exit 2)', async () => {
    const res = await trustScore(['worst']);
    assert.equal(res.code, 0, res.out);
    assert.match(res.out, /^SCORE +SUBJECT +TOP LOSS\n[\d.]+ +agent\/web-01 +[\d.]+ patch_scanner patch\.missing_critical\n[\d.]+ +agent\/db-01 +[\d.]+ agent_monitor agent\.version_drift\nfrom the recompute at \S+\n$/);
    const one = JSON.parse((await trustScore(['worst', '--limit', '1', '-o', 'json'])).out);
    assert.deepEqual(one.subjects.map((s: any) => s.subject_id), ['web-01']);
    for (const args of [['worst', '--limit', '0'], ['--range', '2d'], ['--subject', 'nope']]) {
      const bad = await trustScore(args);
      assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.out}`);
    }
  });
});
