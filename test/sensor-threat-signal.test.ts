import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkThreatSignal, fingerprintProblem } from '../src/ingest/threat-signal.ts';
import { DEFAULT_THREAT_TTLS, observedAtOf, parseThreatTtls, surelyFits, threatToRow, type MappingOptions } from '../src/ingest/sensor-mapping.ts';
import { DEFAULT_VALIDATION, jsonbTextBytes } from '../src/core/wire-format.ts';
import type { ValidSignal } from '../src/core/types.ts';

const base = { signalType: 'IP_THREAT', sourceIp: '203.0.113.5', severity: 'HIGH', confidence: 0.5 };
const geo = { latitude: 48.85, longitude: 2.35 };
const nested = (depth: number) => {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) v = { d: v };
  return v;
};

describe('ThreatSignal validation', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['a minimal IP_THREAT is valid', base, []],
    ['an IPv6 source is valid', { ...base, sourceIp: '2001:db8::1' }, []],
    ['unknown keys are ignored', { ...base, extra: true }, []],
    ['a fingerprint alone is a subject', { ...base, sourceIp: undefined, fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658' }, []],
    ['no subject at all is refused', { ...base, sourceIp: undefined }, ['sourceIp:subject_required']],
    ['an unknown type is refused', { ...base, signalType: 'SQLI' }, ['signalType:enum']],
    ['lower-case severity is refused', { ...base, severity: 'high' }, ['severity:enum']],
    ['confidence above 1 is refused', { ...base, confidence: 1.01 }, ['confidence:range']],
    ['confidence below 0 is refused', { ...base, confidence: -0.1 }, ['confidence:range']],
    ['confidence 0 and 1 are the bounds', { ...base, confidence: 0 }, []],
    ['eventCount 0 is refused', { ...base, eventCount: 0 }, ['eventCount:positive_integer']],
    ['fractional eventCount is refused', { ...base, eventCount: 1.5 }, ['eventCount:positive_integer']],
    ['a host name is not an IP', { ...base, sourceIp: 'example.com' }, ['sourceIp:ip']],
    ['metadata must be an object', { ...base, metadata: [1] }, ['metadata:type']],
    ['CREDENTIAL_STUFFING needs coordinates', { ...base, signalType: 'CREDENTIAL_STUFFING' }, ['metadata.latitude:range', 'metadata.longitude:range']],
    ['CREDENTIAL_STUFFING with coordinates is valid', { ...base, signalType: 'CREDENTIAL_STUFFING', metadata: { ...geo, countryCode: 'FR' } }, []],
    ['latitude 90.1 is out of range', { ...base, signalType: 'CREDENTIAL_STUFFING', metadata: { ...geo, latitude: 90.1 } }, ['metadata.latitude:range']],
    ['longitude -180 is in range', { ...base, signalType: 'CREDENTIAL_STUFFING', metadata: { ...geo, longitude: -180 } }, []],
    ['countryCode must have 2 characters', { ...base, signalType: 'CREDENTIAL_STUFFING', metadata: { ...geo, countryCode: 'FRA' } }, ['metadata.countryCode:length']],
    ['IMPOSSIBLE_TRAVEL needs a userId', { ...base, signalType: 'IMPOSSIBLE_TRAVEL', metadata: geo }, ['metadata.userId:required']],
    ['IMPOSSIBLE_TRAVEL with an empty userId is refused', { ...base, signalType: 'IMPOSSIBLE_TRAVEL', metadata: { ...geo, userId: '' } }, ['metadata.userId:required']],
    ['IMPOSSIBLE_TRAVEL with a userId is valid', { ...base, signalType: 'IMPOSSIBLE_TRAVEL', metadata: { ...geo, userId: 'u1' } }, []],
    ['a spoofed fingerprint is refused', { ...base, fingerprint: 'fake_fingerprint_value' }, ['fingerprint:spoofed_placeholder_prefix']],
    ['a bad timestamp is refused', { ...base, timestamp: 'yesterday' }, ['timestamp:format']],
    ['an unpaired surrogate in metadata is refused', { ...base, metadata: { note: 'a\ud800b' } }, ['metadata:well_formed']],
    ['a NUL in a metadata key is refused', { ...base, metadata: { 'a\u0000': 1 } }, ['metadata:no_nul']],
    ['metadata 33 levels deep is refused', { ...base, metadata: nested(33) }, ['metadata:max_depth']],
    ['metadata 32 levels deep is valid', { ...base, metadata: nested(32) }, []],
    ['a timestamp with an offset beyond ±14:00 is refused', { ...base, timestamp: '2026-01-01T00:00:00+20:00' }, ['timestamp:format']],
    ['a timestamp beyond what a Date holds is refused', { ...base, timestamp: 9e15 }, ['timestamp:format']],
    ['a paired surrogate in metadata is valid', { ...base, metadata: { note: 'a\ud83d\ude00b' } }, []],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => {
      const r = checkThreatSignal(input);
      assert.deepEqual(Array.isArray(r) ? r.map((v) => `${v.field}:${v.rule}`) : [], expected);
    });
  }

  test('defaults eventCount to 1, metadata to {} and lower-cases an IPv6 source', () => {
    assert.deepEqual(checkThreatSignal({ ...base, sourceIp: '2001:DB8::A' }), {
      signalType: 'IP_THREAT', sourceIp: '2001:db8::a', fingerprint: null, severity: 'HIGH', confidence: 0.5,
      eventCount: 1, metadata: {}, timestamp: null,
    });
  });

  test('names the index of a batch element in each violation', () => {
    assert.deepEqual(checkThreatSignal({ ...base, severity: 'NOPE' }, 7), [{ index: 7, field: 'severity', rule: 'enum', message: 'must be one of LOW, MEDIUM, HIGH, CRITICAL' }]);
  });
});

