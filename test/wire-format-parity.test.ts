import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { checkSignal, DEFAULT_VALIDATION, jsonbTextBytes, SIGNAL_RULES } from '../src/core/wire-format.ts';
import { signalCheckConstraints } from '../src/store/signal-constraints.ts';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';

let db: TestDatabase;
before(async () => { db = await createTestDatabase(); });
after(async () => { await db.drop(); });

const NOW = new Date();
const base = {
  source: 'cert_scan', subject_type: 'domain', subject_id: 'example.com', signal_key: 'cert.expiry_days',
  signal_value: { value: 12 }, severity: 'high', observed_at: NOW.toISOString(), ttl_seconds: null,
};

/** A value whose jsonb text is exactly `bytes` long, built around `filler` so several encodings are exercised. */
function valueOfSize(bytes: number, filler: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const v: Record<string, unknown> = { value: '', pad: '', ...extra };
  const unit = jsonbTextBytes(filler) - 2;
  while (jsonbTextBytes(v) + unit <= bytes) v.value = (v.value as string) + filler;
  while (jsonbTextBytes(v) < bytes) v.pad = `${v.pad as string}a`;
  assert.equal(jsonbTextBytes(v), bytes);
  return v;
}

const LIMIT = SIGNAL_RULES.signal_value.maxBytes;
const fields: Array<[string, unknown[], unknown[]]> = [
  ['source', ['a', 'cert_scan', 'dns_check', 'a1_b2_c3', 'x'.repeat(64), 'synapse', 'fastnetmon', 'v2'],
    ['Cert', '1abc', 'a__b', '_a', 'a_', 'a-b', '', 'x'.repeat(65), 'a b', 'é', 'cert.scan', 'CERT_SCAN']],
  ['subject_type', ['agent', 'endpoint', 'ip', 'dependency', 'a_1'],
    ['Agent', '9ip', 'ip_', 'sub-type', '', 'y'.repeat(65), 'ip\n']],
  ['subject_id', ['a', '10.0.0.5', '2001:db8::1', 'host name with spaces', 'ünïcödé', '🙂'.repeat(256), 'z'.repeat(256), 'tab\u00a0nbsp'],
    ['', 'z'.repeat(257), 'line\nbreak', 'tab\there', 'del\u007f', 'c1\u0085', 'a\u001fb', 'bell\u0007']],
  ['signal_key', ['a.b', 'cert.expiry_days', 'dns.dmarc_present', 'a1.b2.c3_d', `a.${'b'.repeat(126)}`],
    ['cert', 'Cert.x', 'cert.', '.cert', 'cert..x', 'cert.1x', 'cert-x.y', `a.${'b'.repeat(127)}`, 'a.B', '1a.b', 'a_.b-c']],
  ['signal_value', [
    { value: null }, { value: 0 }, { value: 'x', extra: [1, 2, { deep: true }] }, { value: { nested: 'yes' } }, { value: [1, 1.5, -2e-7, 1e21] },
    valueOfSize(LIMIT, 'x'), valueOfSize(LIMIT, 'é'), valueOfSize(LIMIT, '\n'), valueOfSize(LIMIT, '\u0001'), valueOfSize(LIMIT, '"', { n: [1.25, 3e-9, 4e22, true, null] }),
  ], [
    {}, { val: 1 }, [], [1], 'x', 5, true, { Value: 1 },
    valueOfSize(LIMIT + 1, 'x'), valueOfSize(LIMIT + 1, 'é'), valueOfSize(LIMIT + 1, '\n'), valueOfSize(LIMIT + 1, '\u0001'), valueOfSize(LIMIT + 1, '"', { n: [1.25, 3e-9, 4e22, true, null] }),
  ]],
  ['severity', [null, 'info', 'low', 'medium', 'high', 'critical'], ['HIGH', 'warn', '', 'critical ', 'none']],
  ['ttl_seconds', [null, 1, 60, 31_536_000], [0, -1, 31_536_001, 2 ** 31 - 1]],
];

const corpus = fields.flatMap(([field, valid, invalid]) => [
  ...valid.map((v) => ({ field, value: v, valid: true })),
  ...invalid.map((v) => ({ field, value: v, valid: false })),
]);

