// The signal wire format: the one definition of every field rule, and validateSignal() built from it.
// The table's CHECK constraints are rendered from the same SIGNAL_RULES (src/store/signal-constraints.ts); never define a rule twice.

import { InvalidSignalError, type FieldViolation } from './errors.ts';
import { SEVERITIES, type Severity, type ValidSignal } from './types.ts';
import { textFault, textFaultMessage } from './text.ts';
import { parseTimestamp } from './timestamp.ts';
import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth } from './json-depth.ts';
import { firstJsonTextFault } from './json-text.ts';

const SNAKE = '^[a-z][a-z0-9]*(_[a-z0-9]+)*$';
const DOTTED = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$';

/** Static rules shared by the validator and the database CHECK constraints. */
export const SIGNAL_RULES = {
  source: { pattern: SNAKE, minLength: 1, maxLength: 64 },
  subject_type: { pattern: SNAKE, minLength: 1, maxLength: 64 },
  subject_id: { minLength: 1, maxLength: 256, forbiddenChars: '\\x01-\\x1f\\x7f-\\x9f' },
  signal_key: { pattern: DOTTED, minLength: 1, maxLength: 128 },
  signal_value: { requiredKey: 'value', maxBytes: 16384 },
  severity: { values: SEVERITIES },
  ttl_seconds: { min: 1, max: 31_536_000 },
} as const;

export const SIGNAL_FIELDS = [
  'source', 'subject_type', 'subject_id', 'signal_key', 'signal_value',
  'severity', 'observed_at', 'ttl_seconds', 'signal_id',
] as const;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// \x00 is included: PostgreSQL text cannot hold it at all.
const CONTROL_CHARS = new RegExp(`[\\x00${SIGNAL_RULES.subject_id.forbiddenChars}]`, 'u');
const SNAKE_RE = new RegExp(SNAKE);
const DOTTED_RE = new RegExp(DOTTED);

/** Limits that depend on configuration and on the clock rather than on the value alone. */
export interface ValidationContext {
  now: Date;
  /** Largest `signal_value` in bytes; may be lowered below SIGNAL_RULES.signal_value.maxBytes, never raised. */
  maxValueBytes: number;
  maxFutureSeconds: number;
  retentionDays: number;
  /** Deepest nesting of objects and arrays in `signal_value` (QUORUM_MAX_JSON_DEPTH); checked before any recursive walk. */
  maxJsonDepth: number;
}

export const DEFAULT_VALIDATION: Omit<ValidationContext, 'now'> = {
  maxValueBytes: SIGNAL_RULES.signal_value.maxBytes,
  maxFutureSeconds: 300,
  retentionDays: 180,
  maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
};

/**
 * A whole context: `limits` over the defaults, at `now`. Built as one literal, never as `{ ...limits, now }`: under
 * Node 20, an object made by a spread and then given a key its source lacks survives every young-generation collection
 * until the next full one (measured: all of them), and one is made per request and per sensor message.
 */
export function validationContext(limits: Partial<ValidationContext>, now = limits.now ?? new Date()): ValidationContext {
  return {
    now,
    maxValueBytes: limits.maxValueBytes ?? DEFAULT_VALIDATION.maxValueBytes,
    maxFutureSeconds: limits.maxFutureSeconds ?? DEFAULT_VALIDATION.maxFutureSeconds,
    retentionDays: limits.retentionDays ?? DEFAULT_VALIDATION.retentionDays,
    maxJsonDepth: limits.maxJsonDepth ?? DEFAULT_VALIDATION.maxJsonDepth,
  };
}

/**
 * The violations of one signal; `fail` adds one, naming the signal's index when it is part of a batch. An object, not a
 * closure over the list: tsx, which runs the hub, names every function expression each time one is made (an
 * Object.defineProperty, ~270 ns), and that was 4.5 % of the hub's CPU a sensor signal (profiled, 5 Dec 2026).
 */
export class Violations {
  readonly errors: FieldViolation[] = [];
  private readonly index: number | undefined;

  constructor(index?: number) {
    this.index = index;
  }

  fail(field: string, rule: string, message: string): void {
    this.errors.push(this.index === undefined ? { field, rule, message } : { index: this.index, field, rule, message });
  }
}

/** The signal as a JSON object, or null after recording that it is not one. */
export function asSignalObject(input: unknown, violations: Violations): Record<string, unknown> | null {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  violations.fail('signal', 'type', 'must be a JSON object');
  return null;
}