describe('fingerprint spoof rules', () => {
  const cases: [string, string | null][] = [
    ['t13d1516h2_8daaf6152771_b0da82dd1658', null],
    ['short', 'format'],
    ['has spaces in it here ok', 'format'],
    ['x'.repeat(257), 'format'],
    ['0000000000000000', 'all_zeros'],
    ['ab_aaaaaaaa_cdefgh123', 'repeated_char'],
    ['AB_aaaaAAAA_cdefgh123', 'repeated_char'],
    ['0123456789_abcdefgh', 'sequence_prefix'],
    ['123456_kfjdhsgrtq', 'sequence_prefix'],
    ['ABCDEF-998877xyz-12', 'sequence_prefix'],
    ['TestSensorPrint-99', 'placeholder_prefix'],
    ['fake-ja4-0192837465', 'placeholder_prefix'],
    ['spoof_1029384756zz', 'placeholder_prefix'],
    ['NULL_1029384756zzq', 'placeholder_prefix'],
    ['undefined_19283746', 'placeholder_prefix'],
    ['none.1029384756abc', 'placeholder_prefix'],
    ['abababababababab', 'low_variety'],
    ['abcabcabcabcabcabc', 'low_variety'],
    ['abcdabcdabcdabcd', null],
  ];
  for (const [fp, expected] of cases) {
    test(`judges ${JSON.stringify(fp.slice(0, 24))} as ${expected ?? 'acceptable'}`, () => {
      assert.equal(fingerprintProblem(fp), expected);
    });
  }
});

