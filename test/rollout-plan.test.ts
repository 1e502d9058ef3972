// The pure parts of rule distribution with exact numbers: the canonical serialisation and its hash, how many canaries a
// percentage makes, and what a canary wave's state calls for.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson, contentHash } from '../src/core/canonical-json.ts';
import { canaryCount, judgeCanaries, type CanaryState } from '../src/distribute/rollout-plan.ts';
import { checkDocument } from '../src/distribute/rule-documents.ts';

const limits = { maxBytes: 1024, maxDepth: 8 };

describe('canonical documents', () => {
  test('serialise with keys sorted at every depth and no whitespace, arrays in order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é' } }), '{"a":{"c":"é","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  test('hash the canonical UTF-8 bytes with SHA-256, the same for any key order', () => {
    const text = '{"rules":[{"action":"block","id":"r1"}]}';
    const expected = createHash('sha256').update(text).digest('hex');
    assert.deepEqual(contentHash({ rules: [{ id: 'r1', action: 'block' }] }), { hash: expected, size: Buffer.byteLength(text) });
    assert.equal(contentHash({ rules: [{ action: 'block', id: 'r1' }] }).hash, expected);
  });

  test('refuse a rule bundle without rules, with a rule lacking an id, or with an id twice, naming the field', () => {
    assert.throws(() => checkDocument('rules', { rule: [] }, limits), /document\.rules must be an array/);
    assert.throws(() => checkDocument('rules', { rules: [{ id: 'a' }, { name: 'x' }] }, limits), /document\.rules\[1\]\.id must be a string/);
    assert.throws(() => checkDocument('rules', { rules: [{ id: 'a' }, { id: 'a' }] }, limits), /document\.rules\[1\]\.id repeats/);
    assert.throws(() => checkDocument('config', [1], limits), /document must be a JSON object/);
  });

  test('refuse a document over the size limit (413) or nested too deep (400)', () => {
    assert.throws(() => checkDocument('config', { blob: 'x'.repeat(2000) }, limits), (e: any) => e.status === 413);
    assert.throws(() => checkDocument('config', { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } }, limits), (e: any) => e.status === 400);
  });
});

describe('canary waves', () => {
  test('take a percentage of the targets rounded up, at least one, at most all', () => {
    assert.deepEqual([[10, 10], [10, 15], [1, 1], [3, 50], [200, 1], [7, 100]].map(([n, p]) => canaryCount(n!, p!)), [1, 2, 1, 2, 2, 7]);
    assert.deepEqual([[10, 11], [1000, 0.01], [4, 0], [5, 150]].map(([n, p]) => canaryCount(n!, p!)), [2, 1, 1, 5]);
  });

  const now = new Date('2026-12-03T10:00:00Z');
  const c = (over: Partial<CanaryState> = {}): CanaryState => ({ sensor_id: 's1', status: 'applied', message: null, health: 'healthy', unhealthy_since: false, ...over });

  test('roll back when a canary failed or turned unhealthy, or went offline after its push reached it', () => {
    assert.deepEqual(judgeCanaries([c(), c({ sensor_id: 's2', status: 'failed', message: 'bad rule' })], null, 60, now), { kind: 'roll_back', reason: 'canary s2 failed to apply it: bad rule' });
    assert.deepEqual(judgeCanaries([c({ health: 'unhealthy' })], null, 60, now), { kind: 'roll_back', reason: 'canary s1 turned unhealthy' });
    assert.deepEqual(judgeCanaries([c({ unhealthy_since: true })], '2026-12-03T09:59:00Z', 60, now), { kind: 'roll_back', reason: 'canary s1 turned unhealthy' });
    assert.deepEqual(judgeCanaries([c({ status: 'sent', health: 'offline' })], null, 60, now), { kind: 'roll_back', reason: 'canary s1 turned offline' });
    assert.deepEqual(judgeCanaries([c({ status: 'pending', health: 'offline' })], null, 60, now), { kind: 'wait' });
    assert.deepEqual(judgeCanaries([c({ status: 'failed' })], null, 60, now), { kind: 'roll_back', reason: 'canary s1 failed to apply it: no message' });
    assert.deepEqual(judgeCanaries([c({ health: 'offline' })], '2026-12-03T09:59:00Z', 60, now), { kind: 'roll_back', reason: 'canary s1 turned offline' });
  });

  test('a failed canary is named before an unhealthy one, and the first of each kind is named', () => {
    const canaries = [c({ sensor_id: 's1', health: 'unhealthy' }), c({ sensor_id: 's2', status: 'failed', message: 'a' }), c({ sensor_id: 's3', status: 'failed', message: 'b' })];
    assert.deepEqual(judgeCanaries(canaries, null, 60, now), { kind: 'roll_back', reason: 'canary s2 failed to apply it: a' });
    assert.deepEqual(judgeCanaries([c(), c({ sensor_id: 's2', health: 'unhealthy' }), c({ sensor_id: 's3', unhealthy_since: true })], null, 60, now),
      { kind: 'roll_back', reason: 'canary s2 turned unhealthy' });
  });

  test('start the soak once every canary applied it, and promote after it only while every canary is healthy', () => {
    assert.deepEqual(judgeCanaries([c(), c({ status: 'sent' })], null, 60, now), { kind: 'wait' });
    assert.deepEqual(judgeCanaries([c(), c()], null, 60, now), { kind: 'acked' });
    assert.deepEqual(judgeCanaries([c()], '2026-12-03T09:59:30Z', 60, now), { kind: 'wait' });
    assert.deepEqual(judgeCanaries([c()], '2026-12-03T09:59:00Z', 60, now), { kind: 'promote' });
    assert.deepEqual(judgeCanaries([c({ health: 'degraded' })], '2026-12-03T09:59:00Z', 60, now), { kind: 'wait' });
    assert.deepEqual(judgeCanaries([c(), c({ sensor_id: 's2', health: 'stale' })], '2026-12-03T09:00:00Z', 60, now), { kind: 'wait' });
    assert.deepEqual(judgeCanaries([c(), c()], '2026-12-03T09:58:59.999Z', 61, now), { kind: 'wait' });
  });
});
