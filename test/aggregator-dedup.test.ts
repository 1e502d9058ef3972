import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dedupWindow, mergeRows, MAX_MERGED_SENSORS } from '../src/aggregate/dedup.ts';
import { checkThreatSignal } from '../src/ingest/threat-signal.ts';
import { DEFAULT_THREAT_TTLS, threatToRow } from '../src/ingest/sensor-mapping.ts';
import { DEFAULT_VALIDATION } from '../src/core/wire-format.ts';
import type { ValidSignal } from '../src/core/types.ts';

describe('dedup key', () => {
  const sensor = { sensorId: 's1', name: null, region: null, version: null, kind: 'synapse' };
  const mapped = (s: Record<string, unknown>) => threatToRow(checkThreatSignal({ severity: 'HIGH', confidence: 0.5, ...s }) as never, sensor,
    new Date('2026-11-22T03:00:00.000Z'), { ttls: DEFAULT_THREAT_TTLS, maxSkewMs: 0, validation: DEFAULT_VALIDATION }) as ValidSignal;
  const fp = 'fpfpfpfp_12345678';
  // Which mapped ThreatSignals share a row: one type about one source IP, else about one fingerprint.
  const cases: [string, Record<string, unknown>, Record<string, unknown>, boolean][] = [
    ['one type, one source IP', { signalType: 'IP_THREAT', sourceIp: '1.2.3.4' }, { signalType: 'IP_THREAT', sourceIp: '1.2.3.4', fingerprint: fp }, true],
    ['the IP counts, not the fingerprint', { signalType: 'IP_THREAT', sourceIp: '1.2.3.4', fingerprint: fp }, { signalType: 'IP_THREAT', sourceIp: '1.2.3.5', fingerprint: fp }, false],
    ['one type, one fingerprint without IP', { signalType: 'BOT_SIGNATURE', fingerprint: fp }, { signalType: 'BOT_SIGNATURE', fingerprint: fp }, true],
    ['two types about one IP', { signalType: 'IP_THREAT', sourceIp: '1.2.3.4' }, { signalType: 'RATE_ANOMALY', sourceIp: '1.2.3.4' }, false],
    ['an IP never merges with a fingerprint', { signalType: 'BOT_SIGNATURE', fingerprint: fp }, { signalType: 'BOT_SIGNATURE', sourceIp: '1.2.3.4', fingerprint: fp }, false],
  ];
  for (const [name, a, b, merges] of cases) {
    test(name, () => assert.deepEqual(dedupWindow([{ merges: true, row: mapped(a) }, { merges: true, row: mapped(b) }]).merged, [false, merges]));
  }
});

function row(over: Partial<ValidSignal> & { v?: Record<string, unknown> } = {}): ValidSignal {
  const { v, ...rest } = over;
  return {
    source: 'synapse', subjectType: 'ip', subjectId: '1.2.3.4', key: 'threat.ip_threat', severity: 'medium',
    observedAt: '2026-11-22T03:00:01.000Z', ttlSeconds: 86400, signalId: null,
    value: { value: 0.5, event_count: 1, metadata: { a: 1 }, sensor_id: 's1', first_seen: '2026-11-22T03:00:01.000Z', last_seen: '2026-11-22T03:00:01.000Z', ...v },
    ...rest,
  };
}

describe('merging rows of one key', () => {
  test('sums event counts, keeps the highest severity and confidence and widens first/last seen', () => {
    const a = row({ severity: 'high', v: { value: 0.4, event_count: 3, first_seen: '2026-11-22T03:00:02.000Z', last_seen: '2026-11-22T03:00:02.000Z' } });
    const b = row({ severity: 'low', v: { value: 0.9, event_count: 4, first_seen: '2026-11-22T03:00:01.000Z', last_seen: '2026-11-22T03:00:05.000Z', metadata: { b: 2 } } });
    const m = mergeRows(a, b);
    assert.equal(m.severity, 'high');
    assert.equal(m.observedAt, '2026-11-22T03:00:05.000Z');
    assert.deepEqual(m.value, { value: 0.9, event_count: 7, metadata: { a: 1 }, sensor_id: 's1', first_seen: '2026-11-22T03:00:01.000Z', last_seen: '2026-11-22T03:00:05.000Z' });
  });

  const severities: [ValidSignal['severity'], ValidSignal['severity'], ValidSignal['severity']][] = [
    ['low', 'critical', 'critical'], ['critical', 'medium', 'critical'], ['medium', 'high', 'high'], ['low', 'low', 'low'],
  ];
  for (const [x, y, expected] of severities) {
    test(`keeps ${expected} of ${x} and ${y}`, () => assert.equal(mergeRows(row({ severity: x }), row({ severity: y })).severity, expected));
  }

  test('takes the fingerprint of a later signal when the first had none', () => {
    assert.equal(mergeRows(row(), row({ v: { fingerprint: 'fp_later_1234567' } })).value.fingerprint, 'fp_later_1234567');
  });

  test('lists every reporting sensor when several reported the same subject, at most eight', () => {
    assert.deepEqual(mergeRows(row({ v: { sensor_id: 'b' } }), row({ v: { sensor_id: 'a' } })).value.sensor_ids, ['a', 'b']);
    assert.equal(mergeRows(row(), row()).value.sensor_ids, undefined);
    let m = row({ v: { sensor_id: 's0' } });
    for (let i = 1; i < 12; i++) m = mergeRows(m, row({ v: { sensor_id: `s${i}` } }));
    assert.equal((m.value.sensor_ids as string[]).length, MAX_MERGED_SENSORS);
  });
});

