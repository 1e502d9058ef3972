// Translates Quorum's routes to and from GoBGP's API paths (apipb.Path, its NLRI and attributes packed as
// google.protobuf.Any), with the GoBGP 3.10 protos in ./proto loaded by protobufjs. Pure; never opens a connection.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { formatCidr, parseCidr } from '../../core/cidr.ts';
import type { FlowComponent, Route, RouteFamily } from './routes.ts';

const PROTO_DIR = fileURLToPath(new URL('./proto/', import.meta.url));
const TYPE_PREFIX = 'type.googleapis.com/apipb.';

/** An Any as protobufjs reads and writes it. */
export interface AnyMessage {
  type_url: string;
  value: Uint8Array;
}

/** A path as the API carries it (plain object; enums as their names, 64-bit integers as numbers). */
export interface ApiPath {
  family: { afi: string; safi: string };
  nlri: AnyMessage;
  pattrs: AnyMessage[];
  neighbor_ip?: string;
  is_from_external?: boolean;
}

const FAMILIES: Record<RouteFamily, ApiPath['family']> = {
  'ipv4-flowspec': { afi: 'AFI_IP', safi: 'SAFI_FLOW_SPEC_UNICAST' },
  'ipv6-flowspec': { afi: 'AFI_IP6', safi: 'SAFI_FLOW_SPEC_UNICAST' },
  'ipv4-unicast': { afi: 'AFI_IP', safi: 'SAFI_UNICAST' },
  'ipv6-unicast': { afi: 'AFI_IP6', safi: 'SAFI_UNICAST' },
};

/** The API's family of a route family. */
export const apiFamily = (f: RouteFamily): ApiPath['family'] => FAMILIES[f];

/** Loads gobgp.proto and attribute.proto once; `google/protobuf/*` come bundled with protobufjs (it looks there first). */
export function loadGobgpProtos(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(PROTO_DIR, path.basename(target));
  root.loadSync([path.join(PROTO_DIR, 'gobgp.proto'), path.join(PROTO_DIR, 'attribute.proto')], { keepCase: true });
  root.resolveAll();
  return root;
}

export function createRouteCodec(root: protobuf.Root) {
  const types = new Map<string, protobuf.Type>();
  const type = (name: string) => {
    let t = types.get(name);
    if (!t) types.set(name, (t = root.lookupType(`apipb.${name}`)));
    return t;
  };
  const known = (name: string) => types.has(name) || root.lookup(`apipb.${name}`) instanceof protobuf.Type;
  const pack = (name: string, fields: object): AnyMessage => {
    const t = type(name);
    return { type_url: TYPE_PREFIX + name, value: t.encode(t.fromObject(fields)).finish() };
  };
  /** The message's name (`FlowSpecNLRI`) and its fields; null for a type outside apipb. */
  const unpack = (a: AnyMessage): { name: string; fields: Record<string, any> } | null => {
    if (!a.type_url.startsWith(TYPE_PREFIX)) return null;
    const name = a.type_url.slice(TYPE_PREFIX.length);
    if (!known(name)) return null;
    const t = type(name);
    // An all-default message (origin IGP) arrives with no value at all.
    return { name, fields: t.toObject(t.decode(a.value ?? new Uint8Array()), { longs: Number, enums: String, defaults: true }) };
  };

  function nlriOf(r: Route): AnyMessage {
    const cidr = parseCidr(r.prefix)!;
    const address = r.prefix.split('/')[0]!;
    if (r.family.endsWith('unicast')) return pack('IPAddressPrefix', { prefix_len: cidr.prefix, prefix: address });
    const destination = pack('FlowSpecIPPrefix', { type: 1, prefix_len: cidr.prefix, prefix: address });
    return pack('FlowSpecNLRI', { rules: [destination, ...r.components.map((c) => pack('FlowSpecComponent', c))] });
  }

  /** The attributes as GoBGP's own CLI sends them (sorted by attribute type); next hops in MP_REACH except IPv4 unicast. */
  function attributesOf(r: Route, nlri: AnyMessage): AnyMessage[] {
    const family = FAMILIES[r.family];
    const nextHop = r.nextHop ?? (family.afi === 'AFI_IP6' ? '::' : '0.0.0.0');
    const attrs = [pack('OriginAttribute', {})]; // origin IGP (0): the all-default message
    if (r.family === 'ipv4-unicast') attrs.push(pack('NextHopAttribute', { next_hop: nextHop }));
    attrs.push(pack('CommunitiesAttribute', { communities: r.communities }));
    if (r.family !== 'ipv4-unicast') attrs.push(pack('MpReachNLRIAttribute', { family, next_hops: [nextHop], nlris: [nlri] }));
    if (r.rateBytesPerSecond !== null) {
      attrs.push(pack('ExtendedCommunitiesAttribute', { communities: [pack('TrafficRateExtended', { asn: 0, rate: r.rateBytesPerSecond })] }));
    }
    return attrs;
  }

  return {
    pack,
    unpack,

    /** The API path that announces `r` (or names it in a DeletePath). */
    encode(r: Route): ApiPath {
      const nlri = nlriOf(r);
      return { family: FAMILIES[r.family], nlri, pattrs: attributesOf(r, nlri) };
    },

    /** The route a path from ListPath carries, with whether GoBGP holds it locally (added through the API, not from a peer); null when it is not a family or shape Quorum announces. */
    decode(p: ApiPath): { route: Route; local: boolean } | null {
      const { afi, safi } = p.family ?? {};
      const family = (Object.keys(FAMILIES) as RouteFamily[]).find((f) => FAMILIES[f].afi === afi && FAMILIES[f].safi === safi);
      const nlri = family ? decodeNlri(unpack(p.nlri), unpack) : null;
      if (!family || !nlri) return null;
      const route: Route = { family, ...nlri, rateBytesPerSecond: null, nextHop: null, communities: [] };
      for (const a of p.pattrs ?? []) readAttribute(route, unpack(a), unpack);
      if (family.endsWith('flowspec')) route.nextHop = null;
      // Locally originated paths have no neighbour: GoBGP prints its nil address.
      const local = !p.is_from_external && (!p.neighbor_ip || p.neighbor_ip === '<nil>');
      return { route, local };
    },
  };
}

