// GET /v1/blocks/export against a real hub: every format, stable order, ETag / If-None-Match, scopes, the firewall
// formats loaded by the real `nft` (check only) and `ipset` (in a private network namespace), and 100,000 blocks streamed.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startTestHub, type TestHub, tenantWithKeys } from './helpers/hub.ts';
import { seedBlocks } from './helpers/bulk-blocks.ts';
import { connectionsReleased, stalledGet } from './helpers/stalled-client.ts';

// The live heap, not garbage not yet collected: a collection before each sample (the hub runs in this process).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let now = Math.floor(Date.now() / 1000) * 1000;
let hub: TestHub;
// Three streams at once, two of one tenant, each cut when not taken whole within 10 s (the defaults: 4, 2 and 60 s; the
// 100,000 blocks below stream in ~1.5 s on an idle machine).
const STREAMS = 3;
const STREAM_TIMEOUT_MS = 10_000;
before(async () => {
  hub = await startTestHub({ reconcileIntervalMs: 3_600_000, blocklistStreams: STREAMS, blocklistStreamsPerTenant: 2, blocklistStreamTimeoutMs: STREAM_TIMEOUT_MS }, () => new Date(now));
});
after(async () => { await hub.close(); });

const freshTenant = (name: string) =>
  tenantWithKeys(hub, name, { admin: ['admin'], bouncer: ['blocklist:read'], reader: ['signal:read'], writer: ['signal:write'] });
type Tenant = Awaited<ReturnType<typeof freshTenant>>;

