// Tenant isolation over HTTP and /ws/sensors: tenant A, with a key of every scope, against tenant B's data.
// Every write attempt compares a snapshot of all of B's rows before and after; every read looks for B's ids and names.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { withTenant } from '../src/db/pools.ts';
import { FEED_READ_SETTINGS, FEED_START, readFeedBacklog } from '../src/store/feed-queries.ts';
import { listOpenIncidents } from '../src/correlate/incident-queries.ts';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, shippedConfig } from './helpers/correlation.ts';
import { aThreat, authedSensor, authMessage, sensorUrl, TestSensor } from './helpers/sensor.ts';
import { authedDashboard, openDashboard, subscribe } from './helpers/dashboard.ts';
import { scoreSubject } from '../src/score/formula.ts';
import { DEFAULT_TRUST_SCORE_POLICY } from '../src/core/trust-score-policy.ts';

type Scope = 'admin' | 'writer' | 'reader' | 'agent' | 'dashboard' | 'bouncer';
const SCOPES: Record<Scope, string[]> = {
  admin: ['admin'], writer: ['signal:write'], reader: ['signal:read'], agent: ['agent:write'], dashboard: ['dashboard:read'], bouncer: ['blocklist:read'],
};
type Keys = Record<Scope, string>;

let hub: TestHub;
const tenant = { a: '', b: '' };
const A = {} as Keys;
const B = {} as Keys;
let bReaderKeyId = '';

/** What A learned about B (ids an attacker might obtain from logs, screenshots or a former employee). */
const learned = { bUserId: '', signalId: randomUUID(), otherSignalId: randomUUID(), groupId: '', groupMitigationId: '', groupRule: '', mitigationId: '', safelistId: '', signalCursor: '', groupCursor: '', mitigationCursor: '', asnBlockId: '', agentBlockId: '', incidentId: '', incidentGroupId: '', incidentCursor: '' };

const B_SUBJECT = 'b-secret.example';
const B_DDOS_IP = '10.77.0.10';
const B_BLOCK = '10.88.0.7/32';
const B_SAFELIST = '10.99.0.0/24';
const B_SENSOR_IP = '10.66.0.50';
const B_ATTACK = 'b0b0b0b0-0d5c-4c2e-9f1e-3b1b2c3d4e5f';
const B_ASN = 'AS64999';
const B_AGENT = 'b-secret-agent/1.0';
const B_HOST = 'b-secret-host';
/** Strings that belong to B and must never appear in an answer to A. */
let bMarkers: string[] = [];

const TENANT_TABLES = ['signal_streams', 'signal_ids', 'signal_groups', 'signal_group_members', 'mitigations', 'safelist_entries',
  'guardrail_rejections', 'api_keys', 'sensors', 'sensor_receipts', 'correlation_policy_versions', 'block_changes', 'block_versions', 'crowdsec_bouncers',
  'incidents', 'subject_scores', 'tenant_score_history', 'subject_score_history', 'users', 'user_sessions', 'audit_log',
  'current_signal_pointers', 'current_signal_marks', 'sensor_registration_tokens', 'sensor_enrolment_settings',
  'rule_documents', 'rollouts', 'rollout_sensors', 'rule_sync_state', 'sensor_commands'];

/** Every row of B in every tenant table (as the owner, past RLS): a write by A must leave it exactly as it was. */
async function snapshotB(): Promise<Record<string, unknown>> {
  const snap: Record<string, unknown> = {};
  for (const t of TENANT_TABLES) {
    const r = await hub.db.pools.owner.query(`SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY to_jsonb(x)::text), '[]') AS rows FROM ${t} x WHERE tenant_id = $1`, [tenant.b]);
    snap[t] = r.rows[0].rows;
  }
  return snap;
}

/** Runs A's attempt and asserts that none of B's rows changed. */
async function leavesBUntouched<T>(attempt: () => Promise<T>): Promise<T> {
  const before = await snapshotB();
  const result = await attempt();
  await hub.correlation.caughtUp();
  await hub.score.pointers.caughtUp();
  assert.deepEqual(await snapshotB(), before, "B's rows changed");
  return result;
}

function assertNothingOfB(body: unknown, what: string): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const m of bMarkers) assert.ok(!text.includes(m), `${what} reveals ${m}: ${text.slice(0, 300)}`);
}

const as = (key: string) => ({
  get: (url: string) => hub.request('GET', url, { key }),
  post: (url: string, body: unknown = {}) => hub.request('POST', url, { key, body }),
  del: (url: string) => hub.request('DELETE', url, { key }),
});
const countOf = async (table: string, tenantId: string) =>
  Number((await hub.db.pools.owner.query(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])).rows[0].n);
const heartbeat = (status: string, configHash: string) => ({
  type: 'heartbeat', payload: { timestamp: Date.now(), status, cpu: 10, memory: 20, disk: 30, requestsLastMinute: 5, avgLatencyMs: 1, configHash, rulesHash: 'r' },
});
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** Enables correlation (one source suffices) for a tenant, through that tenant's own admin key. */
async function enableCorrelation(adminKey: string): Promise<void> {
  const cfg = shippedConfig();
  cfg.playbooks[0].correlation = { min_sources: 1, confidence_threshold: 0.5 };
  const res = await hub.request('PUT', '/v1/config/correlation', { key: adminKey, body: cfg });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  // The Trust Score loop waits a day between rounds: only the tests recompute B, so B's score rows are a fixed snapshot.
  hub = await startTestHub({ reconcileIntervalMs: 3_600_000, signalBatchTimeoutMs: 20, trustScoreIntervalMs: 86_400_000 });
  for (const t of ['a', 'b'] as const) {
    tenant[t] = (await hub.keys.createTenant(`iso-${t}`)).id;
    const keys = t === 'a' ? A : B;
    for (const [scope, scopes] of Object.entries(SCOPES) as [Scope, string[]][]) {
      const k = await hub.keys.createKey({ tenantId: tenant[t], scopes, agentId: scope === 'agent' ? `agent-${t}` : null, name: `${t} ${scope}` });
      keys[scope] = k.key;
      if (t === 'b' && scope === 'reader') bReaderKeyId = k.id;
    }
    await enableCorrelation(keys.admin);
  }
  await seedB();
  await seedA();
});
after(async () => { await hub.close(); });

async function seedB(): Promise<void> {
  const b = as(B.writer);
  for (const [i, subject] of [B_SUBJECT, 'b-other-1.example', 'b-other-2.example'].entries()) {
    const res = await b.post('/v1/signals', aSignal({ subject_id: subject, observed_at: minutesAgo(30 - i), signal_id: [learned.signalId, learned.otherSignalId, null][i] }));
    assert.equal(res.status, 201);
  }
  learned.signalCursor = (await as(B.reader).get('/v1/signals?limit=1')).body.next_cursor;
  assert.ok(learned.signalCursor);

  assert.equal((await b.post('/v1/signals/fastnetmon', fastnetmonBan(B_DDOS_IP, {}, { attack_uuid: B_ATTACK }))).status, 200);
  await hub.correlation.caughtUp();
  const groups = (await as(B.reader).get('/v1/signal-groups')).body.signal_groups;
  assert.equal(groups.length, 1, "B's FastNetMon ban opened a group");
  learned.groupId = groups[0].id;
  learned.groupRule = groups[0].rule;
  learned.groupMitigationId = groups[0].mitigation_id;
  assert.ok(learned.groupMitigationId, "B's group was corroborated into a mitigation");

  const manual = await as(B.admin).post('/v1/mitigations', { indicator: B_BLOCK, ttl_seconds: 3600, reason: 'b manual' });
  assert.equal(manual.status, 201);
  learned.mitigationId = manual.body.mitigation.id;
  learned.asnBlockId = (await as(B.admin).post('/v1/blocks', { block_type: 'ASN', indicator: B_ASN, ttl_seconds: 3600, reason: 'b manual' })).body.block.id;
  learned.agentBlockId = (await as(B.admin).post('/v1/blocks', { block_type: 'USER_AGENT', indicator: B_AGENT, ttl_seconds: 3600, reason: 'b manual' })).body.block.id;
  assert.ok(learned.asnBlockId && learned.agentBlockId);
  const safe = await as(B.admin).post('/v1/safelist', { cidr: B_SAFELIST, reason: 'b office' });
  assert.equal(safe.status, 201);
  learned.safelistId = safe.body.id;
  learned.groupCursor = encodeCursorLike(groups[0].opened_at, learned.groupId);
  const mitigations = (await as(B.reader).get('/v1/mitigations?limit=1')).body;
  learned.mitigationCursor = mitigations.next_cursor;
  assert.ok(learned.mitigationCursor);

  const sensor = await authedSensor(hub.url, B.writer, { sensorId: 'edge-b', sensorName: 'b edge', fingerprint: 'fingerprint-of-b-0001', region: 'b-region' });
  sensor.send({ type: 'signal', id: 'msg-1', payload: aThreat({ sourceIp: B_SENSOR_IP }) });
  assert.equal((await sensor.next('signal-ack')).stored, 1);
  sensor.send(heartbeat('healthy', 'b-config-hash'));
  await waitFor("B's heartbeat", async () => (await hub.db.pools.owner.query("SELECT last_metrics FROM sensors WHERE tenant_id = $1 AND sensor_id = 'edge-b'", [tenant.b])).rows[0]?.last_metrics !== null);
  sensor.close();
  await waitFor("B's sensor disconnected", async () => (await hub.db.pools.owner.query("SELECT connection_state FROM sensors WHERE tenant_id = $1 AND sensor_id = 'edge-b'", [tenant.b])).rows[0]?.connection_state === 'disconnected');

  await seedBIncident();
  await seedBPeople();
  const bSignalIds = (await hub.db.pools.owner.query('SELECT id FROM signal_streams WHERE tenant_id = $1', [tenant.b])).rows.map((r) => `"${r.id}"`);
  bMarkers = [B_HOST, learned.incidentId, learned.incidentGroupId, B_ASN, B_AGENT, learned.asnBlockId, learned.agentBlockId, B_SUBJECT, 'b-other-1', 'b-other-2', B_DDOS_IP, '10.88.0.7', '10.99.0.0', B_SENSOR_IP, B_ATTACK, 'b office', 'b manual', 'fingerprint-of-b-0001', 'b edge', 'b-config-hash',
    learned.groupId, learned.groupMitigationId, learned.mitigationId, learned.safelistId, learned.signalId, learned.otherSignalId, bReaderKeyId, tenant.b, B_USER, learned.bUserId, ...bSignalIds];
}

