import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignal, DEFAULT_VALIDATION, jsonbTextBytes, validateSignal, validateSignals, validationContext } from '../src/core/wire-format.ts';
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

describe('the stored form', () => {
  test('an accepted signal comes back whole, in stored form, with signal_id lower-cased', () => {
    const r = checkSignal({ ...base, severity: 'high', ttl_seconds: 3600, signal_id: 'E3B0C442-98FC-1C14-9AFB-F4C8996FB924' }, ctx);
    assert.deepEqual(r, {
      source: 'cert_scan', subjectType: 'domain', subjectId: 'example.com', key: 'cert.expiry_days', value: { value: 12 },
      severity: 'high', observedAt: '2026-06-15T11:59:00Z', ttlSeconds: 3600, signalId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924',
    });
  });
  test('omitting severity, ttl_seconds and signal_id is the same as sending null', () => {
    const { severity: _s, ttl_seconds: _t, ...omitted } = base;
    const r = checkSignal(omitted, ctx);
    assert.ok(!Array.isArray(r));
    assert.deepEqual([r.severity, r.ttlSeconds, r.signalId], [null, null, null]);
  });
  test('omitting observed_at is refused as required', () => {
    const { observed_at: _o, ...omitted } = base;
    const r = checkSignal(omitted, ctx);
    assert.deepEqual(Array.isArray(r) ? r.map((e) => `${e.field}:${e.rule}`) : r, ['observed_at:required']);
  });
  test('something that is not an object is refused as a whole', () => {
    for (const input of [null, [], 'signal', 5]) {
      assert.deepEqual(checkSignal(input, ctx), [{ field: 'signal', rule: 'type', message: 'must be a JSON object' }]);
    }
  });
});

