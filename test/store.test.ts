import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SqlEmitter, type SignalInput } from '../src/store/emitter.ts';
import { createPartitionManager } from '../src/store/partitions.ts';
import { runMaintenance } from '../src/store/maintenance.ts';
import { migrate } from '../src/db/migrate.ts';
import { endPool, localUrl } from '../src/db/pools.ts';
import { InvalidSignalError, QuorumError } from '../src/core/errors.ts';
import { createTestDatabase, testCluster, type TestDatabase } from './helpers/cluster.ts';

let db: TestDatabase;
let tenant: string;
const DAY = 86_400_000;

const input = (over: Partial<SignalInput> = {}): SignalInput => ({
  source: 'my_check', subjectType: 'agent', subjectId: 'agent-1', key: 'my.finding',
  value: { value: 42, extra: 'context' }, severity: 'high', observedAt: new Date(), ...over,
});

async function count(where = 'true', params: unknown[] = []): Promise<number> {
  return (await db.pools.owner.query(`SELECT count(*)::int AS n FROM signal_streams WHERE ${where}`, params)).rows[0].n;
}

before(async () => {
  db = await createTestDatabase();
  tenant = (await db.pools.owner.query("INSERT INTO tenants (name) VALUES ('t') RETURNING id")).rows[0].id;
});
after(async () => { await db.drop(); });

describe('SqlEmitter', () => {
  test('emit stores one signal with its native value and metadata', async () => {
    const emitter = new SqlEmitter(db.pools.app);
    assert.deepEqual(await emitter.emit(tenant, input({ subjectId: 'emit-one' })), { accepted: 1, duplicates: 0 });
    const row = (await db.pools.owner.query("SELECT * FROM signal_streams WHERE subject_id = 'emit-one'")).rows[0];
    assert.deepEqual(row.signal_value, { value: 42, extra: 'context' });
    assert.equal(row.tenant_id, tenant);
    assert.equal(row.severity, 'high');
  });

  test('emitBatch rejects the whole batch at the call site when one signal is invalid', async () => {
    const emitter = new SqlEmitter(db.pools.app);
    await assert.rejects(
      emitter.emitBatch(tenant, [input({ subjectId: 'batch-bad' }), input({ subjectId: 'batch-bad', key: 'Bad' })]),
      (err: InvalidSignalError) => err.errors[0]!.index === 1 && err.errors[0]!.field === 'signal_key',
    );
    assert.equal(await count("subject_id = 'batch-bad'"), 0);
  });

  test('emitBatch rolls everything back when the database refuses one row', async () => {
    // Without an owner pool the emitter cannot create partitions: a signal 20 days old has none.
    const emitter = new SqlEmitter(db.pools.app);
    await assert.rejects(
      emitter.emitBatch(tenant, [input({ subjectId: 'rollback' }), input({ subjectId: 'rollback', observedAt: new Date(Date.now() - 20 * DAY) })]),
      (err: QuorumError) => err.code === 'partition_missing',
    );
    assert.equal(await count("subject_id = 'rollback'"), 0);
  });

  test('creates the partition for a backfilled day when it has an owner pool', async () => {
    const emitter = new SqlEmitter(db.pools.app, { ownerPool: db.pools.owner });
    await emitter.emitBatch(tenant, [input({ subjectId: 'backfill', observedAt: new Date(Date.now() - 30 * DAY) })]);
    assert.equal(await count("subject_id = 'backfill'"), 1);
  });

  test('stores 5,000 signals in one COPY batch', async () => {
    const emitter = new SqlEmitter(db.pools.app);
    const batch = Array.from({ length: 5000 }, (_, i) => input({ subjectId: `bulk-${i}`, value: { value: i, text: 'quote " comma , newline \n' } }));
    assert.deepEqual(await emitter.emitBatch(tenant, batch), { accepted: 5000, duplicates: 0 });
    assert.equal(await count("subject_id LIKE 'bulk-%'"), 5000);
    const odd = (await db.pools.owner.query("SELECT signal_value FROM signal_streams WHERE subject_id = 'bulk-77'")).rows[0];
    assert.deepEqual(odd.signal_value, { value: 77, text: 'quote " comma , newline \n' });
  });

  test('concurrent resends of one signal_id store it exactly once', async () => {
    const emitter = new SqlEmitter(db.pools.app);
    const signalId = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => emitter.emit(tenant, input({ subjectId: 'race', signalId }))));
    assert.equal(results.reduce((n, r) => n + r.accepted, 0), 1);
    assert.equal(await count('signal_id = $1', [signalId]), 1);
  });

  test('tells the bus after commit how many rows each write stored, of which keys, and whether one reports an end; duplicates left out', async () => {
    const published: Array<{ tenantId: string; count: number; keys: string[]; ends: boolean; rowsThen: number }> = [];
    const rowsNow = async () => (await db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id = 'bus'")).rows[0].n as number;
    const seen: Promise<void>[] = [];
    const emitter = new SqlEmitter(db.pools.app, { bus: { publish: (b) => { seen.push(rowsNow().then((n) => { published.push({ ...b, keys: [...b.keys].sort(), rowsThen: n }); })); } } });
    const dup = randomUUID();
    await emitter.emit(tenant, input({ subjectId: 'bus', signalId: dup }));
    await Promise.all(seen);
    await emitter.emitBatch(tenant, [input({ subjectId: 'bus', signalId: dup }), input({ subjectId: 'bus' })]);
    await Promise.all(seen);
    await emitter.emitBatch(tenant, [input({ subjectId: 'bus', key: 'other.finding', value: { value: 1, ended: true } }), input({ subjectId: 'bus' })]);
    await Promise.all(seen);
    assert.deepEqual(published, [
      { tenantId: tenant, count: 1, keys: ['my.finding'], ends: false, rowsThen: 1 },
      { tenantId: tenant, count: 1, keys: ['my.finding'], ends: false, rowsThen: 2 },
      { tenantId: tenant, count: 2, keys: ['my.finding', 'other.finding'], ends: true, rowsThen: 4 },
    ]);
  });
});

