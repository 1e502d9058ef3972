// Finds a string or object key in parsed JSON that breaks the text rule, without recursion.
// Pure: inspects values, never changes them; callers bound the depth first (exceedsJsonDepth) so the walk is bounded too.

import { textFault } from './text.ts';

export interface JsonTextFault {
  /** Where the fault is, e.g. `alerts[1].labels.team`; for a broken key, its object's path and "(a key)". */
  path: string;
  fault: 'lone_surrogate' | 'nul';
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENT.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A text fault in `value` (strings and keys at any depth; a broken key is named by its object), or null when all are clean. */
export function firstJsonTextFault(value: unknown, root = ''): JsonTextFault | null {
  // Clean input is the common case: scan it once without building paths, and locate a fault only when there is one.
  return hasTextFault(value) ? locate(value, root) : null;
}

/** Levels hasTextFault walks by recursion, allocating nothing; a deeper part is walked with a stack of its own. */
const RECURSION_LEVELS = 64;

function hasTextFault(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return textFault(v) !== null;
  if (typeof v !== 'object' || v === null) return false;
  if (depth >= RECURSION_LEVELS) return hasTextFaultDeep(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasTextFault(v[i], depth + 1)) return true;
    return false;
  }
  for (const k in v) if (textFault(k) !== null || hasTextFault((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

function hasTextFaultDeep(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (textFault(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const k in v) {
        if (textFault(k)) return true;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return false;
}

function locate(value: unknown, root: string): JsonTextFault | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault) return { path, fault };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], child(path, i)]);
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (const [k] of entries) {
        const fault = textFault(k);
        if (fault) return { path: path === '' ? '(a key)' : `${path} (a key)`, fault };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], child(path, entries[i]![0])]);
    }
  }
  return null;
}
