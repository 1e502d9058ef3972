// Quorum blocks as CrowdSec Local API decisions: the decision shape, Go duration strings, the stream filters and the
// delta rules (what a bouncer must add and delete). Pure functions; never reads the database and never sees the clock.

import type { BlockOrigin } from '../core/types.ts';

/** A decision exactly as the CrowdSec LAPI serialises it (keys in its order). */
export interface Decision {
  duration: string;
  id: number;
  origin: string;
  scenario: string;
  scope: 'Ip' | 'Range';
  type: 'ban';
  uuid: string;
  value: string;
}

/** What a decision is made from: an IP block (active, or the state it ended in). */
export interface DecisionSource {
  mitigation_id: string;
  /** The prefix in CIDR form. */
  indicator: string;
  source: BlockOrigin;
  /** The block's explanation at decision time: the scenario a bouncer sees and filters on. */
  scenario: string;
  /** When the decision ends (for an ended block: when it ended), as the database hands it (text or Date). */
  ends_at: Date | string;
}

/** The filters of `GET /v1/decisions/stream` (CrowdSec's query parameters, comma-separated lists). */
export interface DecisionFilter {
  scopes: Set<string>;
  origins: Set<string> | null;
  scenariosContaining: string[];
  scenariosNotContaining: string[];
}

/** A duration in whole milliseconds as Go's `time.Duration.String()` prints it: `3h59m58.5s`, `1m0s`, `-9ms`, `0s`. */
export function goDuration(ms: number): string {
  const abs = Math.abs(Math.round(ms));
  if (abs === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${abs}ms`;
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const millis = abs % 60_000;
  // Go writes the fraction of a second with its trailing zeros dropped: 58.5s, 58.05s, 58s.
  const seconds = `${Math.floor(millis / 1000)}${millis % 1000 ? `.${String(millis % 1000).padStart(3, '0').replace(/0+$/, '')}` : ''}`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** A single address (/32, /128) is scope `Ip` with the bare address; a wider prefix is a `Range` (the firewall bouncer mishandles /32 ranges). */
export function scopeAndValue(indicator: string): { scope: Decision['scope']; value: string } {
  // indexOf and slice, not split: a startup answer maps 100,000 of them.
  const slash = indicator.indexOf('/');
  if (slash < 0) return { scope: 'Ip', value: indicator };
  const length = indicator.slice(slash + 1);
  if (length === '128' || (length === '32' && indicator.lastIndexOf(':', slash) < 0)) return { scope: 'Ip', value: indicator.slice(0, slash) };
  return { scope: 'Range', value: indicator };
}

/**
 * A stable integer id per block: the first 52 bits of its mitigation id (random in a v4 UUID), so the same block
 * carries the same id in a startup answer, a delta and a lookup; CrowdSec bouncers key decisions by value, not by id.
 */
export function decisionId(mitigationId: string): number {
  // The 8 + 4 + 1 hex digits before and between the first hyphens of the UUID's text (xxxxxxxx-xxxx-Mxxx-…).
  return Number.parseInt(mitigationId.slice(0, 8) + mitigationId.slice(9, 13) + mitigationId.charAt(14), 16);
}

const endsAtMs = (s: Pick<DecisionSource, 'ends_at'>): number => (s.ends_at instanceof Date ? s.ends_at.getTime() : Date.parse(s.ends_at));

/** The decision for a block, its duration counted from `nowMs` (negative for a block that has ended). */
export function toDecision(s: DecisionSource, nowMs: number): Decision {
  const { scope, value } = scopeAndValue(s.indicator);
  return {
    duration: goDuration(endsAtMs(s) - nowMs), id: decisionId(s.mitigation_id), origin: s.source, scenario: s.scenario,
    scope, type: 'ban', uuid: s.mitigation_id, value,
  };
}

const list = (text: string | undefined): string[] => (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/** The filters from the query string: `scopes` defaults to `ip,range` and, like scenarios, is case-insensitive. */
export function parseFilter(q: { scopes?: string; origins?: string; scenarios_containing?: string; scenarios_not_containing?: string }): DecisionFilter {
  const scopes = list(q.scopes).map((s) => s.toLowerCase());
  const origins = list(q.origins);
  return {
    scopes: new Set(scopes.length ? scopes : ['ip', 'range']),
    origins: origins.length ? new Set(origins) : null,
    scenariosContaining: list(q.scenarios_containing).map((s) => s.toLowerCase()),
    scenariosNotContaining: list(q.scenarios_not_containing).map((s) => s.toLowerCase()),
  };
}

/** True when the bouncer asked for this decision; a block's scope, origin and scenario never change, so its add and delete match alike. */
export function matches(d: Pick<Decision, 'scope' | 'origin' | 'scenario'>, f: DecisionFilter): boolean {
  if (!f.scopes.has(d.scope.toLowerCase())) return false;
  if (f.origins && !f.origins.has(d.origin)) return false;
  const scenario = d.scenario.toLowerCase();
  if (f.scenariosContaining.length && !f.scenariosContaining.some((s) => scenario.includes(s))) return false;
  return !f.scenariosNotContaining.some((s) => scenario.includes(s));
}

/** One block touched since a bouncer's last pull: its state at the version answered, and whether it began after the pull. */
export interface TouchedBlock extends DecisionSource {
  /** The block's last change in the range leaves it in force (created or extended, not yet ended). */
  active: boolean;
  /** Its `created` change is in the range: the bouncer never received it. */
  createdSince: boolean;
}

/**
 * What a delta answers: a block in force and not yet expired is new (a later expiry is a new decision for the same
 * value, as CrowdSec serves a repeated one); a block that ended is deleted only if the bouncer received it (one added
 * and ended between two pulls is neither) and no other block now covers the same value (bouncers delete by value).
 */
export function delta(touched: TouchedBlock[], nowMs: number): { added: DecisionSource[]; deleted: DecisionSource[] } {
  const added = touched.filter((b) => b.active && endsAtMs(b) > nowMs);
  const addedValues = new Set(added.map((b) => b.indicator));
  const deleted = touched.filter((b) => !b.active && !b.createdSince && !addedValues.has(b.indicator));
  return { added, deleted };
}
