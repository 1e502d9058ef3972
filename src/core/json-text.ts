// Checks a parsed JSON value against the text rule (src/core/text.ts) and a nesting bound in one iterative walk.
// Pure and stack-safe: a hostile value thousands of levels deep is judged without recursion, never changed.

import { textFault, textFaultMessage } from './text.ts';

/** The first thing wrong with a JSON value: where (a path below the value, '' for the value itself) and which rule. */
export interface JsonFault {
  path: string;
  rule: 'max_depth' | 'lone_surrogate' | 'nul';
}

/** Finds a string or key that breaks the text rule, or nesting deeper than `maxDepth` (a bare object is depth 1). */
export function jsonFault(value: unknown, maxDepth: number): JsonFault | null {
  const stack: Array<[unknown, number, string]> = [[value, 1, '']];
  while (stack.length > 0) {
    const [v, depth, path] = stack.pop()!;
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault) return { path, rule: fault };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) return { path, rule: 'max_depth' };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], depth + 1, `${path}[${i}]`]);
      continue;
    }
    for (const [k, child] of Object.entries(v)) {
      const fault = textFault(k);
      if (fault) return { path: path ? `${path}.<key>` : '<key>', rule: fault };
      stack.push([child, depth + 1, path ? `${path}.${k}` : k]);
    }
  }
  return null;
}

/** A readable sentence for a JsonFault, e.g. "must not nest deeper than 32 levels". */
export function jsonFaultMessage(fault: JsonFault, maxDepth: number): string {
  const where = fault.path ? ` (at ${fault.path.slice(0, 200)})` : '';
  if (fault.rule === 'max_depth') return `must not nest deeper than ${maxDepth} levels`;
  return textFaultMessage(fault.rule) + where;
}