describe('dedup window', () => {
  test('collapses entries of one key and leaves keyless entries alone', () => {
    const w = dedupWindow([
      { merges: true, row: row({ v: { event_count: 1 } }) },
      { merges: false, row: row() },
      { merges: true, row: row({ subjectId: '5.6.7.8' }) },
      { merges: true, row: row({ v: { event_count: 5 } }) },
      { merges: false, row: row() },
    ]);
    assert.equal(w.rows.length, 4);
    assert.deepEqual(w.rowOf, [0, 1, 2, 0, 3]);
    assert.deepEqual(w.merged, [false, false, false, true, false]);
    assert.equal(w.rows[0]!.value.event_count, 6);
  });
});

describe('merging in either order', () => {
  const early = row({ severity: 'low', v: { value: 0.3, event_count: 2, fingerprint: 'fp_first_12345678', metadata: { first: true }, sensor_id: 's1', first_seen: '2026-11-22T03:00:01.000Z', last_seen: '2026-11-22T03:00:02.000Z' } });
  const late = row({ severity: 'high', v: { value: 0.8, event_count: 5, fingerprint: 'fp_second_1234567', metadata: { second: true }, sensor_id: 's2', first_seen: '2026-11-22T03:00:03.000Z', last_seen: '2026-11-22T03:00:09.000Z' } });

  test('the later signal first gives the same counts, confidence, severity and first/last seen', () => {
    for (const m of [mergeRows(early, late), mergeRows(late, early)]) {
      assert.equal(m.severity, 'high');
      assert.equal(m.observedAt, '2026-11-22T03:00:09.000Z');
      assert.deepEqual([m.value.value, m.value.event_count, m.value.first_seen, m.value.last_seen, m.value.sensor_ids],
        [0.8, 7, '2026-11-22T03:00:01.000Z', '2026-11-22T03:00:09.000Z', ['s1', 's2']]);
    }
  });
  test('the first row keeps its own fingerprint and metadata whichever came later', () => {
    assert.deepEqual([mergeRows(early, late).value.fingerprint, mergeRows(early, late).value.metadata], ['fp_first_12345678', { first: true }]);
    assert.deepEqual([mergeRows(late, early).value.fingerprint, mergeRows(late, early).value.metadata], ['fp_second_1234567', { second: true }]);
  });
  test('a severity of null gives way to any severity, and two nulls stay null', () => {
    assert.equal(mergeRows(row({ severity: null }), row({ severity: 'info' })).severity, 'info');
    assert.equal(mergeRows(row({ severity: 'info' }), row({ severity: null })).severity, 'info');
    assert.equal(mergeRows(row({ severity: null }), row({ severity: null })).severity, null);
  });
  test('equal first and last seen are kept as they are', () => {
    const m = mergeRows(row(), row());
    assert.deepEqual([m.value.first_seen, m.value.last_seen, m.value.event_count], ['2026-11-22T03:00:01.000Z', '2026-11-22T03:00:01.000Z', 2]);
  });
  test('rows that already list sensors merge their lists, sorted, without repeats', () => {
    const m = mergeRows(row({ v: { sensor_ids: ['s3', 's1'] } }), row({ v: { sensor_ids: ['s2', 's1'] } }));
    assert.deepEqual(m.value.sensor_ids, ['s1', 's2', 's3']);
  });
});
