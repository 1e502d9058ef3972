import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignal, DEFAULT_VALIDATION, jsonbTextBytes, validateSignal } from '../src/core/wire-format.ts';
import { InvalidSignalError } from '../src/core/errors.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const ctx = { ...DEFAULT_VALIDATION, now: NOW };
const base = {
  source: 'cert_scan', subject_type: 'domain', subject_id: 'example.com', signal_key: 'cert.expiry_days',
  signal_value: { value: 12 }, severity: null, observed_at: '2026-06-15T11:59:00Z', ttl_seconds: null,
};
const rulesOf = (over: Record<string, unknown>) => {
  const r = checkSignal({ ...base, ...over }, ctx);
  return Array.isArray(r) ? r.map((e) => `${e.field}:${e.rule}`) : [];
};

describe('observed_at', () => {
  const cases: Array<[unknown, string[]]> = [
    ['2026-06-15T11:59:00Z', []],
    ['2026-06-15T13:59:00+02:00', []],
    ['2026-06-15T11:59:00.123456789Z', []],
    ['2026-06-15 11:59:00z', []],
    ['2026-06-15T12:05:00Z', []],
    ['2026-06-15T12:05:01Z', ['observed_at:future']],
    ['2026-06-15T11:59:00', ['observed_at:format']],
    ['2026-06-15', ['observed_at:format']],
    ['2026-02-30T10:00:00Z', ['observed_at:format']],
    ['2026-06-15T25:00:00Z', ['observed_at:format']],
    ['yesterday', ['observed_at:format']],
    [1750000000, ['observed_at:type']],
    [null, ['observed_at:required']],
    ['2025-12-17T12:00:00Z', []],
    ['2025-12-17T11:59:59Z', ['observed_at:retention']],
  ];
  for (const [value, expected] of cases) {
    test(`${JSON.stringify(value)} → ${expected.join(', ') || 'valid'}`, () => assert.deepEqual(rulesOf({ observed_at: value }), expected));
  }
});

describe('other field rules', () => {
  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{ signal_id: 'E3B0C442-98FC-1C14-9AFB-F4C8996FB924' }, []],
    [{ signal_id: 'not-a-uuid' }, ['signal_id:format']],
    [{ colour: 'red' }, ['colour:unknown_field']],
    [{ signalKey: 'a.b' }, ['signalKey:unknown_field']],
    [{ ttl_seconds: 1.5 }, ['ttl_seconds:integer']],
    [{ ttl_seconds: '60' }, ['ttl_seconds:integer']],
    [{ source: 5 }, ['source:type']],
    [{ signal_value: { value: 'nul\u0000char' } }, ['signal_value:no_nul']],
    [{ subject_id: 'nul\u0000' }, ['subject_id:no_control_chars']],
    [{ source: undefined, signal_key: undefined }, ['source:required', 'signal_key:required']],
  ];
  for (const [over, expected] of cases) {
    test(`${JSON.stringify(over)} → ${expected.join(', ') || 'valid'}`, () => assert.deepEqual(rulesOf(over), expected));
  }
});

test('a configured value limit below the table ceiling applies', () => {
  const r = checkSignal({ ...base, signal_value: { value: 'x'.repeat(100) } }, { ...ctx, maxValueBytes: 64 });
  assert.ok(Array.isArray(r));
  assert.equal(r[0]!.rule, 'max_bytes');
  assert.equal(r[0]!.message, 'is 113 bytes serialized; the limit is 64');
});

test('validateSignal throws one error naming the field, the rule and a readable message', () => {
  assert.throws(() => validateSignal({ ...base, severity: 'urgent' }, { now: NOW }), (err: InvalidSignalError) =>
    err.code === 'invalid_signal' && err.message === 'severity must be null or one of info, low, medium, high, critical');
});

test('jsonbTextBytes measures what PostgreSQL prints for jsonb', () => {
  const cases: Array<[unknown, string]> = [
    [{}, '{}'], [[], '[]'], [{ a: 1 }, '{"a": 1}'], [[1, 'x', null, true], '[1, "x", null, true]'],
    [{ value: 'é\n"' }, '{"value": "é\\n\\""}'], [1e21, '1000000000000000000000'], [1.5e-7, '0.00000015'],
    [{ a: { b: [] } }, '{"a": {"b": []}}'], ['\u0001', '"\\u0001"'],
  ];
  for (const [value, text] of cases) assert.equal(jsonbTextBytes(value), Buffer.byteLength(text), JSON.stringify(value));
});
