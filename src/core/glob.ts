// Globs over signal keys, as rules' `signal_keys` and feed interests write them: `*` matches any run of characters
// (dots included), everything else is literal. Pure; compiled patterns are kept per glob.

const compiled = new Map<string, RegExp>();

export function globMatches(glob: string, text: string): boolean {
  let re = compiled.get(glob);
  if (!re) {
    re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    compiled.set(glob, re);
  }
  return re.test(text);
}
