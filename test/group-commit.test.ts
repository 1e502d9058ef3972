// Group commit of small writes: concurrent requests of one tenant share one statement and one commit, yet each is
// answered after that commit with its own counts, keeps its own all-or-nothing, and dedups as if run one after another.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SqlEmitter, type SignalInput } from '../src/store/emitter.ts';
import { isDatabaseUnavailable } from '../src/db/sql-errors.ts';
import { createTestDatabase, type TestDatabase, createTenantsAB } from './helpers/cluster.ts';
import { freePort } from './helpers/process.ts';
import { endPool } from '../src/db/pools.ts';

let db: TestDatabase;
let tenantA: string;
let tenantB: string;

const signal = (subjectId: string, extra: Partial<SignalInput> = {}): SignalInput => ({
  source: 'cert_scan', subjectType: 'domain', subjectId, key: 'cert.expiry_days', value: { value: 1 }, observedAt: new Date(), ...extra,
});

async function rowsOf(subjectPrefix: string): Promise<{ tenant: string; subject: string; signal_id: string | null }[]> {
  const res = await db.pools.owner.query(
    'SELECT tenant_id::text AS tenant, subject_id AS subject, signal_id::text AS signal_id FROM signal_streams WHERE subject_id LIKE $1 ORDER BY subject_id',
    [`${subjectPrefix}%`]);
  return res.rows;
}

/** An app pool that records, for every message its connections are sent, the first word of each statement in it. */
function recordingPool(): { pool: pg.Pool; statements: string[] } {
  const statements: string[] = [];
  const pool = new pg.Pool({ connectionString: db.appUrl, max: 4 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (text: string | { text: string }, ...rest: unknown[]) => {
      statements.push((typeof text === 'string' ? text : text.text).split(';\n').map((t) => t.trim().split(/\s/)[0]!).join(' + '));
      return query(text, ...rest);
    };
  });
  return { pool, statements };
}

before(async () => {
  db = await createTestDatabase();
  ({ tenantA, tenantB } = await createTenantsAB(db.pools.owner));
});
after(async () => { await db.drop(); });

