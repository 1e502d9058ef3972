// Property-based fuzzing of every sensor message type over real WebSocket connections (fast-check, seeded).
// Asserts per frame: an answer or a documented silent drop, never INTERNAL for input, no hang; per run: the hub stays
// up and stores exactly what it acknowledged. QUORUM_FUZZ_RUNS (default 2000 per type) and QUORUM_FUZZ_SEED (or `random`) set a run.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { authedSensor, sensorUrl, TestSensor, type Received } from './helpers/sensor.ts';
import { INBOUND_TYPES } from '../src/ingest/sensor-protocol.ts';
import { THREAT_SIGNAL_TYPES, THREAT_SEVERITIES } from '../src/ingest/threat-signal.ts';
import { fuzzSeed } from './helpers/fuzz-seed.ts';

const RUNS = Number(process.env.QUORUM_FUZZ_RUNS ?? 2000);
const SEED = fuzzSeed();
const ANSWER_MS = 10_000;

/** The refusals the protocol documents for input; anything else (INTERNAL, STORE_REFUSED, …) is a hub fault. */
const INPUT_ERRORS = new Set(['INVALID_JSON', 'INVALID_MESSAGE', 'UNKNOWN_TYPE', 'INVALID_SIGNAL', 'BATCH_TOO_LARGE', 'MESSAGE_ID_REUSED', 'PROTOCOL_VERSION_UNSUPPORTED',
  // A command-ack naming no open command of the sensor (docs/fleet.md#fleet-commands).
  'NOT_FOUND']);
/** Answered at once with UNKNOWN_TYPE, in order: marks the end of the answers to the frame before it. */
const SENTINEL = { type: '~sentinel' };
const isSentinelAnswer = (m: Received) => m.type === 'error' && m.error === 'Unknown message type: ~sentinel';
/** Types the hub takes without an answer when they are valid (docs/sensors.md, Messages); a command-ack only for an open command. */
const SILENT_WHEN_VALID = new Set(['heartbeat', 'pong', 'command-ack']);
/** Open commands of the command-ack run's sensor: an ack of one is taken silently (once), any other is answered NOT_FOUND. */
const openCommands = new Set<string>();
const COMMANDS_QUEUED = 100;

let hub: TestHub;
let readOnlyKey: string;
let revokedKey: string;
const timings: string[] = [];

before(async () => {
  hub = await startTestHub({
    signalBatchTimeoutMs: 2, keyRatePerSecond: 1_000_000, keyRateBurst: 10_000_000, sensorMaxPerAddress: 64,
  });
  readOnlyKey = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:read'] })).key;
  const revoked = await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['signal:write'] });
  await hub.keys.revokeKey(revoked.id);
  revokedKey = revoked.key;
});
after(async () => {
  if (timings.length) process.stdout.write(`# fuzz-sensors (${RUNS} runs per type, seed ${SEED}; ${repairsSkipped} blocklist repairs after heartbeats):\n${timings.map((t) => `#   ${t}`).join('\n')}\n`);
  await hub.close();
});

// ---- hostile building blocks ----------------------------------------------------------------------------------------

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const plus20 = () => new Date(Date.now() + 20 * 3_600_000).toISOString().replace('Z', '+20:00');
const nested = (depth: number, leaf: unknown, asArray: boolean): unknown => {
  let v: unknown = leaf;
  for (let i = 1; i < depth; i++) v = asArray ? [v] : { d: v };
  return v;
};

/** Strings that break the text rule or the length rules, next to ordinary ones. */
const hostileString = fc.oneof(
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: anyUnit, maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom('\ud800', 'a\udfffb', '\u0000', 'x\u0000y', '', ' ', 'x'.repeat(300), '\ud83d\ude00', '1.2.3\u0000', '1.2.3\ud800', 'DROP TABLE signal_streams;--') },
);
const deepValue = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([d, arr]) => nested(d, 'leaf', arr));
const hostileTime = fc.oneof(
  fc.constant(null).map(plus20), fc.constantFrom('0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '+275760-09-13T00:00:00Z', 'yesterday', ''),
  fc.double(), fc.constantFrom(8.64e15 + 1, -1e300, 1e300),
);
/** Any JSON value, with the shapes that broke the hub before mixed in. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: hostileTime },
  { weight: 1, arbitrary: fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
);
/** Replaces (or adds) one field of a valid object with a hostile value, or removes it, or leaves the object valid. */
function mutated<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>, fields: string[]): fc.Arbitrary<Record<string, unknown>> {
  const change = fc.option(fc.tuple(fc.constantFrom(...fields, 'extra'), fc.oneof(hostileValue, fc.constant(undefined))), { freq: 3 });
  return fc.tuple(valid, change, change).map(([v, a, b]) => {
    const out: Record<string, unknown> = { ...v };
    for (const c of [a, b]) if (c) out[c[0]] = c[1];
    return out;
  });
}

