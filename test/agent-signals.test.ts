import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
let agentKey: string;

before(async () => {
  hub = await startTestHub();
  agentKey = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['agent:write'], agentId: 'agent-7' })).key;
});
after(async () => { await hub.close(); });

const agentSignal = (over: Record<string, unknown> = {}) =>
  aSignal({ source: 'backup_check', subject_type: 'agent', subject_id: 'agent-7', signal_key: 'backup.age_hours', signal_value: { value: 3 }, ...over });

async function rowsFor(subjectId: string): Promise<number> {
  const r = await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams WHERE subject_id = $1', [subjectId]);
  return r.rows[0].n;
}

test('stores an agent payload whose sources and subject types are allowlisted', async () => {
  const res = await hub.request('POST', '/v1/agent-signals', { key: agentKey, body: { signals: [agentSignal(), agentSignal({ source: 'clock_check', signal_key: 'clock.skew_ms' })] } });
  assert.equal(res.status, 201);
  assert.deepEqual(res.body, { accepted: 2, duplicates: 0 });
});

test("overwrites subject_id with the caller's agent id, so an agent cannot speak for another", async () => {
  const res = await hub.request('POST', '/v1/agent-signals', { key: agentKey, body: { signals: [agentSignal({ subject_id: 'agent-999', signal_key: 'spoof.attempt' })] } });
  assert.equal(res.status, 201);
  assert.equal(await rowsFor('agent-999'), 0);
  const r = await hub.db.pools.owner.query("SELECT subject_id FROM signal_streams WHERE signal_key = 'spoof.attempt'");
  assert.deepEqual(r.rows, [{ subject_id: 'agent-7' }]);
});

test('rejects the whole payload with 403 naming the signal and rule when a source is not allowlisted', async () => {
  const before = await rowsFor('agent-7');
  const res = await hub.request('POST', '/v1/agent-signals', { key: agentKey, body: { signals: [agentSignal(), agentSignal({ source: 'cert_scan' })] } });
  assert.equal(res.status, 403);
  assert.equal(res.body.code, 'agent_policy_violation');
  assert.deepEqual(res.body.errors, [{ index: 1, field: 'source', rule: 'agent_source_allowlist', message: 'must be one of backup_check, clock_check, endpoint_posture' }]);
  assert.equal(await rowsFor('agent-7'), before);
});

test('rejects a subject type outside the allowlist with 403 and stores nothing', async () => {
  const res = await hub.request('POST', '/v1/agent-signals', { key: agentKey, body: { signals: [agentSignal({ subject_type: 'endpoint', subject_id: 'laptop-1' })] } });
  assert.equal(res.status, 403);
  assert.equal(res.body.errors[0].rule, 'agent_subject_type_allowlist');
  assert.equal(await rowsFor('laptop-1'), 0);
});

test('still applies the wire format to agent signals (400 with the index)', async () => {
  const res = await hub.request('POST', '/v1/agent-signals', { key: agentKey, body: { signals: [agentSignal({ signal_key: 'nodots' })] } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.errors.map((e: { index: number; rule: string }) => [e.index, e.rule]), [[0, 'pattern']]);
});

test('uses the configured allowlists', async () => {
  const custom = await startTestHub({ agentSources: ['disk_check'], agentSubjectTypes: ['agent'] });
  try {
    const key = (await custom.keys.createKey({ tenantId: custom.bootstrap.tenantId, scopes: ['agent:write'], agentId: 'a1' })).key;
    const ok = await custom.request('POST', '/v1/agent-signals', { key, body: { signals: [agentSignal({ source: 'disk_check' })] } });
    assert.equal(ok.status, 201);
    const refused = await custom.request('POST', '/v1/agent-signals', { key, body: { signals: [agentSignal()] } });
    assert.equal(refused.status, 403);
  } finally {
    await custom.close();
  }
});
