// Property-based fuzzing of every /ws/dashboard client message type over real WebSocket connections (fast-check, seeded).
// Per frame: only documented answers (an error frame with an input code, or the type's reply), never INTERNAL, no hang;
// per run: the session stays open and the hub answers. QUORUM_FUZZ_RUNS (default 300 per type) and QUORUM_FUZZ_SEED (or `random`) set a run.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { authedDashboard, openDashboard } from './helpers/dashboard.ts';
import type { Received, TestSensor } from './helpers/sensor.ts';
import { DASHBOARD_TOPICS } from '../src/present/dashboard/protocol.ts';
import { fuzzSeed } from './helpers/fuzz-seed.ts';

const RUNS = Number(process.env.QUORUM_FUZZ_RUNS ?? 300);
const SEED = fuzzSeed();
const ANSWER_MS = 10_000;
const INPUT_ERRORS = new Set(['INVALID_JSON', 'INVALID_MESSAGE', 'UNKNOWN_TYPE', 'ALREADY_AUTHENTICATED']);
/** What a valid frame of each type may be answered with (events of subscribed topics may come in between). */
const REPLIES: Record<string, string[]> = {
  auth: [], subscribe: ['subscribed'], unsubscribe: ['unsubscribed'], 'request-snapshot': ['snapshot'], resume: ['snapshot', 'resumed'], ping: ['pong'],
};
const EVENTS = new Set(['signal', 'threat', 'group', 'mitigation', 'blocklist', 'sensor', 'metrics', 'campaign']);
const SENTINEL = { type: '~sentinel' };

let hub: TestHub;
let key: string;

before(async () => {
  hub = await startTestHub({ dashboardRatePerSecond: 100_000, dashboardRateBurst: 100_000 });
  key = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['dashboard:read'] })).key;
});
after(async () => { await hub.close(); });

const anyJson = fc.jsonValue({ maxDepth: 4 });
const topic = fc.oneof(fc.constantFrom(...DASHBOARD_TOPICS), fc.string({ maxLength: 20 }), anyJson);
const payloads: Record<string, fc.Arbitrary<unknown>> = {
  auth: fc.oneof(fc.record({ apiKey: fc.oneof(fc.string(), anyJson), tenantId: fc.oneof(fc.uuid(), fc.string(), anyJson) }, { requiredKeys: [] }), anyJson),
  subscribe: fc.oneof(fc.record({ topic }), fc.record({ topic, extra: anyJson }), anyJson),
  unsubscribe: fc.oneof(fc.record({ topic }), anyJson),
  'request-snapshot': fc.oneof(fc.constant(undefined), fc.constant({}), anyJson),
  resume: fc.oneof(fc.record({ streamId: fc.oneof(fc.uuid(), fc.string(), anyJson), lastSequenceId: fc.oneof(fc.integer(), fc.double(), anyJson) }, { requiredKeys: [] }), anyJson),
  ping: fc.oneof(fc.constant(undefined), fc.constant({}), anyJson),
};

/** The frames answering one fuzzed frame: everything before the sentinel's UNKNOWN_TYPE, events set aside. */
async function answersTo(d: TestSensor, frame: string): Promise<Received[]> {
  d.send(frame);
  d.send(SENTINEL);
  const got: Received[] = [];
  for (;;) {
    const m = await d.next(undefined, ANSWER_MS);
    if (m.type === 'error' && m.payload?.message === 'Unknown message type: ~sentinel') return got;
    if (!EVENTS.has(m.type)) got.push(m);
  }
}

function checkAnswers(type: string, answers: Received[], frame: string): void {
  assert.ok(answers.length <= 1, `one answer at most to ${frame}: ${JSON.stringify(answers)}`);
  for (const a of answers) {
    if (a.type === 'error') assert.ok(INPUT_ERRORS.has(a.payload.code), `input error for ${frame}: ${JSON.stringify(a)}`);
    else assert.ok(REPLIES[type]!.includes(a.type), `reply to ${frame}: ${JSON.stringify(a)}`);
    assert.equal(typeof a.sequenceId, 'number');
  }
}

describe(`fuzzing an authenticated session (seed ${SEED})`, () => {
  for (const type of Object.keys(payloads)) {
    test(`${type}: every fuzzed frame gets its reply or a clear input error, and the session stays open`, async () => {
      const { d } = await authedDashboard(hub.url, key);
      await fc.assert(fc.asyncProperty(payloads[type]!, fc.boolean(), async (payload, withType) => {
        const frame = JSON.stringify(withType ? { type, payload } : { type, ...(payload === undefined ? {} : { payload }) });
        checkAnswers(type, await answersTo(d, frame), frame);
      }), { numRuns: RUNS, seed: SEED });
      d.send({ type: 'ping' });
      assert.equal((await d.next('pong')).type, 'pong');
      d.close();
    });
  }

  test('arbitrary text and JSON frames get INVALID_JSON, INVALID_MESSAGE or UNKNOWN_TYPE, never more', async () => {
    const { d } = await authedDashboard(hub.url, key);
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), anyJson.map((v) => JSON.stringify(v) ?? 'null')), async (frame) => {
      const answers = await answersTo(d, frame);
      for (const a of answers) if (a.type === 'error') assert.ok(INPUT_ERRORS.has(a.payload.code), `${frame}: ${JSON.stringify(a)}`);
    }), { numRuns: RUNS, seed: SEED });
    d.close();
  });
});

describe('fuzzing before authentication', () => {
  test('fuzzed auth frames are answered auth-failed (then closed 4001) or with a clear input error; nothing else is taken', async () => {
    let d = await openDashboard(hub.url);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...Object.keys(payloads)), payloads.auth!, async (type, payload) => {
      d.send({ type, payload });
      const m = await d.next(undefined, ANSWER_MS);
      if (m.type === 'auth-failed') {
        assert.ok(['UNAUTHENTICATED', 'SCOPE_MISSING', 'TENANT_FORBIDDEN'].includes(m.payload.code), JSON.stringify(m));
        assert.equal((await d.closed).code, 4001);
        d = await openDashboard(hub.url);
        return;
      }
      if (type === 'ping' && m.type === 'pong') return;
      assert.equal(m.type, 'error', JSON.stringify(m));
      assert.ok(INPUT_ERRORS.has(m.payload.code) || m.payload.code === 'UNAUTHENTICATED', JSON.stringify(m));
    }), { numRuns: RUNS, seed: SEED });
    d.close();
  });
});