const B_USER = 'b-secret-admin';
const PASSWORD = 'a password of some length';

/** Logs a user in over HTTP; answers its session cookie and CSRF token. */
async function userSession(username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await hub.request('POST', '/v1/session', { body: { username, password: PASSWORD } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('quorum_session='))!.split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken };
}

/** B's admin user with a live session. */
async function seedBPeople(): Promise<void> {
  const made = await as(B.admin).post('/v1/users', { username: B_USER, password: PASSWORD, role: 'admin' });
  assert.equal(made.status, 201);
  learned.bUserId = made.body.id;
  await userSession(B_USER);
}

/** Two sources' findings on B's host open an incident of B's subject_anomaly family (switched on for B only). */
async function seedBIncident(): Promise<void> {
  const on = await hub.request('PUT', '/v1/config/correlation', { key: B.admin, body: { ...shippedConfig(), playbooks: [{ ...shippedConfig().playbooks[0], correlation: { min_sources: 1, confidence_threshold: 0.5 } }], subject_anomaly: { enabled: true, min_sources: 2 } } });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  const finding = (source: string) => ({ source, subject_type: 'host', subject_id: B_HOST, signal_key: `${source}.finding`, signal_value: { value: 1 }, severity: 'high', observed_at: new Date().toISOString() });
  assert.equal((await as(B.writer).post('/v1/signals', { signals: [finding('vuln_scan'), finding('file_integrity')] })).status, 201);
  await hub.correlation.caughtUp();
  const [incident] = (await as(B.reader).get('/v1/incidents')).body.incidents;
  assert.ok(incident, 'B has an incident');
  learned.incidentId = incident.id;
  learned.incidentGroupId = incident.group_id;
  learned.incidentCursor = encodeCursorLike(incident.opened_at, incident.id);
}

async function seedA(): Promise<void> {
  for (const [i, subject] of ['a-own-1.example', 'a-own-2.example'].entries()) {
    assert.equal((await as(A.writer).post('/v1/signals', aSignal({ subject_id: subject, observed_at: minutesAgo(40 - i) }))).status, 201);
  }
}

/** The page cursor format (base64url JSON [at, id]), as anyone can read it off a cursor this API handed out. */
function encodeCursorLike(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

describe('signals', () => {
  test("A's reader lists its own signals and none of B's", async () => {
    const res = await as(A.reader).get('/v1/signals?limit=1000');
    assert.equal(res.status, 200);
    assert.ok(res.body.signals.some((s: { subject_id: string }) => s.subject_id === 'a-own-1.example'));
    assertNothingOfB(res.body, 'the signal list');
  });

  test("A's reader filtering by B's subject, source or signal_id finds nothing", async () => {
    for (const q of [`subject_id=${B_SUBJECT}`, `subject_id=${B_DDOS_IP}`, 'source=fastnetmon', `subject_id=${B_SENSOR_IP}`, 'subject_type=ip']) {
      const res = await as(A.reader).get(`/v1/signals?${q}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.signals, [], q);
    }
  });

  test("A's reader asking for B's subject's current state gets no signals", async () => {
    for (const [type, id] of [['domain', B_SUBJECT], ['ip', B_DDOS_IP], ['ip', B_SENSOR_IP]]) {
      const res = await as(A.reader).get(`/v1/subjects/${type}/${id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.signals, [], `${type}/${id}`);
    }
  });

  test("the operator's key reads its own tenant's signals, not B's", async () => {
    const res = await as(hub.adminKey).get('/v1/signals?limit=1000');
    assert.equal(res.status, 200);
    assertNothingOfB(res.body, "the operator's signal list");
    assert.deepEqual((await as(hub.adminKey).get(`/v1/subjects/domain/${B_SUBJECT}`)).body.signals, []);
  });

  test("a cursor from B's listing, used by A, pages A's rows and never B's older ones", async () => {
    const res = await as(A.reader).get(`/v1/signals?cursor=${learned.signalCursor}`);
    assert.equal(res.status, 200);
    assert.ok(res.body.signals.some((s: { subject_id: string }) => s.subject_id === 'a-own-1.example'), "A's older rows follow the cursor");
    assertNothingOfB(res.body, 'a page after B’s cursor');
  });

  test('a hand-made cursor far in the future or naming B’s row ids shows A’s rows only', async () => {
    const bIds = (await hub.db.pools.owner.query('SELECT id::text FROM signal_streams WHERE tenant_id = $1', [tenant.b])).rows.map((r) => r.id);
    for (const id of [...bIds, '1', '999999999']) {
      const res = await as(A.reader).get(`/v1/signals?limit=1000&cursor=${encodeCursorLike('2999-01-01T00:00:00Z', id)}`);
      assert.equal(res.status, 200, id);
      assert.equal(res.body.signals.length, await countOf('signal_streams', tenant.a));
      assertNothingOfB(res.body, `a forged cursor with id ${id}`);
    }
  });

  test("A's writer resending B's signal_id stores A's own row; B's ledger and row stay as they were", async () => {
    const res = await leavesBUntouched(() => as(A.writer).post('/v1/signals', aSignal({ subject_id: 'a-reuses-b-id', signal_id: learned.signalId })));
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, { accepted: 1, duplicates: 0 }, "B's signal_id is no duplicate in A");
    assert.equal((await as(A.reader).get('/v1/signals?subject_id=a-reuses-b-id')).body.signals.length, 1);
  });

  test('a signal naming a tenant_id is refused, and nothing is stored in either tenant', async () => {
    const a = await countOf('signal_streams', tenant.a);
    const res = await leavesBUntouched(() => as(A.writer).post('/v1/signals', { ...aSignal({ subject_id: 'smuggled' }), tenant_id: tenant.b }));
    assert.equal(res.status, 400);
    assert.equal(await countOf('signal_streams', tenant.a), a);
  });

  test("A's replay evaluates A's signals only", async () => {
    const res = await as(A.reader).post('/v1/config/correlation/replay', { config: shippedConfig(), since: minutesAgo(120), until: new Date(Date.now() + 60_000).toISOString() });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.signals, await countOf('signal_streams', tenant.a));
    assertNothingOfB(res.body, 'the replay');
  });
});

describe('agent keys', () => {
  test("A's agent key naming B's agent as its subject stores under its own agent id in A, nothing in B", async () => {
    const signal = { source: 'backup_check', subject_type: 'agent', subject_id: 'agent-b', signal_key: 'backup.age_hours', signal_value: { value: 3 }, observed_at: new Date().toISOString() };
    const res = await leavesBUntouched(() => as(A.agent).post('/v1/agent-signals', { signals: [signal] }));
    assert.equal(res.status, 201);
    const rows = (await hub.db.pools.owner.query("SELECT tenant_id, subject_id FROM signal_streams WHERE source = 'backup_check'")).rows;
    assert.deepEqual(rows, [{ tenant_id: tenant.a, subject_id: 'agent-a' }]);
  });

  test("A's agent key cannot read signals, write unbound signals or reach B's resources", async () => {
    for (const [method, url] of [['GET', '/v1/signals'], ['POST', '/v1/signals'], ['GET', `/v1/mitigations/${learned.mitigationId}`], ['GET', '/v1/keys']]) {
      const res = await leavesBUntouched(() => hub.request(method!, url!, { key: A.agent, body: method === 'POST' ? aSignal() : undefined }));
      assert.equal(res.status, 403, `${method} ${url}`);
    }
  });

  test("A's agent key cannot become a sensor (which would write signals about any subject)", async () => {
    const s = new TestSensor(sensorUrl(hub.url));
    await s.opened;
    s.send(authMessage(A.agent, { sensorId: 'agent-as-sensor' }));
    assert.equal((await s.next()).type, 'auth-failed');
    s.close();
  });
});

describe('signal groups', () => {
  test("A's group list shows none of B's groups", async () => {
    const res = await as(A.reader).get('/v1/signal-groups?limit=1000');
    assert.equal(res.status, 200);
    assertNothingOfB(res.body, 'the group list');
  });

  test("A asking for B's group by its learned id gets 404, exactly like a guessed id", async () => {
    const guessed = randomUUID();
    const theirs = await as(A.reader).get(`/v1/signal-groups/${learned.groupId}`);
    const nobody = await as(A.reader).get(`/v1/signal-groups/${guessed}`);
    assert.equal(theirs.status, 404);
    assert.equal(theirs.body.detail.replace(learned.groupId, 'ID'), nobody.body.detail.replace(guessed, 'ID'));
    assert.equal(theirs.body.code, nobody.body.code);
  });

  test("A's filters by B's rule and subject find none of B's groups", async () => {
    for (const q of [`rule=${learned.groupRule}`, `subject=${B_DDOS_IP}`, 'status=corroborated']) {
      const res = await as(A.reader).get(`/v1/signal-groups?${q}`);
      assert.equal(res.status, 200);
      assertNothingOfB(res.body, q);
    }
  });

  test("a cursor naming B's group, used by A, shows none of B's groups", async () => {
    const res = await as(A.reader).get(`/v1/signal-groups?cursor=${learned.groupCursor}`);
    assert.equal(res.status, 200);
    assertNothingOfB(res.body, "a page after B's group");
    const future = await as(A.reader).get(`/v1/signal-groups?cursor=${encodeCursorLike('2999-01-01T00:00:00Z', learned.groupId)}`);
    assertNothingOfB(future.body, 'a forged group cursor');
  });

  test("A's FastNetMon ban of B's address opens A's own group and leaves B's group as it was", async () => {
    const res = await leavesBUntouched(() => as(A.writer).post('/v1/signals/fastnetmon', fastnetmonBan(B_DDOS_IP, {}, { attack_uuid: B_ATTACK })));
    assert.equal(res.status, 200);
    const mine = (await as(A.reader).get(`/v1/signal-groups?subject=${B_DDOS_IP}`)).body.signal_groups;
    assert.equal(mine.length, 1);
    assert.notEqual(mine[0].id, learned.groupId);
  });

  test("A's FastNetMon unban of B's address and attack ends nothing of B's", async () => {
    const res = await leavesBUntouched(() => as(A.writer).post('/v1/signals/fastnetmon', fastnetmonBan(B_DDOS_IP, { action: 'unban' }, { attack_uuid: B_ATTACK })));
    assert.equal(res.status, 200);
    const b = await as(B.reader).get(`/v1/mitigations/${learned.groupMitigationId}`);
    assert.equal(b.body.status, 'active');
  });
});

