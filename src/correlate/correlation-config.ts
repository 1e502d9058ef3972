// The correlation configuration (correlation.yaml): its types, defaults, and a validator that reports every error at once.
// Pure: never reads files or the clock; the file is read in config-store.ts, the policy kept in policy-store.ts.

import { SEVERITIES, type Severity } from '../core/types.ts';
import { parseCidr } from '../core/cidr.ts';
import { compileJsonPath } from '../ingest/adapters/jsonpath.ts';

export interface SourceSettings {
  weight: number;
  /** Action or severity label → confidence, used by adapters (FastNetMon actions, Alertmanager severities). */
  confidence_mapping: Record<string, number>;
}

export interface RuleMatch {
  sources?: string[];
  /** Globs over signal_key: `*` matches any run of characters, e.g. `ddos.*`. */
  signal_keys?: string[];
  subject_types?: string[];
  min_severity?: Severity;
}

export interface Rule {
  name: string;
  match: RuleMatch;
  /** Columns (source, subject_type, subject_id, signal_key, severity) or `signal_value.<path>`. */
  group_by: string[];
  playbook?: string;
  window_seconds?: number;
}

export interface GateOverride {
  min_sources?: number;
  confidence_threshold?: number;
  window_seconds?: number;
}

export interface Playbook {
  name: string;
  correlation?: GateOverride;
  /** `indicator` names a group_by field (or column) whose value is the IP or prefix to block. */
  action: { type: 'block'; indicator: string; ttl_seconds: number };
}

export interface Guardrails {
  safelist: string[];
  ttl_min_seconds: number;
  ttl_max_seconds: number;
  ipv4_prefix_min: number;
  ipv4_prefix_max: number;
  ipv6_prefix_min: number;
  ipv6_prefix_max: number;
  max_active_per_tenant: number;
  max_new_per_minute: number;
  protect_hub_addresses: boolean;
}

export interface WebhookMapping {
  victim: string;
  vector?: string;
  confidence?: string;
  /** The mapped confidence is divided by this (100 for a 0–100 score). */
  confidence_scale: number;
  id?: string;
  action?: string;
}

export interface WebhookSettings {
  /** HMAC-SHA256 key; when set, requests must carry a valid signature. */
  secret?: string;
  signature_header: string;
  signal_key: string;
  mapping: WebhookMapping;
  /** Values of `mapping.action` that mean the attack ended (the mitigation is withdrawn). */
  end_actions: string[];
}

export interface CorrelationConfig {
  enabled: boolean;
  window_seconds: number;
  min_sources: number;
  confidence_threshold: number;
  default_weight: number;
  confidence_decay_half_life_seconds: number;
  sources: Record<string, SourceSettings>;
  rules: Rule[];
  playbooks: Playbook[];
  guardrails: Guardrails;
  webhooks: Record<string, WebhookSettings>;
}

export const DEFAULT_GUARDRAILS: Guardrails = {
  safelist: [],
  ttl_min_seconds: 60,
  ttl_max_seconds: 86_400,
  ipv4_prefix_min: 24,
  ipv4_prefix_max: 32,
  ipv6_prefix_min: 48,
  ipv6_prefix_max: 128,
  max_active_per_tenant: 10_000,
  max_new_per_minute: 120,
  protect_hub_addresses: true,
};

export const DEFAULT_ALERTMANAGER_MAPPING: Record<string, number> = { critical: 0.9, warning: 0.7, info: 0.5 };
export const DEFAULT_FASTNETMON_MAPPING: Record<string, number> = { ban: 0.9, partial_block: 0.7, alert: 0.5 };

/** Columns a rule may group by besides `signal_value.<path>`. */
export const GROUP_COLUMNS = ['source', 'subject_type', 'subject_id', 'signal_key', 'severity'] as const;

export const REDACTED = '***redacted***';

