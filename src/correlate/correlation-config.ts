// The correlation configuration (correlation.yaml): its types, defaults, and a validator that reports every error at once.
// Pure: never reads files or the clock; the file is read in config-store.ts, the policy kept in policy-store.ts.

import { SEVERITIES, type Severity } from '../core/types.ts';
import { parseCidr } from '../core/cidr.ts';
import { BGP_ACTIONS, BGP_MAX_RATE_BPS, BGP_MODES, parseCommunity, type BgpAction, type BgpMode } from '../core/bgp.ts';
import { compileJsonPath } from '../ingest/adapters/jsonpath.ts';
import { THREAT_SIGNAL_TYPES, type ThreatSignalType } from '../ingest/threat-signal.ts';
import type { WebhookMapping, WebhookSettings } from '../ingest/adapters/adapter-settings.ts';
import { checkTrustScorePolicy, type TrustScorePolicy } from '../core/trust-score-policy.ts';

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

/** When a decided block ends: at the first contributing source's end report, or only once every one has reported it. */
export const END_WHEN = ['all_sources_ended', 'any_source_ended'] as const;
export type EndWhen = (typeof END_WHEN)[number];

/** Block the value of a group_by field (the IP or prefix) for a while. */
export interface BlockAction {
  type: 'block';
  /** A group_by field (or column) whose value is the IP or prefix to block. */
  indicator: string;
  ttl_seconds: number;
}

/**
 * Open an incident: the corroborated group is recorded and explained, nothing is blocked. It stays open while its
 * subject keeps reporting and closes `ttl_seconds` after the last report (default: the rule's window), or when its sources end it.
 */
export interface IncidentAction {
  type: 'incident';
  ttl_seconds?: number;
}

export const ACTION_TYPES = ['block', 'incident'] as const;

export interface Playbook {
  name: string;
  correlation?: GateOverride;
  action: BlockAction | IncidentAction;
  end_when: EndWhen;
  /** How its IP blocks are announced to routers through GoBGP; a key left out takes the hub's QUORUM_GOBGP_* default. */
  bgp?: PlaybookBgp;
}

export interface PlaybookBgp {
  mode?: BgpMode;
  action?: BgpAction;
  /** Bits per second, for `action: rate-limit`. */
  rate_limit_bps?: number;
  /** The RTBH blackhole community, `ASN:value`. */
  community?: string;
  /** Whether a FlowSpec rule also matches the attack vector's protocol (and ports or TCP flags); default true. */
  match_vector?: boolean;
}

/** The auto-blocklist: sensor threats at or above a severity and confidence become blocks of origin `automatic`. */
export interface AutoBlocklist {
  enabled: boolean;
  min_severity: Severity;
  min_confidence: number;
  threat_types: ThreatSignalType[];
  ttl_seconds: number;
}

export const DEFAULT_AUTO_BLOCKLIST: AutoBlocklist = {
  enabled: false,
  min_severity: 'critical',
  min_confidence: 0.85,
  threat_types: ['IP_THREAT', 'CAMPAIGN_INDICATOR', 'CREDENTIAL_STUFFING'],
  // An hour: long enough to stop an attacker's run, short enough that a false positive lifts by itself; a threat
  // reported again extends it.
  ttl_seconds: 3600,
};

/**
 * The subject_anomaly rule family: at least `min_sources` distinct sources reporting findings of at least `min_severity`
 * on one subject (subject_type, subject_id) within `window_seconds` open an incident, never a block. Routing turns it
 * into one rule and one playbook of that name (subject-anomaly.ts); off until switched on, in one line.
 */
export interface SubjectAnomaly {
  enabled: boolean;
  min_sources: number;
  window_seconds: number;
  /** `low` by default: every severity but info (signals without a severity never count). */
  min_severity: Severity;
  /** Only these subject types (all when absent). */
  subject_types?: string[];
  /** The incident closes this long after its subject's last finding. */
  ttl_seconds: number;
}

