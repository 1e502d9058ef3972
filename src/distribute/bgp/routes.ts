// The routes a block becomes in GoBGP: a FlowSpec rule (destination prefix, the attack vector's protocol and ports,
// discard or rate-limit) or an RTBH unicast route with a blackhole community. Pure; never talks to GoBGP.

import { parseCommunity, type BgpAction, type BgpMode } from '../../core/bgp.ts';
import { formatCidr, parseCidr } from '../../core/cidr.ts';
import type { PlaybookBgp } from '../../correlate/correlation-config.ts';

export const ROUTE_FAMILIES = ['ipv4-flowspec', 'ipv6-flowspec', 'ipv4-unicast', 'ipv6-unicast'] as const;
export type RouteFamily = (typeof ROUTE_FAMILIES)[number];

/** One FlowSpec component (RFC 8955 type: 3 protocol, 6 source port, 9 TCP flags, …) and its operator/value items. */
export interface FlowComponent {
  type: number;
  items: { op: number; value: number }[];
}

/** A route as Quorum announces it; `key` parts (family, prefix, components) name it, the rest are its attributes. */
export interface Route {
  family: RouteFamily;
  /** Destination prefix in canonical CIDR form. */
  prefix: string;
  /** FlowSpec components after the destination, in type order; empty for RTBH. */
  components: FlowComponent[];
  /** FlowSpec traffic-rate in bytes per second (0 = discard); null for RTBH. */
  rateBytesPerSecond: number | null;
  /** RTBH next hop; null for FlowSpec. */
  nextHop: string | null;
  /** Standard communities, ascending (always includes the mark). */
  communities: number[];
}

/** The hub's defaults for every key a playbook may leave out, and what every route carries. */
export interface AnnounceDefaults {
  mode: BgpMode;
  action: BgpAction;
  rateLimitBps: number;
  rtbhCommunity: string;
  nextHopV4: string;
  nextHopV6: string;
  /** Marks Quorum's routes: a route without it is someone else's and never withdrawn. */
  markCommunity: number;
}

/** A block as the announcer needs it: its prefix, its playbook's bgp keys (null: manual, automatic or gone) and its vector. */
export interface RouteBlock {
  prefix: string;
  bgp: PlaybookBgp | null;
  vector: string | null;
}

const EQ = 0x81; // numeric operator: end of list, ==
const MATCH = 0x81; // bitmask operator: end of list, (data & value) == value
const SYN = 0x02;
const PROTOCOL = 3;
const SOURCE_PORT = 6;
const TCP_FLAGS = 9;

const eq = (type: number, value: number): FlowComponent => ({ type, items: [{ op: EQ, value }] });
const udpFrom = (port: number) => [eq(PROTOCOL, 17), eq(SOURCE_PORT, port)];

/** What a FlowSpec rule matches beyond the destination, per attack vector (docs/enforcement.md has the table). */
const VECTOR_MATCHES: Record<string, (v6: boolean) => FlowComponent[]> = {
  udp_flood: () => [eq(PROTOCOL, 17)],
  syn_flood: () => [eq(PROTOCOL, 6), { type: TCP_FLAGS, items: [{ op: MATCH, value: SYN }] }],
  tcp_flood: () => [eq(PROTOCOL, 6)],
  icmp_flood: (v6) => [eq(PROTOCOL, v6 ? 58 : 1)],
  dns_amplification: () => udpFrom(53),
  ntp_amplification: () => udpFrom(123),
  ssdp_amplification: () => udpFrom(1900),
  memcached_amplification: () => udpFrom(11211),
};

/** The vectors that narrow a FlowSpec rule; any other vector matches all traffic to the destination. */
export const MATCHED_VECTORS = Object.keys(VECTOR_MATCHES);

/** The route for a block under its playbook's keys and the hub defaults; null when the mode is off or the prefix is not IP. */
export function routeForBlock(block: RouteBlock, d: AnnounceDefaults): Route | null {
  const cidr = parseCidr(block.prefix);
  const mode = block.bgp?.mode ?? d.mode;
  if (!cidr || mode === 'off') return null;
  const prefix = formatCidr(cidr);
  const v6 = cidr.version === 6;
  if (mode === 'rtbh') {
    const blackhole = parseCommunity(block.bgp?.community ?? d.rtbhCommunity)!;
    return {
      family: v6 ? 'ipv6-unicast' : 'ipv4-unicast', prefix, components: [], rateBytesPerSecond: null,
      nextHop: v6 ? d.nextHopV6 : d.nextHopV4, communities: sortedUnique([blackhole, d.markCommunity]),
    };
  }
  const matchVector = block.bgp?.match_vector ?? true;
  const components = matchVector && block.vector ? VECTOR_MATCHES[block.vector]?.(v6) ?? [] : [];
  return {
    family: v6 ? 'ipv6-flowspec' : 'ipv4-flowspec', prefix, components,
    rateBytesPerSecond: rateOf(block.bgp?.action ?? d.action, block.bgp?.rate_limit_bps ?? d.rateLimitBps),
    nextHop: null, communities: [d.markCommunity],
  };
}

/** RFC 8955 carries the rate in bytes per second as a 32-bit float: the value GoBGP will report back. */
function rateOf(action: BgpAction, bitsPerSecond: number): number {
  return action === 'discard' ? 0 : Math.fround(bitsPerSecond / 8);
}

/** What names a route in GoBGP (its NLRI): a second route with the same key replaces the first. */
export function routeKey(r: Pick<Route, 'family' | 'prefix' | 'components'>): string {
  // Only the operator's meaning takes part: GoBGP sets the end-of-list and length bits itself.
  const parts = r.components.map((c) => `${c.type}:${c.items.map((i) => `${i.op & 0x4f}=${i.value}`).join(',')}`);
  return [r.family, r.prefix, ...parts].join(' ');
}

/** The attributes that must match for an announced route to be the desired one. */
export function attributesKey(r: Pick<Route, 'rateBytesPerSecond' | 'nextHop' | 'communities'>): string {
  return `rate=${r.rateBytesPerSecond ?? '-'} nh=${r.nextHop ?? '-'} c=${r.communities.join(',')}`;
}

/**
 * Of several blocks' routes on one key (two tenants blocking one victim), the one announced: the strictest rate
 * (discard first), then the smallest attributes, so every hub picks the same one whatever the order of arrival.
 */
export function strictest(routes: Iterable<Route>): Route | null {
  let best: Route | null = null;
  for (const r of routes) {
    if (!best || stricter(r, best)) best = r;
  }
  return best;
}

/** Whether `a` goes before `b`: a lower rate, or the same rate and smaller attributes (equal ones are the same route). */
function stricter(a: Route, b: Route): boolean {
  const rate = (r: Route) => r.rateBytesPerSecond ?? 0;
  return rate(a) < rate(b) || (rate(a) === rate(b) && attributesKey(a) < attributesKey(b));
}

function sortedUnique(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
