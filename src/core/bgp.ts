// How a block is announced to routers (BGP FlowSpec or RTBH) in words every layer shares: the hub settings, the
// playbook's `bgp` keys and the announcer. Pure; never talks to a router.

/** `flowspec`: a FlowSpec rule for the destination prefix; `rtbh`: a unicast route with a blackhole community; `off`: no route. */
export const BGP_MODES = ['flowspec', 'rtbh', 'off'] as const;
export type BgpMode = (typeof BGP_MODES)[number];

/** What a FlowSpec rule tells the router to do with matching traffic (RFC 8955 traffic-rate: 0 = discard). */
export const BGP_ACTIONS = ['discard', 'rate-limit'] as const;
export type BgpAction = (typeof BGP_ACTIONS)[number];

/** The largest rate limit accepted, in bits per second (1 Tbit/s). */
export const BGP_MAX_RATE_BPS = 1_000_000_000_000;

/** A standard community `ASN:value` (each 0–65535, e.g. `65535:666`) as its 32-bit number; null when malformed. */
export function parseCommunity(text: string): number | null {
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(text.trim());
  if (!m) return null;
  const [high, low] = [Number(m[1]), Number(m[2])];
  if (high > 0xffff || low > 0xffff) return null;
  return high * 0x10000 + low;
}

/** `65535:666` for 4294902426. */
export function formatCommunity(value: number): string {
  return `${Math.floor(value / 0x10000)}:${value % 0x10000}`;
}