export const DEFAULT_SUBJECT_ANOMALY: SubjectAnomaly = {
  enabled: false,
  // The reference product's example: three independent findings on one server within ten minutes.
  min_sources: 3,
  window_seconds: 600,
  min_severity: 'low',
  ttl_seconds: 600,
};

/** The rule (and playbook) name the subject_anomaly family routes under; no configured rule or playbook may take it. */
export const SUBJECT_ANOMALY = 'subject_anomaly';

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
  auto_blocklist: AutoBlocklist;
  /** The Trust Score's mapping and points (docs/trust-score.md); read by the score stage. */
  trust_score: TrustScorePolicy;
  subject_anomaly: SubjectAnomaly;
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
    end_when: all_sources_ended   # the block stays until every contributing source reports the attack ended (or any_source_ended)
auto_blocklist: { enabled: false }   # sensor threats at critical severity and confidence >= 0.85 become blocks (docs/enforcement.md)
subject_anomaly: { enabled: false }  # >= 3 sources with non-info findings on one subject within 10 min open an incident, no block (docs/correlation.md)
trust_score:                         # source -> category for the Trust Score (docs/trust-score.md); unmapped sources cost nothing
  sources: { fastnetmon: threat_exposure, alertmanager: threat_exposure }
`;

export interface ConfigViolation {
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; config: CorrelationConfig } | { ok: false; errors: ConfigViolation[] };

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const TOP_KEYS = ['enabled', 'window_seconds', 'min_sources', 'confidence_threshold', 'default_weight',
  'confidence_decay_half_life_seconds', 'sources', 'rules', 'playbooks', 'guardrails', 'webhooks', 'auto_blocklist', 'subject_anomaly', 'trust_score'];

/** Checks a parsed document and returns the normalised config (defaults filled in) or every violation found. */
export function validateCorrelationConfig(input: unknown): ValidationResult {
  const doc = input ?? {};
  if (!isObject(doc)) return { ok: false, errors: [{ path: '', message: 'must be a mapping (YAML object)' }] };
  const v = createChecker();
  v.unknownKeys(doc, TOP_KEYS, '');
  // Sections in document order, so errors are listed as a reader meets them; rules need the playbooks checked first.
  const gate = checkGate(doc, v);
  const sources = checkSources(doc.sources ?? {}, gate.default_weight, v);
  const playbooks = checkPlaybooks(doc.playbooks ?? [], v);
  const rules = checkRules(doc.rules ?? [], playbooks, v);
  const guardrails = checkGuardrails(doc.guardrails ?? {}, playbooks.list, v);
  const webhooks = checkWebhooks(doc.webhooks ?? {}, v);
  const autoBlocklist = checkAutoBlocklist(doc.auto_blocklist ?? {}, guardrails, v);
  const subjectAnomaly = checkSubjectAnomaly(doc.subject_anomaly ?? {}, v);
  const trustScore = checkTrustScorePolicy(doc.trust_score ?? {}, v.fail);
  const config: CorrelationConfig = {
    ...gate, sources, rules, playbooks: playbooks.list, guardrails, webhooks, auto_blocklist: autoBlocklist, subject_anomaly: subjectAnomaly,
    trust_score: trustScore,
  };
  return v.errors.length > 0 ? { ok: false, errors: v.errors } : { ok: true, config };
}

type Checker = ReturnType<typeof createChecker>;

/** Collects violations and reads typed settings; a bad value is reported and replaced by its default. */
function createChecker() {
  const errors: ConfigViolation[] = [];
  const fail = (path: string, message: string) => void errors.push({ path, message });
  return {
    errors,
    fail,
    unknownKeys(o: Record<string, unknown>, allowed: string[], path: string): void {
      for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, 'is not a known setting');
    },
    bool(o: Record<string, unknown>, k: string, path: string, dflt: boolean): boolean {
      if (o[k] === undefined) return dflt;
      if (typeof o[k] !== 'boolean') fail(path, 'must be true or false');
      return o[k] === true;
    },
    num(o: Record<string, unknown>, k: string, path: string, dflt: number | undefined, min: number, max: number, int = false): number {
      const v = o[k];
      if (v === undefined) {
        if (dflt === undefined) fail(path, 'is required');
        return dflt ?? min;
      }
      // Number.isFinite is false for anything but a finite number.
      if (!Number.isFinite(v) || (int && !Number.isInteger(v))) {
        fail(path, `must be ${int ? 'an integer' : 'a number'}`);
        return dflt ?? min;
      }
      const n = v as number;
      if (n < min || n > max) fail(path, `must be between ${min} and ${max}`);
      return n;
    },
    strList(v: unknown, path: string, check?: (s: string, p: string) => void): string[] | undefined {
      if (v === undefined) return undefined;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.length === 0)) {
        fail(path, 'must be a list of non-empty strings');
        return undefined;
      }
      if (check) v.forEach((s: string, i) => check(s, `${path}[${i}]`));
      return v as string[];
    },
  };
}

/** The top-level switch and default gate (window, sources, threshold, weight, decay). */
function checkGate(doc: Record<string, unknown>, v: Checker) {
  const gate = {
    enabled: v.bool(doc, 'enabled', 'enabled', false),
    window_seconds: v.num(doc, 'window_seconds', 'window_seconds', 300, 1, 604_800, true),
    min_sources: v.num(doc, 'min_sources', 'min_sources', 1, 1, 100, true),
    confidence_threshold: v.num(doc, 'confidence_threshold', 'confidence_threshold', 0.5, 0, 1),
    default_weight: v.num(doc, 'default_weight', 'default_weight', 1, 0, 1000),
    confidence_decay_half_life_seconds: v.num(doc, 'confidence_decay_half_life_seconds', 'confidence_decay_half_life_seconds', 0, 0, 31_536_000),
  };
  if (gate.default_weight === 0) v.fail('default_weight', 'must be greater than 0');
  return gate;
}

function checkSources(sources: unknown, defaultWeight: number, v: Checker): Record<string, SourceSettings> {
  const out: Record<string, SourceSettings> = {};
  if (!isObject(sources)) {
    v.fail('sources', 'must be a mapping of source name to settings');
    return out;
  }
  for (const [name, raw] of Object.entries(sources)) {
    const p = `sources.${name}`;
    if (!NAME.test(name)) v.fail(p, 'source names are snake_case, like signal sources');
    const s = raw ?? {};
    if (!isObject(s)) { v.fail(p, 'must be a mapping'); continue; }
    v.unknownKeys(s, ['weight', 'confidence_mapping'], p);
    const weight = v.num(s, 'weight', `${p}.weight`, defaultWeight, 0, 1000);
    const mapping: Record<string, number> = {};
    if (s.confidence_mapping !== undefined) {
      if (!isObject(s.confidence_mapping)) v.fail(`${p}.confidence_mapping`, 'must be a mapping of label to confidence');
      else for (const [label, c] of Object.entries(s.confidence_mapping)) {
        if (typeof c !== 'number' || c < 0 || c > 1) v.fail(`${p}.confidence_mapping.${label}`, 'must be a number between 0 and 1');
        else mapping[label] = c;
      }
    }
    out[name] = { weight, confidence_mapping: mapping };
  }
  return out;
}

/** The playbooks, and every name given to one (rules may name only these). */
function checkPlaybooks(playbooks: unknown, v: Checker): { list: Playbook[]; names: Set<string> } {
  const out = { list: [] as Playbook[], names: new Set<string>() };
  if (!Array.isArray(playbooks)) {
    v.fail('playbooks', 'must be a list');
    return out;
  }
  playbooks.forEach((raw: unknown, i) => {
    const p = `playbooks[${i}]`;
    if (!isObject(raw)) return v.fail(p, 'must be a mapping');
    v.unknownKeys(raw, ['name', 'correlation', 'action', 'end_when', 'bgp'], p);
    const name = typeof raw.name === 'string' ? raw.name : '';
    if (!NAME.test(name)) v.fail(`${p}.name`, 'is required and must be snake_case');
    else if (name === SUBJECT_ANOMALY) v.fail(`${p}.name`, `is reserved for the ${SUBJECT_ANOMALY} rule family (set subject_anomaly: { enabled: true })`);
    else if (out.names.has(name)) v.fail(`${p}.name`, `duplicates playbook "${name}"`);
    out.names.add(name);
    const correlation = checkGateOverride(raw.correlation, `${p}.correlation`, v);
    const bgp = checkPlaybookBgp(raw.bgp, `${p}.bgp`, v);
    const action = checkAction(raw.action, `${p}.action`, v);
    if (bgp && action.type !== 'block') v.fail(`${p}.bgp`, 'applies to block playbooks only: an incident announces nothing');
    out.list.push({
      name, ...(correlation ? { correlation } : {}), action, end_when: checkEndWhen(raw.end_when, `${p}.end_when`, v), ...(bgp ? { bgp } : {}),
    });
  });
  return out;
}

function checkGateOverride(c: unknown, p: string, v: Checker): GateOverride | undefined {
  if (c === undefined) return undefined;
  if (!isObject(c)) {
    v.fail(p, 'must be a mapping');
    return undefined;
  }
  v.unknownKeys(c, ['min_sources', 'confidence_threshold', 'window_seconds'], p);
  const correlation: GateOverride = {};
  if (c.min_sources !== undefined) correlation.min_sources = v.num(c, 'min_sources', `${p}.min_sources`, 1, 1, 100, true);
  if (c.confidence_threshold !== undefined) correlation.confidence_threshold = v.num(c, 'confidence_threshold', `${p}.confidence_threshold`, 0, 0, 1);
  if (c.window_seconds !== undefined) correlation.window_seconds = v.num(c, 'window_seconds', `${p}.window_seconds`, 1, 1, 604_800, true);
  return correlation;
}

/** The playbook's router settings: only the keys given are kept (the rest come from the hub defaults at announce time). */
function checkPlaybookBgp(b: unknown, p: string, v: Checker): PlaybookBgp | undefined {
  if (b === undefined) return undefined;
  if (!isObject(b)) {
    v.fail(p, 'must be a mapping: { mode?: flowspec|rtbh|off, action?: discard|rate-limit, rate_limit_bps?, community?, match_vector? }');
    return undefined;
  }
  v.unknownKeys(b, ['mode', 'action', 'rate_limit_bps', 'community', 'match_vector'], p);
  const bgp: PlaybookBgp = {};
  if (b.mode !== undefined) {
    if ((BGP_MODES as readonly unknown[]).includes(b.mode)) bgp.mode = b.mode as BgpMode;
    else v.fail(`${p}.mode`, `must be one of ${BGP_MODES.join(', ')}`);
  }
  if (b.action !== undefined) {
    if ((BGP_ACTIONS as readonly unknown[]).includes(b.action)) bgp.action = b.action as BgpAction;
    else v.fail(`${p}.action`, `must be one of ${BGP_ACTIONS.join(', ')}`);
  }
  if (b.rate_limit_bps !== undefined) bgp.rate_limit_bps = v.num(b, 'rate_limit_bps', `${p}.rate_limit_bps`, 1, 1, BGP_MAX_RATE_BPS, true);
  if (b.community !== undefined) {
    if (typeof b.community === 'string' && parseCommunity(b.community) !== null) bgp.community = b.community.trim();
    else v.fail(`${p}.community`, 'must be a community "ASN:value" (each 0-65535), e.g. "65535:666"');
  }
  // Stryker disable next-line BooleanLiteral: the default is never read, the key is given.
  if (b.match_vector !== undefined) bgp.match_vector = v.bool(b, 'match_vector', `${p}.match_vector`, true);
  return bgp;
}

function checkAction(a: unknown, p: string, v: Checker): Playbook['action'] {
  if (!isObject(a)) {
    v.fail(p, 'is required: { type: block, indicator: <field>, ttl_seconds: <n> } or { type: incident, ttl_seconds?: <n> }');
    return { type: 'block', indicator: 'subject_id', ttl_seconds: 600 };
  }
  if (a.type === 'incident') {
    v.unknownKeys(a, ['type', 'ttl_seconds'], p);
    return { type: 'incident', ...(a.ttl_seconds === undefined ? {} : { ttl_seconds: v.num(a, 'ttl_seconds', `${p}.ttl_seconds`, undefined, 1, 31_536_000, true) }) };
  }
  v.unknownKeys(a, ['type', 'indicator', 'ttl_seconds'], p);
  if (a.type !== 'block') v.fail(`${p}.type`, `must be one of ${ACTION_TYPES.join(', ')}`);
  if (typeof a.indicator !== 'string' || !isGroupField(a.indicator)) v.fail(`${p}.indicator`, `must be a column (${GROUP_COLUMNS.join(', ')}) or signal_value.<path>`);
  return { type: 'block', indicator: String(a.indicator), ttl_seconds: v.num(a, 'ttl_seconds', `${p}.ttl_seconds`, undefined, 1, 31_536_000, true) };
}

function checkEndWhen(e: unknown, p: string, v: Checker): EndWhen {
  const known = (END_WHEN as readonly unknown[]).includes(e);
  if (e !== undefined && !known) {
    v.fail(p, `must be one of ${END_WHEN.join(', ')} (all_sources_ended keeps the block until every contributing source reports the attack ended)`);
  }
  return known ? e as EndWhen : 'all_sources_ended';
}

function checkRules(rules: unknown, playbooks: { list: Playbook[]; names: Set<string> }, v: Checker): Rule[] {
  const out: Rule[] = [];
  if (!Array.isArray(rules)) {
    v.fail('rules', 'must be a list');
    return out;
  }
  const names = new Set<string>();
  rules.forEach((raw: unknown, i) => {
    const p = `rules[${i}]`;
    if (!isObject(raw)) return v.fail(p, 'must be a mapping');
    v.unknownKeys(raw, ['name', 'match', 'group_by', 'playbook', 'window_seconds'], p);
    const name = typeof raw.name === 'string' ? raw.name : '';
    if (!NAME.test(name)) v.fail(`${p}.name`, 'is required and must be snake_case');
    else if (name === SUBJECT_ANOMALY) v.fail(`${p}.name`, `is reserved for the ${SUBJECT_ANOMALY} rule family (set subject_anomaly: { enabled: true })`);
    else if (names.has(name)) v.fail(`${p}.name`, `duplicates rule "${name}"`);
    names.add(name);
    const match = checkMatch(raw.match ?? {}, `${p}.match`, v);
    const groupBy = v.strList(raw.group_by, `${p}.group_by`, (s, sp) => {
      if (!isGroupField(s)) v.fail(sp, `must be a column (${GROUP_COLUMNS.join(', ')}) or signal_value.<path>`);
    });
    if (!groupBy || groupBy.length === 0) v.fail(`${p}.group_by`, 'is required: a non-empty list of fields');
    // Stryker disable next-line ArrayDeclaration: a rule without group fields is refused and never returned.
    const rule: Rule = { name, match, group_by: groupBy ?? [] };
    if (raw.playbook !== undefined) {
      // The names are text: anything else is no name of theirs.
      const playbook = raw.playbook as string;
      if (!playbooks.names.has(playbook)) v.fail(`${p}.playbook`, `names no playbook (have: ${[...playbooks.names].join(', ') || 'none'})`);
      else {
        rule.playbook = playbook;
        // Every name is a listed playbook's; an incident has no indicator.
        const { indicator } = playbooks.list.find((x) => x.name === playbook)!.action as Partial<BlockAction>;
        if (indicator && groupBy && !groupBy.includes(indicator)) {
          v.fail(`${p}.group_by`, `must include "${indicator}", the indicator of playbook ${playbook}: a block needs one value per group`);
        }
      }
    }
    if (raw.window_seconds !== undefined) rule.window_seconds = v.num(raw, 'window_seconds', `${p}.window_seconds`, 1, 1, 604_800, true);
    out.push(rule);
  });
  return out;
}

function checkMatch(m: unknown, p: string, v: Checker): RuleMatch {
  const match: RuleMatch = {};
  if (!isObject(m)) {
    v.fail(p, 'must be a mapping');
    return match;
  }
  v.unknownKeys(m, ['sources', 'signal_keys', 'subject_types', 'min_severity'], p);
  const sources = v.strList(m.sources, `${p}.sources`);
  const keys = v.strList(m.signal_keys, `${p}.signal_keys`, (s, sp) => {
    if (!/^[a-z0-9_.*]+$/.test(s)) v.fail(sp, 'globs use lowercase letters, digits, _, . and *');
  });
  const types = v.strList(m.subject_types, `${p}.subject_types`);
  if (sources) match.sources = sources;
  if (keys) match.signal_keys = keys;
  if (types) match.subject_types = types;
  if (m.min_severity !== undefined) {
    if (!(SEVERITIES as readonly unknown[]).includes(m.min_severity)) v.fail(`${p}.min_severity`, `must be one of ${SEVERITIES.join(', ')}`);
    else match.min_severity = m.min_severity as Severity;
  }
  return match;
}

/** The guardrails, and each playbook's TTL held within them. */
function checkGuardrails(g: unknown, playbooks: Playbook[], v: Checker): Guardrails {
  const d = DEFAULT_GUARDRAILS;
  // Stryker disable next-line ObjectLiteral: every field is set below, or the section is refused.
  const gr = { ...d };
  if (!isObject(g)) {
    v.fail('guardrails', 'must be a mapping');
    return gr;
  }
  v.unknownKeys(g, Object.keys(d), 'guardrails');
  gr.safelist = v.strList(g.safelist, 'guardrails.safelist', (s, sp) => { if (!parseCidr(s)) v.fail(sp, 'must be an IP address or CIDR prefix'); }) ?? [];
  gr.ttl_min_seconds = v.num(g, 'ttl_min_seconds', 'guardrails.ttl_min_seconds', d.ttl_min_seconds, 1, 31_536_000, true);
  gr.ttl_max_seconds = v.num(g, 'ttl_max_seconds', 'guardrails.ttl_max_seconds', d.ttl_max_seconds, 1, 31_536_000, true);
  if (gr.ttl_min_seconds > gr.ttl_max_seconds) v.fail('guardrails.ttl_min_seconds', 'must not exceed ttl_max_seconds');
  gr.ipv4_prefix_min = v.num(g, 'ipv4_prefix_min', 'guardrails.ipv4_prefix_min', d.ipv4_prefix_min, 0, 32, true);
  gr.ipv4_prefix_max = v.num(g, 'ipv4_prefix_max', 'guardrails.ipv4_prefix_max', d.ipv4_prefix_max, 0, 32, true);
  gr.ipv6_prefix_min = v.num(g, 'ipv6_prefix_min', 'guardrails.ipv6_prefix_min', d.ipv6_prefix_min, 0, 128, true);
  gr.ipv6_prefix_max = v.num(g, 'ipv6_prefix_max', 'guardrails.ipv6_prefix_max', d.ipv6_prefix_max, 0, 128, true);
  if (gr.ipv4_prefix_min > gr.ipv4_prefix_max) v.fail('guardrails.ipv4_prefix_min', 'must not exceed ipv4_prefix_max');
  if (gr.ipv6_prefix_min > gr.ipv6_prefix_max) v.fail('guardrails.ipv6_prefix_min', 'must not exceed ipv6_prefix_max');
  gr.max_active_per_tenant = v.num(g, 'max_active_per_tenant', 'guardrails.max_active_per_tenant', d.max_active_per_tenant, 0, 10_000_000, true);
  gr.max_new_per_minute = v.num(g, 'max_new_per_minute', 'guardrails.max_new_per_minute', d.max_new_per_minute, 0, 1_000_000, true);
  gr.protect_hub_addresses = v.bool(g, 'protect_hub_addresses', 'guardrails.protect_hub_addresses', d.protect_hub_addresses);
  playbooks.forEach(({ action }, i) => {
    // An incident blocks nothing: the block TTL bounds do not apply to it.
    if (action.type === 'block' && (action.ttl_seconds < gr.ttl_min_seconds || action.ttl_seconds > gr.ttl_max_seconds)) {
      v.fail(`playbooks[${i}].action.ttl_seconds`, `must lie within the guardrails' ${gr.ttl_min_seconds}–${gr.ttl_max_seconds} s`);
    }
  });
  return gr;
}

