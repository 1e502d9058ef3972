// The Config tab's logic: the policy's top-level numbers as form fields, the candidate overrides they make, the
// hub's validation errors sorted onto fields. Pure and tested; the policy's own rules stay in the hub.

import { ApiError } from '../../api/client.ts';

/** The policy settings edited as fields; everything else is edited in the overrides document. */
export const SCALARS = [
  { key: 'window_seconds', label: 'Window (seconds)', min: 1, step: 1 },
  { key: 'min_sources', label: 'Minimum sources', min: 1, step: 1 },
  { key: 'confidence_threshold', label: 'Confidence threshold', min: 0, max: 1, step: 0.05 },
  { key: 'default_weight', label: 'Default weight', min: 0, step: 0.1 },
  { key: 'confidence_decay_half_life_seconds', label: 'Decay half-life (seconds, 0 = off)', min: 0, step: 1 },
] as const;

export type ScalarKey = (typeof SCALARS)[number]['key'] | 'enabled';
export type FormValues = Partial<Record<ScalarKey, number | boolean | string>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The values the form starts from: the effective policy's. */
export function formFrom(config: unknown): FormValues {
  const c = isRecord(config) ? config : {};
  const out: FormValues = {};
  for (const k of ['enabled', ...SCALARS.map((s) => s.key)] as ScalarKey[]) if (k in c) out[k] = c[k] as number | boolean;
  return out;
}

/**
 * The candidate overrides: the tenant's document with every field the person changed from the effective value set.
 * An untouched field stays as the document had it (an inherited hub value is not pinned by saving).
 */
export function candidateOf(overridesText: string, form: FormValues, effective: FormValues): { ok: true; doc: Record<string, unknown> } | { ok: false; error: string } {
  let doc: unknown;
  try { doc = overridesText.trim() === '' ? {} : JSON.parse(overridesText); } catch (e) { return { ok: false, error: `not JSON: ${(e as Error).message}` }; }
  if (!isRecord(doc)) return { ok: false, error: 'the overrides document must be a JSON object' };
  const out = { ...doc };
  for (const [k, v] of Object.entries(form)) {
    if (v === effective[k as ScalarKey] || v === '' || v === undefined) continue;
    out[k] = v;
  }
  return { ok: true, doc: out };
}

/** The hub's 400 sorted: errors of a form field under that field, the others (paths inside sections) in a list. */
export function fieldErrors(error: unknown): { fields: Partial<Record<ScalarKey, string>>; others: string[] } {
  const fields: Partial<Record<ScalarKey, string>> = {};
  const others: string[] = [];
  if (!(error instanceof ApiError)) return { fields, others: error ? [String(error)] : [] };
  const body = error.body as { errors?: { field?: string; message?: string }[] } | undefined;
  const list = body?.errors?.length ? body.errors : [{ field: '', message: error.message }];
  const known = new Set<string>(['enabled', ...SCALARS.map((s) => s.key)]);
  for (const e of list) {
    const field = e.field ?? '';
    if (known.has(field)) fields[field as ScalarKey] = e.message ?? 'invalid';
    else others.push(field ? `${field}: ${e.message ?? 'invalid'}` : (e.message ?? 'invalid'));
  }
  return { fields, others };
}

/** The sources of the effective policy with their weights (`default_weight` for a source seen but not configured). */
export function sourceWeights(config: unknown, seen: string[]): { source: string; weight: number; configured: boolean }[] {
  const c = isRecord(config) ? config : {};
  const sources = isRecord(c.sources) ? c.sources : {};
  const fallback = typeof c.default_weight === 'number' ? c.default_weight : 1;
  const names = [...new Set([...Object.keys(sources), ...seen])].sort();
  return names.map((source) => {
    const s = sources[source];
    const w = isRecord(s) && typeof s.weight === 'number' ? s.weight : null;
    return { source, weight: w ?? fallback, configured: w !== null };
  });
}
