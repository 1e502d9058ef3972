// The one format of a block's indicator, per block type: what is accepted and the normalised text that is stored,
// compared and shipped. Pure; an indicator that does not normalise is refused, never stored as given.

import type { BlockType } from './types.ts';
import { formatCidr, parseCidr } from './cidr.ts';

/** Longest indicator text accepted for any type (the mitigations CHECK allows 512 for non-IP values). */
export const MAX_INDICATOR_LENGTH = 512;

export const INDICATOR_RULES = {
  IP: 'an IPv4 or IPv6 address or CIDR prefix; stored as the prefix with host bits cleared (10.0.0.5 → 10.0.0.5/32)',
  FINGERPRINT: '16–256 characters from A–Z a–z 0–9 _ - . : (a JA4/JA3-style TLS fingerprint), case kept',
  ASN: 'an autonomous system number 1–4294967294, written 64500, as64500 or AS64500; stored as AS64500',
  USER_AGENT: '1–512 printable characters (no control characters); surrounding spaces trimmed and runs of spaces made one',
} as const satisfies Record<BlockType, string>;

export type IndicatorResult = { ok: true; value: string } | { ok: false; rule: string };

const FINGERPRINT = /^[A-Za-z0-9_.:-]{16,256}$/;
const ASN = /^(?:AS)?(\d{1,10})$/i;
// C0 and C1 controls and DEL: a user agent is one printable line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The normalised indicator of `type`, or the rule `text` breaks. */
export function normalizeIndicator(type: BlockType, text: string): IndicatorResult {
  if (typeof text !== 'string' || text.length > MAX_INDICATOR_LENGTH || !text.isWellFormed()) return fail(type);
  return NORMALIZERS[type](text);
}

const NORMALIZERS: Record<BlockType, (text: string) => IndicatorResult> = {
  IP(text) {
    const c = parseCidr(text);
    return c ? { ok: true, value: formatCidr(c) } : fail('IP');
  },
  FINGERPRINT(text) {
    const t = text.trim();
    return FINGERPRINT.test(t) ? { ok: true, value: t } : fail('FINGERPRINT');
  },
  ASN(text) {
    const m = ASN.exec(text.trim().replace(/^AS\s+/i, 'AS'));
    const n = m ? Number(m[1]) : 0;
    // AS 0 and 4294967295 are reserved (RFC 7607, RFC 7300) and never originate traffic.
    return n >= 1 && n <= 4_294_967_294 ? { ok: true, value: `AS${n}` } : fail('ASN');
  },
  USER_AGENT(text) {
    if (CONTROL.test(text)) return fail('USER_AGENT');
    const t = text.trim().replace(/\s+/g, ' ');
    return t.length >= 1 ? { ok: true, value: t } : fail('USER_AGENT');
  },
};

function fail(type: BlockType): IndicatorResult {
  return { ok: false, rule: `a ${type} indicator must be ${INDICATOR_RULES[type]}` };
}
