// A sensor's blocklist entries in Synapse protocol 1.0 terms, and the pure rules over them: the mapping of a block onto
// an entry, the priority a cap keeps (the hash is core/blocklist-hash.ts). No I/O; pinned by test/sensor-blocklist-logic.test.ts.

import type { BlockOrigin, BlockType, Severity } from '../core/types.ts';

/** The protocol's block types: `IP` is one address (no prefix), `IP_RANGE` a CIDR prefix. */
export type WireBlockType = 'IP' | 'IP_RANGE' | 'FINGERPRINT' | 'ASN' | 'USER_AGENT';
export type WireSource = 'AUTOMATIC' | 'MANUAL' | 'FLEET_INTEL';

/** Which entries a sensor holds: `all`, or `legacy` (the Rust WAF applies only IP and FINGERPRINT blocks). */
export type BlocklistView = 'all' | 'legacy';

/** One active block as a sensor holds it, with what the cap's priority needs. */
export interface SensorEntry {
  mitigationId: string;
  blockType: WireBlockType;
  indicator: string;
  /** ISO 8601 (UTC). */
  expiresAt: string;
  source: WireSource;
  reason: string | null;
  /** 5 critical … 1 info, 0 when the block has no severity. */
  severityRank: number;
  /** When the block was created, ISO 8601 UTC with milliseconds (recency, the cap's second key; compared as text). */
  createdAt: string;
}

/** What an entry is made from: a row of the active blocks or a change of the feed. */
export interface BlockFacts {
  mitigation_id: string;
  block_type: BlockType;
  indicator: string;
  source: BlockOrigin;
  severity: Severity | null;
  reason: string | null;
  expires_at: string | Date;
}

const SOURCES: Record<BlockOrigin, WireSource> = { correlation: 'AUTOMATIC', automatic: 'AUTOMATIC', manual: 'MANUAL', fleet: 'FLEET_INTEL' };
const SEVERITY_RANK: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const LEGACY_TYPES: ReadonlySet<WireBlockType> = new Set(['IP', 'FINGERPRINT']);

/** `203.0.113.7/32` → `IP 203.0.113.7`; `10.0.0.0/24` → `IP_RANGE 10.0.0.0/24`; other types unchanged. */
export function wireIndicator(blockType: BlockType, indicator: string): { blockType: WireBlockType; indicator: string } {
  if (blockType !== 'IP') return { blockType, indicator };
  // IP indicators are PostgreSQL's canonical cidr text, so the prefix length decides (a snapshot maps 100,000 of them).
  const slash = indicator.lastIndexOf('/');
  const single = indicator.slice(slash + 1) === (indicator.includes(':') ? '128' : '32');
  return single ? { blockType: 'IP', indicator: indicator.slice(0, slash) } : { blockType: 'IP_RANGE', indicator };
}

/** The entry a block becomes; `createdAt` is kept from the entry it replaces (an extension is not a newer block). */
export function toEntry(b: BlockFacts, createdAt: string): SensorEntry {
  const wire = wireIndicator(b.block_type, b.indicator);
  return {
    mitigationId: b.mitigation_id, blockType: wire.blockType, indicator: wire.indicator, expiresAt: isoMillis(b.expires_at),
    source: SOURCES[b.source], reason: b.reason, severityRank: b.severity ? SEVERITY_RANK[b.severity] : 0, createdAt,
  };
}

const PG_UTC = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:Z|\+00(?::00)?)$/;

/**
 * A timestamp as `YYYY-MM-DDTHH:MM:SS.mmmZ`. PostgreSQL's UTC text (`YYYY-MM-DD HH:MM:SS(.ffffff)+00`, as the list's load
 * reads it) and the pool's parse of it (`…T…(.ffffff)Z`) are cut to milliseconds as text, since parsing 200,000 dates
 * costs most of a 100,000-entry snapshot's load.
 */
export function isoMillis(v: string | Date): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral,BlockStatement: the text paths are for speed; Date parses the same texts to the same answer.
  if (typeof v === 'string') {
    // The common cases, microseconds, without a regular expression: PostgreSQL's own text (`… HH:MM:SS.ffffff+00`, the
    // list's load), then the pool's (`…THH:MM:SS.ffffffZ`). Speed only: the paths below give the same answer.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a fast path; the expression and Date below answer the same.
    if (v.length === 29 && v.charCodeAt(10) === 32 && v.charCodeAt(19) === 46 && v.charCodeAt(26) === 43) return `${v.slice(0, 10)}T${v.slice(11, 23)}Z`;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a fast path; the expression and Date below answer the same.
    if (v.length === 27 && v.charCodeAt(19) === 46 && v.charCodeAt(26) === 90) return `${v.slice(0, 23)}Z`;
    const m = PG_UTC.exec(v);
    if (m) return `${m[1]}T${m[2]}.${`${m[3] ?? ''}000`.slice(0, 3)}Z`;
  }
  return new Date(v).toISOString();
}

export const inView = (view: BlocklistView, e: Pick<SensorEntry, 'blockType'>): boolean => view === 'all' || LEGACY_TYPES.has(e.blockType);

/** The cap's order: higher severity first, then the more recent block, then the mitigation id (a total order). */
export function byPriority(a: SensorEntry, b: SensorEntry): number {
  return b.severityRank - a.severityRank || textOrder(b.createdAt, a.createdAt) || textOrder(a.mitigationId, b.mitigationId);
}

const textOrder = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** The entries of `view` a sensor capped at `cap` holds (0 = no cap), and how many were left out. */
export function cappedSet(entries: Iterable<SensorEntry>, view: BlocklistView, cap: number): { kept: SensorEntry[]; omitted: number } {
  const all: SensorEntry[] = [];
  for (const e of entries) if (inView(view, e)) all.push(e);
  if (!cap || all.length <= cap) return { kept: all, omitted: 0 };
  all.sort(byPriority);
  return { kept: all.slice(0, cap), omitted: all.length - cap };
}

/** A snapshot entry: `{blockType, indicator, expiresAt, source}`. */
export const snapshotEntry = (e: SensorEntry) => ({ blockType: e.blockType, indicator: e.indicator, expiresAt: e.expiresAt, source: e.source });

/** The JSON text of a block's snapshot entry, made straight from the block: what JSON.stringify(snapshotEntry(toEntry(b))) gives. */
export function snapshotEntryText(b: BlockFacts): string {
  const wire = wireIndicator(b.block_type, b.indicator);
  return `{"blockType":"${wire.blockType}","indicator":${JSON.stringify(wire.indicator)},"expiresAt":"${isoMillis(b.expires_at)}","source":"${SOURCES[b.source]}"}`;
}

/** A `blocklist-snapshot`'s fields after its type: the entries' JSON array, the version, and what a cap left out. */
export function snapshotFields(entriesJson: string, version: number, held: number, omitted: number, maxEntries: number): string {
  return `{"entries":${entriesJson},"version":${version},"total":${held + omitted},"maxEntries":${maxEntries || null},"omitted":${omitted}}`;
}

export type UpdateKind = 'add' | 'remove';

/** A `blocklist-push` update (`type`) or, for the Rust WAF, a `blocklist-update` update (`action`). */
export function updateEntry(kind: UpdateKind, e: SensorEntry, key: 'type' | 'action') {
  return { [key]: kind, blockType: e.blockType, indicator: e.indicator, reason: e.reason, expiresAt: e.expiresAt, source: e.source };
}
