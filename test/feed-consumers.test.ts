// GET /v1/feed/consumers and quorum_feed_unfollowed_tenants: where each consumer of the committed signals feed stands,
// read from the database, so an ingest-only hub answers for the hub that consumes; per tenant, counted, capped.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { withTenant } from '../src/db/pools.ts';
import { BACKLOG_COUNT_LIMIT } from '../src/present/feed-routes.ts';
import { aSignal, startTestHub, tenantWithKeys, type TestHub } from './helpers/hub.ts';
import { runCli } from './helpers/process.ts';

const CONSUMERS = ['correlation', 'correlation_recording', 'auto_blocklist', 'current_signal_pointers'];

interface Standing { consumer: string; followed: boolean; pending_signals: number; pending_more: boolean; oldest_pending_at: string | null; lag_seconds: number }

describe('the feed consumers, read on an ingest-only hub', () => {
  let ingestOnly: TestHub;
  let consuming: Hub | null = null;
  let acme: { id: string; writer: string; reader: string };
  let other: { id: string; reader: string };
  /** quorum_feed_unfollowed_tenants per consumer, as the ingest-only hub's /metrics has it. */
  const unfollowed = async () => {
    const text = (await ingestOnly.request('GET', '/metrics')).body as string;
    return Object.fromEntries(CONSUMERS.map((c) => [c, Number(new RegExp(`^quorum_feed_unfollowed_tenants\\{consumer="${c}"\\} (\\d+)$`, 'm').exec(text)?.[1])]));
  };
  const standing = async (key: string): Promise<Standing[]> => {
    const res = await ingestOnly.request('GET', '/v1/feed/consumers', { key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body as { consumers: Standing[] }).consumers;
  };

  before(async () => {
    ingestOnly = await startTestHub({ feedConsume: false });
    acme = await tenantWithKeys(ingestOnly, 'acme', { writer: ['signal:write'], reader: ['signal:read'] });
    other = await tenantWithKeys(ingestOnly, 'other', { reader: ['signal:read'] });
  });
  after(async () => {
    await consuming?.stop();
    await ingestOnly.close();
  });

  test('with no hub consuming, every consumer is unfollowed and has every stored signal waiting', async () => {
    const before = Date.now();
    for (let i = 0; i < 5; i++) {
      const res = await ingestOnly.request('POST', '/v1/signals', { key: acme.writer, body: aSignal({ subject_id: `host-${i}.example` }) });
      assert.equal(res.status, 201);
    }
    const consumers = await standing(acme.reader);
    assert.deepEqual(consumers.map((c) => c.consumer), CONSUMERS);
    for (const c of consumers) {
      assert.deepEqual({ followed: c.followed, pending: c.pending_signals, more: c.pending_more }, { followed: false, pending: 5, more: false }, c.consumer);
      assert.ok(Date.parse(c.oldest_pending_at!) >= before - 1000 && Date.parse(c.oldest_pending_at!) <= Date.now() + 1000, c.oldest_pending_at!);
      assert.ok(c.lag_seconds >= 0 && c.lag_seconds < 60, String(c.lag_seconds));
    }
    // The bootstrap tenant, acme and other: nobody follows any of them, and the metric says so on every hub.
    assert.deepEqual(await unfollowed(), Object.fromEntries(CONSUMERS.map((c) => [c, 3])));
    const status = runCli(['status', '--url', ingestOnly.url], { QUORUM_API_KEY: acme.reader });
    assert.equal(await status.exited, 0, status.output());
    assert.match(status.stdout(), /\nunfollowed: +3 tenant\(s\) no hub follows for correlation, 3 tenant\(s\) no hub follows for correlation_recording, 3 tenant\(s\) no hub follows for auto_blocklist, /);
    assert.match(status.stdout(), /\ntenant feed: +correlation NOT FOLLOWED by any hub, 5 waiting, \d+\.\ds/);
  });

  test("another tenant's reader sees its own empty feed, not acme's backlog", async () => {
    for (const c of await standing(other.reader)) {
      assert.deepEqual(c, { consumer: c.consumer, followed: false, pending_signals: 0, pending_more: false, oldest_pending_at: null, lag_seconds: 0 });
    }
  });

  test("a lease held by another session marks that consumer alone as followed, in the API and the metric (the leases are read once for all consumers)", async () => {
    const session = new pg.Client({ connectionString: ingestOnly.db.ownerUrl });
    await session.connect();
    try {
      await session.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', ['quorum.feed.auto_blocklist', acme.id]);
      const followed = Object.fromEntries((await standing(acme.reader)).map((c) => [c.consumer, c.followed]));
      assert.deepEqual(followed, { correlation: false, correlation_recording: false, auto_blocklist: true, current_signal_pointers: false });
      assert.ok((await standing(other.reader)).every((c) => !c.followed), "another tenant's lease is its own");
      assert.deepEqual(await unfollowed(), { correlation: 3, correlation_recording: 3, auto_blocklist: 2, current_signal_pointers: 3 });
    } finally {
      await session.end();
    }
  });

  test('a backlog beyond the count limit is said to be larger', async () => {
    const signals = Array.from({ length: BACKLOG_COUNT_LIMIT + 1 }, (_, i) => aSignal({ subject_id: `bulk-${i}.example` }));
    await ingestOnly.emitter.emitBatch(acme.id, signals.map((s) => ({
      source: s.source as string, subjectType: s.subject_type as string, subjectId: s.subject_id as string, key: s.signal_key as string,
      value: s.signal_value as { value: unknown }, observedAt: s.observed_at as string,
    })));
    for (const c of await standing(acme.reader)) assert.deepEqual([c.pending_signals, c.pending_more], [BACKLOG_COUNT_LIMIT, true], c.consumer);
  });

  test('once a consuming hub on the same database has caught up, the ingest-only hub reports every consumer followed and nothing waiting', async () => {
    const config = loadConfig({
      databaseUrl: ingestOnly.db.ownerUrl, appDatabaseUrl: ingestOnly.db.appUrl, port: 0, dataDir: await mkdtemp(path.join(tmpdir(), 'quorum-hub-')), logLevel: 'silent', logFormat: 'json',
    }, {});
    consuming = await startHub(config, pino({ level: 'silent' }));
    await Promise.all([consuming.correlation.caughtUp(), consuming.autoBlocklist.feed.caughtUp(), consuming.score.pointers.caughtUp()]);
    for (const c of await standing(acme.reader)) {
      assert.deepEqual(c, { consumer: c.consumer, followed: true, pending_signals: 0, pending_more: false, oldest_pending_at: null, lag_seconds: 0 });
    }
    assert.deepEqual(await unfollowed(), Object.fromEntries(CONSUMERS.map((c) => [c, 0])));
  });

  test('a key without signal:read is refused, and no key at all', async () => {
    assert.equal((await ingestOnly.request('GET', '/v1/feed/consumers', { key: acme.writer })).status, 403);
    assert.equal((await ingestOnly.request('GET', '/v1/feed/consumers')).status, 401);
  });

  test("under one tenant the app role reads that tenant's positions only, and writes none", async () => {
    await withTenant(ingestOnly.pools.app, other.id, async (c) => {
      const seen = await c.query('SELECT DISTINCT tenant_id FROM feed_positions');
      assert.deepEqual(seen.rows, [], "other's consumers have no position yet; acme's are not shown");
    });
    const acmeRows = await withTenant(ingestOnly.pools.app, acme.id, (c) => c.query('SELECT consumer FROM feed_positions ORDER BY consumer'));
    assert.deepEqual(acmeRows.rows.map((r) => r.consumer), ['auto_blocklist', 'correlation', 'correlation_recording']);
    await assert.rejects(withTenant(ingestOnly.pools.app, acme.id, (c) => c.query(
      "UPDATE feed_positions SET id = 0 WHERE tenant_id = $1", [acme.id])), /permission denied/);
  });
});
