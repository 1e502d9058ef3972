// When a corroborated block ends (the playbook's end_when), end to end with the captured payloads of both real programs:
// FastNetMon's notify script on its ban/unban samples and Alertmanager's firing/resolved webhooks. Time is an injected clock.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { blockEnding } from '../src/correlate/block-ending.ts';
import { validateCorrelationConfig } from '../src/correlate/correlation-config.ts';
import { simulate } from '../src/decide/replay.ts';
import type { StoredRow } from '../src/store/signal-queries.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fixtureJson, fixtureText, putConfig, shippedConfig } from './helpers/correlation.ts';

const SCRIPT = path.resolve(import.meta.dirname, '../scripts/fastnetmon-notify');
let now = Date.now();
let hub: TestHub;
let writer: string;
before(async () => {
  hub = await startTestHub({ reconcileIntervalMs: 3_600_000 }, () => new Date(now));
  writer = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:write'] })).key;
});
after(async () => { await hub.close(); });

const get = async (url: string) => (await hub.request('GET', url, { key: hub.adminKey })).body;

/** FastNetMon's notify script run on a captured sample (argv + stdin), the victim swapped for this test's. */
async function fastnetmon(sample: 'ban' | 'unban', victim: string): Promise<void> {
  const [, ...rest] = fixtureJson(`fastnetmon/${sample}.argv.json`) as string[];
  const stdin = sample === 'ban' ? fixtureText('fastnetmon/ban.stdin.txt').replaceAll('10.0.0.5', victim) : '';
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, victim, ...rest], { env: { ...process.env, QUORUM_URL: hub.url, QUORUM_API_KEY: writer }, stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('exit', (c) => resolve(c ?? 1));
    child.stdin.end(stdin);
  });
  assert.equal(code, 0);
  await hub.correlation.caughtUp();
}

/**
 * Alertmanager's captured webhook (firing or resolved), about this test's victim under its own fingerprint; `startsAt`
 * tells a later firing of the same alert from the first, as Alertmanager does.
 */
async function alertmanager(status: 'firing' | 'resolved', victim: string, startsAt?: string): Promise<void> {
  const body = JSON.parse(JSON.stringify(fixtureJson(`alertmanager/webhook-${status}.json`)).replaceAll('10.0.0.5', victim));
  for (const a of body.alerts) {
    a.fingerprint = `fp-${victim}`;
    if (startsAt) a.startsAt = startsAt;
  }
  const res = await hub.request('POST', '/v1/signals/alertmanager', { key: writer, body });
  assert.equal(res.status, 200);
  await hub.correlation.caughtUp();
}

async function corroborate(victim: string, endWhen?: string) {
  const cfg = shippedConfig();
  if (endWhen) cfg.playbooks[0].end_when = endWhen;
  await putConfig(hub, cfg);
  await fastnetmon('ban', victim);
  await alertmanager('firing', victim);
  const m = (await get(`/v1/mitigations?status=active&indicator=${victim}`)).mitigations[0];
  assert.ok(m, 'FastNetMon and Alertmanager corroborate a block');
  return { m, groupId: (await get(`/v1/signal-groups?subject=${victim}`)).signal_groups[0].id as string };
}

const endSignals = async (victim: string) => (await get(`/v1/signals?subject_id=${victim}&limit=100`)).signals
  .filter((s: any) => s.signal_value.ended === true).reverse().map((s: any) => [s.source, String(s.id)]);