describe('ThreatSignal mapping onto signal_streams', () => {
  const opts: MappingOptions = { ttls: DEFAULT_THREAT_TTLS, maxSkewMs: 300_000, validation: DEFAULT_VALIDATION };
  const sensor = { sensorId: 'edge-7', name: 'Edge 7', region: 'eu-west', version: '2.1.0', kind: 'synapse' };
  const at = new Date('2026-11-22T03:00:00.000Z');

  test('maps an IP signal exactly', () => {
    const t = checkThreatSignal({ ...base, eventCount: 3, fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658', metadata: { rule_ids: ['rule_1'] } });
    assert.deepEqual(threatToRow(t as never, sensor, at, opts), {
      source: 'synapse', subjectType: 'ip', subjectId: '203.0.113.5', key: 'threat.ip_threat', severity: 'high',
      observedAt: '2026-11-22T03:00:00.000Z', ttlSeconds: 86_400, signalId: null,
      value: {
        value: 0.5, event_count: 3, fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658', metadata: { rule_ids: ['rule_1'] },
        sensor_id: 'edge-7', sensor_name: 'Edge 7', sensor_region: 'eu-west', sensor_version: '2.1.0',
        first_seen: '2026-11-22T03:00:00.000Z', last_seen: '2026-11-22T03:00:00.000Z',
      },
    });
  });

  test('each receive time is printed as itself, however the signals of several messages interleave', () => {
    const t = checkThreatSignal(base) as never;
    const times = [new Date('2026-11-22T03:00:00.000Z'), new Date('2026-11-22T03:00:00.500Z'), new Date('2026-11-22T03:00:00.000Z')];
    const seen = [0, 1, 1, 0, 2, 1].map((i) => (threatToRow(t, sensor, times[i]!, opts) as ValidSignal).observedAt);
    assert.deepEqual(seen, [0, 1, 1, 0, 2, 1].map((i) => times[i]!.toISOString()));
  });

  test('uses the fingerprint as subject when there is no IP, and omits unknown sensor context', () => {
    const t = checkThreatSignal({ signalType: 'BOT_SIGNATURE', fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658', severity: 'LOW', confidence: 0.1 });
    const row = threatToRow(t as never, { ...sensor, name: null, region: null, version: null, kind: 'waf_lite' }, at, opts);
    assert.ok(!Array.isArray(row));
    assert.equal(row.source, 'waf_lite');
    assert.equal(row.subjectType, 'fingerprint');
    assert.equal(row.subjectId, 't13d1516h2_8daaf6152771_b0da82dd1658');
    assert.equal(row.key, 'threat.bot_signature');
    assert.equal(row.severity, 'low');
    assert.deepEqual(Object.keys(row.value), ['value', 'event_count', 'fingerprint', 'metadata', 'sensor_id', 'first_seen', 'last_seen']);
  });

  test('refuses metadata that would not leave room for merging', () => {
    const t = checkThreatSignal({ ...base, metadata: { blob: 'x'.repeat(15_000) } });
    const r = threatToRow(t as never, sensor, at, opts);
    assert.ok(Array.isArray(r));
    assert.equal(r[0]!.rule, 'max_bytes');
  });

  const skew: [string, number | null, string][] = [
    ['no timestamp: the receive time', null, '2026-11-22T03:00:00.000Z'],
    ['a timestamp 299 s before: kept', at.getTime() - 299_000, '2026-11-22T02:55:01.000Z'],
    ['a timestamp 301 s before: the receive time', at.getTime() - 301_000, '2026-11-22T03:00:00.000Z'],
    ['a timestamp 300 s ahead: kept', at.getTime() + 300_000, '2026-11-22T03:05:00.000Z'],
  ];
  for (const [name, ts, expected] of skew) {
    test(`observed_at for ${name}`, () => assert.equal(observedAtOf({ timestamp: ts }, at, 300_000).toISOString(), expected));
  }

  test('reads TTL overrides per type and refuses unknown types and bad numbers', () => {
    const ttls = parseThreatTtls(['RATE_ANOMALY=600', ' IP_THREAT = 3600 ']);
    assert.equal(ttls.RATE_ANOMALY, 600);
    assert.equal(ttls.IP_THREAT, 3600);
    assert.equal(ttls.SCHEMA_VIOLATION, 604_800);
    assert.throws(() => parseThreatTtls(['SQLI=60']), /unknown signal type/);
    assert.throws(() => parseThreatTtls(['IP_THREAT=0']), /must be an integer/);
  });
});

describe('the cheap size bound', () => {
  const cases: [string, unknown, number, boolean][] = [
    ['a small object fits', { rule_ids: ['rule_1'] }, 100, true],
    ['an object one byte over jsonb size does not', { a: 'x'.repeat(10) }, jsonbTextBytes({ a: 'x'.repeat(10) }) - 1, false],
    ['an exponent number is left to the exact check', { n: 1e300 }, 10_000, false],
    ['a U+0000 is left to the exact check', { s: 'a\u0000b' }, 10_000, false],
  ];
  for (const [name, value, limit, expected] of cases) test(name, () => assert.equal(surelyFits(value, limit), expected));

  test('never says a value fits when its jsonb text is larger than the limit', () => {
    const alphabet = ['a', 'é', '€', '😀', '"', '\\', ',', ':', ' ', '\n'];
    for (let i = 0; i < 2000; i++) {
      const words = Array.from({ length: 1 + (i % 17) }, (_, k) => alphabet[(i * 7 + k * 3) % alphabet.length]!.repeat(1 + ((i + k) % 9)));
      const value = { list: words, n: i / 7, nested: { [words[0]!]: words.length, flag: i % 2 === 0 } };
      const exact = jsonbTextBytes(value);
      for (const limit of [exact - 1, exact, exact + 5, exact * 4]) {
        if (surelyFits(value, limit)) assert.ok(exact <= limit, `${JSON.stringify(value)} is ${exact} bytes, limit ${limit}`);
      }
    }
  });
});
