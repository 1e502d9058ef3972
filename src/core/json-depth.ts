// Bounds the nesting depth of parsed JSON; the walk stops one level below the bound, so a hostile 3,000-level document
// never takes it deeper than the bound itself. Pure: inspects values, never changes them.

/** Default deepest nesting accepted in signal values and threat metadata (QUORUM_MAX_JSON_DEPTH). */
export const DEFAULT_MAX_JSON_DEPTH = 32;

/**
 * True when `value` nests objects or arrays more than `maxDepth` levels deep (a bare object is depth 1). Recursive
 * and allocation-free: a sensor frame of a thousand signals is walked whole for every message.
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  return deeperThan(value, maxDepth, 1);
}

function deeperThan(v: unknown, maxDepth: number, depth: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (depth > maxDepth) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (deeperThan(v[i], maxDepth, depth + 1)) return true;
    return false;
  }
  for (const k in v) if (deeperThan((v as Record<string, unknown>)[k], maxDepth, depth + 1)) return true;
  return false;
}