/**
 * Checks one wire-format signal and returns it in stored form, or the list of broken rules.
 * Every rule with a CHECK constraint is applied here with the same definition, so errors land at the call site.
 */
export function checkSignal(input: unknown, ctx: ValidationContext, index?: number): ValidSignal | FieldViolation[] {
  const violations = new Violations(index);
  const s = asSignalObject(input, violations);
  if (s === null) return violations.errors;
  for (const field of Object.keys(s)) {
    if (!(SIGNAL_FIELDS as readonly string[]).includes(field)) violations.fail(field, 'unknown_field', 'is not a field of a signal');
  }

  const source = checkText(s, 'source', violations);
  const subjectType = checkText(s, 'subject_type', violations);
  const subjectId = checkText(s, 'subject_id', violations);
  const key = checkText(s, 'signal_key', violations);

  const value = checkValue(s.signal_value, ctx, violations);

  let severity: Severity | null = null;
  if (s.severity !== undefined && s.severity !== null) {
    if (!(SEVERITIES as readonly unknown[]).includes(s.severity)) violations.fail('severity', 'enum', `must be null or one of ${SEVERITIES.join(', ')}`);
    else severity = s.severity as Severity;
  }

  let ttlSeconds: number | null = null;
  if (s.ttl_seconds !== undefined && s.ttl_seconds !== null) {
    const { min, max } = SIGNAL_RULES.ttl_seconds;
    if (typeof s.ttl_seconds !== 'number' || !Number.isInteger(s.ttl_seconds)) violations.fail('ttl_seconds', 'integer', 'must be null or an integer');
    else if (s.ttl_seconds < min || s.ttl_seconds > max) violations.fail('ttl_seconds', 'range', `must be between ${min} and ${max}`);
    else ttlSeconds = s.ttl_seconds;
  }

  const observedAt = checkObservedAt(s.observed_at, ctx, violations);

  let signalId: string | null = null;
  if (s.signal_id !== undefined && s.signal_id !== null) {
    if (typeof s.signal_id !== 'string' || !UUID.test(s.signal_id)) violations.fail('signal_id', 'format', 'must be a UUID');
    else signalId = s.signal_id.toLowerCase();
  }

  if (violations.errors.length > 0) return violations.errors;
  return {
    source: source!, subjectType: subjectType!, subjectId: subjectId!, key: key!, value: value!,
    severity, observedAt: observedAt!, ttlSeconds, signalId,
  };
}

/** One of the signal's text fields, or undefined after recording the rule it breaks. */
function checkText(s: Record<string, unknown>, field: 'source' | 'subject_type' | 'subject_id' | 'signal_key', violations: Violations): string | undefined {
  const v = s[field];
  const rule = SIGNAL_RULES[field];
  if (v === undefined || v === null) return void violations.fail(field, 'required', 'is required');
  if (typeof v !== 'string') return void violations.fail(field, 'type', 'must be a string');
  // PostgreSQL's driver would store a lone surrogate as U+FFFD: refuse it here, on every path (COPY included).
  if (textFault(v) === 'lone_surrogate') return void violations.fail(field, 'well_formed', textFaultMessage('lone_surrogate'));
  // Code points, as PostgreSQL's char_length counts; UTF-16 length bounds them, so count only near the limits.
  const length = v.length <= rule.maxLength && v.length >= 2 * rule.minLength ? v.length : [...v].length;
  if (length < rule.minLength) return void violations.fail(field, 'min_length', `must be at least ${rule.minLength} character(s)`);
  if (length > rule.maxLength) return void violations.fail(field, 'max_length', `must be at most ${rule.maxLength} characters`);
  if ('pattern' in rule && !(rule.pattern === SNAKE ? SNAKE_RE : DOTTED_RE).test(v)) {
    return void violations.fail(field, 'pattern', `must match ${rule.pattern}`);
  }
  if (field === 'subject_id' && CONTROL_CHARS.test(v)) return void violations.fail(field, 'no_control_chars', 'must not contain control characters');
  return v;
}