describe('mitigations', () => {
  test("A's mitigation list, and its filter by B's indicators, show none of B's", async () => {
    for (const q of ['limit=1000', 'indicator=10.88.0.7', `indicator=${B_DDOS_IP}`, 'status=active']) {
      const res = await as(A.reader).get(`/v1/mitigations?${q}`);
      assert.equal(res.status, 200);
      assertNothingOfB(res.body.mitigations.filter((m: { origin: string }) => m.origin === 'manual'), q);
      assert.ok(res.body.mitigations.every((m: { id: string }) => m.id !== learned.mitigationId && m.id !== learned.groupMitigationId), q);
    }
  });

  test("A asking for B's mitigations by their learned ids gets 404, exactly like a guessed id", async () => {
    const guessed = randomUUID();
    const nobody = await as(A.reader).get(`/v1/mitigations/${guessed}`);
    for (const id of [learned.mitigationId, learned.groupMitigationId]) {
      const theirs = await as(A.reader).get(`/v1/mitigations/${id}`);
      assert.equal(theirs.status, 404);
      assert.deepEqual({ ...theirs.body, detail: theirs.body.detail.replace(id, 'ID') }, { ...nobody.body, detail: nobody.body.detail.replace(guessed, 'ID') });
    }
  });

  test("A's admin withdrawing B's mitigations gets 404 and they stay active", async () => {
    for (const id of [learned.mitigationId, learned.groupMitigationId]) {
      const res = await leavesBUntouched(() => as(A.admin).post(`/v1/mitigations/${id}/withdraw`, { reason: 'not yours' }));
      assert.equal(res.status, 404);
    }
  });

  test("A's other keys withdrawing B's mitigation are refused and change nothing", async () => {
    for (const scope of ['writer', 'reader', 'agent', 'dashboard'] as const) {
      const res = await leavesBUntouched(() => as(A[scope]).post(`/v1/mitigations/${learned.mitigationId}/withdraw`));
      assert.equal(res.status, 403, scope);
    }
  });

  test("A's admin blocking B's indicator creates A's own block; B's block is not extended", async () => {
    const res = await leavesBUntouched(() => as(A.admin).post('/v1/mitigations', { indicator: '10.88.0.7', ttl_seconds: 7200, reason: 'a block' }));
    assert.equal(res.status, 201);
    assert.equal(res.body.outcome, 'created');
    assert.notEqual(res.body.mitigation.id, learned.mitigationId);
  });

  test("a cursor from B's mitigation list, used by A, shows none of B's mitigations", async () => {
    const res = await as(A.reader).get(`/v1/mitigations?cursor=${learned.mitigationCursor}`);
    assert.equal(res.status, 200);
    assert.ok(res.body.mitigations.every((m: { id: string }) => m.id !== learned.mitigationId && m.id !== learned.groupMitigationId));
  });
});

