import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { SqlEmitter } from '../src/index.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { aSignal } from './helpers/hub.ts';
import { endPool } from '../src/db/pools.ts';

let db: TestDatabase;
let pool: pg.Pool;
before(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.appUrl, max: 1, options: '-c TimeZone=UTC' });
});
after(async () => {
  await endPool(pool);
  await db.drop();
});

test('a pooled connection whose first batch rolled back still stores the next batch', async () => {
  const tenant = (await createKeyStore(db.pools.owner).createTenant('staging')).id;
  const emitter = new SqlEmitter(pool, { ownerPool: db.pools.owner });
  const signal = emitter.validate([aSignal({ subject_id: 'rolled.example' })], false);
  await assert.rejects(emitter.store(tenant, signal, { inTransaction: async () => { throw new Error('receipts refused'); } }), /receipts refused/);
  const result = await emitter.store(tenant, signal);
  assert.deepEqual(result, { accepted: 1, duplicates: 0 });
  const n = await db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id = 'rolled.example'");
  assert.equal(n.rows[0].n, 1);
});