describe('field bounds and patterns', () => {
  const astral = '🙂';
  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{ source: 'a'.repeat(64) }, []], [{ source: 'a'.repeat(65) }, ['source:max_length']], [{ source: '' }, ['source:min_length']],
    [{ source: 'Cert' }, ['source:pattern']], [{ source: 'a__b' }, ['source:pattern']], [{ source: 'a_1' }, []],
    [{ subject_type: 'x'.repeat(65) }, ['subject_type:max_length']], [{ subject_type: 'ip_' }, ['subject_type:pattern']],
    [{ subject_id: astral.repeat(256) }, []], [{ subject_id: astral.repeat(257) }, ['subject_id:max_length']],
    [{ subject_id: 'x'.repeat(256) }, []], [{ subject_id: 'x'.repeat(257) }, ['subject_id:max_length']], [{ subject_id: '' }, ['subject_id:min_length']],
    [{ subject_id: 'a\u001fb' }, ['subject_id:no_control_chars']], [{ subject_id: 'a\u007fb' }, ['subject_id:no_control_chars']],
    [{ subject_id: 'a\u009fb' }, ['subject_id:no_control_chars']], [{ subject_id: 'a\u00a0b' }, []], [{ subject_id: 'a\ud800b' }, ['subject_id:well_formed']],
    [{ signal_key: `a.${'b'.repeat(126)}` }, []], [{ signal_key: `a.${'b'.repeat(127)}` }, ['signal_key:max_length']],
    [{ signal_key: 'cert' }, ['signal_key:pattern']], [{ signal_key: 'a.B' }, ['signal_key:pattern']], [{ signal_key: 'a.b_c.d1' }, []],
    [{ ttl_seconds: 1 }, []], [{ ttl_seconds: 0 }, ['ttl_seconds:range']], [{ ttl_seconds: 31_536_000 }, []], [{ ttl_seconds: 31_536_001 }, ['ttl_seconds:range']],
    [{ severity: 'info' }, []], [{ severity: 'critical' }, []], [{ severity: 'HIGH' }, ['severity:enum']],
    [{ signal_id: 5 }, ['signal_id:format']], [{ signal_id: 'e3b0c442-98fc-1c14-9afb-f4c8996fb92' }, ['signal_id:format']],
    [{ signal_id: 'xe3b0c442-98fc-1c14-9afb-f4c8996fb924' }, ['signal_id:format']], [{ signal_id: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924x' }, ['signal_id:format']],
    [{ signal_value: undefined }, ['signal_value:required']], [{ signal_value: null }, ['signal_value:type']], [{ signal_value: [1] }, ['signal_value:type']],
    [{ signal_value: 'x' }, ['signal_value:type']], [{ signal_value: { val: 1 } }, ['signal_value:has_value_key']],
    [{ signal_value: { value: null } }, []], [{ signal_value: { value: 'a\ud800' } }, ['signal_value:well_formed']],
  ];
  for (const [over, expected] of cases) {
    test(`${JSON.stringify(over).slice(0, 80)} → ${expected.join(', ') || 'valid'}`, () => assert.deepEqual(rulesOf(over), expected));
  }
  test('each message says the rule in words', () => {
    const r = checkSignal({ ...base, source: 'a'.repeat(65), signal_key: 'cert', ttl_seconds: 0, subject_id: '' }, ctx);
    assert.deepEqual(Array.isArray(r) ? r.map((e) => `${e.field} ${e.message}`) : r, [
      'source must be at most 64 characters', 'subject_id must be at least 1 character(s)',
      'signal_key must match ^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$', 'ttl_seconds must be between 1 and 31536000',
    ]);
  });
  test('nesting deeper than the limit is refused before anything walks it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5; i++) deep = [deep];
    const r = checkSignal({ ...base, signal_value: { value: deep } }, { ...ctx, maxJsonDepth: 3 });
    assert.deepEqual(r, [{ field: 'signal_value', rule: 'max_depth', message: 'must not nest objects and arrays more than 3 levels deep' }]);
  });
  test('a lone surrogate in a value names where it is', () => {
    const r = checkSignal({ ...base, signal_value: { value: 1, inner: { bad: 'x\udc00' } } }, ctx);
    assert.ok(Array.isArray(r));
    assert.equal(r[0]!.rule, 'well_formed');
    assert.match(r[0]!.message, /\(at .*bad.*\)$/);
  });
  test('a value limit above the table ceiling is held to the ceiling', () => {
    const r = checkSignal({ ...base, signal_value: { value: 'x'.repeat(16_400) } }, { ...ctx, maxValueBytes: 1_000_000 });
    assert.ok(Array.isArray(r));
    assert.equal(r[0]!.message, 'is 16413 bytes serialized; the limit is 16384');
  });
  test('a value exactly at the limit is accepted and one byte more is not', () => {
    const at = { value: 'x'.repeat(64 - '{"value": ""}'.length) };
    assert.equal(jsonbTextBytes(at), 64);
    assert.deepEqual(rulesOf({ signal_value: at }), []);
    assert.ok(Array.isArray(checkSignal({ ...base, signal_value: { value: `${at.value}x` } }, { ...ctx, maxValueBytes: 64 })));
    assert.ok(!Array.isArray(checkSignal({ ...base, signal_value: at }, { ...ctx, maxValueBytes: 64 })));
  });
});

describe('batches', () => {
  test('a good batch returns every signal in order', () => {
    const out = validateSignals([base, { ...base, subject_id: 'b.example' }], { now: NOW });
    assert.deepEqual(out.map((s) => s.subjectId), ['example.com', 'b.example']);
  });
  test('one bad signal refuses the batch, and every error names its index', () => {
    assert.throws(() => validateSignals([base, { ...base, source: 'X' }, { ...base, ttl_seconds: 0 }], { now: NOW }), (err: InvalidSignalError) => {
      assert.deepEqual(err.details?.errors, [
        { index: 1, field: 'source', rule: 'pattern', message: 'must match ^[a-z][a-z0-9]*(_[a-z0-9]+)*$' },
        { index: 2, field: 'ttl_seconds', rule: 'range', message: 'must be between 1 and 31536000' },
      ]);
      return true;
    });
  });
  test('outside a batch the errors carry no index', () => {
    assert.throws(() => validateSignals([{ ...base, source: 'X' }], { now: NOW }, false), (err: InvalidSignalError) => {
      assert.deepEqual(err.details?.errors, [{ field: 'source', rule: 'pattern', message: 'must match ^[a-z][a-z0-9]*(_[a-z0-9]+)*$' }]);
      return true;
    });
  });
});

