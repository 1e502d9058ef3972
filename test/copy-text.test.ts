// Signals as COPY text in Buffers: each line as PostgreSQL's text format has it, whole lines in every chunk.
// Pure: no database; test/ingest-paths.test.ts stores tricky rows through both COPY paths and reads them back.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signalCopyChunks } from '../src/store/copy-text.ts';
import type { ValidSignal } from '../src/core/types.ts';
import { checkSignal, DEFAULT_VALIDATION } from '../src/core/wire-format.ts';

const signal = (over: Partial<ValidSignal> = {}): ValidSignal => ({
  source: 'synapse', subjectType: 'ip', subjectId: '192.0.2.7', key: 'threat.ip_threat', value: { value: 0.8 },
  severity: 'high', observedAt: '2026-12-05T05:00:00.000Z', ttlSeconds: 3600, signalId: null, ...over,
});
const decoded = (chunks: Buffer[]) => chunks.map((c) => c.toString('utf8')).join('');

describe('signals as COPY text', () => {
  test('a line holds the lead, the nine input columns and the position, with \\N for what is absent', () => {
    const s = signal({ severity: null, ttlSeconds: null });
    assert.equal(decoded(signalCopyChunks([s], 'tenant-1', false)),
      'tenant-1\tsynapse\tip\t192.0.2.7\tthreat.ip_threat\t{"value":0.8}\t\\N\t2026-12-05T05:00:00.000Z\t\\N\t\\N\n');
    assert.equal(decoded(signalCopyChunks([s, signal({ signalId: '0b9c3f0e-1d2a-4c5b-8e7f-123456789abc' })], null, true)),
      'synapse\tip\t192.0.2.7\tthreat.ip_threat\t{"value":0.8}\t\\N\t2026-12-05T05:00:00.000Z\t\\N\t\\N\t0\n'
      + 'synapse\tip\t192.0.2.7\tthreat.ip_threat\t{"value":0.8}\thigh\t2026-12-05T05:00:00.000Z\t3600\t0b9c3f0e-1d2a-4c5b-8e7f-123456789abc\t1\n');
  });

  test('tab, newline, carriage return and backslash are escaped in text and in JSON', () => {
    const line = decoded(signalCopyChunks([signal({ subjectId: 'a\tb\nc\rd\\e', value: { note: 'x\\y\tz' } })], null, false));
    assert.equal(line.split('\t')[2], 'a\\tb\\nc\\rd\\\\e');
    assert.equal(line.split('\t')[4], '{"note":"x\\\\\\\\y\\\\tz"}');
  });

  test('thousands of rows, multi-byte text among them, come as whole lines in chunks of at most 256 KiB', () => {
    const signals = Array.from({ length: 5000 }, (_, i) => signal({ subjectId: `10.0.${i >> 8}.${i & 255}`, value: { value: i, note: i % 7 === 0 ? '€𝄞ü'.repeat(20) : 'plain' } }));
    const chunks = signalCopyChunks(signals, 't', false);
    assert.ok(chunks.length > 1, 'more than one chunk');
    for (const c of chunks) {
      assert.ok(c.length <= 256 * 1024);
      assert.equal(c[c.length - 1], 10, 'a chunk ends with a whole line');
    }
    const expected = signals.map((s) => `t\tsynapse\tip\t${s.subjectId}\tthreat.ip_threat\t${JSON.stringify(s.value)}\thigh\t2026-12-05T05:00:00.000Z\t3600\t\\N\n`).join('');
    assert.equal(decoded(chunks), expected);
  });

  test('a few rows hold memory of about their size, not a whole chunk (COPY data may wait for its flush)', () => {
    const [chunk, ...rest] = signalCopyChunks([signal()], 't', false);
    assert.deepEqual(rest, []);
    assert.ok(chunk!.buffer.byteLength <= 8192, `${chunk!.buffer.byteLength} bytes held for a line of ${chunk!.length}`);
    const many = signalCopyChunks(Array.from({ length: 2000 }, () => signal()), 't', false);
    assert.ok(many.every((c) => c.buffer.byteLength <= 2 * c.length), 'no chunk is less than half used');
  });

  test('a row larger than a chunk of three-byte characters gets a Buffer of its own, never cut short', () => {
    const big = signal({ value: { note: '€'.repeat(100_000) } });
    const chunks = signalCopyChunks([signal(), big, signal()], null, false);
    assert.equal(decoded(chunks).split('\n')[1]!.split('\t')[4], JSON.stringify(big.value));
    assert.equal(decoded(chunks).split('\n').length, 4);
  });

  test('only subject_id may hold a special character: every other text field refuses tab, newline, CR and backslash', () => {
    const now = new Date();
    const wire = { source: 'cert_scan', subject_type: 'domain', subject_id: 'example.com', signal_key: 'cert.expiry_days', signal_value: { value: 1 },
      severity: 'low', observed_at: now.toISOString(), ttl_seconds: 60, signal_id: '0b9c3f0e-1d2a-4c5b-8e7f-123456789abc' };
    const check = (over: Record<string, unknown>) => checkSignal({ ...wire, ...over }, { ...DEFAULT_VALIDATION, now });
    assert.ok(!Array.isArray(check({})), 'the plain signal is valid');
    for (const special of ['\t', '\n', '\r', '\\']) {
      for (const field of ['source', 'subject_type', 'signal_key', 'severity', 'observed_at', 'signal_id'] as const) {
        const base = String(wire[field]);
        for (const text of [special + base, base + special, base.slice(0, 2) + special + base.slice(2)]) {
          assert.ok(Array.isArray(check({ [field]: text })), `${field} ${JSON.stringify(text)} is refused`);
        }
      }
    }
    const withBackslash = check({ subject_id: 'a\\b' });
    assert.ok(!Array.isArray(withBackslash), 'subject_id may hold a backslash');
    assert.equal(decoded(signalCopyChunks([withBackslash as ValidSignal], null, false)).split('\t')[2], 'a\\\\b', 'and it is escaped');
  });
});
