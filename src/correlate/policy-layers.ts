// Layers a tenant's overrides on the hub defaults into that tenant's effective correlation policy, naming each value's origin.
// Pure: never reads the database. A tenant may narrow the hub's guardrails and add to its safelist, never loosen or lift them.

import { canonicalJson } from '../core/canonical-json.ts';
import { exceedsJsonDepth } from '../core/json-depth.ts';
import { textFault, textFaultMessage } from '../core/text.ts';
import {
  REDACTED, validateCorrelationConfig, type ConfigViolation, type CorrelationConfig, type Guardrails,
} from './correlation-config.ts';

/** Where an effective value comes from: the operator's defaults, the tenant's overrides, or both (the safelist). */
export type Origin = 'hub' | 'tenant' | 'hub+tenant';

export type Overrides = Record<string, unknown>;

export type LayerResult =
  | { ok: true; config: CorrelationConfig; origins: Record<string, Origin> }
  | { ok: false; errors: ConfigViolation[] };

/** Sections merged by name: a tenant's entry replaces the hub's entry of that name, the others stay. */
const BY_NAME = ['sources', 'webhooks'] as const;

/** Sections merged setting by setting: `auto_blocklist: { enabled: true }` keeps the hub's thresholds. */
const BY_SETTING = ['auto_blocklist', 'subject_anomaly', 'trust_score'] as const;

/** Maps inside a BY_SETTING section merged entry by entry: a tenant maps one more source and keeps the hub's. */
const BY_ENTRY: Record<string, readonly string[]> = { trust_score: ['categories', 'sources', 'severity_points', 'value_thresholds'] };

/** Guardrail limits a tenant may only tighten, in the order their errors are listed. */
const LIMITS = [
  'ttl_min_seconds', 'ttl_max_seconds', 'ipv4_prefix_min', 'ipv4_prefix_max', 'ipv6_prefix_min', 'ipv6_prefix_max', 'max_active_per_tenant', 'max_new_per_minute',
] as const;

/** The minimums tighten upwards; every other limit (maximums, caps) downwards. */
const TIGHTER_WHEN_HIGHER: ReadonlySet<string> = new Set(['ttl_min_seconds', 'ipv4_prefix_min', 'ipv6_prefix_min']);

const MAX_OVERRIDE_DEPTH = 16;

/**
 * Validates a tenant's overrides against the hub defaults: every error at once, with the override's own paths.
 * A guardrail looser than the hub's is an error here; `effectivePolicy` clamps instead (the hub may tighten later).
 */
export function layerPolicy(hub: CorrelationConfig, overrides: unknown): LayerResult {
  if (!isObject(overrides)) return { ok: false, errors: [{ path: '', message: 'must be a mapping of the settings the tenant overrides' }] };
  const errors = [...textViolations(overrides), ...sectionViolations(overrides), ...looserGuardrails(hub.guardrails, overrides.guardrails)];
  if (errors.length) return { ok: false, errors };
  const checked = validateCorrelationConfig(mergeDocument(hub, overrides));
  if (!checked.ok) return checked;
  return { ok: true, config: checked.config, origins: originsOf(hub, overrides) };
}

/** The policy a tenant runs on; overrides that no longer fit the current defaults fall back to the defaults, with the reason. */
export function effectivePolicy(hub: CorrelationConfig, overrides: Overrides): { config: CorrelationConfig; origins: Record<string, Origin>; problems: ConfigViolation[] } {
  const clamped = 'guardrails' in overrides ? { ...overrides, guardrails: clampGuardrails(hub.guardrails, overrides.guardrails) } : overrides;
  const layered = layerPolicy(hub, clamped);
  if (layered.ok) return { ...layered, problems: [] };
  return { config: hub, origins: originsOf(hub, {}), problems: layered.errors };
}

/**
 * A merged section given as anything but a mapping (`"guardrails": null`) would replace the hub's whole section, and
 * the validator would fill in built-in defaults: the hub safelist and limits lifted. Refused instead.
 */
function sectionViolations(o: Overrides): ConfigViolation[] {
  return (['guardrails', ...BY_NAME, ...BY_SETTING] as const).filter((k) => k in o && !isObject(o[k]))
    .map((k) => ({ path: k, message: "must be a mapping; omit it to inherit the hub's" }));
}

function mergeDocument(hub: CorrelationConfig, o: Overrides): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...hub };
  for (const [k, v] of Object.entries(o)) doc[k] = v;
  for (const k of [...BY_NAME, ...BY_SETTING]) if (isObject(o[k])) doc[k] = { ...hub[k], ...o[k], ...entriesMerged(k, hub[k], o[k]) };
  if (isObject(o.guardrails)) {
    const own = o.guardrails.safelist;
    // The tenant's entries first, so a validation error names the index the tenant wrote.
    const safelist = own === undefined ? hub.guardrails.safelist : Array.isArray(own) ? [...own, ...hub.guardrails.safelist] : own;
    doc.guardrails = { ...hub.guardrails, ...o.guardrails, safelist };
  }
  return doc;
}

function entriesMerged(section: string, hub: object, own: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const base = hub as Record<string, unknown>;
  // The hub's maps are objects (it passed the validator); a tenant's non-mapping is left for the validator to refuse.
  // Stryker disable next-line ArrayDeclaration: a section without maps to merge iterates no name that is in the overrides either way.
  for (const m of BY_ENTRY[section] ?? []) if (isObject(own[m])) merged[m] = { ...(base[m] as object), ...own[m] };
  return merged;
}

