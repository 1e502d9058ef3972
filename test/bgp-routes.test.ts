// The routes a block becomes (FlowSpec per vector and action, RTBH per community and family), one route shared by
// blocks on one prefix, the API codec's round trip, and the validation of the hub and playbook router settings.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCommunity, parseCommunity } from '../src/core/bgp.ts';
import { loadConfig } from '../src/config/config.ts';
import { validateCorrelationConfig } from '../src/correlate/correlation-config.ts';
import { createRouteCodec, loadGobgpProtos } from '../src/distribute/bgp/route-codec.ts';
import { createRouteSet, holderOf } from '../src/distribute/bgp/route-set.ts';
import { attributesKey, routeForBlock, routeKey, strictest, type AnnounceDefaults, type RouteBlock } from '../src/distribute/bgp/routes.ts';
import { announceDefaults } from '../src/distribute/bgp/target.ts';
import { shippedConfig } from './helpers/correlation.ts';

const MARK = parseCommunity('64512:7700')!;
const BLACKHOLE = parseCommunity('65535:666')!;
const defaults: AnnounceDefaults = {
  mode: 'flowspec', action: 'discard', rateLimitBps: 1_000_000, rtbhCommunity: '65535:666', nextHopV4: '192.0.2.1', nextHopV6: '100::1', markCommunity: MARK,
};
const block = (prefix: string, vector: string | null = null, bgp: RouteBlock['bgp'] = null): RouteBlock => ({ prefix, vector, bgp });
const describeRoute = (b: RouteBlock, d = defaults) => {
  const r = routeForBlock(b, d);
  return r && `${routeKey(r)} | ${attributesKey(r)}`;
};

describe('a block becomes a route', () => {
  const cases: [string, RouteBlock, string | null][] = [
    ['udp_flood → FlowSpec protocol ==17, discard', block('10.0.0.5/32', 'udp_flood'), `ipv4-flowspec 10.0.0.5/32 3:1=17 | rate=0 nh=- c=${MARK}`],
    ['syn_flood → protocol ==6 and TCP flags SYN', block('10.0.0.5', 'syn_flood'), `ipv4-flowspec 10.0.0.5/32 3:1=6 9:1=2 | rate=0 nh=- c=${MARK}`],
    ['icmp_flood on IPv6 → next header 58', block('2001:db8::5', 'icmp_flood'), `ipv6-flowspec 2001:db8::5/128 3:1=58 | rate=0 nh=- c=${MARK}`],
    ['dns_amplification → UDP from port 53', block('10.0.0.5', 'dns_amplification'), `ipv4-flowspec 10.0.0.5/32 3:1=17 6:1=53 | rate=0 nh=- c=${MARK}`],
    ['an unknown vector matches all traffic to the destination', block('10.0.0.0/24', 'DDoSAttack'), `ipv4-flowspec 10.0.0.0/24 | rate=0 nh=- c=${MARK}`],
    ['a manual block (no vector) matches all traffic', block('10.0.0.5'), `ipv4-flowspec 10.0.0.5/32 | rate=0 nh=- c=${MARK}`],
    ['match_vector: false drops the vector match', block('10.0.0.5', 'udp_flood', { match_vector: false }), `ipv4-flowspec 10.0.0.5/32 | rate=0 nh=- c=${MARK}`],
    ['rate-limit 8 Mbit/s is sent as 1,000,000 bytes/s', block('10.0.0.5', 'udp_flood', { action: 'rate-limit', rate_limit_bps: 8_000_000 }),
      `ipv4-flowspec 10.0.0.5/32 3:1=17 | rate=1000000 nh=- c=${MARK}`],
    ['rate-limit without a rate takes the hub default (1 Mbit/s = 125,000 bytes/s)', block('10.0.0.5', null, { action: 'rate-limit' }),
      `ipv4-flowspec 10.0.0.5/32 | rate=125000 nh=- c=${MARK}`],
    ['RTBH v4: the /32, next hop 192.0.2.1, BLACKHOLE and the mark', block('10.0.0.5', 'udp_flood', { mode: 'rtbh' }),
      `ipv4-unicast 10.0.0.5/32 | rate=- nh=192.0.2.1 c=${MARK},${BLACKHOLE}`],
    ['RTBH v6 with the playbook community', block('2001:DB8::5', null, { mode: 'rtbh', community: '65001:666' }),
      `ipv6-unicast 2001:db8::5/128 | rate=- nh=100::1 c=${MARK},${parseCommunity('65001:666')}`],
    ['mode off: no route', block('10.0.0.5', 'udp_flood', { mode: 'off' }), null],
    ['not an IP prefix: no route', block('AS64500'), null],
  ];
  for (const [name, b, expected] of cases) test(name, () => assert.equal(describeRoute(b), expected));

  test('the hub default mode applies when the playbook names none (manual and automatic blocks)', () => {
    assert.equal(describeRoute(block('10.0.0.5'), { ...defaults, mode: 'rtbh' }), `ipv4-unicast 10.0.0.5/32 | rate=- nh=192.0.2.1 c=${MARK},${BLACKHOLE}`);
    assert.equal(describeRoute(block('10.0.0.5'), { ...defaults, mode: 'off' }), null);
  });

  test('communities read and print as ASN:value', () => {
    assert.equal(parseCommunity('65535:666'), 4294902426);
    assert.equal(formatCommunity(4294902426), '65535:666');
    for (const bad of ['65536:1', '1:65536', '1', 'a:b', '1:2:3', '']) assert.equal(parseCommunity(bad), null, bad);
  });
});