describe('end_when: all_sources_ended (the default)', () => {
  test('an Alertmanager resolved keeps the block while FastNetMon still reports the flood; its unban withdraws it with the reason', async () => {
    const { m, groupId } = await corroborate('10.7.0.1');
    await alertmanager('resolved', '10.7.0.1');
    assert.equal((await get(`/v1/mitigations/${m.id}`)).status, 'active');
    let g = await get(`/v1/signal-groups/${groupId}`);
    assert.deepEqual(g.ended_sources.map((e: any) => e.source), ['alertmanager']);
    assert.equal(g.end_reason, null);

    await fastnetmon('unban', '10.7.0.1');
    const [[, amEnd], [, fnmEnd]] = (await endSignals('10.7.0.1')).sort((a: string[], b: string[]) => a[0]!.localeCompare(b[0]!));
    const reason = `all sources ended: fastnetmon (signal ${fnmEnd}), alertmanager (signal ${amEnd})`;
    const ended = await get(`/v1/mitigations/${m.id}`);
    assert.deepEqual([ended.status, ended.end_reason], ['withdrawn', reason]);
    g = await get(`/v1/signal-groups/${groupId}`);
    assert.equal(g.end_reason, reason);
    assert.ok(g.ended_at);
    assert.deepEqual(g.ended_sources.map((e: any) => [e.source, e.signal_id]), [['fastnetmon', fnmEnd], ['alertmanager', amEnd]]);
    const changes = (await get('/v1/blocks/changes?since=0&limit=1000')).changes.filter((c: any) => c.mitigation_id === m.id);
    assert.deepEqual(changes.map((c: any) => [c.change, c.reason]).at(-1), ['withdrawn', reason]);
  });

  test('the reverse order: a FastNetMon unban keeps the block while the alert fires; the resolved alert withdraws it', async () => {
    const { m } = await corroborate('10.7.0.2');
    await fastnetmon('unban', '10.7.0.2');
    assert.equal((await get(`/v1/mitigations/${m.id}`)).status, 'active');
    await alertmanager('resolved', '10.7.0.2');
    const ended = await get(`/v1/mitigations/${m.id}`);
    assert.equal(ended.status, 'withdrawn');
    assert.match(ended.end_reason, /^all sources ended: fastnetmon \(signal \d+\), alertmanager \(signal \d+\)$/);
  });

  test('a source that reports the attack again after its end counts as active again', async () => {
    const { m, groupId } = await corroborate('10.7.0.3');
    await alertmanager('resolved', '10.7.0.3');
    now += 1000;
    const again = new Date(now).toISOString();
    await alertmanager('firing', '10.7.0.3', again);
    assert.deepEqual((await get(`/v1/signal-groups/${groupId}`)).ended_sources, []);
    await fastnetmon('unban', '10.7.0.3');
    assert.equal((await get(`/v1/mitigations/${m.id}`)).status, 'active', 'the alert fires again: the block stays');
    await alertmanager('resolved', '10.7.0.3', again);
    assert.equal((await get(`/v1/mitigations/${m.id}`)).status, 'withdrawn');
  });

  test('the TTL still bounds a block whose sources never all report an end, and the group says so', async () => {
    const { m, groupId } = await corroborate('10.7.0.4');
    await alertmanager('resolved', '10.7.0.4');
    now += 601_000;
    await hub.correlation.reconciler.reconcile();
    const ended = await get(`/v1/mitigations/${m.id}`);
    assert.deepEqual([ended.status, ended.end_reason], ['expired', 'TTL ran out']);
    assert.equal((await get(`/v1/signal-groups/${groupId}`)).end_reason, 'TTL ran out');
  });
});

describe('end_when in one feed batch', () => {
  // What the adapters store, sent through POST /v1/signals so that several land in one feed batch.
  const report = (ip: string, source: string, externalId: string, ended = false) => ({
    source, subject_type: 'ip', subject_id: ip, signal_key: 'ddos.attack', severity: 'critical', observed_at: new Date(now).toISOString(),
    signal_value: { value: 0.9, vector: 'udp_flood', external_id: externalId, ...(ended ? { ended: true } : {}) },
  });
  const status = async (ip: string) => (await get(`/v1/mitigations?indicator=${ip}`)).mitigations.map((m: any) => m.status);
  const send = async (...signals: unknown[]) => {
    assert.equal((await hub.request('POST', '/v1/signals', { key: writer, body: { signals } })).status, 201);
    await hub.correlation.caughtUp();
  };

  test('the batch path and the per-signal path end a block at the same report', async () => {
    await putConfig(hub, shippedConfig());
    // One batch: corroboration, the alert's end, its new firing (a refresh), FastNetMon's end: the alert still fires.
    await send(report('10.7.1.1', 'fastnetmon', 'u1'), report('10.7.1.1', 'alertmanager', 'f1'), report('10.7.1.1', 'alertmanager', 'f1', true),
      report('10.7.1.1', 'alertmanager', 'f2'), report('10.7.1.1', 'fastnetmon', 'u1', true));
    // The same signals one request (one feed batch) each.
    for (const s of [report('10.7.1.2', 'fastnetmon', 'u1'), report('10.7.1.2', 'alertmanager', 'f1'), report('10.7.1.2', 'alertmanager', 'f1', true),
      report('10.7.1.2', 'alertmanager', 'f2'), report('10.7.1.2', 'fastnetmon', 'u1', true)]) await send(s);
    assert.deepEqual([await status('10.7.1.1'), await status('10.7.1.2')], [['active'], ['active']]);
    await send(report('10.7.1.1', 'alertmanager', 'f2', true), report('10.7.1.2', 'alertmanager', 'f2', true));
    assert.deepEqual([await status('10.7.1.1'), await status('10.7.1.2')], [['withdrawn'], ['withdrawn']]);
  });
});