function originsOf(hub: CorrelationConfig, o: Overrides): Record<string, Origin> {
  const origins: Record<string, Origin> = {};
  for (const k of Object.keys(hub) as (keyof CorrelationConfig)[]) {
    if (k === 'guardrails' || (BY_NAME as readonly string[]).includes(k) || (BY_SETTING as readonly string[]).includes(k)) continue;
    origins[k] = k in o ? 'tenant' : 'hub';
  }
  for (const k of BY_SETTING) {
    const own = isObject(o[k]) ? o[k] : {};
    for (const name of Object.keys(hub[k])) origins[`${k}.${name}`] = name in own ? 'tenant' : 'hub';
  }
  for (const k of BY_NAME) {
    const own = isObject(o[k]) ? o[k] : {};
    for (const name of new Set([...Object.keys(hub[k]), ...Object.keys(own)])) origins[`${k}.${name}`] = name in own ? 'tenant' : 'hub';
  }
  const g = isObject(o.guardrails) ? o.guardrails : {};
  for (const k of Object.keys(hub.guardrails)) origins[`guardrails.${k}`] = k in g ? 'tenant' : 'hub';
  // The safelist is a union: it is the tenant's only when the tenant added entries.
  const own = Array.isArray(g.safelist) && g.safelist.length > 0;
  origins['guardrails.safelist'] = !own ? 'hub' : hub.guardrails.safelist.length ? 'hub+tenant' : 'tenant';
  return origins;
}

function looserGuardrails(hub: Guardrails, g: unknown): ConfigViolation[] {
  if (!isObject(g)) return [];
  const errors: ConfigViolation[] = [];
  for (const k of LIMITS) {
    const v = g[k];
    const limit = hub[k];
    const up = TIGHTER_WHEN_HIGHER.has(k);
    if (typeof v === 'number' && (up ? v < limit : v > limit)) {
      errors.push({ path: `guardrails.${k}`, message: `must not be ${up ? 'below' : 'above'} the hub's ${limit}: a tenant may only tighten guardrails` });
    }
  }
  if (g.protect_hub_addresses === false && hub.protect_hub_addresses) {
    errors.push({ path: 'guardrails.protect_hub_addresses', message: 'cannot be switched off by a tenant while the hub protects its addresses' });
  }
  return errors;
}

/** The tenant's guardrails, each limit pulled back to the hub's where the hub has since become stricter. */
function clampGuardrails(hub: Guardrails, g: unknown): unknown {
  if (!isObject(g)) return g;
  const out: Record<string, unknown> = { ...g };
  for (const k of LIMITS) {
    const v = g[k];
    if (typeof v === 'number') out[k] = TIGHTER_WHEN_HIGHER.has(k) ? Math.max(v, hub[k]) : Math.min(v, hub[k]);
  }
  if (hub.protect_hub_addresses) out.protect_hub_addresses = true;
  return out;
}

/** Text that PostgreSQL cannot store (lone surrogates, NUL) and nesting deeper than any policy needs. */
function textViolations(doc: Overrides): ConfigViolation[] {
  if (exceedsJsonDepth(doc, MAX_OVERRIDE_DEPTH)) return [{ path: '', message: `nests deeper than ${MAX_OVERRIDE_DEPTH} levels` }];
  const errors: ConfigViolation[] = [];
  const stack: [unknown, string][] = [[doc, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault) errors.push({ path, message: textFaultMessage(fault) });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        const p = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        const fault = textFault(k);
        if (fault) errors.push({ path: p, message: `key ${textFaultMessage(fault)}` });
        else stack.push([child, p]);
      }
    }
  }
  return errors;
}

/** Paths (top-level keys, or `section.name` inside sources, webhooks, guardrails and the BY_SETTING sections) whose value differs. */
export function changedPaths(before: Overrides, after: Overrides): string[] {
  const paths = new Set<string>();
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[k];
    const b = after[k];
    if (canonicalJson(a) === canonicalJson(b)) continue;
    if (['sources', 'webhooks', 'guardrails', ...BY_SETTING].includes(k) && (isObject(a) || a === undefined) && (isObject(b) || b === undefined)) {
      const [x, y] = [a ?? {}, b ?? {}] as Record<string, unknown>[];
      for (const n of new Set([...Object.keys(x!), ...Object.keys(y!)])) if (canonicalJson(x![n]) !== canonicalJson(y![n])) paths.add(`${k}.${n}`);
    } else paths.add(k);
  }
  return [...paths].sort();
}

/** Overrides safe to show: webhook secrets replaced by the marker. */
export function redactOverrides(o: Overrides): Overrides {
  if (!isObject(o.webhooks)) return o;
  const webhooks = Object.fromEntries(Object.entries(o.webhooks).map(([n, w]) => [n, isObject(w) && typeof w.secret === 'string' ? { ...w, secret: REDACTED } : w]));
  return { ...o, webhooks };
}

/** Puts back secrets a client echoed as the marker: the tenant's own earlier secret, else the hub's for that webhook. */
export function restoreOverrideSecrets(candidate: unknown, previous: Overrides, hub: CorrelationConfig): unknown {
  if (!isObject(candidate) || !isObject(candidate.webhooks)) return candidate;
  const own = isObject(previous.webhooks) ? previous.webhooks : {};
  const webhooks: Record<string, unknown> = {};
  for (const [n, w] of Object.entries(candidate.webhooks)) {
    const prior = isObject(own[n]) && typeof own[n].secret === 'string' ? own[n].secret : hub.webhooks[n]?.secret;
    webhooks[n] = isObject(w) && w.secret === REDACTED ? { ...w, secret: prior } : w;
  }
  return { ...candidate, webhooks };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
