// A sensor's local copy of its tenant's blocklist, kept by SensorClient from blocklist-snapshot and blocklist-push,
// and the lookups a sensor enforces with. Never applies a push that does not follow the version it holds.

import { blocklistHash, hashLine } from '../core/blocklist-hash.ts';
import { contains, normalizeIp, parseCidr, type Cidr } from '../core/cidr.ts';

export interface BlocklistEntry {
  blockType: string;
  indicator: string;
  expiresAt: string | null;
  source: string;
}

/** What a push did to the local copy: applied, stale (already held), or a gap (a re-sync is needed). */
export type PushOutcome = 'applied' | 'stale' | 'gap';

export class LocalBlocklist {
  /** By `blockType|indicator`. */
  private readonly entries = new Map<string, BlocklistEntry>();
  /** IP entries by canonical address (the same address however it is written), to their key. */
  private ips = new Map<string, string>();
  /** IP_RANGE prefixes, parsed once (containment is checked against each). */
  private ranges = new Map<string, Cidr>();
  private cachedHash: string | null = null;
  /** The block-feed version held; null until the first snapshot. */
  version: number | null = null;

  get size(): number {
    return this.entries.size;
  }

  /** Every entry held, expired ones included until the hub removes them. */
  list(): BlocklistEntry[] {
    return [...this.entries.values()];
  }

  /** Replaces the copy with a snapshot's entries at `version`. */
  replace(entries: BlocklistEntry[], version: number | null): void {
    this.entries.clear();
    this.ips = new Map();
    this.ranges = new Map();
    for (const e of entries) this.add(e);
    this.version = version;
    this.cachedHash = null;
  }

  /**
   * Applies a push taking the list from `fromVersion` to `version`, in order. A push that starts at or before the version
   * held and ends after it applies whole: its last operation per entry is the latest, so the result is the list at `version`.
   */
  push(updates: (BlocklistEntry & { type: string })[], fromVersion: number, version: number): PushOutcome {
    if (this.version === null || version <= this.version) return 'stale';
    if (fromVersion > this.version) return 'gap';
    for (const u of updates) {
      if (u.type === 'add') this.add(u);
      else if (u.type === 'remove') this.remove(u);
    }
    this.version = version;
    this.cachedHash = null;
    return 'applied';
  }

  /** The hash the hub compares (core/blocklist-hash.ts). */
  hash(): string {
    return (this.cachedHash ??= blocklistHash(this.entries.values()));
  }

  /** True when an unexpired `IP` entry is the address or an `IP_RANGE` entry contains it (IPv4 and IPv6). */
  isIpBlocked(ip: string, now = Date.now()): boolean {
    const canonical = normalizeIp(ip);
    if (canonical === null) return false;
    const key = this.ips.get(canonical);
    if (key !== undefined && live(this.entries.get(key)!, now)) return true;
    const addr = parseCidr(canonical)!;
    for (const [k, range] of this.ranges) if (contains(range, addr) && live(this.entries.get(k)!, now)) return true;
    return false;
  }

  /** True when an unexpired entry of this type holds exactly this value (FINGERPRINT, ASN, USER_AGENT). */
  isValueBlocked(blockType: string, value: string, now = Date.now()): boolean {
    const e = this.entries.get(hashLine({ blockType, indicator: value }));
    return e !== undefined && live(e, now);
  }

  private add(e: BlocklistEntry): void {
    const key = hashLine(e);
    this.entries.set(key, { blockType: e.blockType, indicator: e.indicator, expiresAt: e.expiresAt ?? null, source: e.source });
    if (e.blockType === 'IP') {
      const canonical = normalizeIp(e.indicator);
      if (canonical !== null) this.ips.set(canonical, key);
    } else if (e.blockType === 'IP_RANGE') {
      const c = parseCidr(e.indicator);
      if (c) this.ranges.set(key, c);
    }
  }

  private remove(e: Pick<BlocklistEntry, 'blockType' | 'indicator'>): void {
    const key = hashLine(e);
    this.entries.delete(key);
    this.ranges.delete(key);
    if (e.blockType === 'IP') {
      const canonical = normalizeIp(e.indicator);
      if (canonical !== null && this.ips.get(canonical) === key) this.ips.delete(canonical);
    }
  }
}

const live = (e: BlocklistEntry, now: number) => e.expiresAt === null || Date.parse(e.expiresAt) > now;