describe('block changes feed', () => {
  const versionOf = async (tenantId: string) =>
    Number((await hub.db.pools.owner.query('SELECT coalesce(max(version), 0) AS v FROM block_changes WHERE tenant_id = $1', [tenantId])).rows[0].v);

  test("A's feed shows only A's changes and A's version, whatever since it asks from", async () => {
    const bVersion = await versionOf(tenant.b);
    assert.ok(bVersion >= 2, "B's seed appended changes");
    const aMitigations = new Set((await hub.db.pools.owner.query('SELECT id FROM mitigations WHERE tenant_id = $1', [tenant.a])).rows.map((r) => r.id));
    const aVersion = await versionOf(tenant.a);
    for (const since of [0, 1, bVersion - 1, bVersion, bVersion + 1, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const res = await as(A.reader).get(`/v1/blocks/changes?since=${since}&limit=1000`);
      assert.equal(res.status, 200);
      // A may block B's address itself (its own FastNetMon ban above): B's ids, not addresses, must not appear.
      const text = JSON.stringify(res.body);
      for (const m of [tenant.b, learned.mitigationId, learned.groupMitigationId, 'b manual']) assert.ok(!text.includes(m), `since=${since} reveals ${m}`);
      assert.equal(res.body.version, aVersion, `since=${since}`);
      assert.ok(res.body.changes.every((c: { mitigation_id: string }) => aMitigations.has(c.mitigation_id)), `since=${since}`);
      assert.deepEqual(res.body.changes.map((c: { version: number }) => c.version), Array.from({ length: Math.max(0, aVersion - since) }, (_, i) => since + i + 1));
    }
  });

  test("A's keys without signal:read cannot read any feed, and A's reads change nothing of B's", async () => {
    for (const scope of ['writer', 'agent', 'dashboard'] as const) {
      const res = await leavesBUntouched(() => as(A[scope]).get('/v1/blocks/changes'));
      assert.equal(res.status, 403, scope);
    }
  });

  test("under A's tenant the app role sees none of B's changes and cannot append to or bump B's feed", async () => {
    const bVersion = await versionOf(tenant.b);
    await withTenant(hub.pools.app, tenant.a, async (c) => {
      const all = await c.query('SELECT DISTINCT tenant_id FROM block_changes UNION SELECT tenant_id FROM block_versions');
      assert.ok(all.rows.every((r) => r.tenant_id === tenant.a));
      const bumped = await c.query('UPDATE block_versions SET version = version + 1 WHERE tenant_id = $1', [tenant.b]);
      assert.equal(bumped.rowCount, 0);
    });
    await assert.rejects(withTenant(hub.pools.app, tenant.a, (c) => c.query(
      `INSERT INTO block_changes (tenant_id, version, change, mitigation_id, indicator, status, expires_at, changed_at)
       VALUES ($1, $2, 'created', $3, '10.88.0.7/32', 'active', now(), now())`, [tenant.b, bVersion + 1, learned.mitigationId])),
    (err: { code: string }) => err.code === '42501');
    assert.equal(await versionOf(tenant.b), bVersion);
  });
});

describe("the feed consumers' standing", () => {
  test("A's standing counts A's feed only: from the start, the backlog under A is A's rows, never B's", async () => {
    await hub.correlation.caughtUp();
    const aRows = await countOf('signal_streams', tenant.a);
    const bRows = await countOf('signal_streams', tenant.b);
    assert.ok(aRows > 0 && bRows > 0, 'both tenants stored signals');
    const fromStart = await withTenant(hub.pools.app, tenant.a, (c) => readFeedBacklog(c, tenant.a, FEED_START, aRows + bRows + 10), FEED_READ_SETTINGS);
    assert.equal(fromStart.entries, aRows);
    const res = await as(A.reader).get('/v1/feed/consumers');
    assert.equal(res.status, 200);
    assertNothingOfB(res.body, "A's feed standing");
    for (const c of res.body.consumers) assert.ok(c.pending_signals <= aRows, `${c.consumer} counts ${c.pending_signals} of A's ${aRows} rows`);
  });

  test("A's keys without signal:read cannot read it, and reading it changes nothing of B's", async () => {
    for (const scope of ['writer', 'agent', 'dashboard', 'bouncer'] as const) {
      const res = await leavesBUntouched(() => as(A[scope]).get('/v1/feed/consumers'));
      assert.equal(res.status, 403, scope);
    }
    assert.equal((await leavesBUntouched(() => as(A.reader).get('/v1/feed/consumers'))).status, 200);
  });

  test("under A's tenant the app role sees none of B's positions and cannot move them", async () => {
    await withTenant(hub.pools.app, tenant.a, async (c) => {
      const tenants = await c.query('SELECT DISTINCT tenant_id FROM feed_positions');
      assert.ok(tenants.rows.every((r) => r.tenant_id === tenant.a));
    });
    await assert.rejects(withTenant(hub.pools.app, tenant.a, (c) => c.query('UPDATE feed_positions SET id = 0 WHERE tenant_id = $1', [tenant.b])),
      (err: { code: string }) => err.code === '42501');
  });
});

describe('blocks API and exports', () => {
  const bBlockIds = () => [learned.mitigationId, learned.groupMitigationId, learned.asnBlockId, learned.agentBlockId];

  test("A's sensors' blocklist view lists none of B's sensors and A's feed version only", async () => {
    const res = await as(A.reader).get('/v1/blocks/sensors?limit=1000');
    assert.equal(res.status, 200);
    const text = JSON.stringify(res.body);
    for (const m of ['edge-b', 'b edge', tenant.b]) assert.ok(!text.includes(m), `reveals ${m}`);
    assert.equal(res.body.version, (await as(A.reader).get('/v1/blocks/changes?limit=1')).body.version);
  });

  test("A's sensor health lists none of B's sensors, and B's sensor's health and history are not found for A", async () => {
    const list = await as(A.reader).get('/v1/sensors/health?limit=1000');
    assert.equal(list.status, 200);
    for (const m of ['edge-b', 'b edge', 'b-config-hash', tenant.b]) assert.ok(!JSON.stringify(list.body).includes(m), `reveals ${m}`);
    const one = await as(A.reader).get('/v1/sensors/edge-b/health?since=2020-01-01T00:00:00Z');
    assert.equal(one.status, 404);
    assert.ok(!JSON.stringify(one.body).includes('b-config-hash'));
    const bOwn = await as(B.reader).get('/v1/sensors/edge-b/health?since=2020-01-01T00:00:00Z');
    assert.equal(bOwn.status, 200, 'B sees its own');
    assert.ok(bOwn.body.history.length >= 1);
  });

  test("A's block list, filtered by B's indicators or not, shows none of B's blocks", async () => {
    for (const q of ['limit=1000', 'indicator_contains=64999', 'indicator_contains=secret', 'block_type=ASN', 'block_type=USER_AGENT', 'indicator_contains=10.88']) {
      const res = await as(A.reader).get(`/v1/blocks?${q}`);
      assert.equal(res.status, 200, q);
      // A may block B's addresses itself (above): B's ids, reasons and values only B blocked must not appear.
      const text = JSON.stringify(res.body);
      for (const m of [tenant.b, ...bBlockIds(), 'b manual', B_AGENT]) assert.ok(!text.includes(m), `${q} reveals ${m}`);
    }
  });

  test("A's admin extending or withdrawing B's blocks gets 404, exactly like a guessed id; A's other keys 403; B's blocks stay", async () => {
    const guessed = randomUUID();
    const nobody = await as(A.admin).post(`/v1/blocks/${guessed}/extend`, { ttl_seconds: 7200 });
    for (const id of bBlockIds()) {
      const ext = await leavesBUntouched(() => as(A.admin).post(`/v1/blocks/${id}/extend`, { ttl_seconds: 7200 }));
      assert.deepEqual({ ...ext.body, detail: ext.body.detail.replace(id, 'ID') }, { ...nobody.body, detail: nobody.body.detail.replace(guessed, 'ID') });
      assert.equal((await leavesBUntouched(() => as(A.admin).del(`/v1/blocks/${id}?reason=not%20yours`))).status, 404);
      for (const scope of ['writer', 'reader', 'agent', 'dashboard', 'bouncer'] as const) {
        assert.equal((await leavesBUntouched(() => as(A[scope]).del(`/v1/blocks/${id}`))).status, 403, scope);
        assert.equal((await leavesBUntouched(() => as(A[scope]).post(`/v1/blocks/${id}/extend`, { ttl_seconds: 7200 }))).status, 403, scope);
      }
    }
  });

  test("A's admin blocking or importing B's indicators creates A's own blocks; B's are not extended", async () => {
    const res = await leavesBUntouched(() => as(A.admin).post('/v1/blocks', { block_type: 'ASN', indicator: '64999', ttl_seconds: 7200 }));
    assert.deepEqual([res.status, res.body.outcome], [201, 'created']);
    assert.ok(!bBlockIds().includes(res.body.block.id));
    const imported = await leavesBUntouched(() => hub.request('POST', '/v1/blocks/import', {
      key: A.admin, body: `indicator,block_type,ttl_seconds\n${B_AGENT},USER_AGENT,7200\n10.88.0.7,IP,7200\n`, headers: { 'content-type': 'text/csv' },
    }));
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.ok(imported.body.lines.every((l: { id: string | null }) => l.id !== null && !bBlockIds().includes(l.id)));
  });

  test("A's export, in every format and by every key that may read it, holds A's blocks and none of B's", async () => {
    for (const scope of ['bouncer', 'reader', 'admin'] as const) {
      for (const format of ['text', 'csv', 'json', 'nftables', 'ipset']) {
        const res = await leavesBUntouched(() => hub.request('GET', `/v1/blocks/export?format=${format}`, { key: A[scope] }));
        assert.equal(res.status, 200, `${scope} ${format}`);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        for (const m of [tenant.b, ...bBlockIds(), B_AGENT.replace('/', ''), 'b manual']) assert.ok(!text.includes(m), `${scope} ${format} reveals ${m}`);
      }
    }
    const bTag = (await hub.request('GET', '/v1/blocks/export', { key: B.bouncer })).headers.get('etag')!;
    const aWithB = await hub.request('GET', '/v1/blocks/export', { key: A.bouncer, headers: { 'if-none-match': bTag } });
    assert.equal(aWithB.status, 200, "B's tag never matches A's export");
  });

  test("A's bouncer key reads nothing but A's export, and writes nothing", async () => {
    for (const url of ['/v1/blocks', '/v1/blocks/changes', '/v1/mitigations', '/v1/signals', `/v1/mitigations/${learned.mitigationId}`]) {
      assert.equal((await as(A.bouncer).get(url)).status, 403, url);
    }
    for (const [url, body] of [['/v1/blocks', { indicator: '10.1.2.3', ttl_seconds: 600 }], ['/v1/safelist', { cidr: '10.0.0.0/8' }]] as const) {
      assert.equal((await leavesBUntouched(() => as(A.bouncer).post(url, body))).status, 403, url);
    }
  });
});

describe('CrowdSec bouncers', () => {
  const bouncer = (key: string, url: string) => fetch(hub.url + url, { headers: { 'x-api-key': key, 'user-agent': 'iso-bouncer/1' } })
    .then(async (r) => ({ status: r.status, text: await r.text() }));

  test("A's bouncer never sees B's decisions: not at startup, not in a delta, not in a lookup of B's addresses", async () => {
    // Admin keys hold blocklist:read (new keys would change the key counts the tests above check).
    const [aBouncer, bBouncer] = [A.admin, B.admin];
    const bStartup = await bouncer(bBouncer, '/v1/decisions/stream?startup=true');
    assert.ok(bStartup.text.includes(learned.mitigationId), "B's own bouncer sees B's block");
    for (const url of ['/v1/decisions/stream?startup=true', '/v1/decisions/stream', `/v1/decisions?ip=${B_BLOCK.split('/')[0]}`, `/v1/decisions?scope=ip&value=${B_BLOCK.split('/')[0]}`, '/v1/decisions?ip=10.77.0.10']) {
      const res = await leavesBUntouched(() => bouncer(aBouncer, url));
      assert.equal(res.status, 200, url);
      // A blocked B's manual address itself above: B's ids, tenant and reasons must not appear, addresses may.
      for (const m of [tenant.b, learned.mitigationId, learned.groupMitigationId, 'b manual']) assert.ok(!res.text.includes(m), `${url} reveals ${m}`);
    }
  });

  test("A's admin lists only A's bouncers; B's bouncer rows stay B's", async () => {
    const res = await as(A.admin).get('/v1/bouncers');
    assert.equal(res.status, 200);
    const bRows = (await hub.db.pools.owner.query('SELECT id FROM crowdsec_bouncers WHERE tenant_id = $1', [tenant.b])).rows.map((r) => r.id);
    assert.ok(bRows.length >= 1);
    assert.ok(res.body.bouncers.every((b: { id: string }) => !bRows.includes(b.id)));
    await withTenant(hub.pools.app, tenant.a, async (c) => {
      assert.equal((await c.query('UPDATE crowdsec_bouncers SET version = 0 WHERE tenant_id = $1', [tenant.b])).rowCount, 0);
    });
  });
});

describe('incident reports', () => {
  test("A asking for the report of B's mitigations gets 404, exactly like a guessed id", async () => {
    const guessed = randomUUID();
    const nobody = await as(A.reader).get(`/v1/reports/incident?mitigation_id=${guessed}`);
    for (const id of [learned.mitigationId, learned.groupMitigationId]) {
      const theirs = await as(A.reader).get(`/v1/reports/incident?mitigation_id=${id}`);
      assert.equal(theirs.status, 404);
      assert.equal(theirs.body.detail.replace(id, 'ID'), nobody.body.detail.replace(guessed, 'ID'));
    }
  });

  test("the report of A's own mitigation on B's address holds A's signals only", async () => {
    const mine = (await as(A.reader).get(`/v1/mitigations?indicator=${B_DDOS_IP}`)).body.mitigations;
    assert.equal(mine.length, 1, 'A has its own correlated mitigation on that address');
    const report = await as(A.reader).get(`/v1/reports/incident?mitigation_id=${mine[0].id}`);
    assert.equal(report.status, 200);
    const bSignalIds = (await hub.db.pools.owner.query('SELECT signal_id::text AS id FROM signal_group_members WHERE tenant_id = $1', [tenant.b])).rows.map((r) => r.id);
    for (const id of bSignalIds) assert.ok(!(report.body as string).includes(`signal ${id} `), `the report names B's signal ${id}`);
    assert.ok(!(report.body as string).includes(learned.groupId));
  });
});

describe('safelist', () => {
  test("A's safelist shows none of B's entries", async () => {
    const res = await as(A.reader).get('/v1/safelist');
    assert.equal(res.status, 200);
    assertNothingOfB(res.body, 'the safelist');
  });

  test("A's admin deleting B's safelist entry gets 404, like a guessed id, and the entry stays", async () => {
    const res = await leavesBUntouched(() => as(A.admin).del(`/v1/safelist/${learned.safelistId}`));
    assert.equal(res.status, 404);
    assert.equal((await as(A.admin).del(`/v1/safelist/${randomUUID()}`)).status, 404);
  });

  test("A's admin safelisting a prefix over B's blocks withdraws none of them", async () => {
    const res = await leavesBUntouched(() => as(A.admin).post('/v1/safelist', { cidr: '10.0.0.0/8', reason: 'a wide' }));
    assert.equal(res.status, 201);
    assert.ok(!res.body.withdrawn.includes(learned.mitigationId) && !res.body.withdrawn.includes(learned.groupMitigationId));
  });

  test("A's admin safelisting B's exact prefix creates A's own entry; B's entry keeps its reason", async () => {
    const res = await leavesBUntouched(() => as(A.admin).post('/v1/safelist', { cidr: B_SAFELIST, reason: 'a office' }));
    assert.equal(res.status, 201);
    assert.notEqual(res.body.id, learned.safelistId);
  });

  test("A's non-admin keys cannot change any safelist", async () => {
    for (const scope of ['writer', 'reader', 'agent', 'dashboard'] as const) {
      const add = await leavesBUntouched(() => as(A[scope]).post('/v1/safelist', { cidr: '10.1.2.3' }));
      const del = await leavesBUntouched(() => as(A[scope]).del(`/v1/safelist/${learned.safelistId}`));
      assert.deepEqual([add.status, del.status], [403, 403], scope);
    }
  });
});

describe('keys and tenants', () => {
  test('no key of A creates a key in B: the admin gets 403 tenant_forbidden, the others 403 scope_missing', async () => {
    for (const scope of Object.keys(SCOPES) as Scope[]) {
      const res = await leavesBUntouched(() => as(A[scope]).post('/v1/keys', { tenantId: tenant.b, scopes: ['admin'] }));
      assert.equal(res.status, 403, scope);
      assert.equal(res.body.code, scope === 'admin' ? 'tenant_forbidden' : 'scope_missing', scope);
    }
  });

  test("A's admin lists its own keys without any of B's, and naming B is 403", async () => {
    const own = await as(A.admin).get('/v1/keys');
    assert.equal(own.status, 200);
    assert.equal(own.body.keys.length, Object.keys(SCOPES).length);
    assertNothingOfB(own.body, "A's key list");
    const theirs = await as(A.admin).get(`/v1/keys?tenant_id=${tenant.b}`);
    assert.equal(theirs.status, 403);
    assertNothingOfB(theirs.body, 'the refusal');
  });

  test("no key of A revokes B's key (404 for the admin, as for an unknown id; 403 for the others), and it keeps working", async () => {
    for (const scope of Object.keys(SCOPES) as Scope[]) {
      for (const id of [bReaderKeyId, bReaderKeyId.toUpperCase()]) {
        const res = await leavesBUntouched(() => as(A[scope]).del(`/v1/keys/${id}`));
        assert.equal(res.status, scope === 'admin' ? 404 : 403, `${scope} ${id}`);
      }
    }
    assert.equal((await as(B.reader).get('/v1/signals')).status, 200);
  });

  test('no key of A lists or creates tenants', async () => {
    for (const scope of Object.keys(SCOPES) as Scope[]) {
      const list = await as(A[scope]).get('/v1/tenants');
      assert.equal(list.status, 403, scope);
      assertNothingOfB(list.body, 'the tenant list');
      const made = await leavesBUntouched(() => as(A[scope]).post('/v1/tenants', { name: `from-a-${scope}` }));
      assert.equal(made.status, 403, scope);
    }
  });
});

describe('users and sessions', () => {
  let aAdmin: { cookie: string; csrf: string };
  before(async () => {
    assert.equal((await as(A.admin).post('/v1/users', { username: 'a-admin-user', password: PASSWORD, role: 'admin' })).status, 201);
    assert.equal((await as(A.admin).post('/v1/users', { username: 'a-responder', password: PASSWORD, role: 'responder' })).status, 201);
    aAdmin = await userSession('a-admin-user');
  });
  const asUser = (u: { cookie: string; csrf: string }) => ({
    get: (url: string) => hub.request('GET', url, { headers: { cookie: u.cookie } }),
    send: (method: string, url: string, body?: unknown) => hub.request(method, url, { headers: { cookie: u.cookie, 'x-csrf-token': u.csrf }, body }),
  });

  test("A's admin, by key or by session, lists A's users only, and naming B is 403", async () => {
    for (const list of [await as(A.admin).get('/v1/users'), await asUser(aAdmin).get('/v1/users')]) {
      assert.equal(list.status, 200);
      assert.ok(list.body.users.some((u: { username: string }) => u.username === 'a-admin-user'));
      assertNothingOfB(list.body, "A's user list");
    }
    for (const res of [await as(A.admin).get(`/v1/users?tenant_id=${tenant.b}`), await asUser(aAdmin).get(`/v1/users?tenant_id=${tenant.b}`)]) {
      assert.equal(res.status, 403);
      assertNothingOfB(res.body, 'the refusal');
    }
  });

  test("no key or user of A deletes B's user (404 like an unknown id for admins, 403 for the others); B's sessions stay", async () => {
    for (const scope of Object.keys(SCOPES) as Scope[]) {
      const res = await leavesBUntouched(() => as(A[scope]).del(`/v1/users/${learned.bUserId}`));
      assert.equal(res.status, scope === 'admin' ? 404 : 403, scope);
    }
    const res = await leavesBUntouched(() => asUser(aAdmin).send('DELETE', `/v1/users/${learned.bUserId}`));
    assert.equal(res.status, 404);
    const unknown = await asUser(aAdmin).send('DELETE', `/v1/users/${randomUUID()}`);
    assert.equal(unknown.body.detail.replace(/[0-9a-f-]{36}/, 'ID'), res.body.detail.replace(/[0-9a-f-]{36}/, 'ID'));
  });

  test("A's admin cannot create a user in B: 403 tenant_forbidden, by key or by session", async () => {
    const body = { username: 'planted-in-b', password: PASSWORD, role: 'admin', tenantId: tenant.b };
    for (const attempt of [() => as(A.admin).post('/v1/users', body), () => asUser(aAdmin).send('POST', '/v1/users', body)]) {
      const res = await leavesBUntouched(attempt);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'tenant_forbidden');
    }
  });

  test("A's audit log, by key or by session, holds none of B's writes, and naming B is 403", async () => {
    for (const res of [await as(A.admin).get('/v1/audit?limit=1000'), await asUser(aAdmin).get('/v1/audit?limit=1000')]) {
      assert.equal(res.status, 200);
      assert.ok(res.body.items.length > 0);
      // Targets may name B's ids: they are what A's own refused attempts asked for. Actors are A's alone.
      assertNothingOfB(res.body.items.map((e: { actor: unknown }) => e.actor), "A's audit log");
    }
    const bKeyIds = (await hub.db.pools.owner.query('SELECT id FROM api_keys WHERE tenant_id = $1', [tenant.b])).rows.map((r) => r.id);
    const own = await as(A.admin).get('/v1/audit?limit=1000');
    assert.ok(own.body.items.every((e: { actor: { id: string } }) => !bKeyIds.includes(e.actor.id)));
    for (const res of [await as(A.admin).get(`/v1/audit?tenant_id=${tenant.b}`), await asUser(aAdmin).get(`/v1/audit?tenant_id=${tenant.b}`)]) {
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'tenant_forbidden');
    }
    for (const scope of ['writer', 'reader', 'agent', 'dashboard', 'bouncer'] as Scope[]) assert.equal((await as(A[scope]).get('/v1/audit')).status, 403, scope);
  });

  test("an A user's session reads exactly what A's reader key reads, and logging out everywhere ends none of B's sessions", async () => {
    const responder = await userSession('a-responder');
    for (const url of ['/v1/signals', '/v1/mitigations', '/v1/blocks', '/v1/signal-groups', `/v1/mitigations/${learned.mitigationId}`, `/v1/signal-groups/${learned.groupId}`]) {
      assert.deepEqual(await asUser(responder).get(url).then((r) => [r.status, r.body]), await as(A.reader).get(url).then((r) => [r.status, r.body]), url);
    }
    const withdraw = await leavesBUntouched(() => asUser(responder).send('POST', `/v1/mitigations/${learned.mitigationId}/withdraw`, {}));
    assert.equal(withdraw.status, 404);
    const out = await leavesBUntouched(() => asUser(responder).send('DELETE', '/v1/sessions'));
    assert.equal(out.status, 200);
  });
});