/** The auto-blocklist rule: severities in either case (sensors send `CRITICAL`), its TTL within the guardrails. */
function checkAutoBlocklist(a: unknown, g: Guardrails, v: Checker): AutoBlocklist {
  const d = DEFAULT_AUTO_BLOCKLIST;
  const p = 'auto_blocklist';
  if (!isObject(a)) {
    v.fail(p, 'must be a mapping, e.g. { enabled: true }');
    return d;
  }
  v.unknownKeys(a, Object.keys(d), p);
  const severity = typeof a.min_severity === 'string' ? a.min_severity.toLowerCase() : a.min_severity;
  if (severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(severity)) v.fail(`${p}.min_severity`, `must be one of ${SEVERITIES.join(', ')}`);
  const types = v.strList(a.threat_types, `${p}.threat_types`, (t, tp) => {
    if (!(THREAT_SIGNAL_TYPES as readonly string[]).includes(t)) v.fail(tp, `must be one of ${THREAT_SIGNAL_TYPES.join(', ')}`);
  });
  if (types?.length === 0) v.fail(`${p}.threat_types`, 'must name at least one threat type');
  const enabled = v.bool(a, 'enabled', `${p}.enabled`, d.enabled);
  const ttl = v.num(a, 'ttl_seconds', `${p}.ttl_seconds`, d.ttl_seconds, 1, 31_536_000, true);
  // Checked when switched on or set: a rule that is off never blocks, whatever the guardrails say.
  if ((enabled || a.ttl_seconds !== undefined) && (ttl < g.ttl_min_seconds || ttl > g.ttl_max_seconds)) {
    v.fail(`${p}.ttl_seconds`, `must lie within the guardrails' ${g.ttl_min_seconds}–${g.ttl_max_seconds} s`);
  }
  return {
    enabled,
    min_severity: (SEVERITIES as readonly unknown[]).includes(severity) ? severity as Severity : d.min_severity,
    min_confidence: v.num(a, 'min_confidence', `${p}.min_confidence`, d.min_confidence, 0, 1),
    threat_types: (types ?? d.threat_types) as ThreatSignalType[],
    ttl_seconds: ttl,
  };
}

