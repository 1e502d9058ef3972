import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { withTenant } from '../src/db/pools.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
import { findSensor, upsertSensorConnected } from '../src/ingest/sensor-queries.ts';
import { findReceipt, recordReceipts } from '../src/aggregate/receipt-queries.ts';
import { pruneOldReceipts } from '../src/aggregate/receipt-retention.ts';
import { createSensorDirectory, sameFingerprint } from '../src/ingest/sensor-directory.ts';
import { unmapped } from '../src/ingest/sensor-gateway.ts';

let db: TestDatabase;
let a: string;
let b: string;
before(async () => {
  db = await createTestDatabase();
  const keys = createKeyStore(db.pools.owner);
  a = (await keys.createTenant('tenant-a')).id;
  b = (await keys.createTenant('tenant-b')).id;
});
after(async () => { await db.drop(); });

const input = { sensorId: 'edge-1', kind: 'synapse', name: 'Edge', version: '1.0.0', region: null, protocolVersion: '1.0', fingerprint: null, address: '192.0.2.10' };

describe('sensor records and receipts', () => {
  test('keep each tenant to its own sensors and receipts under row-level security', async () => {
    await withTenant(db.pools.app, a, (c) => upsertSensorConnected(c, a, input, new Date()));
    await withTenant(db.pools.app, a, (c) => recordReceipts(c, a, [{ sensorId: 'edge-1', messageId: 'm1', signalCount: 3, stored: 2, merged: 1, duplicates: 0 }]));
    assert.equal((await withTenant(db.pools.app, b, (c) => findSensor(c, a, 'edge-1'))), null);
    assert.equal((await withTenant(db.pools.app, b, (c) => findReceipt(c, a, 'edge-1', 'm1'))), null);
    assert.deepEqual(await withTenant(db.pools.app, a, (c) => findReceipt(c, a, 'edge-1', 'm1')), { messageId: 'm1', signalCount: 3, stored: 2, merged: 1, duplicates: 0 });
    const none = await db.pools.app.query('SELECT count(*)::int AS n FROM sensors');
    assert.equal(none.rows[0].n, 0, 'no tenant set: nothing visible');
    await assert.rejects(withTenant(db.pools.app, b, (c) => upsertSensorConnected(c, a, input, new Date())), /row-level security/);
  });

  test('report the message ids that already had a receipt', async () => {
    const clash = await withTenant(db.pools.app, a, (c) => recordReceipts(c, a, [
      { sensorId: 'edge-1', messageId: 'm1', signalCount: 1, stored: 1, merged: 0, duplicates: 0 },
      { sensorId: 'edge-1', messageId: 'm2', signalCount: 1, stored: 1, merged: 0, duplicates: 0 },
      { sensorId: 'edge-2', messageId: 'm1', signalCount: 1, stored: 1, merged: 0, duplicates: 0 },
    ]));
    assert.deepEqual(clash, [{ sensorId: 'edge-1', messageId: 'm1' }]);
  });

  test('prune receipts older than the retention in every tenant and keep the newer ones', async () => {
    await withTenant(db.pools.app, b, (c) => recordReceipts(c, b, [{ sensorId: 'edge-9', messageId: 'old', signalCount: 1, stored: 1, merged: 0, duplicates: 0 }, { sensorId: 'edge-9', messageId: 'new', signalCount: 1, stored: 1, merged: 0, duplicates: 0 }]));
    await db.pools.owner.query("UPDATE sensor_receipts SET committed_at = now() - interval '8 days' WHERE message_id = 'old'");
    const removed = await pruneOldReceipts({ owner: db.pools.owner, days: 7, clock: () => new Date(), logger: { info: () => undefined, error: () => undefined } });
    assert.equal(removed, 1);
    const left = await db.pools.owner.query("SELECT message_id FROM sensor_receipts WHERE sensor_id = 'edge-9' ORDER BY message_id");
    assert.deepEqual(left.rows.map((r) => r.message_id), ['new']);
  });

  test('keep the first fingerprint a sensor presented and refuse another one', async () => {
    const dir = createSensorDirectory(db.pools.app, () => new Date());
    await dir.connect(b, { ...input, sensorId: 'pin', fingerprint: 'fp_one_abcdefgh12' });
    await dir.connect(b, { ...input, sensorId: 'pin', fingerprint: 'fp_one_abcdefgh12', version: '1.1.0' });
    await assert.rejects(dir.connect(b, { ...input, sensorId: 'pin', fingerprint: null }), /identity verification failed/);
    const row = await withTenant(db.pools.app, b, (c) => findSensor(c, b, 'pin'));
    assert.equal(row?.fingerprint, 'fp_one_abcdefgh12');
    assert.equal(row?.version, '1.1.0');
  });

  test('mark a sensor disconnected only for its latest connection', async () => {
    const dir = createSensorDirectory(db.pools.app, () => new Date());
    const first = new Date(Date.now() - 1000);
    await dir.connect(a, { ...input, sensorId: 'flappy' });
    await dir.disconnect(a, 'flappy', first);
    assert.equal((await withTenant(db.pools.app, a, (c) => findSensor(c, a, 'flappy')))?.connection_state, 'connected');
    await dir.disconnect(a, 'flappy', new Date());
    assert.equal((await withTenant(db.pools.app, a, (c) => findSensor(c, a, 'flappy')))?.connection_state, 'disconnected');
  });

  const fps: [string, string | null, boolean][] = [['abc', 'abc', true], ['abc', 'abd', false], ['abc', null, false], ['abc', '', false]];
  for (const [stored, presented, expected] of fps) {
    test(`compare stored ${stored} with presented ${presented} as ${expected ? 'the same' : 'different'}`, () => assert.equal(sameFingerprint(stored, presented), expected));
  }
});

describe('sensor addresses', () => {
  const cases: [string | undefined, string | null][] = [['::ffff:10.1.2.3', '10.1.2.3'], ['10.1.2.3', '10.1.2.3'], ['2001:db8::1', '2001:db8::1'], ['::ffff', '::ffff'], [undefined, null]];
  for (const [raw, expected] of cases) test(`read ${raw} as ${expected}`, () => assert.equal(unmapped(raw), expected));
});
