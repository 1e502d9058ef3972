// Where blocks are enforced, in words: a target in step with the tenant's block-feed version, or how far behind.
// Pure and tested; the figures come from the hub (bouncers' versions, /readyz's target states).

/** `in step` when the target holds the current version, `3 changes behind` otherwise, `unknown` without a version. */
export function stepText(held: number | null | undefined, current: number): string {
  if (held === null || held === undefined) return 'unknown';
  if (held >= current) return 'in step';
  const n = current - held;
  return `${n} change${n === 1 ? '' : 's'} behind`;
}

/** The enforcement targets' states of a /readyz answer (`{status, enforcement?: {target: state}}`); none when absent. */
export function targetStates(readyz: unknown): [string, string][] {
  const e = typeof readyz === 'object' && readyz !== null ? (readyz as { enforcement?: unknown }).enforcement : undefined;
  if (typeof e !== 'object' || e === null) return [];
  return Object.entries(e).filter((kv): kv is [string, string] => typeof kv[1] === 'string');
}