describe('end_when: any_source_ended', () => {
  test('the first end report withdraws the block, as before', async () => {
    const { m, groupId } = await corroborate('10.7.0.5', 'any_source_ended');
    await alertmanager('resolved', '10.7.0.5');
    const [[, amEnd]] = await endSignals('10.7.0.5');
    const ended = await get(`/v1/mitigations/${m.id}`);
    assert.deepEqual([ended.status, ended.end_reason], ['withdrawn', `alertmanager reported the attack ended (signal ${amEnd})`]);
    assert.equal((await get(`/v1/signal-groups/${groupId}`)).end_reason, ended.end_reason);
  });
});

describe('the end_when setting', () => {
  test('a bad value is refused with the path and the values allowed', async () => {
    const cfg = shippedConfig();
    cfg.playbooks[0].end_when = 'first_source_ended';
    const res = await hub.request('PUT', '/v1/config/correlation', { key: hub.adminKey, body: cfg });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /playbooks\[0\]\.end_when.*must be one of all_sources_ended, any_source_ended/);
    const r = validateCorrelationConfig({ ...cfg, playbooks: [{ ...cfg.playbooks[0], end_when: 3 }] });
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.path), ['playbooks[0].end_when']);
  });

  test('defaults to all_sources_ended', () => {
    const r = validateCorrelationConfig(shippedConfig({ playbooks: [{ name: 'p', action: { type: 'block', indicator: 'subject_id', ttl_seconds: 600 } }], rules: [] }));
    assert.ok(r.ok);
    assert.equal(r.config.playbooks[0]!.end_when, 'all_sources_ended');
  });
});

describe('blockEnding', () => {
  const fnm = (endedBy: string | null) => ({ source: 'fastnetmon', endedBy, endedAt: endedBy && `2026-12-02T10:00:0${endedBy}Z` });
  const am = (endedBy: string | null) => ({ source: 'alertmanager', endedBy, endedAt: endedBy && `2026-12-02T10:00:0${endedBy}Z` });
  const end = { source: 'alertmanager', signalId: '7' };
  const cases: [string, Parameters<typeof blockEnding>[0], ReturnType<typeof fnm>[], ReturnType<typeof blockEnding>][] = [
    ['any: the first end lifts it', 'any_source_ended', [fnm(null), am('7')], { ends: true, reason: 'alertmanager reported the attack ended (signal 7)' }],
    ['all: one source still reporting keeps it', 'all_sources_ended', [fnm(null), am('7')], { ends: false, activeSources: ['fastnetmon'] }],
    ['all: a source with one report of two ended is still active', 'all_sources_ended', [fnm('5'), fnm(null), am('7')], { ends: false, activeSources: ['fastnetmon'] }],
    ['all: every source ended lifts it, each with its last end report', 'all_sources_ended', [fnm('3'), am('7'), fnm('5')],
      { ends: true, reason: 'all sources ended: fastnetmon (signal 5), alertmanager (signal 7)' }],
  ];
  for (const [name, when, reports, expected] of cases) test(name, () => assert.deepEqual(blockEnding(when, reports, end), expected));
});

describe('replay honours end_when', () => {
  const row = (id: number, source: string, at: number, value: Record<string, unknown>): StoredRow => ({
    id: String(id), source, subjectType: 'ip', subjectId: '10.8.0.1', key: 'ddos.attack', severity: 'high', ttlSeconds: null, signalId: null,
    observedAt: new Date(Date.parse('2026-12-01T00:00:00Z') + at * 1000).toISOString(), value: { value: 0.9, vector: 'udp_flood', ...value },
  });
  // Corroborated at t=1; Alertmanager resolves at t=2; both report again at t=3 and t=4.
  const signals = [
    row(1, 'fastnetmon', 0, {}), row(2, 'alertmanager', 1, { external_id: 'a' }), row(3, 'alertmanager', 2, { external_id: 'a', ended: true }),
    row(4, 'alertmanager', 3, { external_id: 'b' }), row(5, 'fastnetmon', 4, {}),
  ];
  const configWith = (endWhen: string) => {
    const cfg = shippedConfig();
    cfg.playbooks[0].end_when = endWhen;
    const r = validateCorrelationConfig(cfg);
    assert.ok(r.ok);
    return r.config;
  };

  test('all_sources_ended: the block outlives the resolved alert, so later reports extend it instead of deciding again', () => {
    assert.deepEqual(simulate(configWith('all_sources_ended'), signals, { safelist: [], protectedAddresses: [] }).map((d) => d.outcome), ['block']);
  });

  test('any_source_ended: the resolved alert lifts it, and the later reports corroborate a new block', () => {
    assert.deepEqual(simulate(configWith('any_source_ended'), signals, { safelist: [], protectedAddresses: [] }).map((d) => d.outcome), ['block', 'block']);
  });
});