test('jsonbTextBytes counts every escape and number form as PostgreSQL prints it', () => {
  const cases: Array<[unknown, string]> = [
    ['\t\b\f\r\n', '"\\t\\b\\f\\r\\n"'], ['\\', '"\\\\"'], ['"', '"\\""'], ['\u001f\u0000', '"\\u001f\\u0000"'], ['\u007f', '"\u007f"'],
    ['€🙂', '"€🙂"'], ['plain', '"plain"'], [false, 'false'], [null, 'null'], [-1.5e-7, '-0.00000015'], [1e-7, '0.0000001'],
    [-1e21, '-1000000000000000000000'], [1.5e21, '1500000000000000000000'], [123.456, '123.456'], [0, '0'],
    [{ a: undefined, b: 1 }, '{"b": 1}'], [{ 'k\t': 'v' }, '{"k\\t": "v"}'], [[[], {}], '[[], {}]'], [{ a: 1, b: 2, c: 3 }, '{"a": 1, "b": 2, "c": 3}'],
  ];
  for (const [value, text] of cases) assert.equal(jsonbTextBytes(value), Buffer.byteLength(text), JSON.stringify(value));
});

test('every refusal says its rule in words', () => {
  const messages = (over: Record<string, unknown>, c = ctx) => {
    const r = checkSignal({ ...base, ...over }, c);
    return Array.isArray(r) ? r.map((e) => `${e.field} ${e.rule}: ${e.message}`) : [];
  };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ colour: 1 }, 'colour unknown_field: is not a field of a signal'],
    [{ source: null }, 'source required: is required'],
    [{ source: 5 }, 'source type: must be a string'],
    [{ source: 'a\ud800' }, 'source well_formed: must be valid Unicode (it holds a lone surrogate)'],
    [{ subject_id: 'a\u0001' }, 'subject_id no_control_chars: must not contain control characters'],
    [{ severity: 'urgent' }, 'severity enum: must be null or one of info, low, medium, high, critical'],
    [{ ttl_seconds: 1.5 }, 'ttl_seconds integer: must be null or an integer'],
    [{ signal_id: 'x' }, 'signal_id format: must be a UUID'],
    [{ signal_value: undefined }, 'signal_value required: is required'],
    [{ signal_value: [] }, 'signal_value type: must be a JSON object'],
    [{ signal_value: {} }, 'signal_value has_value_key: must have the key "value"'],
    [{ signal_value: { value: 'a\u0000' } }, 'signal_value no_nul: must not contain the character U+0000 (at value)'],
    [{ observed_at: 5 }, 'observed_at type: must be an RFC 3339 string'],
    [{ observed_at: 'soon' }, 'observed_at format: must be an RFC 3339 timestamp with an offset within ±14:00, e.g. 2026-01-31T12:00:00Z'],
    [{ observed_at: '2026-06-15T12:10:00Z' }, 'observed_at future: must not be more than 300 s in the future'],
    [{ observed_at: '2025-01-01T00:00:00Z' }, 'observed_at retention: must not be older than the retention window of 180 days'],
  ];
  for (const [over, expected] of cases) assert.deepEqual(messages(over), [expected], JSON.stringify(over));
});

describe('validationContext', () => {
  test('fills every limit left out from the defaults and keeps the ones given', () => {
    assert.deepEqual(validationContext({ retentionDays: 7 }, NOW), { ...DEFAULT_VALIDATION, retentionDays: 7, now: NOW });
    assert.deepEqual(validationContext({ ...DEFAULT_VALIDATION, maxValueBytes: 100, now: NOW }), { ...DEFAULT_VALIDATION, maxValueBytes: 100, now: NOW });
  });

  test('takes the clock given over the one in the limits, and the current time when neither names one', () => {
    const later = new Date(NOW.getTime() + 1000);
    assert.equal(validationContext({ now: NOW }, later).now, later);
    const before = Date.now();
    const now = validationContext({}).now.getTime();
    assert.ok(now >= before && now <= Date.now());
  });

  test('a partial context given to validateSignals is completed, not used as it is', () => {
    const old = { ...base, observed_at: '2026-06-01T00:00:00Z' };
    assert.throws(() => validateSignals([old], { now: NOW, retentionDays: 7 }), (e: unknown) => e instanceof InvalidSignalError && e.errors[0]!.rule === 'retention');
    assert.throws(() => validateSignal({ ...base, signal_value: { value: 'x'.repeat(200) } }, { now: NOW, maxValueBytes: 100 }), (e: unknown) => e instanceof InvalidSignalError && e.errors[0]!.rule === 'max_bytes');
  });
});
