// The fuzz suites' seed: a number reruns a run, `random` explores, anything else is refused (it used to become NaN in
// the sensor and dashboard suites, which then ran without saying which cases they tried).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzSeed } from './helpers/fuzz-seed.ts';

test('no seed is the fixed default; a whole number is kept', () => {
  assert.equal(fuzzSeed(undefined), 20261202);
  assert.equal(fuzzSeed(''), 20261202);
  assert.equal(fuzzSeed('1144417167'), 1144417167);
});

test('random is a whole number to print and rerun with', () => {
  const seed = fuzzSeed('random');
  assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31, String(seed));
});

test('anything else is refused with the setting named', () => {
  assert.throws(() => fuzzSeed('abc'), /QUORUM_FUZZ_SEED must be a whole number or "random", not "abc"/);
  assert.throws(() => fuzzSeed('1.5'), /QUORUM_FUZZ_SEED/);
});