// ---- message arbitraries ----------------------------------------------------------------------------------------------

const fingerprint = fc.constantFrom('t13d1516h2_8daaf6152771_b0da82dd1658', 't13d1517h2_8daaf6152771_02713d6af862', 'ge11nn080000_4740ae6347b0_a8b4f3d0a6e2');
const validThreat = fc.record({
  signalType: fc.constantFrom(...THREAT_SIGNAL_TYPES),
  sourceIp: fc.oneof(fc.ipV4(), fc.ipV6()),
  severity: fc.constantFrom(...THREAT_SEVERITIES),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  eventCount: fc.integer({ min: 1, max: 1_000_000 }),
  fingerprint,
  metadata: fc.oneof(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }), userId: fc.string({ minLength: 1, maxLength: 8 }) }),
  ),
  timestamp: fc.integer({ min: -600_000, max: 600_000 }).map((d) => Date.now() + d),
}, { requiredKeys: ['signalType', 'severity', 'confidence', 'sourceIp'] });
const threat = mutated(validThreat, ['signalType', 'sourceIp', 'severity', 'confidence', 'eventCount', 'fingerprint', 'metadata', 'timestamp']);

const validNative = fc.record({
  source: fc.constantFrom('cert_scan', 'edge_waf', 'synapse'),
  subject_type: fc.constantFrom('domain', 'ip', 'host'),
  subject_id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\x00-\x1f\x7f-\x9f]/.test(s)),
  signal_key: fc.constantFrom('cert.expiry_days', 'waf.block', 'dns.nxdomain_rate'),
  signal_value: fc.record({ value: fc.jsonValue({ maxDepth: 2 }) }),
  severity: fc.constantFrom('info', 'low', 'medium', 'high', 'critical', null),
  observed_at: fc.integer({ min: -3_600_000, max: 60_000 }).map((d) => new Date(Date.now() + d).toISOString()),
  ttl_seconds: fc.option(fc.integer({ min: 1, max: 86_400 }), { nil: null }),
});
const native = mutated(validNative, ['source', 'subject_type', 'subject_id', 'signal_key', 'signal_value', 'severity', 'observed_at', 'ttl_seconds', 'signal_id']);

const messageId = fc.oneof(
  { weight: 6, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: hostileValue },
);
const anySignal = fc.oneof({ weight: 3, arbitrary: threat }, { weight: 2, arbitrary: native }, { weight: 1, arbitrary: hostileValue });
const signalFrame = fc.record({ type: fc.constant('signal'), id: messageId, payload: anySignal });
const batchFrame = fc.record({
  type: fc.constant('signal-batch'), id: messageId,
  payload: fc.oneof(
    // Mostly valid signals with a few bad ones: a batch is refused whole, so valid batches need valid members.
    { weight: 6, arbitrary: fc.array(fc.oneof({ weight: 8, arbitrary: validThreat }, { weight: 3, arbitrary: validNative }, { weight: 1, arbitrary: anySignal }), { maxLength: 12 }) },
    { weight: 1, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.constant(null).map(() => Array.from({ length: 1001 }, () => ({ signalType: 'IP_THREAT', sourceIp: '192.0.2.1', severity: 'LOW', confidence: 0.1 }))) },
  ),
});

const validHeartbeat = fc.record({
  timestamp: fc.integer({ min: 0, max: 2 ** 42 }),
  status: fc.constantFrom('healthy', 'degraded', 'unhealthy'),
  cpu: fc.double({ min: 0, max: 100, noNaN: true }),
  memory: fc.double({ min: 0, max: 100, noNaN: true }),
  disk: fc.integer({ min: 0, max: 100 }),
  requestsLastMinute: fc.integer({ min: 0, max: 10_000_000 }),
  avgLatencyMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
  configHash: fc.string({ maxLength: 16 }),
  rulesHash: fc.string({ maxLength: 16 }),
  blocklistVersion: fc.nat({ max: 5 }),
  blocklistHash: fc.stringMatching(/^[0-9a-f]{64}$/),
}, { requiredKeys: ['timestamp', 'status', 'cpu', 'memory', 'disk', 'requestsLastMinute', 'avgLatencyMs', 'configHash', 'rulesHash'] })
  // A hash never comes without its version (the hub refuses that with INVALID_MESSAGE, as it does any other bad field).
  .map((h) => (h.blocklistHash !== undefined && h.blocklistVersion === undefined ? { ...h, blocklistVersion: 0 } : h));
