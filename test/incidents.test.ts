// Anomaly correlation end to end over real HTTP ingest: the subject_anomaly family opens an incident (no block) when
// three sources report non-info findings on one subject within its window; the incident's lifecycle, list and report.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withTenant } from '../src/db/pools.ts';
import { FEED_START, readFeed } from '../src/store/feed-queries.ts';
import { listOpenIncidents } from '../src/correlate/incident-queries.ts';
import { validateCorrelationConfig } from '../src/correlate/correlation-config.ts';
import { layerPolicy } from '../src/correlate/policy-layers.ts';
import { routesFor } from '../src/correlate/routing.ts';
import { simulate } from '../src/decide/replay.ts';
import type { StoredRow } from '../src/store/signal-queries.ts';
import { startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { shippedConfig } from './helpers/correlation.ts';

let now = Date.now();
let hub: TestHub;
before(async () => { hub = await startTestHub({ reconcileIntervalMs: 3_600_000 }, () => new Date(now)); });
after(async () => { await hub.close(); });

/** A tenant of its own, with correlation and the subject_anomaly family switched on: the one line of the docs. */
async function anomalyTenant(name: string, family: Record<string, unknown> = {}) {
  const t = await tenantWithKeys(hub, name, { admin: ['admin'], writer: ['signal:write'], reader: ['signal:read'] });
  const res = await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: { enabled: true, subject_anomaly: { enabled: true, ...family } } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return t;
}
type Tenant = Awaited<ReturnType<typeof anomalyTenant>>;

/** The reference product's three findings on one server, each from its own source. */
const FINDINGS = {
  cve: { source: 'vuln_scan', signal_key: 'vuln.cve', signal_value: { value: 'CVE-2026-1234', cvss: 5.3 }, severity: 'medium' },
  disk: { source: 'disk_monitor', signal_key: 'disk.used_percent', signal_value: { value: 89 }, severity: 'low' },
  hash: { source: 'file_integrity', signal_key: 'file.hash_mismatch', signal_value: { value: '/usr/bin/sshd' }, severity: 'high' },
  clock: { source: 'clock_check', signal_key: 'clock.skew_seconds', signal_value: { value: 2 }, severity: 'info' },
};

function finding(f: keyof typeof FINDINGS, subject = 'web-01', over: Record<string, unknown> = {}) {
  return { subject_type: 'host', subject_id: subject, observed_at: new Date().toISOString(), ttl_seconds: 86400, ...FINDINGS[f], ...over };
}

/** Posts signals through HTTP ingest and waits until correlation has handled them. */
async function send(t: Tenant, ...signals: Record<string, unknown>[]) {
  const res = await hub.request('POST', '/v1/signals', { key: t.writer, body: { signals } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await hub.correlation.caughtUp();
}

const get = async (t: Tenant, url: string) => {
  const res = await hub.request('GET', url, { key: t.reader });
  assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
  return res.body;
};
const incidents = async (t: Tenant, query = '') => (await get(t, `/v1/incidents${query}`)).incidents as any[];

describe('the subject_anomaly family', () => {
  test('three sources with non-info findings on one subject open one explained incident, and nothing is blocked', async () => {
    const t = await anomalyTenant('anomaly-three');
    await send(t, finding('cve'));
    await send(t, finding('disk'));
    assert.deepEqual(await incidents(t), [], 'two sources make no incident');
    await send(t, finding('hash'));
    const [incident, ...more] = await incidents(t);
    assert.deepEqual(more, []);
    assert.deepEqual([incident.rule, incident.playbook, incident.subject_type, incident.subject_id, incident.status, incident.ttl_seconds, incident.source_count],
      ['subject_anomaly', 'subject_anomaly', 'host', 'web-01', 'open', 600, 3]);
    assert.deepEqual(incident.sources, ['vuln_scan', 'disk_monitor', 'file_integrity']);
    assert.equal(incident.explanation_text,
      'Corroboration met: 3 distinct sources (min 3), derived confidence 0.60 (threshold 0.00). Sources: vuln_scan (0.60, w 1.0), disk_monitor (0.40, w 1.0), file_integrity (0.80, w 1.0)');
    assert.equal(Date.parse(incident.expires_at) - Date.parse(incident.opened_at), 600_000);

    const detail = await get(t, `/v1/incidents/${incident.id}`);
    assert.deepEqual(detail.explanation.thresholds, { min_sources: 3, confidence_threshold: 0, window_seconds: 600, decay_half_life_seconds: 0 });
    assert.deepEqual([detail.explanation.kind, detail.explanation.rule, detail.explanation.group_key], ['correlation', 'subject_anomaly', { subject_type: 'host', subject_id: 'web-01' }]);
    assert.deepEqual(detail.signals.map((s: any) => [s.source, s.severity]), [['vuln_scan', 'medium'], ['disk_monitor', 'low'], ['file_integrity', 'high']]);

    const group = await get(t, `/v1/signal-groups/${incident.group_id}`);
    assert.deepEqual([group.status, group.mitigation_id], ['corroborated', null]);
    assert.match(group.decision_reason, /^Corroboration met: 3 distinct sources .*; incident opened$/);
    // No block: no mitigation, no block, nothing in the block changes feed.
    assert.deepEqual((await get(t, '/v1/mitigations')).mitigations, []);
    assert.deepEqual((await get(t, '/v1/blocks')).blocks, []);
    assert.deepEqual((await get(t, '/v1/blocks/changes')).changes, []);

    const report = await hub.request('GET', `/v1/reports/incident?incident_id=${incident.id}`, { key: t.reader });
    assert.equal(report.status, 200);
    assert.match(report.headers.get('content-type')!, /^text\/markdown/);
    assert.match(report.body, /^# Incident report: incident on host web-01\n/);
    assert.match(report.body, /## Timeline[\s\S]*## Signals[\s\S]*## Correlation[\s\S]*## Actions\n\n- \S+: incident opened \(no block\)\n/);
    assert.match(report.body, /- Thresholds at decision time: min sources 3, confidence threshold 0, window 600 s/);
  });

  test('info findings, findings without a severity, another subject and a repeated source add no source', async () => {
    const t = await anomalyTenant('anomaly-not-three');
    await send(t, finding('cve'), finding('disk'));
    await send(t, finding('clock'));
    await send(t, finding('hash', 'web-01', { severity: null }));
    await send(t, finding('hash', 'web-02'));
    await send(t, finding('cve', 'web-01', { signal_value: { value: 'CVE-2026-9999' } }));
    assert.deepEqual(await incidents(t), []);
    const [group] = (await get(t, '/v1/signal-groups?subject=web-01')).signal_groups;
    assert.deepEqual([group.rule, group.status, group.signal_count, group.source_count], ['subject_anomaly', 'open', 3, 2]);
    await send(t, finding('hash'));
    assert.equal((await incidents(t)).length, 1);
  });

  test('a signal the feed offers twice adds nothing: no second member, no second incident', async () => {
    const t = await anomalyTenant('anomaly-twice');
    await send(t, finding('cve'), finding('disk'), finding('hash'));
    const rows = (await withTenant(hub.pools.app, t.id, (c) => readFeed(c, t.id, FEED_START, 100))).rows;
    assert.equal(rows.length, 3);
    await hub.correlation.engine.onBatch({ tenantId: t.id, signals: rows });
    await hub.correlation.engine.onBatch({ tenantId: t.id, signals: rows.slice(2) });
    const [incident, ...more] = await incidents(t);
    assert.deepEqual(more, []);
    assert.equal((await get(t, `/v1/incidents/${incident.id}`)).signals.length, 3);
    assert.equal(Date.parse(incident.last_signal_at), Date.parse(incident.opened_at), 'a replayed signal does not keep the incident open');
  });

  test('switched off by default: the shipped policy opens no incident', async () => {
    const t = await tenantWithKeys(hub, 'anomaly-off', { admin: ['admin'], writer: ['signal:write'], reader: ['signal:read'] });
    assert.equal((await hub.request('PUT', '/v1/config/correlation', { key: t.admin, body: { enabled: true } })).status, 200);
    const effective = (await hub.request('GET', '/v1/config/correlation', { key: t.reader })).body;
    assert.deepEqual(effective.config.subject_anomaly, { enabled: false, min_sources: 3, window_seconds: 600, min_severity: 'low', ttl_seconds: 600 });
    await send(t, finding('cve'), finding('disk'), finding('hash'));
    assert.deepEqual(await incidents(t), []);
    assert.deepEqual((await get(t, '/v1/signal-groups')).signal_groups, []);
  });
});

describe('the incident lifecycle', () => {
  test('a new finding keeps it open; a TTL passed with no new finding closes it, the same before and after the sweep', async () => {
    const t = await anomalyTenant('anomaly-quiet');
    await send(t, finding('cve'), finding('disk'), finding('hash'));
    const [opened] = await incidents(t);
    now += 300_000;
    await send(t, finding('disk', 'web-01', { signal_value: { value: 93 } }));
    const [kept] = await incidents(t, '?status=open');
    assert.equal(kept.id, opened.id);
    assert.equal(Date.parse(kept.expires_at), now + 600_000);
    assert.equal((await get(t, `/v1/incidents/${kept.id}`)).signals.length, 4);
    assert.equal((await get(t, `/v1/signal-groups/${kept.group_id}`)).status, 'corroborated');

    now += 600_000;
    const before = (await incidents(t))[0];
    assert.deepEqual([before.status, before.closed_at, before.close_reason], ['closed', kept.expires_at, 'no new report for 600 s']);
    assert.deepEqual(await incidents(t, '?status=open'), []);
    assert.deepEqual(await withTenant(hub.pools.app, t.id, (c) => listOpenIncidents(c, t.id, new Date(now))), []);
    await hub.correlation.reconciler.reconcile();
    const afterSweep = await get(t, `/v1/incidents/${kept.id}`);
    assert.deepEqual([afterSweep.status, afterSweep.closed_at, afterSweep.close_reason], ['closed', kept.expires_at, 'no new report for 600 s']);
    const group = await get(t, `/v1/signal-groups/${kept.group_id}`);
    assert.deepEqual([group.end_reason, group.ended_at], ['no new report for 600 s', kept.expires_at]);
    const metrics = (await hub.request('GET', '/metrics')).body as string;
    assert.match(metrics, /quorum_incidents_closed_total\{reason="quiet"\} [1-9]/);

    // A finding after it closed starts over: one source is no incident.
    await send(t, finding('hash'));
    assert.equal((await incidents(t, '?status=open')).length, 0);
  });

  test('its sources reporting their findings ended close it (end_when all_sources_ended)', async () => {
    const t = await anomalyTenant('anomaly-ended', { min_sources: 2 });
    await send(t, finding('cve'), finding('disk'));
    const [incident] = await incidents(t);
    await send(t, finding('cve', 'web-01', { signal_value: { value: 'CVE-2026-1234', ended: true } }));
    assert.equal((await incidents(t))[0].status, 'open', 'disk_monitor still reports');
    await send(t, finding('disk', 'web-01', { signal_value: { value: 40, ended: true } }));
    const closed = await get(t, `/v1/incidents/${incident.id}`);
    assert.equal(closed.status, 'closed');
    assert.match(closed.close_reason, /^all sources ended: vuln_scan \(signal \d+\), disk_monitor \(signal \d+\)$/);
  });

  test('listOpenIncidents answers the open incidents of a tenant or of one subject, for the Trust Score', async () => {
    const t = await anomalyTenant('anomaly-open-query', { min_sources: 2 });
    await send(t, finding('cve', 'db-01'), finding('disk', 'db-01'), finding('cve', 'db-02'), finding('hash', 'db-02'));
    const all = await withTenant(hub.pools.app, t.id, (c) => listOpenIncidents(c, t.id, new Date(now)));
    assert.deepEqual(all.map((i) => i.subject_id).sort(), ['db-01', 'db-02']);
    const one = await withTenant(hub.pools.app, t.id, (c) => listOpenIncidents(c, t.id, new Date(now), { type: 'host', id: 'db-02' }));
    assert.equal(one.length, 1);
    assert.deepEqual(Object.keys(one[0]!).sort(), ['id', 'opened_at', 'playbook', 'rule', 'subject_id', 'subject_type']);
    assert.deepEqual([one[0]!.rule, one[0]!.playbook, one[0]!.subject_type], ['subject_anomaly', 'subject_anomaly', 'host']);
    assert.deepEqual(await withTenant(hub.pools.app, t.id, (c) => listOpenIncidents(c, t.id, new Date(now), { type: 'ip', id: 'db-02' })), []);
  });
});

describe('GET /v1/incidents', () => {
  test('filters by status, subject, rule and time, and pages with a cursor', async () => {
    const t = await anomalyTenant('anomaly-list', { min_sources: 2 });
    for (const host of ['h-1', 'h-2', 'h-3', 'h-4', 'h-5']) {
      await send(t, finding('cve', host), finding('disk', host));
      now += 1000;
    }
    const all = await incidents(t);
    assert.deepEqual(all.map((i) => i.subject_id), ['h-5', 'h-4', 'h-3', 'h-2', 'h-1']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(t, `/v1/incidents?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.incidents.length <= 2);
      seen.push(...page.incidents.map((i: any) => i.subject_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, ['h-5', 'h-4', 'h-3', 'h-2', 'h-1']);
    assert.deepEqual((await incidents(t, '?subject_type=host&subject_id=h-3')).map((i) => i.subject_id), ['h-3']);
    assert.deepEqual(await incidents(t, '?subject_type=ip'), []);
    assert.equal((await incidents(t, '?rule=subject_anomaly')).length, 5);
    assert.deepEqual((await incidents(t, `?since=${encodeURIComponent(all[1].opened_at)}`)).map((i) => i.subject_id), ['h-5', 'h-4']);
    assert.deepEqual((await incidents(t, `?until=${encodeURIComponent(all[3].opened_at)}`)).map((i) => i.subject_id), ['h-1']);
    assert.deepEqual(await incidents(t, '?status=closed'), []);
    now += 600_000;
    assert.equal((await incidents(t, '?status=closed')).length, 5);
  });

  test('refuses bad input with a 400 and an unknown id with a 404', async () => {
    const t = await anomalyTenant('anomaly-bad-input');
    for (const q of ['?status=resolved', '?limit=0', '?cursor=bm9wZQ', '?since=yesterday', '?subject_id=a%00b', '?colour=red']) {
      const res = await hub.request('GET', `/v1/incidents${q}`, { key: t.reader });
      assert.equal(res.status, 400, q);
    }
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      assert.equal((await hub.request('GET', `/v1/incidents/${id}`, { key: t.reader })).status, 404);
      assert.equal((await hub.request('GET', `/v1/reports/incident?incident_id=${id}`, { key: t.reader })).status, 404);
    }
    assert.equal((await hub.request('GET', '/v1/reports/incident', { key: t.reader })).status, 400);
    assert.equal((await hub.request('GET', `/v1/reports/incident?incident_id=${crypto.randomUUID()}&mitigation_id=${crypto.randomUUID()}`, { key: t.reader })).status, 400);
  });

  test('documents both routes with examples that match their schemas', async () => {
    const doc = (await hub.request('GET', '/openapi.json')).body;
    const list = doc.paths['/v1/incidents'].get;
    const one = doc.paths['/v1/incidents/{id}'].get;
    const exampleOf = (content: any) => content.example ?? content.schema.examples?.[0];
    const listExample = exampleOf(list.responses['200'].content['application/json']);
    const oneExample = exampleOf(one.responses['200'].content['application/json']);
    const required = list.responses['200'].content['application/json'].schema.properties.incidents.items.required as string[];
    assert.deepEqual(Object.keys(listExample.incidents[0]).sort(), [...required].sort());
    assert.ok(one.responses['200'].content['application/json'].schema.required.every((k: string) => k in oneExample));
    // The example is what a real incident looks like: the same keys as the list answers.
    const t = await anomalyTenant('anomaly-doc');
    await send(t, finding('cve'), finding('disk'), finding('hash'));
    const [real] = await incidents(t);
    assert.deepEqual(Object.keys(real).sort(), Object.keys(listExample.incidents[0]).sort());
  });
});

describe('the policy', () => {
  test('the family is one line to switch on for a tenant, keeps the hub settings, and reserves its name', () => {
    const hubDefaults = validateCorrelationConfig(shippedConfig());
    assert.ok(hubDefaults.ok);
    const layered = layerPolicy(hubDefaults.config, { subject_anomaly: { enabled: true } });
    assert.ok(layered.ok);
    assert.deepEqual(layered.config.subject_anomaly, { enabled: true, min_sources: 3, window_seconds: 600, min_severity: 'low', ttl_seconds: 600 });
    assert.deepEqual([layered.origins['subject_anomaly.enabled'], layered.origins['subject_anomaly.min_sources']], ['tenant', 'hub']);
    const reserved = validateCorrelationConfig(shippedConfig({
      rules: [{ name: 'subject_anomaly', group_by: ['subject_id'] }],
      playbooks: [{ name: 'subject_anomaly', action: { type: 'incident' } }],
    }));
    assert.deepEqual(reserved.ok ? [] : reserved.errors.map((e) => e.path), ['playbooks[0].name', 'rules[0].name']);
    const bad = validateCorrelationConfig(shippedConfig({ subject_anomaly: { enabled: 'yes', min_sources: 0, min_severity: 'severe', colour: 1 } }));
    assert.deepEqual(bad.ok ? [] : bad.errors.map((e) => e.path),
      ['subject_anomaly.colour', 'subject_anomaly.min_severity', 'subject_anomaly.enabled', 'subject_anomaly.min_sources']);
  });

  test('an incident playbook names no indicator, needs no group_by field, ignores the block TTL bounds and refuses bgp', () => {
    const ok = validateCorrelationConfig(shippedConfig({
      rules: [{ name: 'findings_by_host', match: { subject_types: ['host'] }, group_by: ['subject_type', 'subject_id'], playbook: 'host_incident' }],
      playbooks: [{ name: 'host_incident', correlation: { min_sources: 2 }, action: { type: 'incident', ttl_seconds: 10 } }],
    }));
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.deepEqual(ok.config.playbooks[0]!.action, { type: 'incident', ttl_seconds: 10 });
    const bad = validateCorrelationConfig(shippedConfig({
      playbooks: [{ name: 'p', action: { type: 'incident', indicator: 'subject_id' }, bgp: { mode: 'rtbh' } }, { name: 'q', action: { type: 'alert' } }],
      rules: [],
    }));
    assert.deepEqual(bad.ok ? [] : bad.errors.map((e) => `${e.path}: ${e.message}`), [
      'playbooks[0].action.indicator: is not a known setting',
      'playbooks[0].bgp: applies to block playbooks only: an incident announces nothing',
      'playbooks[1].action.type: must be one of block, incident',
      'playbooks[1].action.indicator: must be a column (source, subject_type, subject_id, signal_key, severity) or signal_value.<path>',
      'playbooks[1].action.ttl_seconds: is required',
      "playbooks[1].action.ttl_seconds: must lie within the guardrails' 60–86400 s",
    ]);
  });

  test('routing: the family takes non-info findings by subject, and replay (which compares blocks) decides nothing for it', () => {
    const checked = validateCorrelationConfig(shippedConfig({ subject_anomaly: { enabled: true, subject_types: ['host'] } }));
    assert.ok(checked.ok);
    const row = (source: string, severity: StoredRow['severity'], subjectType = 'host', id = '1'): StoredRow => ({
      id, source, subjectType, subjectId: 'web-01', key: `${source}.finding`, value: { value: 1 }, severity,
      observedAt: new Date(now).toISOString(), ttlSeconds: null, signalId: null,
    });
    const routes = routesFor(checked.config, row('vuln_scan', 'medium'));
    assert.deepEqual(routes.map((r) => [r.rule.name, r.group.key, r.playbook?.action, r.gate]), [
      ['subject_anomaly', '["host","web-01"]', { type: 'incident', ttl_seconds: 600 }, { minSources: 3, threshold: 0, windowSeconds: 600, halfLifeSeconds: 0 }],
    ]);
    assert.deepEqual(routesFor(checked.config, row('clock_check', 'info')), []);
    assert.deepEqual(routesFor(checked.config, row('vuln_scan', null)), []);
    assert.deepEqual(routesFor(checked.config, row('vuln_scan', 'high', 'domain')), []);
    const rows = ['vuln_scan', 'disk_monitor', 'file_integrity'].map((s, i) => row(s, 'high', 'host', String(i + 1)));
    assert.deepEqual(simulate(checked.config, rows, { safelist: [], protectedAddresses: [] }), []);
  });
});
