import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { endPool, withTenant } from '../src/db/pools.ts';
import { SqlEmitter } from '../src/store/emitter.ts';
import { utcDay } from '../src/store/partitions.ts';
import { createTestDatabase, type TestDatabase, createTenantsAB } from './helpers/cluster.ts';

let db: TestDatabase;
let tenantA: string;
let tenantB: string;

const signal = (subjectId: string) => ({
  source: 'cert_scan', subjectType: 'domain', subjectId, key: 'cert.expiry_days', value: { value: 1 }, observedAt: new Date(),
});

before(async () => {
  db = await createTestDatabase();
  ({ tenantA, tenantB } = await createTenantsAB(db.pools.owner));
  const emitter = new SqlEmitter(db.pools.app);
  await emitter.emitBatch(tenantA, [signal('a1'), signal('a2'), signal('a3')]);
  await emitter.emitBatch(tenantB, [signal('b1')]);
});
after(async () => { await db.drop(); });

describe('row-level security on signal_streams', () => {
  test('a query that forgets its WHERE still sees only the current tenant', async () => {
    const a = await withTenant(db.pools.app, tenantA, (c) => c.query('SELECT subject_id FROM signal_streams ORDER BY 1'));
    const b = await withTenant(db.pools.app, tenantB, (c) => c.query('SELECT subject_id FROM signal_streams ORDER BY 1'));
    assert.deepEqual(a.rows.map((r) => r.subject_id), ['a1', 'a2', 'a3']);
    assert.deepEqual(b.rows.map((r) => r.subject_id), ['b1']);
  });

  test('with no tenant set the app role sees nothing', async () => {
    const r = await db.pools.app.query('SELECT count(*)::int AS n FROM signal_streams');
    assert.equal(r.rows[0].n, 0);
  });

  test('the tenant setting dies with its transaction, even on a reused connection', async () => {
    const single = new pg.Pool({ connectionString: db.appUrl, max: 1 });
    try {
      await withTenant(single, tenantA, (c) => c.query('SELECT 1'));
      const r = await single.query('SELECT count(*)::int AS n FROM signal_streams');
      assert.equal(r.rows[0].n, 0);
    } finally {
      await endPool(single);
    }
  });

  test("the app role cannot write a row into another tenant's data", async () => {
    await assert.rejects(
      withTenant(db.pools.app, tenantA, (c) => c.query(
        `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, observed_at)
         VALUES ($1, 'x', 'y', 'z', 'a.b', '{"value": 1}', now())`, [tenantB])),
      (err: { code: string }) => err.code === '42501',
    );
  });

  test('the app role owns nothing but its session temp tables, cannot bypass RLS, and RLS is forced', async () => {
    const role = await db.pools.owner.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'quorum_app'");
    assert.deepEqual(role.rows[0], { rolsuper: false, rolbypassrls: false });
    const owned = await db.pools.owner.query("SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = 'quorum_app' AND c.relpersistence <> 't'");
    assert.equal(owned.rows[0].n, 0);
    const rel = await db.pools.owner.query("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'signal_streams'");
    assert.deepEqual(rel.rows[0], { relrowsecurity: true, relforcerowsecurity: true });
  });

  test('the app role cannot read a partition directly, around the policy', async () => {
    const partition = `signal_streams_p${utcDay(new Date()).replaceAll('-', '')}`;
    await assert.rejects(
      withTenant(db.pools.app, tenantA, (c) => c.query(`SELECT count(*) FROM ${partition}`)),
      (err: { code: string }) => err.code === '42501',
    );
  });

  test("the feed's bounds (signal_writes) are read under the tenant only, and the app role cannot write them", async () => {
    const seen = async (tenant: string) => (await withTenant(db.pools.app, tenant, (c) => c.query('SELECT DISTINCT tenant_id::text AS t FROM signal_writes'))).rows.map((r) => r.t);
    assert.deepEqual(await seen(tenantA), [tenantA]);
    assert.deepEqual(await seen(tenantB), [tenantB]);
    const write = (sql: string) => withTenant(db.pools.app, tenantA, (c) => c.query(sql, [tenantA])).then(() => 'ok', (err: { code?: string }) => err.code);
    assert.equal(await write('INSERT INTO signal_writes (tenant_id, last_id, oldest_observed_at, newest_observed_at) VALUES ($1, 1, now(), now())'), '42501');
    assert.equal(await write('DELETE FROM signal_writes WHERE tenant_id = $1'), '42501');
  });

  test('the app role has no access to API keys at all', async () => {
    await assert.rejects(db.pools.app.query('SELECT * FROM api_keys'), (err: { code: string }) => err.code === '42501');
  });
});