describe('group commit', () => {
  test('concurrent single signals of one tenant are stored by one statement and one commit, each answered with its own counts', async () => {
    const { pool, statements } = recordingPool();
    try {
      const emitter = new SqlEmitter(pool, { groupCommit: { maxWrites: 1 } });
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => emitter.emit(tenantA, signal(`one-${String(i).padStart(2, '0')}`))));
      assert.deepEqual(results, Array.from({ length: 20 }, () => ({ accepted: 1, duplicates: 0 })));
      // BEGIN travels with the statement; COMMIT is sent on its own after the statement answered.
      assert.deepEqual(statements, ['BEGIN + SELECT', 'COMMIT']);
      assert.equal((await rowsOf('one-')).length, 20);
    } finally {
      await endPool(pool);
    }
  });

  test('each request is answered only after the commit that holds its rows', async () => {
    const emitter = new SqlEmitter(db.pools.app);
    await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      await emitter.emit(tenantA, signal(`seen-${i}`));
      // Another connection sees the row at the moment the request is answered.
      assert.equal((await rowsOf(`seen-${i}`)).length, 1);
    }));
  });

  test('requests arriving while a group is written wait for it and form the next group', async () => {
    const { pool, statements } = recordingPool();
    try {
      const emitter = new SqlEmitter(pool, { groupCommit: { maxWrites: 1 } });
      const first = emitter.emit(tenantA, signal('next-0'));
      while (!statements.includes('BEGIN + SELECT')) await new Promise((r) => setImmediate(r));
      const rest = Array.from({ length: 5 }, (_, i) => emitter.emit(tenantA, signal(`next-${i + 1}`)));
      await Promise.all([first, ...rest]);
      assert.deepEqual(statements, ['BEGIN + SELECT', 'COMMIT', 'BEGIN + SELECT', 'COMMIT']);
      assert.equal((await rowsOf('next-')).length, 6);
    } finally {
      await endPool(pool);
    }
  });

  test('a signal_id repeated across requests of one group is stored once, by the earlier request, as sequential requests would', async () => {
    const emitter = new SqlEmitter(db.pools.app, { groupCommit: { maxWrites: 1 } });
    const [x, y] = [crypto.randomUUID(), crypto.randomUUID()];
    const results = await Promise.all([
      emitter.emit(tenantA, signal('dup-a', { signalId: x })),
      emitter.emitBatch(tenantA, [signal('dup-b1', { signalId: x }), signal('dup-b2', { signalId: y })]),
      emitter.emit(tenantA, signal('dup-c', { signalId: y })),
    ]);
    assert.deepEqual(results, [{ accepted: 1, duplicates: 0 }, { accepted: 1, duplicates: 1 }, { accepted: 0, duplicates: 1 }]);
    assert.deepEqual((await rowsOf('dup-')).map((r) => r.subject), ['dup-a', 'dup-b2']);
  });

  test('a request whose rows the table refuses gets its own error; the others of its group are stored', async () => {
    const emitter = new SqlEmitter(db.pools.app, { groupCommit: { maxWrites: 1 } });
    const wire = (subjectId: string) => ({ source: 'cert_scan', subject_type: 'domain', subject_id: subjectId, signal_key: 'cert.expiry_days', signal_value: { value: 1 }, observed_at: new Date().toISOString() });
    const good = (id: string) => emitter.store(tenantA, emitter.validate([wire(id)]));
    // Past the validator (store() takes validated signals): only the table's CHECK can refuse it now.
    const bad = emitter.validate([wire('refuse-bad-1'), wire('refuse-bad-2')]);
    bad[1] = { ...bad[1]!, source: 'Not A Source' };
    const outcomes = await Promise.allSettled([good('refuse-ok-1'), emitter.store(tenantA, bad), good('refuse-ok-2')]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason as { code?: string; status?: number };
    assert.equal(refusal.code, 'check_violation');
    assert.equal(refusal.status, 400);
    assert.deepEqual((await rowsOf('refuse-')).map((r) => r.subject), ['refuse-ok-1', 'refuse-ok-2']);
  });

  test('a database that cannot be reached fails every request of the group alike, as unavailable', async () => {
    const dead = new pg.Pool({ connectionString: `postgres://quorum_app:x@127.0.0.1:${await freePort()}/none`, connectionTimeoutMillis: 1000 });
    try {
      const emitter = new SqlEmitter(dead);
      const outcomes = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => emitter.emit(tenantA, signal(`dead-${i}`))));
      assert.ok(outcomes.every((o) => o.status === 'rejected' && isDatabaseUnavailable(o.reason)), JSON.stringify(outcomes));
    } finally {
      await endPool(dead);
    }
  });

  test('each tenant has its own groups: rows land under the tenant of their request', async () => {
    const emitter = new SqlEmitter(db.pools.app);
    await Promise.all(Array.from({ length: 12 }, (_, i) => emitter.emit(i % 2 ? tenantB : tenantA, signal(`tenant-${String(i).padStart(2, '0')}`))));
    const rows = await rowsOf('tenant-');
    assert.equal(rows.length, 12);
    rows.forEach((r, i) => assert.equal(r.tenant, i % 2 ? tenantB : tenantA, r.subject));
  });

  test('a group holds at most maxSignals signals; a request is never split', async () => {
    const { pool, statements } = recordingPool();
    try {
      const emitter = new SqlEmitter(pool, { groupCommit: { maxWrites: 1, maxSignals: 5 } });
      const batch = (p: string) => emitter.emitBatch(tenantA, [signal(`${p}-1`), signal(`${p}-2`), signal(`${p}-3`)]);
      const results = await Promise.all([batch('max-a'), batch('max-b'), batch('max-c')]);
      assert.deepEqual(results, [1, 2, 3].map(() => ({ accepted: 3, duplicates: 0 })));
      assert.equal(statements.filter((s) => s === 'COMMIT').length, 3);
    } finally {
      await endPool(pool);
    }
  });

  test('values travel inlined as literals and are stored exactly as sent: quotes, backslashes, placeholders, unicode', async () => {
    const tricky = { value: 1, note: "it's \\ a 'quote' \"and\" $1 $2::jsonb ; COMMIT; -- é 🛡", nested: { s: "\\'" } };
    const emitter = new SqlEmitter(db.pools.app);
    await Promise.all([emitter.emit(tenantA, signal('tricky-1', { value: tricky })), emitter.emit(tenantA, signal("tricky-2'", { value: tricky }))]);
    const res = await db.pools.owner.query("SELECT subject_id, signal_value FROM signal_streams WHERE subject_id LIKE 'tricky-%' ORDER BY subject_id");
    assert.deepEqual(res.rows, [{ subject_id: 'tricky-1', signal_value: tricky }, { subject_id: "tricky-2'", signal_value: tricky }]);
  });

  test('the stored-signal bus hears once per group, after commit', async () => {
    const heard: number[] = [];
    const emitter = new SqlEmitter(db.pools.app, { groupCommit: { maxWrites: 1 }, bus: { publish: (b) => { heard.push(b.count); } } });
    await Promise.all(Array.from({ length: 7 }, (_, i) => emitter.emit(tenantA, signal(`bus-${i}`))));
    assert.deepEqual(heard, [7]);
  });
});