/** The subject_anomaly family: every setting optional, its defaults those of the example. */
function checkSubjectAnomaly(a: unknown, v: Checker): SubjectAnomaly {
  const d = DEFAULT_SUBJECT_ANOMALY;
  const p = SUBJECT_ANOMALY;
  if (!isObject(a)) {
    v.fail(p, 'must be a mapping, e.g. { enabled: true }');
    return d;
  }
  v.unknownKeys(a, [...Object.keys(d), 'subject_types'], p);
  if (a.min_severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(a.min_severity)) v.fail(`${p}.min_severity`, `must be one of ${SEVERITIES.join(', ')}`);
  const types = v.strList(a.subject_types, `${p}.subject_types`);
  return {
    enabled: v.bool(a, 'enabled', `${p}.enabled`, d.enabled),
    min_sources: v.num(a, 'min_sources', `${p}.min_sources`, d.min_sources, 1, 100, true),
    window_seconds: v.num(a, 'window_seconds', `${p}.window_seconds`, d.window_seconds, 1, 604_800, true),
    min_severity: (SEVERITIES as readonly unknown[]).includes(a.min_severity) ? a.min_severity as Severity : d.min_severity,
    ...(types ? { subject_types: types } : {}),
    ttl_seconds: v.num(a, 'ttl_seconds', `${p}.ttl_seconds`, d.ttl_seconds, 1, 31_536_000, true),
  };
}

