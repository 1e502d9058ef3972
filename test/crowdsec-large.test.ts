// Large lists for CrowdSec bouncers: a 100,000-decision startup answer is streamed page by page (plain and gzip) with
// the hub's memory flat, and lookups and deltas read no ended block (query plans checked with EXPLAIN).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { seedBlocks } from './helpers/bulk-blocks.ts';
import { planNodes } from './helpers/plans.ts';
import { connectionsReleased, stalledGet } from './helpers/stalled-client.ts';
import { withTenant } from '../src/db/pools.ts';

const ACTIVE = 100_000;
const EXPIRED = 50_000;
// A full collection before each sample, so that the samples show what is held, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
let hub: TestHub;
let tenantId = '';
let key = '';

// One startup answer at a time, cut when not taken whole within 10 s (the defaults: 4 and 60 s; the answers below
// stream in a second or two on an idle machine).
const STREAM_TIMEOUT_MS = 10_000;

before(async () => {
  hub = await startTestHub({ reconcileIntervalMs: 3_600_000, blocklistStreams: 1, blocklistStreamTimeoutMs: STREAM_TIMEOUT_MS });
  tenantId = (await hub.keys.createTenant('crowdsec-large')).id;
  key = (await hub.keys.createKey({ tenantId, scopes: ['blocklist:read'] })).key;
  await seedBlocks(hub.db.pools.owner, tenantId, EXPIRED, 'expired', '11.0.0.0', new Date());
  await seedBlocks(hub.db.pools.owner, tenantId, ACTIVE, 'active', '10.0.0.0', new Date());
});
after(async () => { await hub.close(); });

/** Reads a startup answer chunk by chunk, keeping only counts and the edges; every 2 MiB, measures the live heap. */
async function streamStartup(gzip: boolean): Promise<{ decisions: number; head: string; tail: string; peakHeapGrowthMiB: number; bytes: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let nextSample = 2 ** 21;
  {
    const res = await new Promise<Readable & { headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      get(`${hub.url}/v1/decisions/stream?startup=true`, { headers: { 'x-api-key': key, 'user-agent': `large-${gzip}`, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) } }, resolve).on('error', reject);
    });
    assert.equal(res.headers['content-encoding'], gzip ? 'gzip' : undefined);
    const body: Readable = gzip ? res.pipe(createGunzip()) : res;
    let decisions = 0;
    let head = '';
    let tail = '';
    let carry = '';
    let bytes = 0;
    for await (const chunk of body) {
      const piece = (chunk as Buffer).toString('utf8');
      const text = carry + piece;
      bytes += (chunk as Buffer).length;
      if (head.length < 40) head = (head + piece).slice(0, 40);
      decisions += text.split('"type":"ban"').length - 1;
      carry = text.slice(-12);
      decisions -= carry.split('"type":"ban"').length - 1;
      tail = text.slice(-40);
      if (bytes >= nextSample) {
        nextSample += 2 ** 21;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    decisions += carry.split('"type":"ban"').length - 1;
    return { decisions, head, tail, peakHeapGrowthMiB: (peak - base) / 2 ** 20, bytes };
  }
}

describe('a 100,000-decision startup answer', () => {
  for (const gzip of [false, true]) {
    test(`is streamed whole${gzip ? ' (gzip)' : ''} while the heap grows by a small fraction of the answer`, async () => {
      const r = await streamStartup(gzip);
      assert.equal(r.decisions, ACTIVE);
      assert.ok(r.head.startsWith('{"deleted":null,"new":[{"duration":"'), r.head);
      assert.ok(r.tail.endsWith('"}]}'), r.tail);
      // The answer is ~20 MB of JSON; held whole it would need that much again as strings and several times it as rows.
      // Streamed, the live heap holds one page of 5,000 blocks and the socket's buffers.
      assert.ok(r.bytes > 15 * 2 ** 20, `${r.bytes} bytes`);
      assert.ok(r.peakHeapGrowthMiB < 12, `heap grew by ${r.peakHeapGrowthMiB.toFixed(1)} MiB while streaming ${(r.bytes / 2 ** 20).toFixed(1)} MiB`);
    });
  }

  test('a bouncer that stops reading it is cut when its time is up, its pull not recorded; another startup meanwhile is 429', async () => {
    const stalledKey = await hub.keys.createKey({ tenantId, scopes: ['blocklist:read'] });
    const started = performance.now();
    const stalled = await stalledGet(hub.url, '/v1/decisions/stream?startup=true', { 'X-Api-Key': stalledKey.key, 'User-Agent': 'stalled' });
    const busy = await fetch(`${hub.url}/v1/decisions/stream?startup=true`, { headers: { 'x-api-key': key } });
    assert.equal(busy.status, 429);
    assert.equal(busy.headers.get('retry-after'), '2');
    assert.match(((await busy.json()) as { message: string }).message, /already streaming on this hub \(QUORUM_BLOCKLIST_STREAMS=1\)/);
    await connectionsReleased(hub.pools.app, STREAM_TIMEOUT_MS + 5000);
    assert.ok(performance.now() - started >= STREAM_TIMEOUT_MS - 1000, 'cut before its time was up');
    assert.equal((await stalled.rest()).endsWith('0\r\n\r\n'), false, 'the answer was cut short');
    const pulls = await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM crowdsec_bouncers WHERE key_id = $1', [stalledKey.id]);
    assert.equal(pulls.rows[0].n, 0, 'a cut answer records no pull: the bouncer gets the whole list again');
    const counted = await hub.metrics.registry.getSingleMetricAsString('quorum_blocklist_streams_limited_total');
    assert.match(counted, /answer="crowdsec_startup",reason="busy"} 1/);
    assert.match(counted, /answer="crowdsec_startup",reason="timed_out"} 1/);
    assert.equal((await streamStartup(false)).decisions, ACTIVE);
  });
});