/** The shipped correlation.yaml: the example, switched off until an operator sets `enabled: true`. */
export const DEFAULT_CONFIG_YAML = `# Quorum correlation: see docs/correlation.md. Set enabled: true to let corroborated groups make decisions.
enabled: false
window_seconds: 300          # default window
min_sources: 1
confidence_threshold: 0.5
default_weight: 1.0
confidence_decay_half_life_seconds: 0   # 0 = no decay
sources:
  fastnetmon:   { weight: 1.0, confidence_mapping: { ban: 0.9, partial_block: 0.7, alert: 0.5 } }
  alertmanager: { weight: 0.8 }
rules:
  - name: ddos_by_victim       # (victim ip, attack vector)
    match: { signal_keys: ["ddos.*"] }
    group_by: [subject_id, "signal_value.vector"]
    playbook: block_victim_traffic
playbooks:
  - name: block_victim_traffic
    correlation: { min_sources: 2, confidence_threshold: 0.7 }   # per-playbook override
    action: { type: block, indicator: subject_id, ttl_seconds: 600 }
`;

export interface ConfigViolation {
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; config: CorrelationConfig } | { ok: false; errors: ConfigViolation[] };

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const TOP_KEYS = ['enabled', 'window_seconds', 'min_sources', 'confidence_threshold', 'default_weight',
  'confidence_decay_half_life_seconds', 'sources', 'rules', 'playbooks', 'guardrails', 'webhooks'];