test('the shared corpus has at least 100 signals, valid and invalid', () => {
  assert.ok(corpus.length >= 100, `corpus has ${corpus.length}`);
  assert.ok(corpus.filter((c) => c.valid).length >= 40);
  assert.ok(corpus.filter((c) => !c.valid).length >= 50);
});

test('validateSignal and the table CHECK constraints give identical verdicts on every corpus signal', async () => {
  const tenant = randomUUID();
  const client = await db.pools.owner.connect();
  try {
    await client.query('BEGIN');
    const mismatches: string[] = [];
    for (const [i, c] of corpus.entries()) {
      const signal = { ...base, [c.field]: c.value };
      const ts = checkSignal(signal, { ...DEFAULT_VALIDATION, now: NOW });
      const tsValid = !Array.isArray(ts);
      await client.query('SAVEPOINT s');
      let dbValid = true;
      let constraint = '';
      try {
        await client.query(
          `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [tenant, signal.source, signal.subject_type, signal.subject_id, signal.signal_key, JSON.stringify(signal.signal_value), signal.severity, signal.observed_at, signal.ttl_seconds],
        );
        await client.query('RELEASE SAVEPOINT s');
      } catch (err) {
        const e = err as { code: string; constraint: string; message: string };
        assert.equal(e.code, '23514', `corpus #${i} (${c.field}) failed in the database with ${e.code}: ${e.message}`);
        dbValid = false;
        constraint = e.constraint;
        await client.query('ROLLBACK TO SAVEPOINT s');
      }
      if (tsValid !== c.valid || dbValid !== c.valid) mismatches.push(`#${i} ${c.field}=${JSON.stringify(c.value).slice(0, 60)}: expected ${c.valid}, ts ${tsValid}, db ${dbValid}`);
      if (!dbValid) assert.equal(constraint, `signal_streams_${c.field}_check`, `corpus #${i}`);
      if (!tsValid) assert.ok((ts as { field: string }[]).some((e) => e.field === c.field), `corpus #${i}: ts names ${JSON.stringify(ts)}`);
    }
    assert.deepEqual(mismatches, []);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});

test('the migrated CHECK constraints are exactly the ones rendered from the wire-format rules', async () => {
  const rendered = signalCheckConstraints();
  const client = await db.pools.owner.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE rendered_checks (LIKE signal_streams INCLUDING DEFAULTS)`);
    for (const [name, expr] of Object.entries(rendered)) {
      await client.query(`ALTER TABLE rendered_checks ADD CONSTRAINT ${name} CHECK (${expr})`);
    }
    const defs = async (table: string) => (await client.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c' ORDER BY conname`, [table],
    )).rows;
    assert.deepEqual(await defs('signal_streams'), await defs('rendered_checks'));
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});

test('text PostgreSQL cannot hold as given is refused by the validator, on every path: lone surrogates and NUL anywhere', async () => {
  // Not a CHECK-constraint case: the database either fails (jsonb) or the driver silently stores U+FFFD (text columns).
  const cases: Array<[string, unknown]> = [
    ['subject_id', 'a\ud800b'], ['subject_id', '\udc00'], ['subject_id', 'nul\u0000'],
    ['signal_value', { value: '\ud800' }], ['signal_value', { value: 1, ['k\udfff']: 1 }], ['signal_value', { value: [{ deep: 'x\u0000' }] }],
  ];
  const tenant = randomUUID();
  const client = await db.pools.owner.connect();
  try {
    await client.query('BEGIN');
    for (const [field, value] of cases) {
      const signal = { ...base, [field]: value };
      const ts = checkSignal(signal, { ...DEFAULT_VALIDATION, now: NOW });
      assert.ok(Array.isArray(ts) && ts.some((e) => e.field === field), `${field}=${JSON.stringify(value)} passes the validator`);
      await client.query('SAVEPOINT s');
      let heldAsGiven = false;
      try {
        const r = await client.query(
          `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING subject_id, signal_value`,
          [tenant, signal.source, signal.subject_type, signal.subject_id, signal.signal_key, JSON.stringify(signal.signal_value), signal.severity, signal.observed_at],
        );
        heldAsGiven = JSON.stringify(r.rows[0][field]) === JSON.stringify(value);
      } catch {
        heldAsGiven = false;
      }
      await client.query('ROLLBACK TO SAVEPOINT s');
      assert.equal(heldAsGiven, false, `${field}=${JSON.stringify(value)} is held by the database as given`);
    }
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});
