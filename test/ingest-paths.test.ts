// The cheap ingest paths of migration 008: one statement for a small batch, and COPY straight in as quorum_ingest,
// a role that may only add rows to signal_streams: it reads nothing and touches no other table.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SqlEmitter, type SignalInput } from '../src/store/emitter.ts';
import { loadCredentials } from '../src/db/embedded.ts';
import { recordReceipts } from '../src/aggregate/receipt-queries.ts';
import { createTestDatabase, type TestDatabase, createTenantsAB } from './helpers/cluster.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { endPool } from '../src/db/pools.ts';

let db: TestDatabase;
let tenantA: string;
let tenantB: string;

const signal = (subjectId: string, extra: Partial<SignalInput> = {}): SignalInput => ({
  source: 'cert_scan', subjectType: 'domain', subjectId, key: 'cert.expiry_days', value: { value: 1 }, observedAt: new Date(), ...extra,
});
const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => signal(`${prefix}${i}`));

async function countOf(tenantId: string): Promise<number> {
  return (await db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams WHERE tenant_id = $1', [tenantId])).rows[0].n;
}

/** Runs one statement as quorum_ingest and returns its SQLSTATE, or 'ok'. */
async function asIngest(sql: string, params: unknown[] = []): Promise<string> {
  return db.pools.ingest.query(sql, params).then(() => 'ok', (err: { code?: string }) => err.code ?? 'error');
}

/** A pool that must not be used: the test fails if the emitter reaches for it. */
const unusablePool = { query: () => assert.fail('the app pool was used'), connect: () => assert.fail('the app pool was used') } as unknown as pg.Pool;

before(async () => {
  db = await createTestDatabase();
  ({ tenantA, tenantB } = await createTenantsAB(db.pools.owner));
});
after(async () => { await db.drop(); });

describe('quorum_ingest may only add rows to signal_streams', () => {
  test('it cannot read any table, not even the rows it wrote', async () => {
    for (const table of ['signal_streams', 'signal_ids', 'tenants', 'api_keys', 'sensors', 'sensor_receipts', 'mitigations', 'signal_groups', 'feed_positions', 'block_changes', 'signal_writes']) {
      assert.equal(await asIngest(`SELECT 1 FROM ${table} LIMIT 1`), '42501', table);
    }
  });

  test('it cannot change or delete rows, nor write any other table', async () => {
    assert.equal(await asIngest("UPDATE signal_streams SET severity = 'low'"), '42501');
    assert.equal(await asIngest('DELETE FROM signal_streams'), '42501');
    assert.equal(await asIngest('TRUNCATE signal_streams'), '42501');
    assert.equal(await asIngest("INSERT INTO tenants (name) VALUES ('intruder')"), '42501');
    assert.equal(await asIngest('INSERT INTO signal_ids (tenant_id, signal_id, observed_at) VALUES ($1, gen_random_uuid(), now())', [tenantA]), '42501');
    assert.equal(await asIngest("SELECT quorum_store_signals($1, '[]')", [tenantA]), '42501');
    // Its COPY leaves the feed's bound through the trigger's definer, never by its own hand.
    assert.equal(await asIngest('INSERT INTO signal_writes (tenant_id, last_id, oldest_observed_at, newest_observed_at) VALUES ($1, 1, now(), now())', [tenantA]), '42501');
    assert.equal(await asIngest('CREATE TABLE intruder (x int)'), '42501');
  });

  test('it records sensor receipts only through quorum_record_sensor_receipts, under the tenant it names', async () => {
    assert.equal(await asIngest("INSERT INTO sensor_receipts (tenant_id, sensor_id, message_id, signal_count, stored, merged, duplicates) VALUES ($1, 'edge', 'direct', 1, 1, 0, 0)", [tenantA]), '42501');
    // A temporary table of its own named like the real one is not where the definer's function writes.
    const client = await db.pools.ingest.connect();
    try {
      await client.query('CREATE TEMP TABLE sensor_receipts (tenant_id uuid, sensor_id text, message_id text, signal_count int, stored int, merged int, duplicates int)').catch(() => undefined);
      const call = "SELECT sensor_id, message_id FROM quorum_record_sensor_receipts($1, '{edge}', '{via-fn}', '{1}', '{1}', '{0}', '{0}')";
      assert.deepEqual((await client.query(call, [tenantA])).rows, []);
      assert.deepEqual((await client.query(call, [tenantA])).rows, [{ sensor_id: 'edge', message_id: 'via-fn' }], 'the second call finds the receipt committed');
    } finally {
      await client.query('DISCARD TEMP').catch(() => undefined);
      client.release();
    }
    const stored = await db.pools.owner.query("SELECT tenant_id::text AS t FROM sensor_receipts WHERE message_id = 'via-fn'");
    assert.deepEqual(stored.rows.map((r) => r.t), [tenantA]);
  });

  test('quorum_record_sensor_receipts puts the caller\'s tenant setting back', async () => {
    const res = await db.pools.owner.query(
      `SELECT (SELECT count(*) FROM quorum_record_sensor_receipts($1, '{edge}', '{restore}', '{1}', '{1}', '{0}', '{0}')) AS n,
              current_setting('app.current_tenant', true) AS after`, [tenantB]);
    assert.equal(res.rows[0].after ?? '', '');
  });

  test('its rows still meet every CHECK constraint', async () => {
    const code = await asIngest(
      `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, observed_at)
       VALUES ($1, 'Not A Source', 'domain', 'x', 'cert.expiry_days', '{"value": 1}', now())`, [tenantA]);
    assert.equal(code, '23514');
  });
});

describe('the emitter picks the cheapest path that keeps the guarantees', () => {
  test('a large batch without signal_ids is copied straight in as quorum_ingest, under the tenant it was given', async () => {
    const emitter = new SqlEmitter(unusablePool, { ingestPool: db.pools.ingest });
    const before = await countOf(tenantB);
    const result = await emitter.emitBatch(tenantA, many(40, 'copy-'));
    assert.deepEqual(result, { accepted: 40, duplicates: 0 });
    const rows = await db.pools.owner.query('SELECT DISTINCT tenant_id::text AS t FROM signal_streams WHERE subject_id LIKE $1', ['copy-%']);
    assert.deepEqual(rows.rows.map((r) => r.t), [tenantA]);
    assert.equal(await countOf(tenantB), before);
  });

  test('a copied batch with one row the table refuses stores nothing and answers 400', async () => {
    const emitter = new SqlEmitter(unusablePool, { ingestPool: db.pools.ingest });
    const valid = emitter.validate(many(30, 'refused-').map((s) => ({
      source: s.source, subject_type: s.subjectType, subject_id: s.subjectId, signal_key: s.key, signal_value: s.value,
      observed_at: new Date().toISOString(),
    })));
    // Past the validator (store() takes validated signals): only the table's CHECK can refuse it now.
    valid[17] = { ...valid[17]!, source: 'Not A Source' };
    await assert.rejects(emitter.store(tenantA, valid), (err: { code?: string; status?: number }) => err.code === 'check_violation' && err.status === 400);
    const n = await db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id LIKE 'refused-%'");
    assert.equal(n.rows[0].n, 0);
  });

  test('a sensor flush copies straight in as quorum_ingest with its receipts, and a receipt conflict stores nothing', async () => {
    const emitter = new SqlEmitter(unusablePool, { ingestPool: db.pools.ingest });
    const valid = emitter.validate(many(3, 'flush-').map((s) => ({
      source: s.source, subject_type: s.subjectType, subject_id: s.subjectId, signal_key: s.key, signal_value: s.value,
      observed_at: new Date().toISOString(),
    })));
    const receipt = { sensorId: 'edge-flush', messageId: 'm-1', signalCount: 3, stored: 3, merged: 0, duplicates: 0 };
    const flush = () => emitter.store(tenantA, valid, {
      inTransaction: async (client) => {
        if ((await recordReceipts(client, tenantA, [receipt])).length > 0) throw new Error('committed before');
      },
    });
    assert.deepEqual(await flush(), { accepted: 3, duplicates: 0 });
    await assert.rejects(flush(), /committed before/);
    const n = await db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id LIKE 'flush-%'");
    assert.equal(n.rows[0].n, 3, 'the second flush rolled back its rows with its receipt');
  });

  test('batches prepared as COPY data apart are stored in one transaction, published once, and only without signal_ids', async () => {
    const published: { count: number; keys: ReadonlySet<string> }[] = [];
    const emitter = new SqlEmitter(unusablePool, { ingestPool: db.pools.ingest, bus: { publish: (e) => published.push(e) } });
    const valid = (prefix: string, key: string) => emitter.validate(many(3, prefix).map((s) => ({
      source: s.source, subject_type: s.subjectType, subject_id: s.subjectId, signal_key: key, signal_value: s.value, observed_at: new Date().toISOString(),
    })));
    const one = emitter.prepareCopy(tenantA, valid('prep-a-', 'cert.expiry_days'))!;
    const two = emitter.prepareCopy(tenantA, valid('prep-b-', 'cert.issuer_changed'))!;
    assert.equal(emitter.prepareCopy(tenantA, valid('prep-c-', 'cert.expiry_days').map((r) => ({ ...r, signalId: crypto.randomUUID() }))), null, 'signal_ids need the ledger');
    assert.equal(new SqlEmitter(db.pools.app).prepareCopy(tenantA, valid('prep-d-', 'cert.expiry_days')), null, 'no ingest pool');
    assert.throws(() => emitter.prepareCopy('not-a-tenant', valid('prep-e-', 'cert.expiry_days')), /UUID/);
    const stored = (prefix: string) => db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams WHERE tenant_id = $1 AND subject_id LIKE $2', [tenantA, `${prefix}%`]);

    await assert.rejects(emitter.storePrepared([one, two], { inTransaction: async () => { throw new Error('receipts refused'); } }), /receipts refused/);
    assert.equal((await stored('prep-')).rows[0].n, 0, 'nothing of either batch');
    assert.equal(published.length, 0, "nothing published");

    assert.deepEqual(await emitter.storePrepared([one, two], { inTransaction: async (_c, ids) => assert.equal(ids.size, 0) }), { accepted: 6, duplicates: 0 });
    assert.equal((await stored('prep-')).rows[0].n, 6);
    assert.deepEqual(published.map((e) => [e.count, [...e.keys].sort()]), [[6, ['cert.expiry_days', 'cert.issuer_changed']]]);
    const other = { ...one, tenantId: tenantB };
    await assert.rejects(emitter.storePrepared([one, other], {}), /several tenants/);
  });

  test('rows with backslashes, quotes and escapes in their text are stored as given on both COPY paths', async () => {
    const tricky = ['back\\slash', '\\N', '\\.', 'quote"d', 'comma,semi;', 'tab\tnew\nline\r', 'ünï €𝄞', '\\\\two'];
    const batch = (prefix: string) => tricky.flatMap((t, i) => [0, 1, 2].map((j) => signal(`${prefix}${i}-${j}-${t.replace(/[\t\n\r]/g, '')}`, {
      value: { value: j, note: t, nested: { list: [t, null, true] } },
    })));
    const straight = new SqlEmitter(unusablePool, { ingestPool: db.pools.ingest });
    const staged = new SqlEmitter(db.pools.app, { ingestPool: db.pools.ingest });
    const sent = [...batch('esc-straight-'), ...batch('esc-staged-').map((x) => ({ ...x, signalId: crypto.randomUUID() }))];
    assert.ok(sent.length / 2 > 16, 'both batches take a COPY path');
    await straight.emitBatch(tenantA, sent.slice(0, sent.length / 2));
    await staged.emitBatch(tenantA, sent.slice(sent.length / 2));
    const back = await db.pools.owner.query("SELECT subject_id, signal_value FROM signal_streams WHERE subject_id LIKE 'esc-%'");
    const bySubject = (a: { subject_id: string }, b: { subject_id: string }) => (a.subject_id < b.subject_id ? -1 : 1);
    assert.deepEqual(back.rows.sort(bySubject), sent.map((x) => ({ subject_id: x.subjectId, signal_value: x.value })).sort(bySubject));
  });

  test('a large batch with signal_ids goes through the ledger on the app path, so a retry stores nothing twice', async () => {
    const emitter = new SqlEmitter(db.pools.app, { ingestPool: db.pools.ingest });
    const batch = many(25, 'ids-').map((s) => ({ ...s, signalId: crypto.randomUUID() }));
    assert.deepEqual(await emitter.emitBatch(tenantA, batch), { accepted: 25, duplicates: 0 });
    assert.deepEqual(await emitter.emitBatch(tenantA, batch), { accepted: 0, duplicates: 25 });
  });

  test('a single signal costs two round trips: BEGIN with one statement that sets the tenant and stores, then COMMIT', async () => {
    const statements: string[] = [];
    const single = new pg.Pool({ connectionString: db.appUrl, max: 1 });
    single.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (text: string | { text: string }, ...rest: unknown[]) => {
        statements.push(typeof text === 'string' ? text : text.text);
        return query(text, ...rest);
      };
    });
    try {
      const id = crypto.randomUUID();
      assert.deepEqual(await new SqlEmitter(single).emit(tenantA, signal('single', { signalId: id })), { accepted: 1, duplicates: 0 });
      assert.deepEqual(statements.map((t) => t.split(/\s/)[0]), ['BEGIN;', 'COMMIT']);
      assert.match(statements[0]!, /^BEGIN;\nSELECT .* FROM quorum_store_signals\(/);
      assert.deepEqual(await new SqlEmitter(single).emit(tenantA, signal('single', { signalId: id })), { accepted: 0, duplicates: 1 });
      // The tenant setting died with the transaction: the same connection, asked again, reads nothing.
      const after = await single.query("SELECT current_setting('app.current_tenant', true) AS t, (SELECT count(*)::int FROM signal_streams) AS n");
      assert.ok(!after.rows[0].t);
      assert.equal(after.rows[0].n, 0);
    } finally {
      await endPool(single);
    }
  });
});