const add = async (t: Tenant, body: Record<string, unknown>) => {
  const res = await hub.request('POST', '/v1/blocks', { key: t.admin, body: { ttl_seconds: 600, ...body } });
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body.block;
};
const exportOf = async (t: Tenant, format: string, headers: Record<string, string> = {}, key = t.bouncer) => {
  const res = await fetch(`${hub.url}/v1/blocks/export?format=${format}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const body = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));
const has = (cmd: string) => spawnSync(cmd, ['--version']).status === 0 || spawnSync(cmd, ['version']).status === 0;

describe('formats', () => {
  let t: Tenant;
  let ids: string[];
  before(async () => {
    t = await freshTenant('export-formats');
    ids = [
      (await add(t, { indicator: '203.0.113.7', severity: 'high', reason: 'scanner, port "22"' })).id,
      (await add(t, { indicator: '198.51.100.0/24' })).id,
      (await add(t, { indicator: '198.51.100.9' })).id, // inside the /24: extends it, one block
      (await add(t, { indicator: '2001:db8:bad::/48' })).id,
      (await add(t, { indicator: '2001:db8::7' })).id,
      (await add(t, { block_type: 'ASN', indicator: 'AS64500' })).id,
      (await add(t, { block_type: 'USER_AGENT', indicator: 'EvilBot/1.0' })).id,
    ];
    ids = [...new Set(ids)].sort();
  });

  test('text: the IP prefixes in block id order between comment lines; other types are left out', async () => {
    const res = await exportOf(t, 'text');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/plain/);
    const rows = (await hub.db.pools.owner.query("SELECT indicator::text FROM mitigations WHERE tenant_id = $1 AND block_type = 'IP' AND status = 'active' ORDER BY id", [t.id])).rows;
    assert.deepEqual(body(res.text), rows.map((r) => r.indicator));
    assert.deepEqual(body(res.text).slice().sort(), ['198.51.100.0/24', '2001:db8::7/128', '2001:db8:bad::/48', '203.0.113.7/32']);
    assert.match(res.text, /^# Quorum blocklist: 6 blocks in force at .*, block-feed version \d+\n/);
    assert.match(res.text, /# end of the Quorum blocklist\n$/);
    assert.equal((await exportOf(t, 'text')).text.split('\n').slice(1).join('\n'), res.text.split('\n').slice(1).join('\n'), 'stable between calls');
  });

  test('csv: every block type with a header, quoted where needed, in block id order', async () => {
    const res = await exportOf(t, 'csv');
    assert.match(res.headers.get('content-type')!, /^text\/csv/);
    const [header, ...rows] = res.text.trimEnd().split('\n');
    assert.equal(header, 'block_type,indicator,source,severity,expires_at,mitigation_id,reason');
    assert.deepEqual(rows.map((r) => r.split(',')[5]), ids);
    const scanner = rows.find((r) => r.includes('203.0.113.7/32'))!;
    assert.match(scanner, /^IP,203\.0\.113\.7\/32,manual,high,\d{4}-.*Z,[0-9a-f-]{36},"Manual block by API key [0-9a-f-]+: scanner, port ""22"""$/);
    assert.ok(rows.some((r) => r.startsWith('ASN,AS64500,manual,,')));
  });

  test('json: the version, the count and every block, parseable as one document', async () => {
    const res = await exportOf(t, 'json');
    const doc = JSON.parse(res.text);
    assert.equal(doc.count, 6);
    assert.equal(String(doc.version), res.headers.get('x-quorum-block-version'));
    assert.deepEqual(doc.blocks.map((b: any) => b.mitigation_id), ids);
    assert.deepEqual(Object.keys(doc.blocks[0]).sort(), ['block_type', 'created_at', 'expires_at', 'indicator', 'mitigation_id', 'reason', 'severity', 'source']);
  });

  test('nftables: one table, two interval sets, element lines per family; `nft -c -f` accepts it', async (ctx) => {
    const res = await exportOf(t, 'nftables');
    assert.match(res.text, /^table inet quorum \{\n\tset blocklist_v4 \{ type ipv4_addr; flags interval; auto-merge; \}\n\tset blocklist_v6 \{ type ipv6_addr; flags interval; auto-merge; \}\n\}\n/m);
    assert.match(res.text, /^flush set inet quorum blocklist_v4\nflush set inet quorum blocklist_v6\n/m);
    const v4 = [...res.text.matchAll(/^add element inet quorum blocklist_v4 \{ (.*) \}$/gm)].flatMap((m) => m[1]!.split(', ')).sort();
    const v6 = [...res.text.matchAll(/^add element inet quorum blocklist_v6 \{ (.*) \}$/gm)].flatMap((m) => m[1]!.split(', ')).sort();
    assert.deepEqual(v4, ['198.51.100.0/24', '203.0.113.7']);
    assert.deepEqual(v6, ['2001:db8::7', '2001:db8:bad::/48']);
    if (!has('nft')) return ctx.skip('nft is not installed (Debian package nftables)');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'quorum-nft-')), 'blocklist.nft');
    await writeFile(file, res.text);
    const check = spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    await writeFile(file, res.text.replace('203.0.113.7', '203.0.113.777'));
    assert.notEqual(spawnSync('nft', ['-c', '-f', file]).status, 0, 'the check does refuse a broken file');
  });

  test('ipset: restore input that fills fresh sets and swaps them in; `ipset restore` loads it twice in a private network namespace', async (ctx) => {
    const res = await exportOf(t, 'ipset');
    const lines = body(res.text);
    assert.deepEqual(lines.slice(0, 6), [
      'create quorum-v4 hash:net family inet maxelem 16777216 -exist', 'create quorum-v4-next hash:net family inet maxelem 16777216 -exist', 'flush quorum-v4-next',
      'create quorum-v6 hash:net family inet6 maxelem 16777216 -exist', 'create quorum-v6-next hash:net family inet6 maxelem 16777216 -exist', 'flush quorum-v6-next',
    ]);
    assert.deepEqual(lines.filter((l) => l.startsWith('add ')).sort(), [
      'add quorum-v4-next 198.51.100.0/24 -exist', 'add quorum-v4-next 203.0.113.7/32 -exist', 'add quorum-v6-next 2001:db8::7/128 -exist', 'add quorum-v6-next 2001:db8:bad::/48 -exist',
    ]);
    assert.deepEqual(lines.slice(-4), ['swap quorum-v4-next quorum-v4', 'destroy quorum-v4-next', 'swap quorum-v6-next quorum-v6', 'destroy quorum-v6-next']);
    // A new network namespace has its own ipsets: the host's firewall is never touched.
    if (!has('ipset') || spawnSync('unshare', ['-n', 'true']).status !== 0) return ctx.skip('ipset or an unshared network namespace is not available');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'quorum-ipset-')), 'blocklist.ipset');
    await writeFile(file, res.text); // as served, comment lines included
    const run = spawnSync('unshare', ['-n', 'sh', '-c', `ipset restore < ${file} && ipset restore < ${file} && ipset list quorum-v4 && ipset list quorum-v6`], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Number of entries: 2[\s\S]*198\.51\.100\.0\/24[\s\S]*Number of entries: 2[\s\S]*2001:db8:bad::\/48/);
  });
});

describe('ETag and If-None-Match', () => {
  test('the same state answers 304 without a body; a change, an expiry or another format changes the tag', async () => {
    const t = await freshTenant('export-etag');
    await add(t, { indicator: '10.60.0.1', ttl_seconds: 120 });
    const first = await exportOf(t, 'text');
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
    const again = await exportOf(t, 'text', { 'if-none-match': etag });
    assert.deepEqual([again.status, again.text, again.headers.get('etag')], [304, '', etag]);
    assert.equal((await exportOf(t, 'text', { 'if-none-match': `"other", W/${etag}` })).status, 304);
    assert.equal((await exportOf(t, 'text', { 'if-none-match': '*' })).status, 304);
    assert.notEqual((await exportOf(t, 'csv')).headers.get('etag'), etag);
    const b = await add(t, { indicator: '10.60.0.2' });
    const changed = await exportOf(t, 'text', { 'if-none-match': etag });
    assert.equal(changed.status, 200);
    assert.deepEqual(body(changed.text).sort(), ['10.60.0.1/32', '10.60.0.2/32']);
    const tag2 = changed.headers.get('etag')!;
    now += 121_000; // 10.60.0.1 expires; the reconciler has not marked it yet, so the version is the same
    const expired = await exportOf(t, 'text', { 'if-none-match': tag2 });
    assert.equal(expired.status, 200);
    assert.deepEqual(body(expired.text), ['10.60.0.2/32']);
    await hub.request('DELETE', `/v1/blocks/${b.id}`, { key: t.admin });
    assert.deepEqual(body((await exportOf(t, 'text', { 'if-none-match': expired.headers.get('etag')! })).text), []);
  });
});

describe('access', () => {
  test('a blocklist:read key, a signal:read key and an admin may export; a signal:write key gets 403 and no key 401', async () => {
    const t = await freshTenant('export-access');
    await add(t, { indicator: '10.61.0.1' });
    for (const key of [t.bouncer, t.reader, t.admin]) assert.equal((await exportOf(t, 'text', {}, key)).status, 200);
    const writer = await exportOf(t, 'text', {}, t.writer);
    assert.deepEqual([writer.status, JSON.parse(writer.text).code], [403, 'scope_missing']);
    assert.equal((await fetch(`${hub.url}/v1/blocks/export`)).status, 401);
    assert.equal((await exportOf(t, 'pf')).status, 400);
  });

  test('a blocklist:read key reads nothing else: signals, blocks list and changes are 403', async () => {
    const t = await freshTenant('export-only');
    for (const url of ['/v1/signals', '/v1/blocks', '/v1/blocks/changes', '/v1/mitigations']) {
      assert.equal((await hub.request('GET', url, { key: t.bouncer })).status, 403, url);
    }
  });
});

describe('size', () => {
  let t: Tenant;
  before(async () => {
    t = await freshTenant('export-large');
    // Rows written straight into the table: this measures the export, not 100,000 guardrail round trips.
    await seedBlocks(hub.db.pools.owner, t.id, 100_000, 'active', '10.0.0.0', new Date(now));
  });

  test('100,000 blocks stream in id order with the heap flat (one page in memory)', async () => {
    gc();
    const base = process.memoryUsage().heapUsed;
    let sinceSample = 0;
    let peak = base;
    let lines = 0;
    let last = '';
    let ordered = true;
    const started = performance.now();
    const res = await fetch(`${hub.url}/v1/blocks/export?format=json`, { headers: { authorization: `Bearer ${t.bouncer}` } });
    const decoder = new TextDecoder();
    let carry = '';
    for await (const chunk of res.body!) {
      const parts = (carry + decoder.decode(chunk, { stream: true })).split('\n');
      carry = parts.pop()!;
      for (const p of parts) {
        const m = /"mitigation_id":"([0-9a-f-]{36})"/.exec(p);
        if (!m) continue;
        if (m[1]! <= last) ordered = false;
        last = m[1]!;
        lines++;
      }
      sinceSample += chunk.length;
      if (sinceSample >= 2 ** 21) {
        sinceSample = 0;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    const ms = performance.now() - started;
    assert.equal(lines, 100_000);
    assert.ok(ordered, 'block id order');
    console.log(`export of 100,000 blocks (json): ${ms.toFixed(0)} ms, heap peak +${((peak - base) / 1e6).toFixed(1)} MB`);
    // The whole file is ~25 MB of JSON and 100,000 rows as objects far more; one page is ~0.3 MB.
    assert.ok(peak - base < 10e6, `live heap grew ${((peak - base) / 1e6).toFixed(1)} MB`);

    // A client that goes away mid-stream: the export stops and its database connection is released.
    const ac = new AbortController();
    const cut = await fetch(`${hub.url}/v1/blocks/export?format=csv`, { headers: { authorization: `Bearer ${t.bouncer}` }, signal: ac.signal });
    const reader = cut.body!.getReader();
    await reader.read();
    ac.abort();
    await reader.read().catch(() => undefined);
    await connectionsReleased(hub.pools.app, 5000);
  });

  test('an export its client stops reading is cut when its time is up and its connection let go; one past the tenant\'s share is 429 streams_busy, another tenant\'s is whole', async () => {
    // ~25 MB of JSON each: far more than the kernel's socket buffers, so the hub's writes back up.
    const started = performance.now();
    const stalled = await Promise.all([0, 1].map(() => stalledGet(hub.url, '/v1/blocks/export?format=json', { Authorization: `Bearer ${t.bouncer}` })));
    const busy = await exportOf(t, 'json');
    assert.equal(busy.status, 429);
    assert.equal(JSON.parse(busy.text).code, 'streams_busy');
    assert.match(JSON.parse(busy.text).detail, /QUORUM_BLOCKLIST_STREAMS_PER_TENANT=2/);
    assert.equal(busy.headers.get('retry-after'), '2');
    // The hub has a third slot: another tenant's export streams while the first tenant's two hang.
    const other = await freshTenant('export-other-tenant');
    await add(other, { indicator: '192.0.2.55' });
    const elsewhere = await exportOf(other, 'text');
    assert.equal(elsewhere.status, 200);
    assert.deepEqual(body(elsewhere.text), ['192.0.2.55/32']);
    await connectionsReleased(hub.pools.app, STREAM_TIMEOUT_MS + 5000);
    assert.ok(performance.now() - started >= STREAM_TIMEOUT_MS - 1000, 'cut before its time was up');
    const counted = await hub.metrics.registry.getSingleMetricAsString('quorum_blocklist_streams_limited_total');
    assert.match(counted, /answer="export",reason="tenant_busy"} 1/);
    assert.match(counted, /answer="export",reason="timed_out"} 2/);
    // Read at last, each stalled answer ends without the last chunk: the client can tell the file is incomplete.
    for (const s of stalled) assert.equal((await s.rest()).endsWith('0\r\n\r\n'), false);
    const whole = await exportOf(t, 'text');
    assert.equal(whole.status, 200);
    assert.equal(body(whole.text).length, 100_000);
  });
});

describe('stop', () => {
  test('a hub stopping cuts an export still streaming to a client that stopped reading, within its shutdown timeout', async () => {
    const own = await startTestHub({ shutdownTimeoutMs: 1000 }, () => new Date(now));
    let stopped = false;
    let closing: Promise<void> | undefined;
    try {
      const tenant = await tenantWithKeys(own, 'export-stop', { bouncer: ['blocklist:read'] });
      await seedBlocks(own.db.pools.owner, tenant.id, 100_000, 'active', '10.0.0.0', new Date(now));
      const stalled = await stalledGet(own.url, '/v1/blocks/export?format=json', { Authorization: `Bearer ${tenant.bouncer}` });
      const started = performance.now();
      // Bounded here so that the test fails instead of waiting for the export's own time limit (60 s).
      closing = own.close().then(() => { stopped = true; });
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
      assert.ok(stopped, 'the stop waited for the export');
      assert.ok(performance.now() - started >= 900, 'the stop cut the export before its shutdown timeout');
      assert.equal((await stalled.rest()).endsWith('0\r\n\r\n'), false, 'the answer was cut short');
    } finally {
      await (closing ?? own.close());
    }
  });
});
