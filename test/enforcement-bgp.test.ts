// Routers through a real gobgpd: corroborated and manual blocks become FlowSpec and RTBH routes read back with the
// gobgp CLI, ended blocks are withdrawn, drift is repaired both ways, a SIGKILLed gobgpd is refilled, one hub announces.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { parseCommunity } from '../src/core/bgp.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { startTestHub, aSignal, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';
import { gobgpdMissing, startGobgpd, type Gobgpd } from './helpers/gobgpd.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { startChildHub } from './helpers/child-hub.ts';
import { freePort } from './helpers/process.ts';

const MARK = parseCommunity('64512:7700')!;
const BLACKHOLE = parseCommunity('65535:666')!;
const missing = gobgpdMissing();
let now = Math.floor(Date.now() / 1000) * 1000;
let gobgpd: Gobgpd;
let hub: TestHub;
// Hubs started on the test hub's database after it, stopped in after() unless a test stopped them.
const others = new Set<Hub>();
let hubStopped = false;

// The hub default is RTBH (manual blocks); the correlation playbook sets FlowSpec. Reconciles run when a test asks, on
// reconnect and after a failure: the interval is out of the way so that each repair below is the one under test.
const SETTINGS = { gobgpReconcileMs: 3_600_000, gobgpLeaseRetryMs: 100, gobgpMode: 'rtbh', reconcileIntervalMs: 3_600_000 };

