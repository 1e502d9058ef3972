// The guardrails every block passes before it exists: indicator format, safelist, protected addresses, prefix bounds (IP),
// TTL bounds and volume limits (every type). Pure: the caller gathers the facts inside its transaction; never blocks on doubt.

import type { Guardrails } from '../correlate/correlation-config.ts';
import { formatCidr, overlaps, parseCidr, type Cidr } from '../core/cidr.ts';
import { normalizeIndicator } from '../core/block-indicator.ts';
import type { BlockType } from '../core/types.ts';

export type RejectionCode =
  | 'invalid_indicator' | 'safelisted' | 'protected_address' | 'prefix_too_broad' | 'prefix_too_narrow'
  | 'ttl_too_short' | 'ttl_too_long' | 'max_active' | 'rate_limited';

export interface Rejection {
  code: RejectionCode;
  reason: string;
}

/** An address the hub must never block, and why (the hub itself, a registered sensor). */
export interface ProtectedAddress {
  cidr: string;
  why: string;
}

export interface GuardrailFacts {
  /** The config's safelist plus the tenant's safelist entries. */
  safelist: string[];
  protectedAddresses: ProtectedAddress[];
  activeCount: number;
  newInLastMinute: number;
  /** True when an active block covering the indicator exists: extending it adds no block, so volume limits do not apply. */
  extendsExisting: boolean;
}

/**
 * The first guardrail the block breaks, or null when it may proceed. Order: what the block is (format; for IP the
 * safelist, protected addresses and prefix bounds), then how long, then how many. Safelists hold IP prefixes, so they
 * cover IP blocks only.
 */
export function checkGuardrails(indicator: string, ttlSeconds: number, g: Guardrails, facts: GuardrailFacts, blockType: BlockType = 'IP'): Rejection | null {
  return (blockType === 'IP' ? checkAddress(indicator, g, facts) : checkValue(blockType, indicator))
    ?? checkTtl(ttlSeconds, g) ?? checkVolume(g, facts);
}

function checkAddress(indicator: string, g: Guardrails, facts: GuardrailFacts): Rejection | null {
  const cidr = parseCidr(indicator);
  if (!cidr) return { code: 'invalid_indicator', reason: `indicator "${indicator}" is not an IP address or CIDR prefix` };
  const text = formatCidr(cidr);
  const safe = firstOverlap(cidr, facts.safelist.map((s) => ({ cidr: s })));
  if (safe) return { code: 'safelisted', reason: `${text} overlaps safelisted ${safe.cidr}` };
  if (g.protect_hub_addresses) {
    const own = firstOverlap(cidr, facts.protectedAddresses);
    if (own) return { code: 'protected_address', reason: `${text} would block ${own.cidr} (${own.why})` };
  }
  const [min, max] = cidr.version === 4 ? [g.ipv4_prefix_min, g.ipv4_prefix_max] : [g.ipv6_prefix_min, g.ipv6_prefix_max];
  if (cidr.prefix < min) return { code: 'prefix_too_broad', reason: `/${cidr.prefix} is broader than the IPv${cidr.version} minimum /${min}` };
  if (cidr.prefix > max) return { code: 'prefix_too_narrow', reason: `/${cidr.prefix} is narrower than the IPv${cidr.version} maximum /${max}` };
  return null;
}

function checkValue(blockType: Exclude<BlockType, 'IP'>, indicator: string): Rejection | null {
  const n = normalizeIndicator(blockType, indicator);
  return n.ok ? null : { code: 'invalid_indicator', reason: n.rule };
}

/** TTL bounds; also what an extension by hand must respect. */
export function checkTtl(ttlSeconds: number, g: Pick<Guardrails, 'ttl_min_seconds' | 'ttl_max_seconds'>): Rejection | null {
  if (ttlSeconds < g.ttl_min_seconds) return { code: 'ttl_too_short', reason: `TTL ${ttlSeconds} s is below the minimum ${g.ttl_min_seconds} s` };
  if (ttlSeconds > g.ttl_max_seconds) return { code: 'ttl_too_long', reason: `TTL ${ttlSeconds} s is above the maximum ${g.ttl_max_seconds} s` };
  return null;
}

function checkVolume(g: Guardrails, facts: GuardrailFacts): Rejection | null {
  if (facts.extendsExisting) return null;
  if (facts.activeCount >= g.max_active_per_tenant) return { code: 'max_active', reason: `${facts.activeCount} active mitigations reach the tenant maximum ${g.max_active_per_tenant}` };
  if (facts.newInLastMinute >= g.max_new_per_minute) return { code: 'rate_limited', reason: `${facts.newInLastMinute} new mitigations in the last minute reach the limit ${g.max_new_per_minute}` };
  return null;
}

function firstOverlap<T extends { cidr: string }>(cidr: Cidr, list: T[]): T | undefined {
  return list.find((p) => {
    const other = parseCidr(p.cidr);
    return other !== null && overlaps(cidr, other);
  });
}