export type RouteCodec = ReturnType<typeof createRouteCodec>;
type Unpack = RouteCodec['unpack'];
type Unpacked = ReturnType<Unpack>;

function decodeNlri(n: Unpacked, unpack: Unpack): Pick<Route, 'prefix' | 'components'> | null {
  if (n?.name === 'IPAddressPrefix') {
    const prefix = prefixOf(n.fields.prefix, n.fields.prefix_len);
    return prefix ? { prefix, components: [] } : null;
  }
  if (n?.name !== 'FlowSpecNLRI') return null;
  let prefix: string | null = null;
  const components: FlowComponent[] = [];
  // Repeated fields are arrays, empty when absent: unpack reads with `defaults`.
  for (const rule of n.fields.rules as AnyMessage[]) {
    const r = unpack(rule);
    if (r?.name === 'FlowSpecIPPrefix' && r.fields.type === 1) prefix = prefixOf(r.fields.prefix, r.fields.prefix_len);
    else if (r?.name === 'FlowSpecComponent') {
      components.push({ type: r.fields.type, items: r.fields.items.map((i: { op: number; value: number }) => ({ op: i.op, value: i.value })) });
    } else return null; // a source prefix, a MAC: not a rule Quorum writes
  }
  return prefix ? { prefix, components } : null;
}

function readAttribute(route: Route, a: Unpacked, unpack: Unpack): void {
  if (a?.name === 'CommunitiesAttribute') route.communities = [...(a.fields.communities as number[])].sort((x, y) => x - y);
  else if (a?.name === 'NextHopAttribute') route.nextHop = a.fields.next_hop;
  else if (a?.name === 'MpReachNLRIAttribute') route.nextHop = (a.fields.next_hops as string[])[0] ?? null;
  else if (a?.name === 'ExtendedCommunitiesAttribute') {
    for (const c of a.fields.communities as AnyMessage[]) {
      const ext = unpack(c);
      if (ext?.name === 'TrafficRateExtended') route.rateBytesPerSecond = ext.fields.rate;
    }
  }
}

function prefixOf(address: string, length: number): string | null {
  const c = parseCidr(`${address}/${length}`);
  return c ? formatCidr(c) : null;
}
