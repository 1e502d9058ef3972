import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { aThreat, authedSensor, authMessage, sensorUrl, TestSensor } from './helpers/sensor.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ signalBatchTimeoutMs: 20 }); });
after(async () => { await hub.close(); });

const rowCount = async () => (await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams')).rows[0].n as number;
/** The rows of the native signals below only: another sensor's signal may be stored while a refusal is checked. */
const hostileRows = async () => (await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id = 'hostile.example'")).rows[0].n as number;
const sensorRow = async (sensorId: string) => (await hub.db.pools.owner.query('SELECT * FROM sensors WHERE sensor_id = $1', [sensorId])).rows[0];

function nested(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) v = { d: v };
  return v;
}

const native = (over: Record<string, unknown> = {}) => ({
  source: 'cert_scan', subject_type: 'domain', subject_id: 'hostile.example', signal_key: 'cert.expiry_days',
  signal_value: { value: 3 }, severity: 'high', observed_at: new Date().toISOString(), ttl_seconds: null, ...over,
});

/** Sends a frame and returns the error it got; asserts it is a refusal that a resend cannot overcome and nothing was stored. */
async function refused(s: TestSensor, frame: unknown, count = rowCount): Promise<Record<string, any>> {
  const before = await count();
  s.send(frame);
  const reply = await s.next(undefined, 5000);
  assert.equal(reply.type, 'error', JSON.stringify(reply));
  assert.ok(['INVALID_MESSAGE', 'INVALID_SIGNAL'].includes(reply.code), `non-retryable code expected, got ${reply.code}`);
  assert.equal(await count(), before, 'a refused message stores nothing');
  return reply;
}

async function refusedAuth(over: Record<string, unknown>) {
  const s = new TestSensor(sensorUrl(hub.url));
  await s.opened;
  s.send(authMessage(hub.adminKey, over));
  const reply = await s.next(undefined, 5000);
  return { reply, close: await s.closed };
}

describe('hostile sensor frames (issue 7, defect 7)', () => {
  test('answers threat metadata nested 3,000 levels deep with INVALID_SIGNAL naming the field', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'deep' });
    const reply = await refused(s, { type: 'signal', id: 'deep-1', payload: aThreat({ metadata: nested(3000) }) });
    assert.equal(reply.code, 'INVALID_MESSAGE');
    const within = await refused(s, { type: 'signal', id: 'deep-2', payload: aThreat({ metadata: nested(33) }) });
    assert.equal(within.code, 'INVALID_SIGNAL');
    assert.deepEqual(within.errors, [{ field: 'metadata', rule: 'max_depth', message: 'must not nest deeper than 32 levels' }]);
    s.send({ type: 'signal', id: 'deep-ok', payload: aThreat({ metadata: nested(32) }) });
    assert.equal((await s.next()).type, 'signal-ack');
    s.close();
  });

  test('refuses a native signal with a lone surrogate per message, without failing the other messages of the window', async () => {
    const bad = await authedSensor(hub.url, hub.adminKey, { sensorId: 'surrogate' });
    const good = await authedSensor(hub.url, hub.adminKey, { sensorId: 'bystander' });
    good.send({ type: 'signal', id: 'ok-1', payload: aThreat() });
    const v = await refused(bad, { type: 'signal', id: 'sv', payload: native({ signal_value: { value: 1, note: 'a\ud800b' } }) }, hostileRows);
    assert.equal(v.code, 'INVALID_SIGNAL');
    assert.equal(v.id, 'sv');
    assert.equal(v.errors[0].field, 'signal_value');
    const k = await refused(bad, { type: 'signal', id: 'sk', payload: native({ signal_value: { value: 1, ['\ud800']: 2 } }) }, hostileRows);
    assert.equal(k.errors[0].field, 'signal_value');
    const sub = await refused(bad, { type: 'signal-batch', id: 'sub', payload: [native(), native({ subject_id: 'x\ud800' })] }, hostileRows);
    assert.deepEqual(sub.errors.map((e: any) => [e.index, e.field, e.rule]), [[1, 'subject_id', 'well_formed']]);
    assert.equal((await good.next()).type, 'signal-ack');
    bad.close();
    good.close();
  });

  test('refuses an observed_at offset of +20:00 and a year 0 with INVALID_SIGNAL naming observed_at', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'offset' });
    // Now, written in a +20:00 zone: a real instant, but an offset PostgreSQL refuses.
    const plus20 = new Date(Date.now() + 20 * 3_600_000).toISOString().replace('Z', '+20:00');
    for (const observedAt of [plus20, '0000-01-01T00:00:00Z']) {
      const r = await refused(s, { type: 'signal', id: observedAt, payload: native({ observed_at: observedAt }) });
      assert.equal(r.code, 'INVALID_SIGNAL');
      assert.equal(r.errors[0].field, 'observed_at');
    }
    const t = await refused(s, { type: 'signal', id: 'ts', payload: aThreat({ timestamp: plus20 }) });
    assert.equal(t.errors[0].field, 'timestamp');
    s.close();
  });

  test('refuses a message id with a lone surrogate or a NUL as INVALID_MESSAGE instead of storing it unacknowledgeably', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'ids' });
    for (const id of ['id-\ud800', 'id-\u0000']) {
      const r = await refused(s, { type: 'signal', id, payload: aThreat() });
      assert.equal(r.code, 'INVALID_MESSAGE');
      assert.match(r.error, /^Invalid message: id: /);
    }
    s.close();
  });

  for (const field of ['sensorId', 'sensorName', 'region', 'version']) {
    test(`refuses NUL and lone surrogates in the auth ${field} with auth-failed and close 4003, never 1011`, async () => {
      for (const bad of ['\u0000', '\udfff']) {
        const value = field === 'version' ? `1.2.3${bad}` : `edge${bad}`;
        const { reply, close } = await refusedAuth({ sensorId: 'nul-auth', [field]: value });
        assert.equal(reply.type, 'auth-failed');
        assert.match(reply.error, new RegExp(`^Invalid message: payload\\.${field}: `));
        assert.equal(close.code, 4003);
      }
    });
  }

  test('refuses heartbeats that break the text rule, nest too deep or exceed the size limit, and keeps the last good one', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'hb' });
    const good = { timestamp: 1, status: 'healthy', cpu: 1, memory: 2, disk: 3, requestsLastMinute: 0, avgLatencyMs: 0, configHash: 'c', rulesHash: 'r' };
    s.send({ type: 'heartbeat', payload: good });
    // Heartbeats are written without an answer: wait until this one is stored.
    for (let i = 0; i < 250 && (await sensorRow('hb')).last_metrics === null; i++) await new Promise((r) => setTimeout(r, 20));
    for (const payload of [
      { ...good, configHash: 'c\u0000' },
      { ...good, extra: { ['\ud800']: 1 } },
      { ...good, extra: nested(100) },
      { ...good, blob: 'x'.repeat(70_000) },
    ]) {
      const r = await refused(s, { type: 'heartbeat', payload });
      assert.equal(r.code, 'INVALID_MESSAGE');
    }
    assert.deepEqual((await sensorRow('hb')).last_metrics, good);
    s.close();
  });

  test('refuses a command-ack whose commandId holds a NUL', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'cmd' });
    const r = await refused(s, { type: 'command-ack', payload: { commandId: 'c\u0000', success: true } });
    assert.equal(r.error, 'Invalid message: payload.commandId: must not contain the character U+0000');
    s.close();
  });
});
