// The Trust Score's policy section (`trust_score` in the correlation policy): categories and weights, source → category,
// severity points and per-key value thresholds; its defaults and a validator that reports every error with its path.

import { SEVERITIES, type Severity } from './types.ts';

export interface TrustScorePolicy {
  /** Category name → weight (≥ 0); weights are renormalised over the categories that have a mapped source. */
  categories: Record<string, number>;
  /** Signal source → category; a source without an entry costs nothing and is listed as unmapped. */
  sources: Record<string, string>;
  /** Points (0–100) a finding of each severity costs within its category, before the 1/i^1.5 combination. */
  severity_points: Record<Severity, number>;
  /** signal_key → threshold: a numeric value above it is a finding, at or below it costs nothing. */
  value_thresholds: Record<string, number>;
  /** The severity a failed check (`{"value": false}`) or an exceeded threshold counts as when its signal has none. */
  finding_severity: Severity;
  /** Points an open incident on the subject costs in `threat_exposure`. */
  incident_points: number;
  /** Points an active block against the subject costs in `threat_exposure`. */
  block_points: number;
}

/** The category that Quorum's own threat evidence (threat signals, active blocks, open incidents) counts in. */
export const THREAT_EXPOSURE = 'threat_exposure';

/** Weights of the reference formula v1.2, plus Quorum's threat exposure at 0 so those weights hold until a tenant opts in. */
export const DEFAULT_TRUST_SCORE_POLICY: TrustScorePolicy = {
  categories: {
    patch_hygiene: 30, agent_health: 20, secrets_exposure: 15, configuration_drift: 15,
    emergency_access_discipline: 10, evidence_continuity: 10, [THREAT_EXPOSURE]: 0,
  },
  sources: { fastnetmon: THREAT_EXPOSURE, alertmanager: THREAT_EXPOSURE },
  severity_points: { info: 0, low: 10, medium: 30, high: 60, critical: 100 },
  value_thresholds: {},
  finding_severity: 'medium',
  incident_points: 60,
  block_points: 60,
};

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const SIGNAL_KEY = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const MAX_ENTRIES = 1_000;
const KEYS = Object.keys(DEFAULT_TRUST_SCORE_POLICY);

type Fail = (path: string, message: string) => void;

/** Reads the section (absent keys take the defaults); every problem goes to `fail` with its path under `trust_score`. */
export function checkTrustScorePolicy(raw: unknown, fail: Fail): TrustScorePolicy {
  const d = DEFAULT_TRUST_SCORE_POLICY;
  const p = 'trust_score';
  if (!isObject(raw)) {
    fail(p, 'must be a mapping, e.g. { sources: { patch_scanner: patch_hygiene } }');
    return d;
  }
  for (const k of Object.keys(raw)) if (!KEYS.includes(k)) fail(`${p}.${k}`, 'is not a known setting');
  const categories = numberMap(raw.categories, `${p}.categories`, NAME, 'snake_case category names', 0, 1_000, fail) ?? d.categories;
  const sources = sourceMap(raw.sources, categories, fail) ?? d.sources;
  return {
    categories,
    sources,
    severity_points: severityPoints(raw.severity_points, fail),
    value_thresholds: numberMap(raw.value_thresholds, `${p}.value_thresholds`, SIGNAL_KEY, 'signal keys', -1e12, 1e12, fail) ?? d.value_thresholds,
    finding_severity: severityOf(raw.finding_severity, `${p}.finding_severity`, d.finding_severity, fail),
    incident_points: points(raw.incident_points, `${p}.incident_points`, d.incident_points, fail),
    block_points: points(raw.block_points, `${p}.block_points`, d.block_points, fail),
  };
}

function numberMap(raw: unknown, p: string, name: RegExp, what: string, min: number, max: number, fail: Fail): Record<string, number> | null {
  if (raw === undefined) return null;
  if (!isObject(raw)) {
    fail(p, `must be a mapping of ${what} to numbers`);
    return null;
  }
  if (Object.keys(raw).length > MAX_ENTRIES) fail(p, `must have at most ${MAX_ENTRIES} entries`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!name.test(k) || k.length > 128) fail(`${p}.${k}`, `is not one of the ${what}`);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(`${p}.${k}`, `must be a number from ${min} to ${max}`);
    else out[k] = v;
  }
  return out;
}

function sourceMap(raw: unknown, categories: Record<string, number>, fail: Fail): Record<string, string> | null {
  const p = 'trust_score.sources';
  if (raw === undefined) return null;
  if (!isObject(raw)) {
    fail(p, 'must be a mapping of signal sources to categories');
    return null;
  }
  if (Object.keys(raw).length > MAX_ENTRIES) fail(p, `must have at most ${MAX_ENTRIES} entries`);
  const out: Record<string, string> = {};
  for (const [source, category] of Object.entries(raw)) {
    if (!NAME.test(source) || source.length > 64) fail(`${p}.${source}`, 'is not a signal source name (snake_case)');
    else if (typeof category !== 'string' || !Object.hasOwn(categories, category)) fail(`${p}.${source}`, `must name a category: ${Object.keys(categories).join(', ')}`);
    else out[source] = category;
  }
  return out;
}

function severityPoints(raw: unknown, fail: Fail): Record<Severity, number> {
  const p = 'trust_score.severity_points';
  const out = { ...DEFAULT_TRUST_SCORE_POLICY.severity_points };
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    fail(p, `must be a mapping of severities (${SEVERITIES.join(', ')}) to points`);
    return out;
  }
  for (const [k, v] of Object.entries(raw)) {
    if (!(SEVERITIES as readonly string[]).includes(k)) fail(`${p}.${k}`, `is not a severity: ${SEVERITIES.join(', ')}`);
    else out[k as Severity] = points(v, `${p}.${k}`, out[k as Severity], fail);
  }
  return out;
}

function severityOf(raw: unknown, p: string, dflt: Severity, fail: Fail): Severity {
  if (raw === undefined) return dflt;
  if ((SEVERITIES as readonly unknown[]).includes(raw)) return raw as Severity;
  fail(p, `must be one of ${SEVERITIES.join(', ')}`);
  return dflt;
}

function points(raw: unknown, p: string, dflt: number, fail: Fail): number {
  if (raw === undefined) return dflt;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 && raw <= 100) return raw;
  fail(p, 'must be a number of points from 0 to 100');
  return dflt;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
