// The routes a block becomes (FlowSpec per vector and action, RTBH per community and family), one route shared by
// blocks on one prefix, the API codec's round trip, and the validation of the hub and playbook router settings.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCommunity, parseCommunity } from '../src/core/bgp.ts';
import { loadConfig } from '../src/config/config.ts';
import { validateCorrelationConfig } from '../src/correlate/correlation-config.ts';
import { apiFamily, createRouteCodec, loadGobgpProtos, type AnyMessage, type ApiPath } from '../src/distribute/bgp/route-codec.ts';
import { createRouteSet, holderOf } from '../src/distribute/bgp/route-set.ts';
import { attributesKey, routeForBlock, routeKey, strictest, type AnnounceDefaults, type Route, type RouteBlock } from '../src/distribute/bgp/routes.ts';
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
    ['tcp_flood → protocol ==6', block('10.0.0.5', 'tcp_flood'), `ipv4-flowspec 10.0.0.5/32 3:1=6 | rate=0 nh=- c=${MARK}`],
    ['icmp_flood on IPv4 → protocol ==1', block('10.0.0.5', 'icmp_flood'), `ipv4-flowspec 10.0.0.5/32 3:1=1 | rate=0 nh=- c=${MARK}`],
    ['ntp_amplification → UDP from port 123', block('10.0.0.5', 'ntp_amplification'), `ipv4-flowspec 10.0.0.5/32 3:1=17 6:1=123 | rate=0 nh=- c=${MARK}`],
    ['ssdp_amplification → UDP from port 1900', block('10.0.0.5', 'ssdp_amplification'), `ipv4-flowspec 10.0.0.5/32 3:1=17 6:1=1900 | rate=0 nh=- c=${MARK}`],
    ['memcached_amplification → UDP from port 11211', block('10.0.0.5', 'memcached_amplification'), `ipv4-flowspec 10.0.0.5/32 3:1=17 6:1=11211 | rate=0 nh=- c=${MARK}`],
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

describe('route keys and strictness', () => {
  test("a key lists each component's items with only the operator's meaning (end-of-list and length bits left out)", () => {
    const r = { family: 'ipv4-flowspec' as const, prefix: '10.0.0.0/24', components: [{ type: 3, items: [{ op: 0x01, value: 6 }, { op: 0x81, value: 17 }] }, { type: 6, items: [{ op: 0xb3, value: 53 }, { op: 0x43, value: 80 }] }] };
    assert.equal(routeKey(r), 'ipv4-flowspec 10.0.0.0/24 3:1=6,1=17 6:3=53,67=80');
  });

  test('the lower rate wins by number, not by its text (2,000 bytes/s over 125,000)', () => {
    const slow = routeForBlock(block('10.0.0.9', null, { action: 'rate-limit', rate_limit_bps: 16_000 }), defaults)!;
    const fast = routeForBlock(block('10.0.0.9', null, { action: 'rate-limit' }), defaults)!;
    assert.ok(attributesKey(slow) > attributesKey(fast), 'as text the slower rate sorts last');
    assert.equal(strictest([fast, slow]), slow);
    assert.equal(strictest([slow, fast]), slow);
  });
});

