// IPv4/IPv6 addresses and prefixes as numbers: parse, normalise, and test containment and overlap.
// Pure arithmetic on BigInt; never resolves names and never accepts a prefix with host bits set silently (it is masked).

import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  version: 4 | 6;
  /** Network address with host bits cleared. */
  network: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses `10.0.0.5`, `10.0.0.0/24`, `2001:db8::1`, `[2001:db8::1]`, `::ffff:10.0.0.5` (kept as IPv6); null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const [addrRaw, prefixText, extra] = text.trim().split('/');
  // Stryker disable next-line ConditionalExpression: split always yields a first element; the check only narrows the type.
  if (extra !== undefined || addrRaw === undefined) return null;
  const addr = addrRaw.replace(/^\[(.*)\]$/, '$1').split('%')[0]!;
  const version = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : null;
  if (version === null) return null;
  const bits = BITS[version];
  let prefix: number = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > bits) return null;
  }
  // Stryker disable next-line ConditionalExpression: v6ToBigInt reads a dotted IPv4 address to the same number.
  const value = version === 4 ? v4ToBigInt(addr) : v6ToBigInt(addr);
  return { version, network: value & mask(version, prefix), prefix };
}

/** Canonical text: `10.0.0.5/32`, `2001:db8::/48`, `::ffff:10.0.0.5/128` (the form PostgreSQL's cidr type prints). */
export function formatCidr(c: Cidr): string {
  return `${formatAddress(c.version, c.network)}/${c.prefix}`;
}

/** Canonical address text without a prefix; for IPs used as subject ids. */
export function normalizeIp(text: string): string | null {
  const c = parseCidr(text);
  if (!c || text.includes('/')) return null;
  return formatAddress(c.version, c.network);
}

/** True when `outer` contains every address of `inner`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && outer.prefix <= inner.prefix
    && (inner.network & mask(outer.version, outer.prefix)) === outer.network;
}

/** True when the two prefixes share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

function mask(version: 4 | 6, prefix: number): bigint {
  const bits = BigInt(BITS[version]);
  const all = (1n << bits) - 1n;
  return all ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

function v4ToBigInt(a: string): bigint {
  return a.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function v6ToBigInt(a: string): bigint {
  // The address is valid IPv6 (isIPv6): a dotted IPv4 part can only be its last group.
  const dot = a.lastIndexOf(':') + 1;
  const text = a.includes('.') ? `${a.slice(0, dot)}${v4Groups(a.slice(dot))}` : a;
  const [head, tail = ''] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `10.0.0.5` as the two IPv6 groups `a00:5`. */
function v4Groups(v4: string): string {
  const n = v4ToBigInt(v4);
  return `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
}

function formatAddress(version: 4 | 6, n: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // RFC 5952: compress the longest run (of two or more) of zero groups, the first one on a tie.
  let best = -1;
  let bestLen = 1;
  // Stryker disable next-line EqualityOperator: groups[8] is undefined, never '0', so `<= 8` stops at the same place.
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: as above, the '0' test alone ends the run at 8.
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  // An IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d) address keeps its IPv4 part dotted, as PostgreSQL prints it.
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 'ffff'))) {
    return `::${bestLen === 5 ? 'ffff:' : ''}${formatAddress(4, n & 0xffffffffn)}`;
  }
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