const bgp = () => hub.distribute.bgp!;
async function settle(h: Pick<Hub, 'distribute'> = hub): Promise<void> {
  await h.distribute.follower.caughtUp();
  await h.distribute.bgp!.settled();
}
const manualBlock = async (indicator: string, key = hub.adminKey, ttl_seconds = 600) => {
  const res = await hub.request('POST', '/v1/mitigations', { key, body: { indicator, ttl_seconds, reason: 'router test' } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.mitigation.id as string;
};
const withdraw = (id: string, key = hub.adminKey) => hub.request('POST', `/v1/mitigations/${id}/withdraw`, { key, body: {} });
const attr = (path: any, type: number) => path.attrs.find((a: any) => a.type === type);
const alert = (victim: string, vector: string, fingerprint: string) => {
  const body = fixtureJson('alertmanager/webhook-firing.json');
  Object.assign(body.alerts[0].labels, { victim_ip: victim, vector, instance: `[${victim}]:9100` });
  body.alerts[0].fingerprint = fingerprint;
  return body;
};
const playbookBgp = (bgpKeys: Record<string, unknown>) => {
  const cfg = shippedConfig();
  cfg.playbooks[0].bgp = bgpKeys;
  return cfg;
};

describe('routers through a real gobgpd', { skip: missing ?? false }, () => {
  before(async () => {
    gobgpd = await startGobgpd();
    hub = await startTestHub({ ...SETTINGS, gobgpAddr: gobgpd.address }, () => new Date(now));
    await waitUntil('the announcer lease', 10_000, async () => bgp().state() === 'ok');
  });
  after(async () => {
    for (const h of others) await h.stop();
    if (!hubStopped) await hub.stop();
    await hub.db.drop();
    await gobgpd.stop();
  });

  test('a FastNetMon ban and an Alertmanager alert (udp_flood) become an ipv4-flowspec rule: destination, protocol ==udp, discard, Quorum\'s mark; the attack\'s end withdraws it', async () => {
    await putConfig(hub, playbookBgp({ mode: 'flowspec' }));
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.5', {}, { attack_uuid: 'bgp-1' }));
    await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'));
    await settle();
    const rib = await gobgpd.rib('ipv4-flowspec');
    assert.deepEqual(Object.keys(rib), ['[destination: 10.0.0.5/32][protocol: ==udp]']);
    const [p] = rib['[destination: 10.0.0.5/32][protocol: ==udp]']!;
    assert.deepEqual(p.nlri.value, [{ type: 1, value: { prefix: '10.0.0.5/32' } }, { type: 3, value: [{ op: 129, value: 17 }] }]);
    assert.deepEqual(attr(p, 16).value, [{ type: 128, subtype: 6, as: 0, rate: 0 }]);
    // The same rule as the captured `gobgp global rib add … then discard` (../shared/fixtures/gobgp): what a router gets.
    const [captured] = fixtureJson('gobgp/gobgp-3.10-global-rib-ipv4-flowspec.json')['[destination: 10.0.0.5/32][protocol: ==udp]'];
    assert.deepEqual(p.nlri, captured.nlri);
    assert.deepEqual(attr(p, 16), attr(captured, 16));
    assert.deepEqual(attr(p, 14), attr(captured, 14));
    assert.deepEqual(attr(p, 8).communities, [MARK]);

    // The attack ends at both sources (so the block ends whichever end_when the playbook has): the rule is withdrawn.
    await post(hub, '/v1/signals/fastnetmon', { action: 'unban', ip: '10.0.0.5', attack_details: {} });
    await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-resolved.json'));
    await settle();
    assert.deepEqual(await gobgpd.rib('ipv4-flowspec'), {});
  });

  test('a corroborated syn_flood on IPv6 with a rate-limit playbook: next header ==tcp, TCP flags SYN, 8 Mbit/s as 1,000,000 bytes/s', async () => {
    await putConfig(hub, playbookBgp({ mode: 'flowspec', action: 'rate-limit', rate_limit_bps: 8_000_000 }));
    const syn = { incoming_udp_pps: 0, incoming_tcp_pps: 950_000, incoming_syn_tcp_pps: 900_000, attack_uuid: 'bgp-2' };
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('2001:db8::6', {}, syn));
    await post(hub, '/v1/signals/alertmanager', alert('2001:db8::6', 'syn_flood', 'bgp-syn'));
    await settle();
    const rib = await gobgpd.rib('ipv6-flowspec');
    const key = '[destination: 2001:db8::6/128/0][protocol: ==tcp][tcp-flags: =S]';
    assert.deepEqual(Object.keys(rib), [key]);
    const [p] = rib[key]!;
    assert.deepEqual(p.nlri.value, [
      { type: 1, value: { prefix: '2001:db8::6/128' }, offset: 0 }, { type: 3, value: [{ op: 129, value: 6 }] }, { type: 9, value: [{ op: 129, value: 2 }] },
    ]);
    assert.deepEqual(attr(p, 16).value, [{ type: 128, subtype: 6, as: 0, rate: 1_000_000 }]);
    assert.deepEqual(attr(p, 8).communities, [MARK]);
  });

  test('manual blocks take the hub default, RTBH: the /32 and /128 with next hop and BLACKHOLE; expiry withdraws them', async () => {
    await manualBlock('10.9.0.1');
    await manualBlock('2001:db8:9::1', hub.adminKey, 60);
    await settle();
    const v4 = (await gobgpd.rib('ipv4'))['10.9.0.1/32']![0];
    const [captured] = fixtureJson('gobgp/gobgp-3.10-global-rib-ipv4-rtbh.json')['10.0.0.8/32'];
    assert.deepEqual(attr(v4, 3), attr(captured, 3), 'the next hop as in the captured RTBH route');
    assert.equal(attr(v4, 3).nexthop, '192.0.2.1');
    assert.deepEqual(attr(v4, 8).communities, [MARK, BLACKHOLE]);
    const v6 = (await gobgpd.rib('ipv6'))['2001:db8:9::1/128']![0];
    assert.equal(attr(v6, 14).nexthop, '100::1');
    assert.deepEqual(attr(v6, 8).communities, [MARK, BLACKHOLE]);

    now += 61_000;
    await hub.correlation.reconciler.reconcile();
    await settle();
    assert.deepEqual(await gobgpd.rib('ipv6'), {});
    assert.ok((await gobgpd.rib('ipv4'))['10.9.0.1/32'], 'the longer block stays');
  });

  test('two tenants blocking one victim share one route, withdrawn only when neither blocks it', async () => {
    const other = await hub.keys.createTenant('bgp-other');
    const otherKey = (await hub.keys.createKey({ tenantId: other.id, scopes: ['admin'] })).key;
    const mine = await manualBlock('10.9.0.2');
    const theirs = await manualBlock('10.9.0.2', otherKey);
    await settle();
    assert.equal((await gobgpd.rib('ipv4'))['10.9.0.2/32']!.length, 1);
    await withdraw(mine);
    await settle();
    assert.ok((await gobgpd.rib('ipv4'))['10.9.0.2/32'], 'the other tenant still blocks it');
    await withdraw(theirs, otherKey);
    await settle();
    assert.equal((await gobgpd.rib('ipv4'))['10.9.0.2/32'], undefined);
  });

  test('a reconcile re-announces a deleted route, withdraws a stale Quorum route and leaves a foreign route alone', async () => {
    await gobgpd.del('ipv4', '10.9.0.1/32');
    await gobgpd.add('ipv4', '10.77.0.1/32', 'nexthop', '192.0.2.1', 'community', '64512:7700');
    await gobgpd.add('ipv4', '10.78.0.1/32', 'nexthop', '192.0.2.1', 'community', '65535:666');
    await bgp().reconcile();
    const rib = await gobgpd.rib('ipv4');
    assert.deepEqual(Object.keys(rib).sort(), ['10.78.0.1/32', '10.9.0.1/32']);
    assert.deepEqual(attr(rib['10.78.0.1/32']![0], 8).communities, [BLACKHOLE], 'the foreign route is untouched');
    const metrics = (await hub.request('GET', '/metrics')).body as string;
    assert.match(metrics, /quorum_bgp_repairs_total\{kind="missing"\} [1-9]/);
    assert.match(metrics, /quorum_bgp_repairs_total\{kind="stale"\} [1-9]/);
    assert.match(metrics, /quorum_bgp_routes\{family="ipv4-unicast"\} 1\n/);
    assert.match(metrics, /quorum_bgp_routes\{family="ipv6-flowspec"\} 1\n/);
    assert.match(metrics, /quorum_bgp_routes\{family="ipv4-flowspec"\} 0\n/);
    assert.match(metrics, /quorum_bgp_announce_total\{outcome="announced"\} [1-9]/);
    assert.match(metrics, /quorum_bgp_up 1\n/);
    assert.match(metrics, /quorum_bgp_announcer 1\n/);
  });

  test('gobgpd SIGKILLed: the hub stays ready and ingests, reports bgp degraded; the restarted daemon is refilled on reconnect', async () => {
    await gobgpd.kill9();
    await waitUntil('the hub to notice GoBGP is gone', 10_000, async () => bgp().state() === 'degraded');
    const ready = await hub.request('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ready', enforcement: { bgp: 'degraded' } });
    assert.match((await hub.request('GET', '/metrics')).body, /quorum_bgp_up 0/);
    const ingest = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal() });
    assert.equal(ingest.status, 201, 'ingest does not depend on GoBGP');
    await manualBlock('10.9.0.3');
    await settle();
    assert.match((await hub.request('GET', '/metrics')).body, /quorum_bgp_announce_total\{outcome="failed"\} [1-9]/);

    const restarted = Date.now();
    await gobgpd.restart();
    // The reconcile interval is an hour here: only the reconnect can refill the empty RIB this fast.
    await waitUntil('the routes back in the restarted gobgpd', 10_000, async () => {
      const v4 = await gobgpd.rib('ipv4');
      return v4['10.9.0.1/32'] && v4['10.9.0.3/32'] && Object.keys(await gobgpd.rib('ipv6-flowspec')).length === 1;
    });
    assert.ok(Date.now() - restarted < 10_000);
    await waitUntil('bgp ok', 5000, async () => bgp().state() === 'ok');
    assert.deepEqual((await hub.request('GET', '/readyz')).body, { status: 'ready', enforcement: { bgp: 'ok' } });
  });

  test('two hubs on one database: one announces; when it stops the other takes the lease, carries on and reconciles on its timer', async () => {
    const b = await anotherHub({ gobgpReconcileMs: 500 });
    assert.equal(b.distribute.bgp!.state(), 'standby');
    assert.equal(bgp().state(), 'ok', 'the first hub keeps the lease');
    assert.match(await (await fetch(`${b.url}/readyz`)).text(), /"bgp":"standby"/);

    hubStopped = true;
    await hub.stop();
    await waitUntil('the second hub to take the lease and reconcile', 10_000, async () => b.distribute.bgp!.state() === 'ok');
    const res = await fetch(`${b.url}/v1/mitigations`, {
      method: 'POST', headers: { authorization: `Bearer ${hub.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ indicator: '10.9.0.4', ttl_seconds: 600 }),
    });
    assert.equal(res.status, 201);
    await settle(b);
    const v4 = await gobgpd.rib('ipv4');
    assert.deepEqual(Object.keys(v4).sort(), ['10.9.0.1/32', '10.9.0.3/32', '10.9.0.4/32']);

    // Its reconcile timer (500 ms here) repairs drift nobody was told about.
    await gobgpd.del('ipv4', '10.9.0.4/32');
    await waitUntil('the periodic reconcile to put the route back', 5000, async () => (await gobgpd.rib('ipv4'))['10.9.0.4/32']);
  });

  test('a SIGKILLed announcing hub (its own process) is replaced within seconds, and the new announcer reconciles at once', async () => {
    const port = await freePort();
    const child = await startChildHub({
      ownerUrl: hub.db.ownerUrl, appUrl: hub.db.appUrl, port,
      env: { QUORUM_GOBGP_ADDR: gobgpd.address, QUORUM_GOBGP_LEASE_RETRY_MS: '100', QUORUM_GOBGP_MODE: 'rtbh', QUORUM_GOBGP_RECONCILE_MS: '3600000' },
    });
    try {
      const childState = async () => ((await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { enforcement: { bgp: string } }).enforcement.bgp;
      assert.equal(await childState(), 'standby');
      for (const h of others) { await h.stop(); others.delete(h); }
      await waitUntil('the child hub to announce', 10_000, async () => (await childState()) === 'ok');
      const d = await anotherHub();
      assert.equal(d.distribute.bgp!.state(), 'standby');

      await gobgpd.del('ipv4', '10.9.0.1/32'); // drift the killed hub will never repair
      child.kill('SIGKILL');
      const killed = Date.now();
      await waitUntil('the standby hub to take over', 10_000, async () => d.distribute.bgp!.state() === 'ok');
      assert.ok(Date.now() - killed < 5000, `taken over in ${Date.now() - killed} ms`);
      assert.ok((await gobgpd.rib('ipv4'))['10.9.0.1/32'], 'the new announcer reconciled when it took the lease');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/** Another in-process hub on the test hub's database and gobgpd (stopped in after()). */
async function anotherHub(over: Record<string, unknown> = {}): Promise<Hub> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-hub-b-'));
  const h = await startHub(loadConfig({
    ...SETTINGS, ...over, databaseUrl: hub.db.ownerUrl, appDatabaseUrl: hub.db.appUrl, port: 0, dataDir, gobgpAddr: gobgpd.address, logLevel: 'silent',
  }, {}), pino({ level: 'silent' }), () => new Date(now));
  others.add(h);
  return h;
}