describe('partitions and retention', () => {
  test('maintenance creates partitions ahead and drops whole partitions past retention', async () => {
    const partitions = createPartitionManager(db.pools.owner);
    const emitter = new SqlEmitter(db.pools.app, { ownerPool: db.pools.owner, validation: { retentionDays: 400 } });
    await emitter.emitBatch(tenant, [
      input({ subjectId: 'old', observedAt: new Date(Date.now() - 200 * DAY) }),
      input({ subjectId: 'recent', observedAt: new Date(Date.now() - 100 * DAY) }),
    ]);
    const result = await runMaintenance({ partitions, retentionDays: 180, aheadDays: 5, clock: () => new Date(), logger: { info: () => undefined, error: () => undefined } });
    assert.ok(result.dropped.length >= 1);
    assert.ok(result.dropped.every((name) => /^signal_streams_p\d{8}$/.test(name)));
    assert.equal(await count("subject_id = 'old'"), 0);
    assert.equal(await count("subject_id = 'recent'"), 1);
    const ahead = new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10).replaceAll('-', '');
    const exists = await db.pools.owner.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`signal_streams_p${ahead}`]);
    assert.equal(exists.rows[0].ok, true);
  });

  test('rejects a signal older than the retention window or too far in the future, naming the rule', async () => {
    const emitter = new SqlEmitter(db.pools.app, { ownerPool: db.pools.owner, validation: { retentionDays: 30, maxFutureSeconds: 60 } });
    await assert.rejects(emitter.emit(tenant, input({ observedAt: new Date(Date.now() - 31 * DAY) })), (e: InvalidSignalError) => e.errors[0]!.rule === 'retention');
    await assert.rejects(emitter.emit(tenant, input({ observedAt: new Date(Date.now() + 120_000) })), (e: InvalidSignalError) => e.errors[0]!.rule === 'future');
  });
});

describe('migrations', () => {
  test('two hubs migrating one empty database at once apply each migration exactly once', async () => {
    const c = testCluster();
    const name = `m_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: localUrl('postgres', c.ownerPassword, c.port, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: localUrl('postgres', c.ownerPassword, c.port, name) }));
    try {
      const [a, b] = await Promise.all(pools.map((p) => migrate(p)));
      assert.ok(a!.length > 0 || b!.length > 0);
      assert.deepEqual([...a!, ...b!].sort(), [...new Set([...a!, ...b!])].sort());
      const rows = await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
      assert.equal(rows.rowCount, a!.length + b!.length);
      assert.deepEqual(await migrate(pools[0]!), []);
    } finally {
      await Promise.all(pools.map(endPool));
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('closing a pool', () => {
  const sessions = async (name: string) => (await db.pools.owner.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name])).rows[0]!.n;

  test('endPool resolves once every connection is closed', async () => {
    // pg-pool's end() resolves once it has asked its connections to close: a database dropped right after would still
    // terminate one, an unhandled 'error' on a pool without a listener (a test file's process ended by it).
    const name = `endpool-${randomUUID().slice(0, 8)}`;
    const pool = new pg.Pool({ connectionString: db.appUrl, application_name: name, max: 3 });
    const clients = await Promise.all([0, 1, 2].map(() => pool.connect()));
    let closed = 0;
    for (const c of clients) c.once('end', () => closed++);
    for (const c of clients) c.release();
    assert.equal(await sessions(name), 3);
    await endPool(pool);
    assert.equal(closed, 3);
    assert.equal(await sessions(name), 0);
  });

  test('endPool returns within its bound when a caller never releases its connection, which pool.end() alone waits for', async () => {
    const name = `endpool-${randomUUID().slice(0, 8)}`;
    const pool = new pg.Pool({ connectionString: db.appUrl, application_name: name, max: 1 });
    const held = await pool.connect();
    await held.query('BEGIN');
    const started = performance.now();
    try {
      // Bounded here so that the test fails instead of hanging when endPool is not.
      const ended = await Promise.race([endPool(pool).then(() => true), new Promise((resolve) => setTimeout(resolve, 15_000, false).unref())]);
      assert.equal(ended, true, 'endPool waited for a connection nobody releases');
      assert.ok(performance.now() - started >= 4_000, 'endPool gave up before its bound');
    } finally {
      held.release(true);
    }
  });

  test('an empty pool ends at once', async () => {
    await endPool(new pg.Pool({ connectionString: db.appUrl }));
  });
});