describe('the fleet enrolment API', () => {
  test("A's admin lists none of B's sensors or registration tokens and cannot read, approve, reject, decommission or revoke them", async () => {
    const token = await as(B.admin).post('/v1/sensors/registration-tokens', { name: 'b rollout', maxUses: 2, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    assert.equal(token.status, 201);
    for (const url of ['/v1/sensors?limit=1000', '/v1/sensors?approval=approved', '/v1/sensors/registration-tokens', '/v1/sensors/enrolment']) {
      const res = await as(A.admin).get(url);
      assert.equal(res.status, 200, url);
      for (const m of ['edge-b', 'b edge', 'b rollout', token.body.id, tenant.b]) assert.ok(!JSON.stringify(res.body).includes(m), `${url} reveals ${m}`);
    }
    assert.equal((await as(A.admin).get('/v1/sensors/edge-b')).status, 404);
    for (const [method, url] of [['POST', '/v1/sensors/edge-b/approve'], ['POST', '/v1/sensors/edge-b/reject'], ['DELETE', '/v1/sensors/edge-b'],
      ['DELETE', `/v1/sensors/registration-tokens/${token.body.id}`]] as const) {
      const res = await leavesBUntouched(() => hub.request(method, url, { key: A.admin }));
      assert.equal(res.status, 404, `${method} ${url}`);
    }
  });

  test("A turning key registration off leaves B's setting alone, and B's token enrols nothing in A", async () => {
    const off = await leavesBUntouched(() => hub.request('PUT', '/v1/sensors/enrolment', { key: A.admin, body: { keyRegistration: false } }));
    assert.deepEqual(off.body, { keyRegistration: false });
    assert.deepEqual((await as(B.admin).get('/v1/sensors/enrolment')).body, { keyRegistration: true });
    assert.equal((await hub.request('PUT', '/v1/sensors/enrolment', { key: A.admin, body: { keyRegistration: true } })).status, 200);
  });
});

describe('the rule and config rollout API', () => {
  test("A lists, reads, promotes and aborts none of B's rule bundles, configs or rollouts, and rolls none of them out", async () => {
    assert.equal((await as(B.admin).post('/v1/rule-bundles', { version: 'b-v1', document: { rules: [{ id: 'b-secret-rule' }] } })).status, 201);
    assert.equal((await as(B.admin).post('/v1/sensor-configs', { version: 'b-cfg', document: { bSecretSetting: true } })).status, 201);
    // Scheduled a day ahead: B's rows stay still while A's attempts run.
    const b = await as(B.admin).post('/v1/rollouts', { kind: 'rules', version: 'b-v1', strategy: 'scheduled', at: new Date(Date.now() + 86_400_000).toISOString(), targets: {} });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    for (const url of ['/v1/rule-bundles', '/v1/sensor-configs', '/v1/rollouts?limit=500']) {
      const res = await as(A.reader).get(url);
      assert.equal(res.status, 200, url);
      for (const m of ['b-v1', 'b-cfg', b.body.id, tenant.b]) assert.ok(!JSON.stringify(res.body).includes(m), `${url} reveals ${m}`);
    }
    for (const url of ['/v1/rule-bundles/b-v1', '/v1/sensor-configs/b-cfg', `/v1/rollouts/${b.body.id}`]) assert.equal((await as(A.reader).get(url)).status, 404, url);
    for (const url of [`/v1/rollouts/${b.body.id}/promote`, `/v1/rollouts/${b.body.id}/abort`]) {
      assert.equal((await leavesBUntouched(() => as(A.admin).post(url))).status, 404, url);
    }
    const borrowed = await leavesBUntouched(() => as(A.admin).post('/v1/rollouts', { kind: 'rules', version: 'b-v1', strategy: 'immediate', targets: {} }));
    assert.equal(borrowed.status, 400, "B's version is not A's");
    assert.equal((await leavesBUntouched(() => as(A.admin).post('/v1/rule-bundles', { version: 'b-v1', document: { rules: [] } }))).status, 201, 'versions are per tenant');
    const atB = await leavesBUntouched(() => as(A.admin).post('/v1/rollouts', { kind: 'rules', version: 'b-v1', strategy: 'immediate', targets: { sensorIds: ['edge-b'] } }));
    assert.equal(atB.status, 400, "B's sensor is no target of A's");
  });
});

describe('fleet commands', () => {
  let bCommand = '';
  before(async () => {
    const sent = await as(B.admin).post('/v1/sensors/edge-b/commands', { type: 'collect_diagnostics', payload: { note: 'b-secret-diagnostics' } });
    assert.equal(sent.status, 202);
    bCommand = sent.body.id;
  });

  test("A's admin lists, reads and cancels none of B's commands, sends none to B's sensors and tags none of them", async () => {
    for (const url of ['/v1/commands?limit=1000', '/v1/commands?sensor=edge-b', `/v1/commands?status=pending`]) {
      const res = await as(A.admin).get(url);
      assert.equal(res.status, 200, url);
      for (const m of ['edge-b', bCommand, 'b-secret-diagnostics', tenant.b]) assert.ok(!JSON.stringify(res.body).includes(m), `${url} reveals ${m}`);
    }
    assert.equal((await as(A.reader).get(`/v1/commands/${bCommand}`)).status, 404);
    const attempts: [string, string, unknown][] = [
      ['POST', `/v1/commands/${bCommand}/cancel`, undefined], ['POST', '/v1/sensors/edge-b/commands', { type: 'restart' }], ['PUT', '/v1/sensors/edge-b/tags', { tags: ['a-was-here'] }],
    ];
    for (const [method, url, body] of attempts) {
      const res = await leavesBUntouched(() => hub.request(method, url, { key: A.admin, body }));
      assert.equal(res.status, 404, `${method} ${url}`);
    }
    const fleet = await leavesBUntouched(() => as(A.admin).post('/v1/commands', { type: 'restart', selector: { sensorIds: ['edge-b'] } }));
    assert.equal(fleet.status, 202);
    assert.deepEqual(fleet.body.commands, []);
  });

  test("A's sensor acknowledging B's command is refused and B's command stays open", async () => {
    const sensor = await authedSensor(hub.url, A.writer, { sensorId: 'edge-a-acks' });
    await leavesBUntouched(async () => {
      sensor.send({ type: 'command-ack', id: 'ack-b', payload: { commandId: bCommand, success: true, message: 'done' } });
      const refused = await sensor.next('error');
      assert.equal(refused.code, 'NOT_FOUND');
    });
    sensor.close();
    assert.equal((await as(B.admin).get(`/v1/commands/${bCommand}`)).body.status, 'pending');
  });
});

describe('sensors over /ws/sensors', () => {
  test("A's sensor claiming B's tenant in its auth stays in A, and its signals are stored in A", async () => {
    const s = await leavesBUntouched(async () => {
      const sensor = await authedSensor(hub.url, A.writer, { sensorId: 'edge-a', tenantId: tenant.b, tenant_id: tenant.b });
      sensor.send({ type: 'signal', id: 'a-1', payload: aThreat({ sourceIp: '10.55.0.1', metadata: { tenantId: tenant.b } }) });
      assert.equal((await sensor.next('signal-ack')).stored, 1);
      return sensor;
    });
    s.close();
    const row = (await hub.db.pools.owner.query("SELECT tenant_id FROM signal_streams WHERE subject_id = '10.55.0.1'")).rows;
    assert.deepEqual(row, [{ tenant_id: tenant.a }]);
  });

  test("A's sensor using B's sensor id is its own sensor in A: not refused by B's fingerprint, B's record unchanged", async () => {
    const sensor = await leavesBUntouched(() => authedSensor(hub.url, A.writer, { sensorId: 'edge-b', sensorName: 'a edge', fingerprint: 'fingerprint-of-a-0001' }));
    const a = (await hub.db.pools.owner.query("SELECT tenant_id, name, fingerprint FROM sensors WHERE sensor_id = 'edge-b' ORDER BY name")).rows;
    assert.deepEqual(a, [{ tenant_id: tenant.a, name: 'a edge', fingerprint: 'fingerprint-of-a-0001' }, { tenant_id: tenant.b, name: 'b edge', fingerprint: 'fingerprint-of-b-0001' }]);
    sensor.close();
  });

  test("A's sensor resending B's message id under B's sensor id stores its signal: B's receipt is not A's", async () => {
    const sensor = await authedSensor(hub.url, A.writer, { sensorId: 'edge-b', fingerprint: 'fingerprint-of-a-0001' });
    const ack = await leavesBUntouched(async () => {
      sensor.send({ type: 'signal', id: 'msg-1', payload: aThreat({ sourceIp: '10.55.0.2' }) });
      return sensor.next('signal-ack');
    });
    sensor.close();
    assert.equal(ack.stored, 1);
    assert.equal(ack.replayed, undefined);
  });

  test("A's heartbeat under B's sensor id updates A's record only", async () => {
    const sensor = await authedSensor(hub.url, A.writer, { sensorId: 'edge-b', fingerprint: 'fingerprint-of-a-0001' });
    await leavesBUntouched(async () => {
      sensor.send(heartbeat('degraded', 'a-config-hash'));
      await waitFor("A's heartbeat", async () => (await hub.db.pools.owner.query(
        "SELECT last_metrics->>'configHash' AS h FROM sensors WHERE tenant_id = $1 AND sensor_id = 'edge-b'", [tenant.a])).rows[0]?.h === 'a-config-hash');
    });
    sensor.close();
  });

  test("A's sensor sending a native signal with B's signal_id stores A's own row", async () => {
    const sensor = await authedSensor(hub.url, A.writer, { sensorId: 'edge-a2' });
    const ack = await leavesBUntouched(async () => {
      sensor.send({ type: 'signal', id: 'native-1', payload: aSignal({ subject_id: 'a-native', signal_id: learned.otherSignalId }) });
      return sensor.next('signal-ack');
    });
    sensor.close();
    assert.deepEqual([ack.stored, ack.duplicates], [1, 0]);
  });

  test("B's sensor-stored signals are not visible to A's reader", async () => {
    const res = await as(A.reader).get(`/v1/signals?subject_id=${B_SENSOR_IP}`);
    assert.deepEqual(res.body.signals, []);
    assert.deepEqual((await as(A.reader).get(`/v1/subjects/ip/${B_SENSOR_IP}`)).body.signals, []);
  });

  test("A's keys without signal:write cannot open the tunnel, by URL token (403) or auth message (auth-failed)", async () => {
    for (const scope of ['reader', 'agent', 'dashboard'] as const) {
      const byUrl = new TestSensor(sensorUrl(hub.url, `?token=${A[scope]}`));
      await assert.rejects(byUrl.opened, (err: { status?: number }) => err.status === 403, scope);
      const byAuth = new TestSensor(sensorUrl(hub.url));
      await byAuth.opened;
      byAuth.send(authMessage(A[scope], { sensorId: `edge-${scope}` }));
      assert.equal((await byAuth.next()).type, 'auth-failed', scope);
      assert.equal((await byAuth.closed).code, 4003, scope);
    }
  });
});

describe('guardrails', () => {
  test("A's connected sensor neither protects its address from B's blocks nor tells B it is a sensor", async () => {
    // Loopback is 127/8: a sensor bound to 127.0.0.2 connects from an address that is not the hub's own.
    const sensor = new TestSensor(sensorUrl(hub.url), {}, { localAddress: '127.0.0.2' });
    await sensor.opened;
    sensor.send(authMessage(A.writer, { sensorId: 'edge-a-127-0-0-2' }));
    assert.equal((await sensor.next()).type, 'auth-success');
    const own = await as(A.admin).post('/v1/mitigations', { indicator: '127.0.0.2', ttl_seconds: 3600 });
    assert.equal(own.status, 422, "A's own sensor stays protected for A");
    assert.equal(own.body.guardrail, 'protected_address');
    const theirs = await as(B.admin).post('/v1/mitigations', { indicator: '127.0.0.2', ttl_seconds: 3600, reason: 'b blocks it' });
    sensor.close();
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
    assert.doesNotMatch(JSON.stringify(theirs.body), /sensor/);
  });
});

describe("every key of A against B's ids", () => {
  test("reading any of B's resources by id answers 403 or 404 to every key of A, never B's data", async () => {
    const urls = [
      `/v1/signal-groups/${learned.groupId}`, `/v1/mitigations/${learned.mitigationId}`, `/v1/mitigations/${learned.groupMitigationId}`,
      `/v1/reports/incident?mitigation_id=${learned.mitigationId}`, `/v1/keys?tenant_id=${tenant.b}`,
      `/v1/incidents/${learned.incidentId}`, `/v1/reports/incident?incident_id=${learned.incidentId}`,
    ];
    for (const scope of Object.keys(SCOPES) as Scope[]) {
      for (const url of urls) {
        const res = await as(A[scope]).get(url);
        assert.ok(res.status === 403 || res.status === 404, `${scope} ${url} → ${res.status}`);
        assertNothingOfB({ ...res.body, detail: undefined }, `${scope} ${url}`);
      }
    }
  });

  test('guessed and malformed ids answer 404 on every id route, and change nothing', async () => {
    const nearB = learned.mitigationId.slice(0, -1) + (learned.mitigationId.endsWith('0') ? '1' : '0');
    for (const id of [randomUUID(), '00000000-0000-0000-0000-000000000000', nearB, 'not-a-uuid', '1', "1' OR '1'='1"]) {
      const e = encodeURIComponent(id);
      const res = await leavesBUntouched(async () => [
        await as(A.reader).get(`/v1/signal-groups/${e}`), await as(A.reader).get(`/v1/mitigations/${e}`),
        await as(A.reader).get(`/v1/reports/incident?mitigation_id=${e}`), await as(A.admin).post(`/v1/mitigations/${e}/withdraw`),
        await as(A.admin).del(`/v1/safelist/${e}`), await as(A.admin).del(`/v1/keys/${e}`),
        await as(A.reader).get(`/v1/incidents/${e}`), await as(A.reader).get(`/v1/reports/incident?incident_id=${e}`),
      ]);
      assert.deepEqual(res.map((r) => r.status), [404, 404, 404, 404, 404, 404, 404, 404], id);
    }
  });
});

describe("B's correlation policy and its versions", () => {
  const B_HOOK = 'b_private_hook';
  const B_HOOK_SECRET = 'b-hook-secret-never-shown';
  let bVersion = 0;
  before(async () => {
    const cfg = shippedConfig();
    cfg.playbooks[0].correlation = { min_sources: 1, confidence_threshold: 0.5 };
    const res = await hub.request('PUT', '/v1/config/correlation', { key: B.admin, body: { ...cfg, window_seconds: 4321, webhooks: { [B_HOOK]: { secret: B_HOOK_SECRET, mapping: { victim: '$.ip' } } } } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    bVersion = res.body.version;
    bMarkers = [...bMarkers, B_HOOK, B_HOOK_SECRET, res.body.updated_by];
  });

  test("A's policy, its versions and its history show nothing of B's", async () => {
    for (const url of ['/v1/config/correlation', '/v1/config/correlation/versions', '/v1/config/correlation/versions/1']) {
      const res = await as(A.admin).get(url);
      assert.equal(res.status, 200, url);
      assertNothingOfB(res.body, url);
    }
    assert.notEqual((await as(A.reader).get('/v1/config/correlation')).body.config.window_seconds, 4321);
  });

  test("a version number only B has answers 404 to A, and A's rollback to it changes nothing of B's", async () => {
    const aVersions = (await as(A.admin).get('/v1/config/correlation/versions')).body;
    assert.ok(bVersion > Math.max(...aVersions.versions.map((v: { version: number }) => v.version)), 'B is ahead of A');
    assert.equal((await as(A.admin).get(`/v1/config/correlation/versions/${bVersion}`)).status, 404);
    const res = await leavesBUntouched(() => as(A.admin).post('/v1/config/correlation/rollback', { version: bVersion }));
    assert.equal(res.status, 404);
    assert.equal((await as(B.reader).get('/v1/config/correlation')).body.version, bVersion);
  });

  test("A cannot use B's webhook, and keys of A without admin cannot read versions at all", async () => {
    const res = await leavesBUntouched(() => as(A.writer).post(`/v1/signals/webhook/${B_HOOK}`, { ip: '10.1.2.3' }));
    assert.equal(res.status, 404);
    for (const scope of ['writer', 'reader', 'agent', 'dashboard'] as const) {
      assert.equal((await as(A[scope]).get('/v1/config/correlation/versions')).status, 403, scope);
      assert.equal((await as(A[scope]).post('/v1/config/correlation/rollback', { version: 1 })).status, 403, scope);
    }
  });

  test("A's policy change never alters B's effective policy", async () => {
    const before = (await as(B.reader).get('/v1/config/correlation')).body;
    // A safelists B's blocked address in its own policy; a reconciliation round must not lift B's block.
    assert.equal((await as(B.reader).get(`/v1/mitigations/${learned.mitigationId}`)).body.status, 'active');
    await leavesBUntouched(async () => {
      assert.equal((await hub.request('PUT', '/v1/config/correlation', { key: A.admin, body: { enabled: false, guardrails: { safelist: ['10.77.0.0/16', '10.88.0.0/16'] } } })).status, 200);
      await hub.correlation.reconciler.reconcile();
    });
    const after = (await as(B.reader).get('/v1/config/correlation')).body;
    assert.deepEqual(after, before);
  });
});

describe("B's Trust Score mapping and Pareto", () => {
  const B_SCANNER = 'b_private_scanner';
  const B_KEY = 'b.private_check';
  before(async () => {
    const res = await hub.request('PUT', '/v1/trust-score/mapping', { key: B.admin, body: { sources: { [B_SCANNER]: 'patch_hygiene' }, value_thresholds: { [B_KEY]: 7 } } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // B's latest score, as the scorer stores it: the formula's explanation of one finding of B's scanner.
    const s = scoreSubject([{ kind: 'signal', id: learned.signalId, source: B_SCANNER, signal_key: B_KEY, severity: 'critical', value: 9, observed_at: minutesAgo(5) }],
      { ...DEFAULT_TRUST_SCORE_POLICY, sources: { [B_SCANNER]: 'patch_hygiene' } }, 365);
    await hub.db.pools.owner.query(
      `INSERT INTO subject_scores (tenant_id, subject_type, subject_id, score, formula_version, inputs_hash, explanation, computed_at)
       VALUES ($1, 'domain', $2, $3, $4, $5, $6, now())`,
      [tenant.b, B_SUBJECT, s.score, s.formula_version, s.inputs_hash, JSON.stringify({ categories: s.categories, losses: s.losses, unmapped: s.unmapped })]);
    bMarkers = [...bMarkers, B_SCANNER, B_KEY];
  });

  test("A's mapping, read by any key that may, shows nothing of B's", async () => {
    for (const key of [A.reader, A.admin]) {
      const res = await as(key).get('/v1/trust-score/mapping');
      assert.equal(res.status, 200);
      assertNothingOfB(res.body, 'mapping');
    }
  });

  test("A's admin setting A's mapping leaves B's mapping and rows as they were; A's other keys are refused", async () => {
    const before = (await as(B.reader).get('/v1/trust-score/mapping')).body;
    await leavesBUntouched(async () => {
      const res = await hub.request('PUT', '/v1/trust-score/mapping', { key: A.admin, body: { sources: { [B_SCANNER]: 'agent_health', cert_scan: 'configuration_drift' } } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      for (const scope of ['writer', 'reader', 'agent', 'dashboard', 'bouncer'] as const) {
        assert.equal((await hub.request('PUT', '/v1/trust-score/mapping', { key: A[scope], body: { sources: {} } })).status, 403, scope);
      }
    });
    assert.deepEqual((await as(B.reader).get('/v1/trust-score/mapping')).body, before);
  });

  test("A's Pareto, by every dimension and naming B's subject, holds none of B's losses", async () => {
    for (const by of ['category', 'source', 'signal_key', 'subject']) {
      const res = await as(A.reader).get(`/v1/trust-score/pareto?by=${by}`);
      assert.equal(res.status, 200);
      assertNothingOfB(res.body, `pareto by ${by}`);
    }
    const named = await as(A.reader).get(`/v1/trust-score/pareto?subject_type=domain&subject_id=${encodeURIComponent(B_SUBJECT)}`);
    assert.equal(named.status, 200);
    assert.deepEqual([named.body.subjects, named.body.causes], [0, []]);
    assert.deepEqual((await as(B.reader).get('/v1/trust-score/pareto?by=source')).body.causes.map((c: { key: string }) => c.key), [B_SCANNER]);
    for (const scope of ['writer', 'agent', 'bouncer'] as const) assert.equal((await as(A[scope]).get('/v1/trust-score/pareto')).status, 403, scope);
  });
});

describe('incidents', () => {
  test("A's incident list, with any filter, shows none of B's incidents", async () => {
    for (const q of ['', '?limit=1000', `?subject_id=${B_HOST}`, '?subject_type=host', '?rule=subject_anomaly', '?status=open', '?status=closed']) {
      const res = await as(A.reader).get(`/v1/incidents${q}`);
      assert.equal(res.status, 200, q);
      assert.deepEqual(res.body.incidents, [], q);
    }
  });

  test("A asking for B's incident or its report by the learned id gets 404, exactly like a guessed id", async () => {
    const guessed = randomUUID();
    for (const url of ['/v1/incidents/ID', '/v1/reports/incident?incident_id=ID']) {
      const theirs = await as(A.reader).get(url.replace('ID', learned.incidentId));
      const nobody = await as(A.reader).get(url.replace('ID', guessed));
      assert.deepEqual([theirs.status, nobody.status], [404, 404], url);
      assert.equal(theirs.body.detail.replace(learned.incidentId, 'ID'), nobody.body.detail.replace(guessed, 'ID'));
      assert.equal(theirs.body.code, nobody.body.code);
    }
  });

  test("a cursor naming B's incident, used by A, shows none of B's incidents", async () => {
    for (const cursor of [learned.incidentCursor, encodeCursorLike('2999-01-01T00:00:00Z', learned.incidentId)]) {
      const res = await as(A.reader).get(`/v1/incidents?cursor=${cursor}`);
      assert.equal(res.status, 200);
      assertNothingOfB(res.body, "a page after B's incident");
    }
  });

  test("listOpenIncidents under A's tenant finds none of B's, even when asked for B's tenant by name (RLS)", async () => {
    const subject = { type: 'host', id: B_HOST };
    assert.deepEqual(await withTenant(hub.pools.app, tenant.a, (c) => listOpenIncidents(c, tenant.a, new Date(), subject)), []);
    assert.deepEqual(await withTenant(hub.pools.app, tenant.a, (c) => listOpenIncidents(c, tenant.b, new Date(), subject)), []);
    assert.equal((await withTenant(hub.pools.app, tenant.b, (c) => listOpenIncidents(c, tenant.b, new Date(), subject))).length, 1);
  });

  test("A's own findings on B's host open A's own incident and leave B's as it was", async () => {
    assert.equal((await as(A.admin).post('/v1/config/correlation/rollback', { version: 0 })).status, 200);
    const on = await hub.request('PUT', '/v1/config/correlation', { key: A.admin, body: { enabled: true, subject_anomaly: { enabled: true, min_sources: 2 } } });
    assert.equal(on.status, 200);
    const finding = (source: string) => ({ source, subject_type: 'host', subject_id: B_HOST, signal_key: `${source}.finding`, signal_value: { value: 1 }, severity: 'high', observed_at: new Date().toISOString() });
    await leavesBUntouched(() => as(A.writer).post('/v1/signals', { signals: [finding('vuln_scan'), finding('file_integrity')] }));
    const mine = (await as(A.reader).get('/v1/incidents')).body.incidents;
    assert.equal(mine.length, 1);
    assert.notEqual(mine[0].id, learned.incidentId);
    assert.notEqual(mine[0].group_id, learned.incidentGroupId);
  });
});

describe('trust score', () => {
  /** B's score rows, stored by B's own recompute (its subjects and blocks are what A must never see). */
  before(async () => {
    const r = await as(B.admin).post('/v1/trust-score/recompute');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.subjects >= 3, "B's recompute scored B's subjects");
    assert.equal((await as(A.admin).post('/v1/trust-score/recompute')).status, 200);
  });

  /** Every subject A itself has signals about (A reported B's DDoS address itself, earlier in this file). */
  const aSubjects = async () => new Set((await hub.db.pools.owner.query('SELECT DISTINCT subject_type, subject_id FROM signal_streams WHERE tenant_id = $1', [tenant.a]))
    .rows.map((r) => `${r.subject_type}/${r.subject_id}`));

  test("A's tenant score, worst list and trend show only A's own subjects and snapshots", async () => {
    const own = await aSubjects();
    const worst = (await as(A.reader).get('/v1/trust-score/subjects?order=worst&limit=1000')).body;
    assert.ok(worst.subjects.length > 0);
    for (const s of worst.subjects) assert.ok(own.has(`${s.subject_type}/${s.subject_id}`), `${s.subject_type}/${s.subject_id} is A's`);
    const bSignalIds = (await hub.db.pools.owner.query('SELECT id::text AS id FROM signal_streams WHERE tenant_id = $1', [tenant.b])).rows.map((r) => r.id);
    const tenantScore = (await as(A.reader).get('/v1/trust-score/tenant?range=365d')).body;
    assert.equal(tenantScore.subjects, worst.subjects.length);
    for (const l of tenantScore.top_losses) {
      assert.ok(own.has(`${l.subject_type}/${l.subject_id}`));
      assert.ok(!bSignalIds.includes(l.finding.id));
    }
    assert.equal(tenantScore.trend.points.length, 1, "A's one recompute, none of B's");
  });

  test("A's reader asking for B's subjects' scores gets A's view of them: nothing held against them, no history", async () => {
    const own = await aSubjects();
    for (const [type, id] of [['domain', B_SUBJECT], ['domain', 'b-other-1.example'], ['asn', B_ASN], ['user_agent', B_AGENT], ['ip', B_SENSOR_IP]] as const) {
      assert.ok(!own.has(`${type}/${id}`), `A has no signal about ${type}/${id}`);
      const res = await as(A.reader).get(`/v1/trust-score/subjects/${type}/${encodeURIComponent(id)}?range=365d`);
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.score, res.body.losses, res.body.unmapped, res.body.trend.points], [100, [], [], []], `${type}/${id}`);
    }
  });

  test("A's admin recomputing changes nothing of B's; A's other keys may not recompute at all", async () => {
    const res = await leavesBUntouched(() => as(A.admin).post('/v1/trust-score/recompute'));
    assert.equal(res.status, 200);
    assertNothingOfB(res.body, 'recompute');
    for (const scope of ['writer', 'reader', 'agent', 'dashboard', 'bouncer'] as const) {
      assert.equal((await leavesBUntouched(() => as(A[scope]).post('/v1/trust-score/recompute'))).status, 403, scope);
    }
  });

  test("under A's tenant the app role sees none of B's score rows and cannot write rows naming B", async () => {
    await hub.score.pointers.caughtUp();
    await withTenant(hub.pools.app, tenant.a, async (c) => {
      for (const table of ['subject_scores', 'tenant_score_history', 'subject_score_history', 'current_signal_pointers', 'current_signal_marks']) {
        const seen = await c.query(`SELECT DISTINCT tenant_id FROM ${table}`);
        assert.deepEqual(seen.rows.map((r) => r.tenant_id), [tenant.a], table);
      }
      assert.equal((await c.query('DELETE FROM subject_scores WHERE tenant_id = $1', [tenant.b])).rowCount, 0);
    });
    await leavesBUntouched(() => assert.rejects(withTenant(hub.pools.app, tenant.a, (c) => c.query(
      `INSERT INTO tenant_score_history (tenant_id, computed_at, score, subjects, inputs_hash, explanation) VALUES ($1, now(), 1, 0, $2, '{}')`, [tenant.b, 'f'.repeat(64)])),
    (err: { code: string }) => err.code === '42501'));
    // Pointers carry no foreign key to tenants (migration 030): row-level security alone keeps them to the session's tenant.
    for (const other of [tenant.b, '00000000-0000-4000-8000-000000000000']) {
      await leavesBUntouched(() => assert.rejects(withTenant(hub.pools.app, tenant.a, (c) => c.query(
        `INSERT INTO current_signal_pointers (tenant_id, subject_type, subject_id, signal_key, observed_at, id) VALUES ($1, 'ip', '192.0.2.1', 'threat.ip_threat', now(), 1)`, [other])),
      (err: { code: string }) => err.code === '42501'));
    }
  });
});

describe('dashboards over /ws/dashboard', () => {
  const ALL = ['signals', 'threats', 'groups', 'mitigations', 'blocklist', 'sensors', 'metrics', 'campaigns'];
  /**
   * B's own identifiers (A legitimately blocked some of B's indicator values and named B's tenant in its own signals,
   * so those are not markers here): B's mitigation, group and signal ids, and what only B sent during these tests.
   */
  async function assertNoIdOfB(frame: unknown, what: string): Promise<void> {
    const ids = (await hub.db.pools.owner.query(
      `SELECT id::text FROM mitigations WHERE tenant_id = $1 UNION ALL SELECT id::text FROM signal_groups WHERE tenant_id = $1
       UNION ALL SELECT id::text FROM signal_streams WHERE tenant_id = $1`, [tenant.b])).rows.map((r) => r.id as string);
    const text = JSON.stringify(frame);
    for (const m of ['10.88.0.99/32', 'edge-b-dash', 'b edge', ...ids]) assert.ok(!text.includes(`"${m}"`), `${what} reveals ${m}: ${text.slice(Math.max(0, text.indexOf(m) - 300), text.indexOf(m) + 100)}`);
  }

  test("A's keys naming B's tenant in their auth are refused TENANT_FORBIDDEN and closed; only the operator chooses a tenant", async () => {
    for (const scope of ['dashboard', 'admin'] as const) {
      const d = await openDashboard(hub.url);
      d.send({ type: 'auth', payload: { apiKey: A[scope], tenantId: tenant.b } });
      const m = await d.next();
      assert.deepEqual([m.type, m.payload.code], ['auth-failed', 'TENANT_FORBIDDEN'], scope);
      assert.equal((await d.closed).code, 4001);
    }
  });

  test("A's dashboard, subscribed to everything, sees none of B's events while B blocks, stores signals and connects a sensor", async () => {
    const { d } = await authedDashboard(hub.url, A.dashboard);
    await subscribe(d, ...ALL);
    await hub.dashboard.sources.tick();
    const sensor = await authedSensor(hub.url, B.writer, { sensorId: 'edge-b-dash', sensorName: 'b edge' });
    sensor.send({ type: 'signal', id: 'b-dash-1', payload: aThreat({ sourceIp: B_SENSOR_IP }) });
    await sensor.next('signal-ack');
    const blocked = await as(B.admin).post('/v1/mitigations', { indicator: '10.88.0.99', ttl_seconds: 600, reason: 'b manual' });
    assert.equal(blocked.status, 201, JSON.stringify(blocked.body));
    await hub.distribute.follower.caughtUp();
    await hub.dashboard.sources.tick();
    await hub.dashboard.sources.tick();
    d.send({ type: 'ping' });
    await d.next('pong');
    for (const m of d.pending()) await assertNoIdOfB(m, `A's ${m.type} event`);
    sensor.close();
    d.close();
  });

  test("A's snapshot, and A's resume naming B's stream and sequence, show nothing of B's", async () => {
    const b = await authedDashboard(hub.url, B.dashboard);
    const { d } = await authedDashboard(hub.url, A.dashboard);
    d.send({ type: 'request-snapshot' });
    await assertNoIdOfB(await d.next('snapshot'), "A's snapshot");
    d.send({ type: 'resume', payload: { streamId: b.auth.payload.streamId, lastSequenceId: 0 } });
    const answer = await d.next();
    assert.equal(answer.type, 'snapshot', "another stream's id gets A's own snapshot, never B's events");
    await assertNoIdOfB(answer, "A's resume");
    b.d.close();
    d.close();
  });
});