/** Checks a parsed document and returns the normalised config (defaults filled in) or every violation found. */
export function validateCorrelationConfig(input: unknown): ValidationResult {
  const errors: ConfigViolation[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const doc = input ?? {};
  if (!isObject(doc)) return { ok: false, errors: [{ path: '', message: 'must be a mapping (YAML object)' }] };
  unknownKeys(doc, TOP_KEYS, '', fail);

  const bool = (o: Record<string, unknown>, k: string, path: string, dflt: boolean): boolean => {
    if (o[k] === undefined) return dflt;
    if (typeof o[k] !== 'boolean') fail(path, 'must be true or false');
    return o[k] === true;
  };
  const num = (o: Record<string, unknown>, k: string, path: string, dflt: number | undefined, min: number, max: number, int = false): number => {
    const v = o[k];
    if (v === undefined) {
      if (dflt === undefined) fail(path, 'is required');
      return dflt ?? min;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || (int && !Number.isInteger(v))) {
      fail(path, `must be ${int ? 'an integer' : 'a number'}`);
      return dflt ?? min;
    }
    if (v < min || v > max) fail(path, `must be between ${min} and ${max}`);
    return v;
  };
  const strList = (v: unknown, path: string, check?: (s: string, p: string) => void): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.length === 0)) {
      fail(path, 'must be a list of non-empty strings');
      return undefined;
    }
    if (check) v.forEach((s: string, i) => check(s, `${path}[${i}]`));
    return v as string[];
  };

  const config: CorrelationConfig = {
    enabled: bool(doc, 'enabled', 'enabled', false),
    window_seconds: num(doc, 'window_seconds', 'window_seconds', 300, 1, 604_800, true),
    min_sources: num(doc, 'min_sources', 'min_sources', 1, 1, 100, true),
    confidence_threshold: num(doc, 'confidence_threshold', 'confidence_threshold', 0.5, 0, 1),
    default_weight: num(doc, 'default_weight', 'default_weight', 1, 0, 1000),
    confidence_decay_half_life_seconds: num(doc, 'confidence_decay_half_life_seconds', 'confidence_decay_half_life_seconds', 0, 0, 31_536_000),
    sources: {},
    rules: [],
    playbooks: [],
    guardrails: { ...DEFAULT_GUARDRAILS },
    webhooks: {},
  };
  if (config.default_weight === 0) fail('default_weight', 'must be greater than 0');

  const sources = doc.sources ?? {};
  if (!isObject(sources)) fail('sources', 'must be a mapping of source name to settings');
  else {
    for (const [name, raw] of Object.entries(sources)) {
      const p = `sources.${name}`;
      if (!NAME.test(name)) fail(p, 'source names are snake_case, like signal sources');
      const s = raw ?? {};
      if (!isObject(s)) { fail(p, 'must be a mapping'); continue; }
      unknownKeys(s, ['weight', 'confidence_mapping'], p, fail);
      const weight = num(s, 'weight', `${p}.weight`, config.default_weight, 0, 1000);
      const mapping: Record<string, number> = {};
      if (s.confidence_mapping !== undefined) {
        if (!isObject(s.confidence_mapping)) fail(`${p}.confidence_mapping`, 'must be a mapping of label to confidence');
        else for (const [label, c] of Object.entries(s.confidence_mapping)) {
          if (typeof c !== 'number' || c < 0 || c > 1) fail(`${p}.confidence_mapping.${label}`, 'must be a number between 0 and 1');
          else mapping[label] = c;
        }
      }
      config.sources[name] = { weight, confidence_mapping: mapping };
    }
  }

  const playbookNames = new Set<string>();
  const playbooks = doc.playbooks ?? [];
  if (!Array.isArray(playbooks)) fail('playbooks', 'must be a list');
  else playbooks.forEach((raw: unknown, i) => {
    const p = `playbooks[${i}]`;
    if (!isObject(raw)) return fail(p, 'must be a mapping');
    unknownKeys(raw, ['name', 'correlation', 'action'], p, fail);
    const name = typeof raw.name === 'string' ? raw.name : '';
    if (!NAME.test(name)) fail(`${p}.name`, 'is required and must be snake_case');
    else if (playbookNames.has(name)) fail(`${p}.name`, `duplicates playbook "${name}"`);
    playbookNames.add(name);
    let correlation: GateOverride | undefined;
    if (raw.correlation !== undefined) {
      if (!isObject(raw.correlation)) fail(`${p}.correlation`, 'must be a mapping');
      else {
        unknownKeys(raw.correlation, ['min_sources', 'confidence_threshold', 'window_seconds'], `${p}.correlation`, fail);
        correlation = {};
        const c = raw.correlation;
        if (c.min_sources !== undefined) correlation.min_sources = num(c, 'min_sources', `${p}.correlation.min_sources`, 1, 1, 100, true);
        if (c.confidence_threshold !== undefined) correlation.confidence_threshold = num(c, 'confidence_threshold', `${p}.correlation.confidence_threshold`, 0, 0, 1);
        if (c.window_seconds !== undefined) correlation.window_seconds = num(c, 'window_seconds', `${p}.correlation.window_seconds`, 1, 1, 604_800, true);
      }
    }
    const a = raw.action;
    let action: Playbook['action'] = { type: 'block', indicator: 'subject_id', ttl_seconds: 600 };
    if (!isObject(a)) fail(`${p}.action`, 'is required: { type: block, indicator: <field>, ttl_seconds: <n> }');
    else {
      unknownKeys(a, ['type', 'indicator', 'ttl_seconds'], `${p}.action`, fail);
      if (a.type !== 'block') fail(`${p}.action.type`, 'must be "block"');
      if (typeof a.indicator !== 'string' || !isGroupField(a.indicator)) fail(`${p}.action.indicator`, `must be a column (${GROUP_COLUMNS.join(', ')}) or signal_value.<path>`);
      action = { type: 'block', indicator: String(a.indicator), ttl_seconds: num(a, 'ttl_seconds', `${p}.action.ttl_seconds`, undefined, 1, 31_536_000, true) };
    }
    config.playbooks.push({ name, ...(correlation ? { correlation } : {}), action });
  });

  const ruleNames = new Set<string>();
  const rules = doc.rules ?? [];
  if (!Array.isArray(rules)) fail('rules', 'must be a list');
  else rules.forEach((raw: unknown, i) => {
    const p = `rules[${i}]`;
    if (!isObject(raw)) return fail(p, 'must be a mapping');
    unknownKeys(raw, ['name', 'match', 'group_by', 'playbook', 'window_seconds'], p, fail);
    const name = typeof raw.name === 'string' ? raw.name : '';
    if (!NAME.test(name)) fail(`${p}.name`, 'is required and must be snake_case');
    else if (ruleNames.has(name)) fail(`${p}.name`, `duplicates rule "${name}"`);
    ruleNames.add(name);
    const match: RuleMatch = {};
    const m = raw.match ?? {};
    if (!isObject(m)) fail(`${p}.match`, 'must be a mapping');
    else {
      unknownKeys(m, ['sources', 'signal_keys', 'subject_types', 'min_severity'], `${p}.match`, fail);
      const sourcesList = strList(m.sources, `${p}.match.sources`);
      const keys = strList(m.signal_keys, `${p}.match.signal_keys`, (s, sp) => {
        if (!/^[a-z0-9_.*]+$/.test(s)) fail(sp, 'globs use lowercase letters, digits, _, . and *');
      });
      const types = strList(m.subject_types, `${p}.match.subject_types`);
      if (sourcesList) match.sources = sourcesList;
      if (keys) match.signal_keys = keys;
      if (types) match.subject_types = types;
      if (m.min_severity !== undefined) {
        if (!(SEVERITIES as readonly unknown[]).includes(m.min_severity)) fail(`${p}.match.min_severity`, `must be one of ${SEVERITIES.join(', ')}`);
        else match.min_severity = m.min_severity as Severity;
      }
    }
    const groupBy = strList(raw.group_by, `${p}.group_by`, (s, sp) => {
      if (!isGroupField(s)) fail(sp, `must be a column (${GROUP_COLUMNS.join(', ')}) or signal_value.<path>`);
    });
    if (!groupBy || groupBy.length === 0) fail(`${p}.group_by`, 'is required: a non-empty list of fields');
    const rule: Rule = { name, match, group_by: groupBy ?? [] };
    if (raw.playbook !== undefined) {
      if (typeof raw.playbook !== 'string' || !playbookNames.has(raw.playbook)) fail(`${p}.playbook`, `names no playbook (have: ${[...playbookNames].join(', ') || 'none'})`);
      else {
        rule.playbook = raw.playbook;
        const pb = config.playbooks.find((x) => x.name === raw.playbook);
        const indicator = pb?.action.indicator;
        if (indicator && groupBy && !groupBy.includes(indicator)) {
          fail(`${p}.group_by`, `must include "${indicator}", the indicator of playbook ${pb.name}: a block needs one value per group`);
        }
      }
    }
    if (raw.window_seconds !== undefined) rule.window_seconds = num(raw, 'window_seconds', `${p}.window_seconds`, 1, 1, 604_800, true);
    config.rules.push(rule);
  });

  const g = doc.guardrails ?? {};
  if (!isObject(g)) fail('guardrails', 'must be a mapping');
  else {
    unknownKeys(g, Object.keys(DEFAULT_GUARDRAILS), 'guardrails', fail);
    const d = DEFAULT_GUARDRAILS;
    const gr = config.guardrails;
    gr.safelist = strList(g.safelist, 'guardrails.safelist', (s, sp) => { if (!parseCidr(s)) fail(sp, 'must be an IP address or CIDR prefix'); }) ?? [];
    gr.ttl_min_seconds = num(g, 'ttl_min_seconds', 'guardrails.ttl_min_seconds', d.ttl_min_seconds, 1, 31_536_000, true);
    gr.ttl_max_seconds = num(g, 'ttl_max_seconds', 'guardrails.ttl_max_seconds', d.ttl_max_seconds, 1, 31_536_000, true);
    if (gr.ttl_min_seconds > gr.ttl_max_seconds) fail('guardrails.ttl_min_seconds', 'must not exceed ttl_max_seconds');
    gr.ipv4_prefix_min = num(g, 'ipv4_prefix_min', 'guardrails.ipv4_prefix_min', d.ipv4_prefix_min, 0, 32, true);
    gr.ipv4_prefix_max = num(g, 'ipv4_prefix_max', 'guardrails.ipv4_prefix_max', d.ipv4_prefix_max, 0, 32, true);
    gr.ipv6_prefix_min = num(g, 'ipv6_prefix_min', 'guardrails.ipv6_prefix_min', d.ipv6_prefix_min, 0, 128, true);
    gr.ipv6_prefix_max = num(g, 'ipv6_prefix_max', 'guardrails.ipv6_prefix_max', d.ipv6_prefix_max, 0, 128, true);
    if (gr.ipv4_prefix_min > gr.ipv4_prefix_max) fail('guardrails.ipv4_prefix_min', 'must not exceed ipv4_prefix_max');
    if (gr.ipv6_prefix_min > gr.ipv6_prefix_max) fail('guardrails.ipv6_prefix_min', 'must not exceed ipv6_prefix_max');
    gr.max_active_per_tenant = num(g, 'max_active_per_tenant', 'guardrails.max_active_per_tenant', d.max_active_per_tenant, 0, 10_000_000, true);
    gr.max_new_per_minute = num(g, 'max_new_per_minute', 'guardrails.max_new_per_minute', d.max_new_per_minute, 0, 1_000_000, true);
    gr.protect_hub_addresses = bool(g, 'protect_hub_addresses', 'guardrails.protect_hub_addresses', d.protect_hub_addresses);
    for (const pb of config.playbooks) {
      if (pb.action.ttl_seconds < gr.ttl_min_seconds || pb.action.ttl_seconds > gr.ttl_max_seconds) {
        const i = config.playbooks.indexOf(pb);
        fail(`playbooks[${i}].action.ttl_seconds`, `must lie within the guardrails' ${gr.ttl_min_seconds}–${gr.ttl_max_seconds} s`);
      }
    }
  }

  const hooks = doc.webhooks ?? {};
  if (!isObject(hooks)) fail('webhooks', 'must be a mapping of adapter name to settings');
  else for (const [name, raw] of Object.entries(hooks)) {
    const p = `webhooks.${name}`;
    if (!NAME.test(name)) fail(p, 'webhook names are snake_case: the name becomes the signal source');
    if (!isObject(raw)) { fail(p, 'must be a mapping'); continue; }
    unknownKeys(raw, ['secret', 'signature_header', 'signal_key', 'mapping', 'end_actions'], p, fail);
    if (raw.secret !== undefined && (typeof raw.secret !== 'string' || raw.secret.length < 16)) fail(`${p}.secret`, 'must be a string of at least 16 characters');
    const m = raw.mapping;
    const mapping: WebhookMapping = { victim: '$.ip', confidence_scale: 1 };
    if (!isObject(m)) fail(`${p}.mapping`, 'is required: { victim: <jsonpath>, vector?, confidence?, confidence_scale?, id?, action? }');
    else {
      unknownKeys(m, ['victim', 'vector', 'confidence', 'confidence_scale', 'id', 'action'], `${p}.mapping`, fail);
      for (const k of ['victim', 'vector', 'confidence', 'id', 'action'] as const) {
        if (m[k] === undefined) { if (k === 'victim') fail(`${p}.mapping.victim`, 'is required'); continue; }
        if (typeof m[k] !== 'string' || compileJsonPath(m[k] as string) === null) fail(`${p}.mapping.${k}`, 'must be a JSONPath like $.a.b, $[\'a-b\'] or $.list[0]');
        else mapping[k] = m[k] as string;
      }
      mapping.confidence_scale = num(m, 'confidence_scale', `${p}.mapping.confidence_scale`, 1, 0.000001, 1_000_000);
    }
    const signalKey = raw.signal_key === undefined ? 'ddos.attack' : String(raw.signal_key);
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(signalKey)) fail(`${p}.signal_key`, 'must be a dotted signal key like ddos.attack');
    const settings: WebhookSettings = {
      signature_header: typeof raw.signature_header === 'string' ? raw.signature_header.toLowerCase() : 'x-quorum-signature',
      signal_key: signalKey,
      mapping,
      end_actions: strList(raw.end_actions, `${p}.end_actions`) ?? ['resolved', 'unban', 'end', 'stop'],
    };
    if (typeof raw.secret === 'string') settings.secret = raw.secret;
    config.webhooks[name] = settings;
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

