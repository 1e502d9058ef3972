// A small JSONPath subset for mapping webhook bodies: `$`, `.name`, `['name']`, `["name"]`, `[0]`.
// Pure; never evaluates code or filters: anything else is a syntax error reported at config time.

type Step = string | number;

// Sticky: each matches exactly at lastIndex, never further on.
const NAME = /\.([A-Za-z_][A-Za-z0-9_-]*)/y;
const INDEX = /\[(\d+)\]/y;
const QUOTED = /\[(?:'([^']*)'|"([^"]*)")\]/y;

/** Compiles a path into steps; null when the path uses syntax outside the subset. */
export function compileJsonPath(path: string): Step[] | null {
  if (!path.startsWith('$')) return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const next = stepAt(path, i);
    if (!next) return null;
    steps.push(next.step);
    i = next.end;
  }
  return steps;
}

function stepAt(path: string, i: number): { step: Step; end: number } | null {
  for (const re of [NAME, INDEX, QUOTED]) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (m) return { step: re === INDEX ? Number(m[1]) : (m[1] ?? m[2]!), end: re.lastIndex };
  }
  return null;
}

/** The value at a path, or undefined when any step is missing. */
export function readJsonPath(doc: unknown, path: string): unknown {
  const steps = compileJsonPath(path);
  if (!steps) return undefined;
  let v: unknown = doc;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[step];
    } else {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      v = (v as Record<string, unknown>)[step];
    }
  }
  return v;
}