describe('one route per key, shared by the blocks that want it', () => {
  const udp = routeForBlock(block('10.0.0.5', 'udp_flood'), defaults)!;
  const limited = routeForBlock(block('10.0.0.5', 'udp_flood', { action: 'rate-limit' }), defaults)!;

  test('a second tenant on the same route changes nothing; it is withdrawn only when the last block ends', () => {
    const set = createRouteSet();
    assert.deepEqual(set.add('a/1', udp).map((c) => [c.key, !!c.route, c.previous]), [[routeKey(udp), true, null]]);
    assert.deepEqual(set.add('b/9', udp), []);
    assert.deepEqual(set.remove('a/1'), []);
    assert.deepEqual(set.countByFamily()['ipv4-flowspec'], 1);
    assert.deepEqual(set.remove('b/9').map((c) => [c.key, c.route, !!c.previous]), [[routeKey(udp), null, true]]);
    assert.deepEqual(set.countByFamily()['ipv4-flowspec'], 0);
    assert.deepEqual(set.remove('b/9'), []);
  });

  test('of two actions on one key the stricter is announced (discard over rate-limit), whatever the order', () => {
    const set = createRouteSet();
    set.add('a/1', limited);
    const changes = set.add('b/2', udp);
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.route!.rateBytesPerSecond, 0);
    const back = set.remove('b/2');
    assert.equal(back[0]!.route!.rateBytesPerSecond, 125000, 'the rate limit is announced again');
    assert.equal(set.routes().size, 1);
  });
});

describe('the GoBGP API codec', () => {
  const codec = createRouteCodec(loadGobgpProtos());
  const routes = [
    routeForBlock(block('10.0.0.5', 'syn_flood', { action: 'rate-limit', rate_limit_bps: 10_000_000 }), defaults)!,
    routeForBlock(block('2001:db8::/64', 'memcached_amplification'), defaults)!,
    routeForBlock(block('10.0.0.6', null, { mode: 'rtbh' }), defaults)!,
    routeForBlock(block('2001:db8::6', null, { mode: 'rtbh' }), defaults)!,
  ];
  for (const r of routes) {
    test(`${r.family} decodes to the route it encodes`, () => {
      const decoded = codec.decode({ ...codec.encode(r), neighbor_ip: '<nil>' });
      assert.deepEqual(decoded, { route: r, local: true });
    });
  }

  test('the NLRI is packed as the API expects: type URLs of apipb messages, destination first', () => {
    const p = codec.encode(routes[0]!);
    assert.equal(p.nlri.type_url, 'type.googleapis.com/apipb.FlowSpecNLRI');
    const rules = codec.unpack(p.nlri)!.fields.rules.map((a: any) => codec.unpack(a)!);
    assert.deepEqual(rules.map((r: any) => [r.name, r.fields.type]), [['FlowSpecIPPrefix', 1], ['FlowSpecComponent', 3], ['FlowSpecComponent', 9]]);
    assert.deepEqual(p.pattrs.map((a) => a.type_url.split('.').pop()), ['OriginAttribute', 'CommunitiesAttribute', 'MpReachNLRIAttribute', 'ExtendedCommunitiesAttribute']);
  });

  test('a path learnt from a peer is not local', () => {
    assert.equal(codec.decode({ ...codec.encode(routes[2]!), neighbor_ip: '192.0.2.9', is_from_external: true })!.local, false);
  });
});