describe('query plans', () => {
  // The plan for these values, or (params null) the generic plan a named statement may switch to after five runs.
  const plan = async (sql: string, params: unknown[] | null) => withTenant(hub.pools.app, tenantId, async (c) =>
    (await c.query(`EXPLAIN (${params ? '' : 'GENERIC_PLAN, '}FORMAT JSON) ${sql}`, params ?? undefined)).rows[0]['QUERY PLAN'][0].Plan);
  /** A client that runs each query in its own tenant transaction and remembers the last one's text and values. */
  const spyClient = () => {
    const last = { sql: '', params: [] as unknown[] };
    const query = async (q: string | { text: string; values: unknown[] }, params?: unknown[]) => {
      [last.sql, last.params] = typeof q === 'string' ? [q, params ?? []] : [q.text, q.values];
      return withTenant(hub.pools.app, tenantId, (c) => c.query(last.sql, last.params));
    };
    return { client: { query }, last };
  };

  test('a single-address lookup probes the active index, never scans mitigations (custom and generic plan)', async () => {
    const { lookupActiveBlocks } = await import('../src/distribute/bouncer-queries.ts');
    const spy = spyClient();
    await lookupActiveBlocks(spy.client as never, tenantId, '10.0.1.1/32', 'covering', new Date());
    for (const params of [spy.last.params, null]) {
      const p = planNodes(await plan(spy.last.sql, params));
      assert.ok(p.some((n) => n['Index Name'] === 'mitigations_one_active_idx'), JSON.stringify(p.map((n) => [n['Node Type'], n['Index Name']])));
      assert.ok(!p.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'mitigations'));
    }
  });

  test('a delta walks the feed from the bouncer\'s version on, by its primary key (custom and generic plan)', async () => {
    const { touchedBlocksForBouncer } = await import('../src/distribute/bouncer-queries.ts');
    const spy = spyClient();
    // The bouncer that pulled the plain startup answer above.
    const bouncer = { tenantId, keyId: (await hub.keys.authenticate(key)).keyId, userAgent: 'large-false', address: '127.0.0.1' };
    assert.ok(await touchedBlocksForBouncer(spy.client as never, bouncer));
    for (const params of [spy.last.params, null]) {
      const p = planNodes(await plan(spy.last.sql, params));
      const shown = JSON.stringify(p.map((n) => [n['Node Type'], n['Index Name'], n['Relation Name']]));
      assert.ok(p.some((n) => n['Index Name'] === 'block_changes_pkey'), shown);
      assert.ok(p.some((n) => n['Index Name'] === 'mitigations_pkey'), shown);
      assert.ok(!p.some((n) => n['Node Type'] === 'Seq Scan'), shown);
    }
  });

  test('the startup answer and a sensor list\'s load read an index of active blocks, never scan mitigations (ended blocks cost nothing)', async () => {
    const { readActiveIpBlocks } = await import('../src/distribute/bouncer-queries.ts');
    const { readBlocklistUnordered } = await import('../src/distribute/active-blocks.ts');
    const plans: any[] = [];
    // The cursor is planned inside the reader's snapshot, under its settings: explain it there, once the message that
    // declares it has run (explaining a DECLARE does not run it).
    const connect = async () => {
      const c = await hub.pools.app.connect();
      const query = async (q: unknown, params?: unknown[]) => {
        const res = await c.query(q as never, params);
        const text = typeof q === 'string' ? q : (q as { text?: string }).text;
        const declare = text?.split(';\n').find((st) => st.trimStart().startsWith('DECLARE'));
        if (declare) plans.push((await c.query(`EXPLAIN (FORMAT JSON) ${declare}`, params)).rows[0]['QUERY PLAN'][0].Plan);
        return res;
      };
      return new Proxy(c, { get: (t, k) => (k === 'query' ? query : typeof (t as any)[k] === 'function' ? (t as any)[k].bind(t) : (t as any)[k]) });
    };
    const client = await connect();
    try {
      await client.query(`BEGIN; SELECT set_config('app.current_tenant', '${tenantId}', true)`);
      await readActiveIpBlocks(client as never, tenantId, new Date(), 50_000, async () => undefined);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await readBlocklistUnordered({ connect } as never, tenantId, new Date(), 50_000, () => undefined);
    assert.equal(plans.length, 2);
    for (const plan of plans) {
      const p = planNodes(plan);
      const shown = JSON.stringify(p.map((n) => [n['Node Type'], n['Index Name'], n['Relation Name']]));
      // Each index of mitigations read holds active blocks only (WHERE status = 'active'); the startup answer also
      // reads its version by primary key.
      const indexes = p.map((n) => n['Index Name']).filter((i) => i && i !== 'block_versions_pkey');
      assert.ok(indexes.length > 0 && indexes.every((i) => ['mitigations_active_idx', 'mitigations_one_active_idx', 'mitigations_expiry_idx'].includes(i)), shown);
      assert.ok(!p.some((n) => n['Node Type'] === 'Seq Scan'), shown);
    }
  });
});