const heartbeatFrame = fc.record({
  type: fc.constant('heartbeat'), id: fc.option(messageId, { nil: undefined }),
  payload: fc.oneof(
    { weight: 6, arbitrary: mutated(validHeartbeat, ['timestamp', 'status', 'cpu', 'memory', 'disk', 'requestsLastMinute', 'avgLatencyMs', 'configHash', 'rulesHash', 'blocklistVersion', 'blocklistHash']) },
    { weight: 1, arbitrary: validHeartbeat.map((h) => ({ ...h, blob: 'x'.repeat(70_000) })) },
    { weight: 1, arbitrary: hostileValue },
  ),
});

const commandAckFrame = fc.record({
  type: fc.constant('command-ack'), id: fc.option(messageId, { nil: undefined }),
  payload: fc.oneof(
    { weight: 4, arbitrary: mutated(fc.record({ commandId: fc.oneof(fc.uuid(), fc.nat().map((i) => [...openCommands][i % Math.max(1, openCommands.size)] ?? 'none-open')), success: fc.boolean(), message: fc.string({ maxLength: 20 }), result: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) }), ['commandId', 'success', 'message', 'result']) },
    { weight: 1, arbitrary: hostileValue },
  ),
});
/** `blocklist-sync` with no payload (the protocol), the version (and hash) held (Quorum), or hostile payloads. */
const blocklistSyncFrame = fc.record({
  type: fc.constant('blocklist-sync'), id: fc.option(messageId, { nil: undefined }),
  payload: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(undefined, null) },
    { weight: 3, arbitrary: mutated(fc.record({ version: fc.nat({ max: 5 }), hash: fc.stringMatching(/^[0-9a-f]{64}$/) }, { requiredKeys: ['version'] }), ['version', 'hash']) },
    { weight: 2, arbitrary: hostileValue },
  ),
});
const bareFrame = (type: string) => fc.record({ type: fc.constant(type), id: fc.option(messageId, { nil: undefined }), payload: fc.option(hostileValue, { nil: undefined }), extra: fc.option(hostileValue, { nil: undefined }) });

const unknownFrame = fc.oneof(
  fc.record({ type: hostileString.filter((t) => !(INBOUND_TYPES as readonly string[]).includes(t)), id: fc.option(messageId, { nil: undefined }), payload: fc.option(hostileValue, { nil: undefined }) }),
  fc.record({ type: fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.jsonValue({ maxDepth: 2 })), payload: fc.option(hostileValue, { nil: undefined }) }),
  fc.record({ payload: hostileValue }),
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), deepValue).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
);