/** A copy safe to show: webhook secrets replaced by a marker (a PUT that sends the marker back keeps the secret). */
export function redactConfig(config: CorrelationConfig): CorrelationConfig {
  const webhooks = Object.fromEntries(Object.entries(config.webhooks).map(([n, w]) => [n, w.secret ? { ...w, secret: REDACTED } : w]));
  return { ...config, webhooks };
}

/** Puts back secrets that a client echoed as the redaction marker. */
export function restoreRedacted(candidate: unknown, current: CorrelationConfig): unknown {
  if (!isObject(candidate) || !isObject(candidate.webhooks)) return candidate;
  const webhooks: Record<string, unknown> = {};
  for (const [n, w] of Object.entries(candidate.webhooks)) {
    webhooks[n] = isObject(w) && w.secret === REDACTED ? { ...w, secret: current.webhooks[n]?.secret } : w;
  }
  return { ...candidate, webhooks };
}

export function isGroupField(f: string): boolean {
  return (GROUP_COLUMNS as readonly string[]).includes(f) || /^signal_value(\.[A-Za-z0-9_-]+)+$/.test(f);
}

/** The weight of a source: its own, else the default. */
export function sourceWeight(config: Pick<CorrelationConfig, 'sources' | 'default_weight'>, source: string): number {
  return config.sources[source]?.weight ?? config.default_weight;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(o: Record<string, unknown>, allowed: string[], path: string, fail: (p: string, m: string) => void): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, 'is not a known setting');
}
