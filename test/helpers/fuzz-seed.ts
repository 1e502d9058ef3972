// The seed of a fuzz run: QUORUM_FUZZ_SEED (a number, or `random` to explore new cases), a fixed default otherwise.
// Pure; each fuzz suite prints the seed it ran with, so a failure found by a random one can be rerun.

/** CI's seed: every run of the suites tries the same cases. */
const DEFAULT_SEED = 20261202;

/** The seed asked for; a value that is neither a whole number nor `random` is refused, not turned into NaN. */
export function fuzzSeed(raw = process.env.QUORUM_FUZZ_SEED): number {
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`QUORUM_FUZZ_SEED must be a whole number or "random", not ${JSON.stringify(raw)}`);
  return seed;
}
