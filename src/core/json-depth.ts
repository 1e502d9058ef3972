// Bounds the nesting depth of parsed JSON without recursion, so a hostile 3,000-level document cannot overflow the stack.
// Pure: inspects values, never changes them.

/** Default deepest nesting accepted in signal values and threat metadata (QUORUM_MAX_JSON_DEPTH). */
export const DEFAULT_MAX_JSON_DEPTH = 32;

/** True when `value` nests objects or arrays more than `maxDepth` levels deep (a bare object is depth 1). */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