describe('router settings are validated', () => {
  const errorsOf = (bgp: unknown) => {
    const cfg = shippedConfig();
    cfg.playbooks[0].bgp = bgp;
    const r = validateCorrelationConfig(cfg);
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };

  test('a playbook may set mode, action, rate, community and match_vector', () => {
    assert.deepEqual(errorsOf({ mode: 'rtbh', action: 'rate-limit', rate_limit_bps: 5000, community: '65535:666', match_vector: false }), []);
    const r = validateCorrelationConfig({ ...shippedConfig(), playbooks: [{ ...shippedConfig().playbooks[0], bgp: { mode: 'flowspec' } }] });
    assert.ok(r.ok);
    assert.deepEqual(r.config.playbooks[0]!.bgp, { mode: 'flowspec' });
  });

  test('each bad key is named with its rule', () => {
    assert.deepEqual(errorsOf({ mode: 'null-route', action: 'drop', rate_limit_bps: 0, community: '70000:1', match_vector: 'yes', asn: 1 }), [
      'playbooks[0].bgp.asn: is not a known setting',
      'playbooks[0].bgp.mode: must be one of flowspec, rtbh, off',
      'playbooks[0].bgp.action: must be one of discard, rate-limit',
      'playbooks[0].bgp.rate_limit_bps: must be between 1 and 1000000000000',
      'playbooks[0].bgp.community: must be a community "ASN:value" (each 0-65535), e.g. "65535:666"',
      'playbooks[0].bgp.match_vector: must be true or false',
    ]);
    assert.deepEqual(errorsOf('rtbh'), ['playbooks[0].bgp: must be a mapping: { mode?: flowspec|rtbh|off, action?: discard|rate-limit, rate_limit_bps?, community?, match_vector? }']);
  });

  test('the hub settings refuse a bad mode, community or next hop at start', () => {
    assert.throws(() => loadConfig({}, { QUORUM_GOBGP_MODE: 'blackhole' }), /gobgpMode \(QUORUM_GOBGP_MODE\) must be flowspec, rtbh, off/);
    assert.throws(() => loadConfig({}, { QUORUM_GOBGP_RTBH_COMMUNITY: '666' }), /QUORUM_GOBGP_RTBH_COMMUNITY\) must be a community/);
    assert.throws(() => loadConfig({}, { QUORUM_GOBGP_RTBH_NEXT_HOP_V4: '100::1' }), /must be an IPv4 address/);
    assert.throws(() => loadConfig({}, { QUORUM_GOBGP_ADDR: 'http://x' }), /must be host:port/);
    const d = announceDefaults(loadConfig({}, { QUORUM_GOBGP_ADDR: '127.0.0.1:50051' }));
    assert.deepEqual(d, { ...defaults });
  });
});

describe('the route set when a block changes its route', () => {
  const udp = routeForBlock(block('10.0.0.7', 'udp_flood'), defaults)!;
  const syn = routeForBlock(block('10.0.0.7', 'syn_flood'), defaults)!;
  const udpLimited = routeForBlock(block('10.0.0.7', 'udp_flood', { action: 'rate-limit' }), defaults)!;

  test('a block that moves to another key withdraws its old route and announces the new one, in that order', () => {
    const set = createRouteSet();
    set.add('t/1', udp);
    const changes = set.add('t/1', syn);
    assert.deepEqual(changes.map((c) => [c.key, c.route === null, c.previous === null]), [[routeKey(udp), true, false], [routeKey(syn), false, true]]);
    assert.deepEqual([...set.routes().keys()], [routeKey(syn)]);
    assert.equal(set.has('t/1'), true);
    assert.equal(set.countByFamily()['ipv4-flowspec'], 1);
  });
  test('the same block asking for the same route again changes nothing; another action on the same key replaces it', () => {
    const set = createRouteSet();
    set.add('t/1', udpLimited);
    assert.deepEqual(set.add('t/1', udpLimited), []);
    const changes = set.add('t/1', udp);
    assert.deepEqual(changes.map((c) => [c.key, c.route?.rateBytesPerSecond, c.previous?.rateBytesPerSecond]), [[routeKey(udp), 0, 125000]]);
    assert.equal(set.countByFamily()['ipv4-flowspec'], 1);
  });
  test('a block never added has no route, and the set keys tenants apart', () => {
    const set = createRouteSet();
    assert.equal(set.has(holderOf('t', '1')), false);
    set.add(holderOf('t', '1'), udp);
    assert.equal(holderOf('t', '1'), 't/1');
    assert.equal(set.has(holderOf('u', '1')), false);
    assert.deepEqual(set.remove(holderOf('u', '1')), []);
  });
  test('of two rate limits on one key the lower rate wins, and equal rates choose by attributes, the same in any order', () => {
    const slow = routeForBlock(block('10.0.0.8', 'udp_flood', { action: 'rate-limit', rate_limit_bps: 8_000 }), defaults)!;
    const fast = routeForBlock(block('10.0.0.8', 'udp_flood', { action: 'rate-limit', rate_limit_bps: 80_000 }), defaults)!;
    assert.equal(strictest([fast, slow])!.rateBytesPerSecond, 1000);
    assert.equal(strictest([slow, fast])!.rateBytesPerSecond, 1000);
    const marked = { ...slow, communities: [...slow.communities, 65535 * 65536 + 1].sort((a, b) => a - b) };
    const first = attributesKey(slow) < attributesKey(marked) ? slow : marked;
    assert.equal(strictest([slow, marked]), first);
    assert.equal(strictest([marked, slow]), first);
    assert.equal(strictest([]), null);
  });
});