function checkWebhooks(hooks: unknown, v: Checker): Record<string, WebhookSettings> {
  const out: Record<string, WebhookSettings> = {};
  if (!isObject(hooks)) {
    v.fail('webhooks', 'must be a mapping of adapter name to settings');
    return out;
  }
  for (const [name, raw] of Object.entries(hooks)) {
    const p = `webhooks.${name}`;
    if (!NAME.test(name)) v.fail(p, 'webhook names are snake_case: the name becomes the signal source');
    if (!isObject(raw)) { v.fail(p, 'must be a mapping'); continue; }
    v.unknownKeys(raw, ['secret', 'signature_header', 'signal_key', 'mapping', 'end_actions'], p);
    if (raw.secret !== undefined && (typeof raw.secret !== 'string' || raw.secret.length < 16)) v.fail(`${p}.secret`, 'must be a string of at least 16 characters');
    const mapping = checkWebhookMapping(raw.mapping, `${p}.mapping`, v);
    const signalKey = raw.signal_key === undefined ? 'ddos.attack' : String(raw.signal_key);
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(signalKey)) v.fail(`${p}.signal_key`, 'must be a dotted signal key like ddos.attack');
    const settings: WebhookSettings = {
      signature_header: typeof raw.signature_header === 'string' ? raw.signature_header.toLowerCase() : 'x-quorum-signature',
      signal_key: signalKey,
      mapping,
      end_actions: v.strList(raw.end_actions, `${p}.end_actions`) ?? ['resolved', 'unban', 'end', 'stop'],
    };
    if (typeof raw.secret === 'string') settings.secret = raw.secret;
    out[name] = settings;
  }
  return out;
}

function checkWebhookMapping(m: unknown, p: string, v: Checker): WebhookMapping {
  // Stryker disable next-line ObjectLiteral,StringLiteral: a mapping without a valid victim is refused, and the scale is always set below.
  const mapping: WebhookMapping = { victim: '$.ip', confidence_scale: 1 };
  if (!isObject(m)) {
    v.fail(p, 'is required: { victim: <jsonpath>, vector?, confidence?, confidence_scale?, id?, action? }');
    return mapping;
  }
  v.unknownKeys(m, ['victim', 'vector', 'confidence', 'confidence_scale', 'id', 'action'], p);
  for (const k of ['victim', 'vector', 'confidence', 'id', 'action'] as const) {
    if (m[k] === undefined) { if (k === 'victim') v.fail(`${p}.victim`, 'is required'); continue; }
    if (typeof m[k] !== 'string' || compileJsonPath(m[k] as string) === null) v.fail(`${p}.${k}`, 'must be a JSONPath like $.a.b, $[\'a-b\'] or $.list[0]');
    else mapping[k] = m[k] as string;
  }
  mapping.confidence_scale = v.num(m, 'confidence_scale', `${p}.confidence_scale`, 1, 0.000001, 1_000_000);
  return mapping;
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