describe('the GoBGP API codec, field by field', () => {
  const codec = createRouteCodec(loadGobgpProtos());
  const v4 = routeForBlock(block('10.0.0.5', 'udp_flood'), defaults)!;
  const v6 = routeForBlock(block('2001:db8::5', 'udp_flood'), defaults)!;
  const rtbh4 = routeForBlock(block('10.0.0.6', null, { mode: 'rtbh' }), defaults)!;
  const rtbh6 = routeForBlock(block('2001:db8::6', null, { mode: 'rtbh' }), defaults)!;
  const attrs = (p: ApiPath) => p.pattrs.map((a) => codec.unpack(a)!);
  const attr = (p: ApiPath, name: string) => attrs(p).find((a) => a.name === name)?.fields;
  const TYPE = 'type.googleapis.com/apipb.';

  test('each family is sent as its AFI and SAFI', () => {
    const expected = [
      { afi: 'AFI_IP', safi: 'SAFI_FLOW_SPEC_UNICAST' }, { afi: 'AFI_IP6', safi: 'SAFI_FLOW_SPEC_UNICAST' },
      { afi: 'AFI_IP', safi: 'SAFI_UNICAST' }, { afi: 'AFI_IP6', safi: 'SAFI_UNICAST' },
    ];
    assert.deepEqual([v4, v6, rtbh4, rtbh6].map((r) => codec.encode(r).family), expected);
    assert.deepEqual((['ipv4-flowspec', 'ipv6-flowspec', 'ipv4-unicast', 'ipv6-unicast'] as const).map(apiFamily), expected);
  });

  test('attributes go as GoBGP sends them: the next hop in NEXT_HOP for IPv4 unicast only, else in MP_REACH with the NLRI', () => {
    const names = (r: Route) => attrs(codec.encode(r)).map((a) => a.name);
    assert.deepEqual(names(rtbh4), ['OriginAttribute', 'NextHopAttribute', 'CommunitiesAttribute']);
    assert.deepEqual(names(rtbh6), ['OriginAttribute', 'CommunitiesAttribute', 'MpReachNLRIAttribute']);
    assert.deepEqual(names(v4), ['OriginAttribute', 'CommunitiesAttribute', 'MpReachNLRIAttribute', 'ExtendedCommunitiesAttribute']);
    assert.deepEqual(attr(codec.encode(rtbh4), 'NextHopAttribute'), { next_hop: '192.0.2.1' });
    assert.deepEqual(attr(codec.encode(rtbh4), 'OriginAttribute'), { origin: 0 });
    const reach = (r: Route) => {
      const p = codec.encode(r);
      const m = attr(p, 'MpReachNLRIAttribute')!;
      assert.deepEqual(m.nlris.map((n: AnyMessage) => [n.type_url, Buffer.from(n.value).toString('hex')]), [[p.nlri.type_url, Buffer.from(p.nlri.value).toString('hex')]]);
      return [m.family, m.next_hops];
    };
    assert.deepEqual(reach(v4), [{ afi: 'AFI_IP', safi: 'SAFI_FLOW_SPEC_UNICAST' }, ['0.0.0.0']]);
    assert.deepEqual(reach(v6), [{ afi: 'AFI_IP6', safi: 'SAFI_FLOW_SPEC_UNICAST' }, ['::']]);
    assert.deepEqual(reach(rtbh6), [{ afi: 'AFI_IP6', safi: 'SAFI_UNICAST' }, ['100::1']]);
    const unicast = codec.unpack(codec.encode(rtbh6).nlri)!;
    assert.deepEqual(unicast, { name: 'IPAddressPrefix', fields: { prefix_len: 128, prefix: '2001:db8::6' } });
    const rate = codec.unpack(attr(codec.encode(v4), 'ExtendedCommunitiesAttribute')!.communities[0])!;
    assert.deepEqual(rate, { name: 'TrafficRateExtended', fields: { asn: 0, rate: 0 } });
  });

  test('a message of another package or an unknown name unpacks to null; one with no bytes to its defaults', () => {
    assert.equal(codec.unpack({ type_url: 'type.googleapis.com/google.protobuf.Empty', value: new Uint8Array() }), null);
    assert.equal(codec.unpack({ type_url: `${TYPE}NoSuchMessage`, value: new Uint8Array() }), null);
    assert.equal(codec.unpack({ type_url: 'apipb.OriginAttribute', value: new Uint8Array() }), null);
    assert.equal(codec.unpack({ type_url: 'type.googleapis.com/other.OriginAttribute', value: new Uint8Array() }), null, 'another package, a name apipb also has');
    assert.deepEqual(codec.unpack({ type_url: `${TYPE}OriginAttribute` } as AnyMessage), { name: 'OriginAttribute', fields: { origin: 0 } });
  });

  test('a codec that never encoded reads what another one wrote', () => {
    const fresh = createRouteCodec(loadGobgpProtos());
    assert.deepEqual(fresh.decode(codec.encode(v6)), { route: v6, local: true });
  });

  test('a path of another family, of no family or with an NLRI Quorum does not write decodes to null', () => {
    const p = codec.encode(v4);
    assert.equal(codec.decode({ ...p, family: { afi: 'AFI_L2VPN', safi: 'SAFI_EVPN' } }), null);
    assert.equal(codec.decode({ ...p, family: { afi: 'AFI_IP', safi: 'SAFI_MPLS_VPN' } }), null);
    assert.equal(codec.decode({ ...p, family: undefined } as unknown as ApiPath), null);
    assert.equal(codec.decode({ ...p, nlri: { type_url: 'type.googleapis.com/google.protobuf.Empty', value: new Uint8Array() } }), null);
    const rules = (...rs: AnyMessage[]) => ({ ...p, nlri: codec.pack('FlowSpecNLRI', { rules: rs }) });
    const dest = codec.pack('FlowSpecIPPrefix', { type: 1, prefix_len: 32, prefix: '10.0.0.5' });
    const component = codec.pack('FlowSpecComponent', { type: 3, items: [{ op: 0x81, value: 17 }] });
    assert.equal(codec.decode(rules(codec.pack('FlowSpecIPPrefix', { type: 2, prefix_len: 32, prefix: '10.0.0.9' }), dest, component)), null, 'a source prefix');
    assert.equal(codec.decode(rules(dest, codec.pack('FlowSpecMAC', { type: 15, address: '00:00:00:00:00:01' }))), null, 'a MAC component');
    assert.equal(codec.decode(rules(dest, { type_url: 'type.googleapis.com/google.protobuf.Empty', value: new Uint8Array() })), null, 'a foreign message');
    assert.equal(codec.decode(rules(component)), null, 'no destination');
    assert.equal(codec.decode(rules(dest, codec.pack('FlowSpecComponent', { type: 3 })))!.route.components[0]!.items.length, 0);
    assert.equal(codec.decode({ ...p, nlri: codec.pack('IPAddressPrefix', { prefix_len: 33, prefix: '10.0.0.5' }), family: apiFamily('ipv4-unicast') }), null, 'a prefix that is not one');
  });

  test('attributes are read whatever their order: communities sorted by number, the rate of a traffic-rate community only, others ignored', () => {
    const p = codec.encode(rtbh4);
    const decoded = codec.decode({
      ...p,
      pattrs: [
        codec.pack('CommunitiesAttribute', { communities: [3_000_000_000, 5, 70_000] }),
        codec.pack('AsPathAttribute', { segments: [] }), { type_url: 'type.googleapis.com/google.protobuf.Empty', value: new Uint8Array() },
        codec.pack('ExtendedCommunitiesAttribute', {
          communities: [codec.pack('TwoOctetAsSpecificExtended', { sub_type: 2, asn: 65000, local_admin: 1 }), { type_url: 'type.googleapis.com/google.protobuf.Empty', value: new Uint8Array() }],
        }),
        codec.pack('MpReachNLRIAttribute', { family: apiFamily('ipv4-unicast'), next_hops: [], nlris: [] }),
      ],
    })!;
    assert.deepEqual(decoded.route, { ...rtbh4, communities: [5, 70_000, 3_000_000_000], nextHop: null, rateBytesPerSecond: null });
    assert.deepEqual(codec.decode({ ...p, pattrs: undefined } as unknown as ApiPath)!.route, { ...rtbh4, communities: [], nextHop: null });
    const flow = codec.decode({ ...codec.encode(v4), pattrs: [...codec.encode(v4).pattrs, codec.pack('NextHopAttribute', { next_hop: '192.0.2.1' })] })!;
    assert.equal(flow.route.nextHop, null, 'a FlowSpec route has no next hop, whatever the path says');
  });

  test('a path is local only when no peer sent it', () => {
    const p = codec.encode(rtbh4);
    assert.deepEqual([
      codec.decode(p)!.local, codec.decode({ ...p, neighbor_ip: '<nil>' })!.local, codec.decode({ ...p, neighbor_ip: '192.0.2.9' })!.local,
      codec.decode({ ...p, neighbor_ip: '<nil>', is_from_external: true })!.local, codec.decode({ ...p, is_from_external: false, neighbor_ip: '' })!.local,
    ], [true, true, false, false, true]);
  });
});
