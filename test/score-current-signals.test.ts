import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createTenantsAB, createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { withTenant } from '../src/db/pools.ts';
import { readSubjectCurrentSignals, streamTenantCurrentSignals, type CurrentSignal } from '../src/score/current-signals.ts';

// The live heap, not garbage not yet collected: a collection before each sample.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let db: TestDatabase;
let tenantA: string;
let tenantB: string;
const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

interface Row { tenant: string; type?: string; id?: string; key: string; value: unknown; at: string; ttl?: number | null; source?: string; severity?: string | null }

/** Stores rows as the owner, in order (so a later row has a higher id), and answers their ids. */
async function store(rows: Row[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const res = await db.pools.owner.query<{ id: string }>(
      `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
      [r.tenant, r.source ?? 'patch_scanner', r.type ?? 'host', r.id ?? 'web-1', r.key, JSON.stringify({ value: r.value }),
        r.severity === undefined ? 'low' : r.severity, r.at, r.ttl ?? null]);
    ids.push(res.rows[0]!.id);
  }
  return ids;
}

const readSubject = (tenant: string, type: string, id: string, at = now) =>
  withTenant(db.pools.app, tenant, (c) => readSubjectCurrentSignals(c, tenant, type, id, at));

/** Every subject the tenant stream hands over, in order, with its signals. */
async function streamAll(tenant: string, at = now): Promise<{ subject: string; signals: CurrentSignal[] }[]> {
  const out: { subject: string; signals: CurrentSignal[] }[] = [];
  await withTenant(db.pools.app, tenant, (c) => streamTenantCurrentSignals(c, tenant, at, (type, id, signals) => {
    out.push({ subject: `${type}/${id}`, signals });
  }));
  return out;
}

const values = (signals: CurrentSignal[]) => Object.fromEntries(signals.map((s) => [s.signal_key, s.value]));

before(async () => {
  db = await createTestDatabase();
  ({ tenantA, tenantB } = await createTenantsAB(db.pools.owner));
});
after(async () => { await db.drop(); });

describe('current signals of one subject and of a tenant', () => {
  test('the latest signal per key wins, and of two observed at the same instant the one stored last', async () => {
    const at = minutesAgo(30);
    const ids = await store([
      { tenant: tenantA, id: 'latest-1', key: 'patch.cve_count', value: 3, at: minutesAgo(90) },
      { tenant: tenantA, id: 'latest-1', key: 'patch.cve_count', value: 7, at: minutesAgo(10) },
      { tenant: tenantA, id: 'latest-1', key: 'patch.cve_count', value: 5, at: minutesAgo(50) },
      { tenant: tenantA, id: 'latest-1', key: 'config.baseline_ok', value: true, at },
      { tenant: tenantA, id: 'latest-1', key: 'config.baseline_ok', value: false, at },
    ]);
    const signals = await readSubject(tenantA, 'host', 'latest-1');
    assert.deepEqual(values(signals), { 'config.baseline_ok': false, 'patch.cve_count': 7 });
    assert.deepEqual(signals.map((s) => s.id), [ids[4], ids[1]]);
    const streamed = (await streamAll(tenantA)).find((s) => s.subject === 'host/latest-1')!;
    assert.deepEqual(streamed.signals, signals);
  });

  test('hands over exactly the fields the formula needs (of the value, its `value`), observed_at and expires_at in RFC 3339 UTC', async () => {
    const at = `${minutesAgo(15).slice(0, 19)}.123456Z`;
    await store([{ tenant: tenantA, id: 'fields-1', key: 'secrets.exposed', value: false, at, source: 'secrets_scanner', severity: null, ttl: null }]);
    const [s] = await readSubject(tenantA, 'host', 'fields-1');
    assert.deepEqual(Object.keys(s!).sort(), ['expires_at', 'id', 'observed_at', 'severity', 'signal_key', 'source', 'subject_id', 'subject_type', 'value']);
    assert.deepEqual({ ...s!, id: 'x' }, {
      id: 'x', source: 'secrets_scanner', subject_type: 'host', subject_id: 'fields-1', signal_key: 'secrets.exposed',
      value: false, severity: null, observed_at: at, expires_at: null,
    });
    const [streamed] = (await streamAll(tenantA)).find((x) => x.subject === 'host/fields-1')!.signals;
    assert.deepEqual(streamed, s);
  });

  test('a signal whose TTL has run out at `now` is left out, and no older value takes its place', async () => {
    await store([
      { tenant: tenantA, id: 'ttl-1', key: 'agent.heartbeat', value: 'old', at: minutesAgo(300) },
      { tenant: tenantA, id: 'ttl-1', key: 'agent.heartbeat', value: 'new', at: minutesAgo(120), ttl: 3600 },
      { tenant: tenantA, id: 'ttl-1', key: 'disk.usage_pct', value: 40, at: minutesAgo(20), ttl: 3600 },
      { tenant: tenantA, id: 'ttl-1', key: 'evidence.backup_ok', value: true, at: minutesAgo(60), ttl: 3600 },
    ]);
    // Expiry is strict: a signal observed exactly ttl_seconds before `now` has run out, as in GET /v1/subjects.
    const [disk] = await readSubject(tenantA, 'host', 'ttl-1');
    assert.deepEqual(values([disk!]), { 'disk.usage_pct': 40 });
    // Its expiry comes with it: the instant a recompute must look at the subject again.
    assert.equal(Date.parse(disk!.expires_at!), Date.parse(disk!.observed_at) + 3_600_000);
    // The same rows read at an earlier `now` give the answer of that instant: recomputes are reproducible.
    const earlier = new Date(now.getTime() - 90 * 60_000);
    assert.deepEqual(values(await readSubject(tenantA, 'host', 'ttl-1', earlier)), { 'agent.heartbeat': 'new', 'disk.usage_pct': 40, 'evidence.backup_ok': true });
    const streamed = (await streamAll(tenantA, earlier)).find((s) => s.subject === 'host/ttl-1')!;
    assert.deepEqual(values(streamed.signals), { 'agent.heartbeat': 'new', 'disk.usage_pct': 40, 'evidence.backup_ok': true });
    assert.equal((await streamAll(tenantA)).find((s) => s.subject === 'host/ttl-1')!.signals.length, 1);
  });

  test('a subject whose every signal expired is not handed over at all', async () => {
    await store([{ tenant: tenantA, id: 'gone-1', key: 'agent.heartbeat', value: true, at: minutesAgo(200), ttl: 60 }]);
    assert.deepEqual(await readSubject(tenantA, 'host', 'gone-1'), []);
    assert.equal((await streamAll(tenantA)).some((s) => s.subject === 'host/gone-1'), false);
  });

  test("another tenant's signals are never returned, even when asked for by its id", async () => {
    await store([
      { tenant: tenantA, id: 'shared-1', key: 'patch.cve_count', value: 1, at: minutesAgo(40) },
      { tenant: tenantB, id: 'shared-1', key: 'patch.cve_count', value: 99, at: minutesAgo(5) },
      { tenant: tenantB, id: 'only-b', key: 'patch.cve_count', value: 98, at: minutesAgo(5) },
    ]);
    assert.deepEqual(values(await readSubject(tenantA, 'host', 'shared-1')), { 'patch.cve_count': 1 });
    assert.deepEqual(values(await readSubject(tenantB, 'host', 'shared-1')), { 'patch.cve_count': 99 });
    const streamedA = await streamAll(tenantA);
    assert.equal(streamedA.some((s) => s.subject === 'host/only-b'), false);
    assert.ok(streamedA.flatMap((s) => s.signals).every((s) => s.value !== 99 && s.value !== 98));
    // Row-level security holds even when the query names the other tenant: the transaction is tenant A's.
    const crossed = await withTenant(db.pools.app, tenantA, async (c) => {
      const seen: string[] = [];
      await streamTenantCurrentSignals(c, tenantB, now, (type, id) => { seen.push(`${type}/${id}`); });
      return { stream: seen, subject: await readSubjectCurrentSignals(c, tenantB, 'host', 'only-b', now) };
    });
    assert.deepEqual(crossed, { stream: [], subject: [] });
  });

  test('streams subjects in (subject_type, subject_id) order, each once, with what the one-subject read answers', async () => {
    const rows: Row[] = [];
    for (const type of ['user', 'container', 'host']) {
      for (let i = 9; i >= 0; i--) {
        rows.push({ tenant: tenantA, type, id: `order-${i}`, key: 'patch.cve_count', value: i, at: minutesAgo(100 - i) });
        rows.push({ tenant: tenantA, type, id: `order-${i}`, key: 'disk.usage_pct', value: i * 10, at: minutesAgo(50 + i), ttl: i % 2 ? 60 : null });
      }
    }
    await store(rows);
    const streamed = await streamAll(tenantA);
    const subjects = streamed.map((s) => s.subject);
    assert.deepEqual(subjects, [...subjects].sort());
    assert.equal(new Set(subjects).size, subjects.length);
    for (const { subject, signals } of streamed) {
      const [type, id] = subject.split('/') as [string, string];
      assert.deepEqual(signals, await readSubject(tenantA, type, id), subject);
      assert.ok(signals.every((s) => `${s.subject_type}/${s.subject_id}` === subject));
    }
  });

  test('the handler may query on the same client while the next rows are on their way, and its error reaches the caller', async () => {
    // More subjects than one fetch takes, so a fetch is in flight while the handler queries.
    const many = (await db.pools.owner.query<{ id: string }>("INSERT INTO tenants (name) VALUES ('many') RETURNING id")).rows[0]!.id;
    await db.pools.owner.query(
      `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at)
       SELECT $1, 'patch_scanner', 'host', 'm' || lpad(s::text, 5, '0'), 'patch.cve_count', '{"value": 1}', 'low', $2
       FROM generate_series(1, 2500) s`, [many, minutesAgo(5)]);
    const seen: string[] = [];
    await withTenant(db.pools.app, many, (c) => streamTenantCurrentSignals(c, many, now, async (type, id) => {
      seen.push((await c.query<{ s: string }>('SELECT $1::text AS s', [`${type}/${id}`])).rows[0]!.s);
    }));
    assert.deepEqual(seen, Array.from({ length: 2500 }, (_, i) => `host/m${String(i + 1).padStart(5, '0')}`));
    await assert.rejects(
      withTenant(db.pools.app, many, (c) => streamTenantCurrentSignals(c, many, now, () => { throw new Error('scorer failed'); })),
      /scorer failed/);
    // The same transaction can stream again after a handler failed: the cursor was closed.
    const again = await withTenant(db.pools.app, many, async (c) => {
      await streamTenantCurrentSignals(c, many, now, () => { throw new Error('first'); }).catch(() => undefined);
      return streamTenantCurrentSignals(c, many, now, () => undefined);
    });
    assert.deepEqual(again, { subjects: 2500, signals: 2500 });
  });

  test('an empty tenant streams nothing and says so', async () => {
    const empty = (await db.pools.owner.query<{ id: string }>("INSERT INTO tenants (name) VALUES ('empty') RETURNING id")).rows[0]!.id;
    const seen: string[] = [];
    const counts = await withTenant(db.pools.app, empty, (c) => streamTenantCurrentSignals(c, empty, now, (t, i) => { seen.push(`${t}/${i}`); }));
    assert.deepEqual({ seen, counts }, { seen: [], counts: { subjects: 0, signals: 0 } });
  });
});

test('streams 4,000 subjects (about 25 MB of current signals) with the live heap flat', async () => {
  const big = (await db.pools.owner.query<{ id: string }>("INSERT INTO tenants (name) VALUES ('big') RETURNING id")).rows[0]!.id;
  // Three keys, two versions each; every value (the member the score reads) carries 2 KiB, so holding the tenant at
  // once would take tens of MB.
  await db.pools.owner.query(
    `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at)
     SELECT $1, 'patch_scanner', 'host', 'h' || lpad(s::text, 5, '0'), k, jsonb_build_object('value', jsonb_build_object('n', v, 'pad', repeat('x', 2048))),
       'low', $2::timestamptz - make_interval(mins => v + k_no)
     FROM generate_series(1, 4000) s, generate_series(1, 3) k_no, generate_series(1, 2) v,
       LATERAL (SELECT 'check.k' || k_no AS k) keys`,
    [big, now]);
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let previous = '';
  let handed = 0;
  let subjects = 0;
  const counts = await withTenant(db.pools.app, big, (c) => streamTenantCurrentSignals(c, big, now, (_type, id, signals) => {
    assert.ok(id > previous, `${id} after ${previous}`);
    assert.deepEqual(signals.map((s) => [s.signal_key, (s.value as { n: number }).n]), [['check.k1', 1], ['check.k2', 1], ['check.k3', 1]]);
    previous = id;
    handed += signals.reduce((sum, s) => sum + JSON.stringify(s.value).length, 0);
    if (++subjects % 200 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }));
  assert.deepEqual(counts, { subjects: 4000, signals: 12_000 });
  assert.ok(handed > 24e6, `handed over ${handed} bytes`);
  assert.ok(peak - base < 12e6, `live heap grew ${((peak - base) / 1e6).toFixed(1)} MB`);
});
