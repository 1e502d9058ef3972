// The feed consumers' pass loop, pure (timers only): what a pass covers when it is retried after a pending result.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPassLoop, type PassResult } from '../src/store/pass-loop.ts';

// The loop's own timers are unref'd (they never hold a hub open): this one keeps the test's process alive.
const alive = setInterval(() => undefined, 1000);
after(() => clearInterval(alive));

/** A loop whose passes answer `results` in turn ('clean' after them) and record what each covered. */
function recordingLoop(results: PassResult[]) {
  const passes: (string[] | null)[] = [];
  let waiting: { count: number; resolve: () => void } | null = null;
  const loop = createPassLoop({
    pass: async (only) => {
      passes.push(only);
      if (waiting && passes.length >= waiting.count) waiting.resolve();
      return results.shift() ?? 'clean';
    },
    onError: (err) => { throw err; },
    pollIntervalMs: 60_000,
    minGapMs: 0,
  });
  const passesMade = (count: number) => new Promise<void>((resolve) => { waiting = { count, resolve }; });
  return { loop, passes, passesMade };
}

test('a pending pass over one tenant is retried for that tenant alone, not as a pass over every tenant', async () => {
  const { loop, passes, passesMade } = recordingLoop(['pending']);
  const two = passesMade(2);
  loop.wake('tenant-a');
  await two;
  assert.deepEqual(passes, [['tenant-a'], ['tenant-a']]);
  await loop.stop(1000);
});

test('a pending full pass is retried in full', async () => {
  const { loop, passes, passesMade } = recordingLoop(['pending']);
  const two = passesMade(2);
  loop.wake();
  await two;
  assert.deepEqual(passes, [null, null]);
  await loop.stop(1000);
});

test('a wake-up at once starts its pass without waiting out the minimum gap, even one already being waited; a plain one waits', { timeout: 5000 }, async () => {
  const passes: (string[] | null)[] = [];
  let passed: (() => void) | null = null;
  const loop = createPassLoop({
    pass: async (only) => {
      passes.push(only);
      passed?.();
      return 'clean';
    },
    onError: (err) => { throw err; },
    pollIntervalMs: 60_000,
    minGapMs: 60_000,
  });
  const nextPass = () => new Promise<void>((resolve) => { passed = resolve; });
  let made = nextPass();
  loop.wake('tenant-a');
  await made;
  made = nextPass();
  // This one waits for the minute's gap; the next, at once, ends that wait and both tenants are passed over together.
  loop.wake('tenant-b');
  loop.wake('tenant-c', true);
  await made;
  assert.deepEqual(passes, [['tenant-a'], ['tenant-b', 'tenant-c']]);
  await loop.stop(1000);
});