/** Frames that are not JSON objects at all: text that does not parse, truncated frames, binary frames. */
const nonJsonFrame: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 60 }).filter((t) => { try { JSON.parse(t); return false; } catch { return true; } }),
  fc.tuple(signalFrame, fc.nat()).map(([f, n]) => { const t = JSON.stringify(f); return t.slice(0, n % Math.max(1, t.length - 1)); }).filter((t) => { try { JSON.parse(t); return false; } catch { return true; } }),
  fc.constantFrom('{"type":"signal"', '{"type": "auth", "payload": {', '[', 'null,', '{"a":1}}', '\u0000', '{"type":"heartbeat","payload":' + '['.repeat(10_000)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

const authPayload = (keys: string[]) => mutated(fc.record({
  apiKey: fc.constantFrom(...keys),
  sensorId: fc.oneof(fc.constantFrom('fz-a', 'fz-b', 'fz-c'), fc.string({ minLength: 1, maxLength: 12 })),
  sensorName: fc.string({ maxLength: 12 }),
  version: fc.constantFrom('1.0.0', '2.3.4-beta', '10.20.30'),
  protocolVersion: fc.constantFrom('1.0', '1.0', '0.9', '2.0'),
  fingerprint,
  region: fc.constantFrom('eu-west', 'us-east'),
  kind: fc.constantFrom('synapse', 'edge_waf'),
  capabilities: fc.constantFrom(['blocklist-push'], ['blocklist-update'], ['blocklist-push', 'blocklist-update'], []),
}, { requiredKeys: ['apiKey', 'sensorId', 'version'] }), ['apiKey', 'token', 'registrationToken', 'sensorId', 'sensorName', 'version', 'protocolVersion', 'fingerprint', 'region', 'kind', 'capabilities']);

// ---- the exchange -------------------------------------------------------------------------------------------------------

const rowCount = async (tenantId: string) => (await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams WHERE tenant_id = $1', [tenantId])).rows[0].n as number;
/** Blocklist messages a heartbeat's report may cause (a catch-up or a re-sync), sent when the hub has read the list. */
const BLOCKLIST_REPAIRS = new Set(['blocklist-snapshot', 'blocklist-push', 'blocklist-update']);
let repairsSkipped = 0;
/** The next answer, skipping pings and, unless `withBlocklist`, the blocklist repairs heartbeats cause. */
const nextAnswer = async (s: TestSensor, withBlocklist = true): Promise<Received> => {
  for (;;) {
    const m = await s.next(undefined, ANSWER_MS);
    if (m.type === 'ping') continue;
    if (!withBlocklist && BLOCKLIST_REPAIRS.has(m.type)) {
      repairsSkipped++;
      continue;
    }
    return m;
  }
};

function assertNoFault(m: Received, frame: unknown): void {
  if (m.type !== 'error') return;
  if (!INPUT_ERRORS.has(m.code)) assert.fail(`hub fault ${m.code} (${m.error}) for ${show(frame)}`);
}
const show = (frame: unknown) => (Buffer.isBuffer(frame) ? `binary ${frame.toString('hex').slice(0, 80)}` : JSON.stringify(frame).slice(0, 300));

/** Per connection: what was acknowledged as stored (rows) and which heartbeats were taken. */
interface Ledger {
  sensorId: string;
  stored: number;
  /** The last heartbeat taken: a refused one must leave it as the sensor's last metrics. */
  lastHeartbeat: unknown;
  /** Answers by kind (`signal-ack`, `error INVALID_SIGNAL`, `silent`…): shows the run reached both sides of the rules. */
  outcomes: Record<string, number>;
}
const tally = (ledger: Ledger, kind: string) => { ledger.outcomes[kind] = (ledger.outcomes[kind] ?? 0) + 1; };

/**
 * Sends one frame, then a sentinel (answered at once, in order). Refusals found when parsing or validating come before
 * the sentinel's answer; acks (after commit) come after it, so a signal frame with no answer before the sentinel's
 * must be answered after it. A frame of another type with no answer must be a documented silent drop.
 */
async function exchange(s: TestSensor, frame: unknown, ledger: Ledger): Promise<void> {
  if (typeof frame === 'string' || Buffer.isBuffer(frame)) s.ws.send(frame);
  else s.send(frame);
  s.send(SENTINEL);
  const type = typeof frame === 'object' && frame !== null && !Buffer.isBuffer(frame) ? (frame as { type?: unknown }).type : undefined;
  const withBlocklist = type === 'blocklist-sync';
  const answers: Received[] = [];
  for (let m = await nextAnswer(s, withBlocklist); !isSentinelAnswer(m); m = await nextAnswer(s, withBlocklist)) answers.push(m);
  // Acks come after commit and a blocklist-sync answer after reading the list: they may follow the sentinel's answer.
  if (answers.length === 0 && (type === 'signal' || type === 'signal-batch' || type === 'blocklist-sync')) answers.push(await nextAnswer(s, withBlocklist));
  // A well-formed command-ack is settled in PostgreSQL, after the sentinel: silent for an open command, else NOT_FOUND.
  if (answers.length === 0 && type === 'command-ack') {
    const id = (frame as { payload: { commandId: string } }).payload.commandId;
    if (openCommands.delete(id)) await assertFinished(id);
    else answers.push(await nextAnswer(s, withBlocklist));
  }
  if (answers.length === 0) {
    // Messages are built only on failure: a frame or an answer (a blocklist snapshot) can be large.
    if (!SILENT_WHEN_VALID.has(type as string)) assert.fail(`no answer for ${show(frame)}`);
    tally(ledger, 'silent');
    if (type === 'heartbeat') {
      await assertStored(ledger.sensorId, (frame as { payload: unknown }).payload);
      ledger.lastHeartbeat = (frame as { payload: unknown }).payload;
    }
    return;
  }
  if (answers.length !== 1) assert.fail(`one answer per frame, got ${JSON.stringify(answers).slice(0, 300)}`);
  const [a] = answers as [Received];
  assertNoFault(a, frame);
  if (type === 'heartbeat' && a.type === 'error') {
    const row = (await hub.db.pools.owner.query('SELECT last_metrics FROM sensors WHERE sensor_id = $1', [ledger.sensorId])).rows[0];
    assert.deepStrictEqual(row?.last_metrics ?? null, ledger.lastHeartbeat === null ? null : JSON.parse(JSON.stringify(ledger.lastHeartbeat)), 'a refused heartbeat changes nothing');
  }
  if (type === 'blocklist-sync') {
    assert.ok(['blocklist-snapshot', 'blocklist-push', 'error'].includes(a.type), `blocklist-sync answered with ${a.type}`);
    if (a.type === 'error') assert.match(a.error, /^Invalid message: (payload(\.version|\.hash)?|id|\$): /);
  }
  tally(ledger, a.type === 'error' ? a.code : a.type);
  if ((a.type === 'signal-ack' || a.type === 'batch-ack') && !a.replayed) ledger.stored += a.stored;
  assert.equal(s.ws.readyState, s.ws.OPEN, 'a bad frame never ends the session');
}

/** Fuzzes one message type on one connection, in a tenant of its own so its rows can be counted while others run. */
/** A command-ack taken without an answer must have finished its command (written after the frame, so polled). */
async function assertFinished(id: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const row = (await hub.db.pools.owner.query('SELECT status FROM sensor_commands WHERE id = $1', [id])).rows[0];
    if (row.status === 'succeeded' || row.status === 'failed') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`command ${id} was acknowledged silently but is not finished`);
}

/** Queues commands for the sensor (a long timeout: none is sent again during the run) and takes their frames. */
async function queueCommands(tenantId: string, s: TestSensor, sensorId: string): Promise<void> {
  const admin = await hub.keys.createKey({ tenantId, scopes: ['admin'] });
  for (let i = 0; i < COMMANDS_QUEUED; i++) {
    const res = await hub.request('POST', `/v1/sensors/${sensorId}/commands`, { key: admin.key, body: { type: 'update', payload: { n: i } } });
    assert.equal(res.status, 202);
    openCommands.add(res.body.id);
    assert.equal((await s.next('update')).commandId, res.body.id);
  }
}

/** A heartbeat taken without an answer must become the sensor's last metrics (written after the frame, so polled). */
async function assertStored(sensorId: string, payload: unknown): Promise<void> {
  const expected = JSON.parse(JSON.stringify(payload));
  for (let i = 0; i < 250; i++) {
    const row = (await hub.db.pools.owner.query('SELECT last_metrics FROM sensors WHERE sensor_id = $1', [sensorId])).rows[0];
    try {
      return assert.deepStrictEqual(row?.last_metrics, expected);
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  assert.fail(`a heartbeat taken silently was not stored: ${show(payload)}`);
}

async function fuzzPostAuth(name: string, arb: fc.Arbitrary<unknown>, seedOffset: number): Promise<void> {
  const tenant = await hub.keys.createTenant(`fuzz-${name}`);
  const key = await hub.keys.createKey({ tenantId: tenant.id, scopes: ['signal:write'] });
  const ledger: Ledger = { sensorId: `fz-${name}`, stored: 0, lastHeartbeat: null, outcomes: {} };
  const s = await authedSensor(hub.url, key.key, { sensorId: ledger.sensorId });
  if (name === 'command-ack') await queueCommands(tenant.id, s, ledger.sensorId);
  const rowsBefore = await rowCount(tenant.id);
  const started = performance.now();
  try {
    await fc.assert(fc.asyncProperty(arb, (frame) => exchange(s, frame, ledger)), { numRuns: RUNS, seed: SEED + seedOffset, endOnFailure: true });
  } finally {
    s.close();
  }
  timings.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s ${JSON.stringify(ledger.outcomes)}`);
  assert.equal(await rowCount(tenant.id) - rowsBefore, ledger.stored, 'rows stored = rows acknowledged; a refused message stored nothing');
}

// ---- the suite -----------------------------------------------------------------------------------------------------------

describe('fuzzing every sensor message type (issue 7)', { concurrency: 3 }, () => {
  test(`signal: ${RUNS} generated frames are each answered, never with a hub fault`, async () => { await fuzzPostAuth('signal', signalFrame, 1); });
  test(`signal-batch: ${RUNS} generated frames are each answered, never with a hub fault`, async () => { await fuzzPostAuth('signal-batch', batchFrame, 2); });
  test(`heartbeat: ${RUNS} generated frames are stored silently or refused`, async () => { await fuzzPostAuth('heartbeat', heartbeatFrame, 3); });
  test(`command-ack: ${RUNS} generated frames are taken silently or refused`, async () => { await fuzzPostAuth('command-ack', commandAckFrame, 4); });
  test(`pong: ${RUNS} generated frames are taken silently or refused`, async () => { await fuzzPostAuth('pong', bareFrame('pong'), 5); });
  test(`blocklist-sync: ${RUNS} generated frames are each answered`, async () => { await fuzzPostAuth('blocklist-sync', blocklistSyncFrame, 6); });
  test(`unknown types and non-object JSON: ${RUNS} generated frames are each refused`, async () => { await fuzzPostAuth('unknown', unknownFrame, 7); });
  test(`non-JSON and binary frames: ${RUNS} generated frames are each refused`, async () => { await fuzzPostAuth('non-json', nonJsonFrame, 8); });

  test(`auth: ${RUNS} generated auth frames on fresh connections get auth-success or a clean refusal, never 1011`, async () => {
    const keys = [hub.adminKey, hub.adminKey, readOnlyKey, revokedKey, 'qk_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'not-a-key'];
    const authFrame = fc.oneof(
      { weight: 8, arbitrary: fc.record({ type: fc.constant('auth'), id: fc.option(messageId, { nil: undefined }), payload: authPayload(keys) }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('auth'), payload: hostileValue }) },
    );
    const sensorCount = async () => (await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM sensors WHERE tenant_id = $1', [hub.bootstrap.tenantId])).rows[0].n as number;
    const sensorsBefore = await sensorCount();
    const admitted = new Set<string>();
    const outcomes: Record<string, number> = {};
    const started = performance.now();
    await fc.assert(fc.asyncProperty(authFrame, async (frame) => {
      const s = new TestSensor(sensorUrl(hub.url));
      try {
        await s.opened;
        s.send(frame);
        const reply = await nextAnswer(s);
        outcomes[reply.type === 'error' ? reply.code : reply.type] = (outcomes[reply.type === 'error' ? reply.code : reply.type] ?? 0) + 1;
        if (reply.type === 'auth-success') {
          admitted.add(reply.sensorId);
          return;
        }
        assertNoFault(reply, frame);
        assert.ok(reply.type === 'auth-failed' || reply.code === 'PROTOCOL_VERSION_UNSUPPORTED', `unexpected ${JSON.stringify(reply)}`);
        const close = await s.closed;
        assert.ok([4003, 1013].includes(close.code), `close ${close.code} ${close.reason} for ${show(frame)}`);
      } finally {
        s.close();
      }
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    timings.push(`auth ${((performance.now() - started) / 1000).toFixed(1)} s ${JSON.stringify(outcomes)}`);
    const sensorsAfter = await sensorCount();
    const known = (await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM sensors WHERE sensor_id = ANY($1)', [[...admitted]])).rows[0].n as number;
    assert.equal(known, admitted.size, 'every admitted sensor is recorded');
    assert.ok(sensorsAfter - sensorsBefore <= admitted.size, 'a refused auth records no sensor');
  });
});

test('the hub is still up and storing after the fuzzing', async () => {
  assert.equal((await hub.request('GET', '/healthz')).status, 200);
  const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'fz-after' });
  s.send({ type: 'signal', id: 'after-fuzz', payload: { signalType: 'IP_THREAT', sourceIp: '192.0.2.99', severity: 'HIGH', confidence: 0.9 } });
  assert.equal((await s.next('signal-ack')).id, 'after-fuzz');
  s.close();
});

test('a text frame that is not UTF-8 is closed with 1007 by the WebSocket layer, and the hub carries on', async () => {
  const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'fz-utf8' });
  // A masked text frame (zero mask) whose payload C3 28 is not UTF-8; the ws client would never send one itself.
  (s.ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]));
  assert.equal((await s.closed).code, 1007);
  assert.equal((await hub.request('GET', '/healthz')).status, 200);
});