/** The signal_value in stored form; depth is bounded first, so the recursive size count below cannot overflow the stack. */
function checkValue(v: unknown, ctx: ValidationContext, violations: Violations): Record<string, unknown> | undefined {
  if (v === undefined) return void violations.fail('signal_value', 'required', 'is required');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return void violations.fail('signal_value', 'type', 'must be a JSON object');
  if (!(SIGNAL_RULES.signal_value.requiredKey in v)) return void violations.fail('signal_value', 'has_value_key', 'must have the key "value"');
  if (exceedsJsonDepth(v, ctx.maxJsonDepth)) return void violations.fail('signal_value', 'max_depth', `must not nest objects and arrays more than ${ctx.maxJsonDepth} levels deep`);
  const fault = firstJsonTextFault(v);
  if (fault) {
    const where = fault.path === '' ? '' : ` (at ${fault.path})`;
    return void violations.fail('signal_value', fault.fault === 'nul' ? 'no_nul' : 'well_formed', `${textFaultMessage(fault.fault)}${where}`);
  }
  const limit = Math.min(ctx.maxValueBytes, SIGNAL_RULES.signal_value.maxBytes);
  const bytes = jsonbTextBytes(v);
  if (bytes > limit) return void violations.fail('signal_value', 'max_bytes', `is ${bytes} bytes serialized; the limit is ${limit}`);
  return v as Record<string, unknown>;
}

function checkObservedAt(v: unknown, ctx: ValidationContext, violations: Violations): string | undefined {
  if (v === undefined || v === null) return void violations.fail('observed_at', 'required', 'is required');
  if (typeof v !== 'string') return void violations.fail('observed_at', 'type', 'must be an RFC 3339 string');
  const ms = parseTimestamp(v);
  if (ms === null) {
    return void violations.fail('observed_at', 'format', 'must be an RFC 3339 timestamp with an offset within ±14:00, e.g. 2026-01-31T12:00:00Z');
  }
  if (ms > ctx.now.getTime() + ctx.maxFutureSeconds * 1000) {
    return void violations.fail('observed_at', 'future', `must not be more than ${ctx.maxFutureSeconds} s in the future`);
  }
  if (ms < ctx.now.getTime() - ctx.retentionDays * 86_400_000) {
    return void violations.fail('observed_at', 'retention', `must not be older than the retention window of ${ctx.retentionDays} days`);
  }
  return v;
}

/** Validates one signal; throws InvalidSignalError naming every broken rule. */
export function validateSignal(input: unknown, ctx: Partial<ValidationContext> = {}): ValidSignal {
  const result = checkSignal(input, validationContext(ctx));
  if (Array.isArray(result)) throw new InvalidSignalError(result);
  return result;
}

/** Validates a batch all-or-nothing: one bad signal rejects the batch; in a batch every error names its index. */
export function validateSignals(inputs: unknown[], ctx: Partial<ValidationContext> = {}, batch = true): ValidSignal[] {
  const full = validationContext(ctx);
  const valid: ValidSignal[] = [];
  const errors: FieldViolation[] = [];
  inputs.forEach((input, i) => {
    const result = checkSignal(input, full, batch ? i : undefined);
    if (Array.isArray(result)) errors.push(...result);
    else valid.push(result);
  });
  if (errors.length > 0) throw new InvalidSignalError(errors);
  return valid;
}

/**
 * Byte length of the value as PostgreSQL prints jsonb (`octet_length(signal_value::text)`),
 * which is what the CHECK constraint measures: `{"a": 1, "b": [1, 2]}` with a space after `:` and `,`.
 */
export function jsonbTextBytes(v: unknown): number {
  if (v === null || v === undefined) return 4;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (typeof v === 'number') return pgNumericText(v).length;
  if (typeof v === 'string') return jsonbStringBytes(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 2;
    return 2 + v.reduce((n: number, x) => n + jsonbTextBytes(x), 0) + 2 * (v.length - 1);
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return 2;
  return 2 + entries.reduce((n, [k, x]) => n + jsonbStringBytes(k) + 2 + jsonbTextBytes(x), 0) + 2 * (entries.length - 1);
}

const NEEDS_CARE = /[\u0000-\u001f"\\\u007f-\uffff]/;

function jsonbStringBytes(s: string): number {
  if (!NEEDS_CARE.test(s)) return s.length + 2;
  let n = 2;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\' || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) n += 2;
    else if (c < 0x20) n += 6;
    else n += Buffer.byteLength(ch, 'utf8');
  }
  return n;
}

/** PostgreSQL's numeric text for a JSON number as JavaScript serializes it (exponents are expanded). */
function pgNumericText(n: number): string {
  const s = JSON.stringify(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int! + frac;
  const point = int!.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