describe('through the hub', () => {
  let hub: TestHub;
  before(async () => { hub = await startTestHub(); });
  after(async () => { await hub.close(); });

  test('a batch POSTed with a tenant\'s key lands in that tenant only', async () => {
    const other = await hub.keys.createTenant('other');
    const key = (await hub.keys.createKey({ tenantId: other.id, scopes: ['signal:write'] })).key;
    const signals = Array.from({ length: 50 }, (_, i) => ({
      source: 'cert_scan', subject_type: 'domain', subject_id: `hub-${i}`, signal_key: 'cert.expiry_days', signal_value: { value: i }, observed_at: new Date().toISOString(),
    }));
    const res = await hub.request('POST', '/v1/signals', { key, body: { signals } });
    assert.equal(res.status, 201);
    const owners = await hub.pools.owner.query("SELECT tenant_id::text AS t, count(*)::int AS n FROM signal_streams WHERE subject_id LIKE 'hub-%' GROUP BY 1");
    assert.deepEqual(owners.rows, [{ t: other.id, n: 50 }]);
  });
});

describe('embedded credentials', () => {
  test('a credentials file from before the ingest role keeps its passwords and gains one for quorum_ingest', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'quorum-creds-')), 'pg-credentials.json');
    await writeFile(file, JSON.stringify({ ownerPassword: 'owner-pw', appPassword: 'app-pw' }), { mode: 0o600 });
    const creds = await loadCredentials(file);
    assert.equal(creds.ownerPassword, 'owner-pw');
    assert.equal(creds.appPassword, 'app-pw');
    assert.match(creds.ingestPassword, /^[\w-]{32}$/);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), creds);
    assert.deepEqual(await loadCredentials(file), creds);
  });
});
