// The distribute stage's reads: a tenant's active blocks and version in one snapshot, and the follower that hands every
// tenant's block changes to enforcement targets once each, in version order, woken by NOTIFY or by its poll alone.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBlockFollower } from '../src/distribute/block-follower.ts';
import { readBlocklist } from '../src/distribute/active-blocks.ts';
import type { BlockChange } from '../src/decide/block-change-queries.ts';
import { startTestHub, type TestHub, tenantWithKeys } from './helpers/hub.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ reconcileIntervalMs: 3_600_000 }); });
after(async () => { await hub.close(); });

const silent = { warn: () => {} };
const noNotifications = { on: () => {}, onReconnect: () => {} };

const freshTenant = (name: string) => tenantWithKeys(hub, name, { key: ['admin'] });
async function block(key: string, indicator: string, ttl_seconds = 600) {
  const res = await hub.request('POST', '/v1/mitigations', { key, body: { indicator, ttl_seconds, reason: 'follower test' } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.mitigation.id as string;
}
async function withdraw(key: string, id: string) {
  const res = await hub.request('POST', `/v1/mitigations/${id}/withdraw`, { key, body: { reason: 'follower test' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** Collects what a follower hands on, per tenant, and resolves when a tenant reaches a version. */
function recorder() {
  const seen = new Map<string, BlockChange[]>();
  const waiters: { tenantId: string; version: number; resolve: () => void }[] = [];
  return {
    seen,
    listener(tenantId: string, changes: BlockChange[], version: number) {
      const list = seen.get(tenantId) ?? [];
      list.push(...changes);
      seen.set(tenantId, list);
      assert.equal(changes.at(-1)!.version, version);
      for (const w of waiters.filter((x) => x.tenantId === tenantId && version >= x.version)) w.resolve();
    },
    reached(tenantId: string, version: number): Promise<void> {
      if ((seen.get(tenantId)?.at(-1)?.version ?? 0) >= version) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ tenantId, version, resolve }));
    },
  };
}

describe('block follower', () => {
  test('hands concurrent changes on once each, in version order, starting after the version current at start', async () => {
    const t = await freshTenant('follow-order');
    await block(t.key, '10.60.0.1'); // before start: version 1, not handed on
    const rec = recorder();
    const follower = createBlockFollower({ owner: hub.pools.owner, app: hub.pools.app, notifications: hub.notifications, pollIntervalMs: 60_000, logger: silent });
    follower.onChanges(rec.listener);
    await follower.start();
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => block(t.key, `10.60.1.${i + 1}`)));
      await rec.reached(t.id, 21);
      assert.deepEqual(rec.seen.get(t.id)!.map((c) => c.version), Array.from({ length: 20 }, (_, i) => i + 2));
      assert.ok(rec.seen.get(t.id)!.every((c) => c.change === 'created' && c.block_type === 'IP' && c.source === 'manual'));
    } finally {
      await follower.stop();
    }
  });

  test('follows a tenant created after it started from its first change', async () => {
    const rec = recorder();
    const follower = createBlockFollower({ owner: hub.pools.owner, app: hub.pools.app, notifications: hub.notifications, pollIntervalMs: 60_000, logger: silent });
    follower.onChanges(rec.listener);
    await follower.start();
    try {
      const t = await freshTenant('follow-late');
      const id = await block(t.key, '10.61.0.1');
      await withdraw(t.key, id);
      await rec.reached(t.id, 2);
      assert.deepEqual(rec.seen.get(t.id)!.map((c) => [c.version, c.change, c.indicator]), [[1, 'created', '10.61.0.1/32'], [2, 'withdrawn', '10.61.0.1/32']]);
    } finally {
      await follower.stop();
    }
  });

  test('without any notification, its poll alone delivers the changes', async () => {
    const t = await freshTenant('follow-poll');
    const rec = recorder();
    const follower = createBlockFollower({ owner: hub.pools.owner, app: hub.pools.app, notifications: noNotifications, pollIntervalMs: 50, logger: silent });
    follower.onChanges(rec.listener);
    await follower.start();
    try {
      await block(t.key, '10.62.0.1');
      await rec.reached(t.id, 1);
      assert.equal(rec.seen.get(t.id)!.length, 1);
    } finally {
      await follower.stop();
    }
  });

  test('caughtUp() resolves only after every change committed before it was handed on', async () => {
    const t = await freshTenant('follow-caught-up');
    const rec = recorder();
    const follower = createBlockFollower({ owner: hub.pools.owner, app: hub.pools.app, notifications: noNotifications, pollIntervalMs: 60_000, logger: silent });
    follower.onChanges(rec.listener);
    await follower.start();
    try {
      for (let i = 1; i <= 3; i++) await block(t.key, `10.63.0.${i}`);
      await follower.caughtUp();
      assert.deepEqual(rec.seen.get(t.id)?.map((c) => c.version), [1, 2, 3]);
    } finally {
      await follower.stop();
    }
  });
});

describe('readBlocklist', () => {
  test('pages every active block once, with the version it reflects, and leaves ended ones out', async () => {
    const t = await freshTenant('blocklist-read');
    const ids = [];
    for (let i = 1; i <= 5; i++) ids.push(await block(t.key, `10.64.0.${i}`));
    await withdraw(t.key, ids[2]!);
    const pages: string[][] = [];
    const version = await readBlocklist(hub.pools.app, t.id, new Date(), 2, (blocks) => { pages.push(blocks.map((b) => b.indicator)); });
    assert.equal(version, 6);
    assert.deepEqual(pages.map((p) => p.length), [2, 2]);
    assert.deepEqual(pages.flat().sort(), ['10.64.0.1/32', '10.64.0.2/32', '10.64.0.4/32', '10.64.0.5/32']);
  });

  test('a block past its expiry is not active even before the reconciler marks it', async () => {
    const t = await freshTenant('blocklist-expiry');
    await block(t.key, '10.65.0.1', 600);
    const later = new Date(Date.now() + 601_000);
    const seen: string[] = [];
    await readBlocklist(hub.pools.app, t.id, later, 100, (blocks) => { seen.push(...blocks.map((b) => b.indicator)); });
    assert.deepEqual(seen, []);
  });

  test('reads nothing of another tenant', async () => {
    const a = await freshTenant('blocklist-a');
    const b = await freshTenant('blocklist-b');
    await block(a.key, '10.66.0.1');
    const seen: string[] = [];
    const version = await readBlocklist(hub.pools.app, b.id, new Date(), 100, (blocks) => { seen.push(...blocks.map((x) => x.indicator)); });
    assert.deepEqual([version, seen], [0, []]);
  });
});
