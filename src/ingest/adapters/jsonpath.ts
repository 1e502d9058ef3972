// A small JSONPath subset for mapping webhook bodies: `$`, `.name`, `['name']`, `["name"]`, `[0]`.
// Pure; never evaluates code or filters: anything else is a syntax error reported at config time.

type Step = string | number;

/** Compiles a path into steps; null when the path uses syntax outside the subset. */
export function compileJsonPath(path: string): Step[] | null {
  if (!path.startsWith('$')) return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    let m = /^\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest);
    if (m) { steps.push(m[1]!); i += m[0].length; continue; }
    m = /^\[(\d+)\]/.exec(rest);
    if (m) { steps.push(Number(m[1])); i += m[0].length; continue; }
    m = /^\[(?:'([^']*)'|"([^"]*)")\]/.exec(rest);
    if (m) { steps.push(m[1] ?? m[2]!); i += m[0].length; continue; }
    return null;
  }
  return steps;
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
