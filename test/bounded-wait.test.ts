// finishedWithin: the bounded wait behind every stop's deadline and the feed consumers' yield.
// Pure timing with real timers; no database.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishedWithin } from '../src/core/bounded-wait.ts';

test('answers true once the work fulfils within the bound', async () => {
  assert.equal(await finishedWithin(new Promise((resolve) => setTimeout(resolve, 5)), 1000), true);
});

test('answers false when the bound passes first, and the work goes on', async () => {
  let finished = false;
  const work = new Promise<void>((resolve) => setTimeout(() => { finished = true; resolve(); }, 60));
  const started = performance.now();
  assert.equal(await finishedWithin(work, 20), false);
  assert.ok(performance.now() - started < 60, 'waited for the work');
  assert.equal(finished, false);
  await work;
  assert.equal(finished, true);
});

test('a rejection within the bound rejects', async () => {
  await assert.rejects(finishedWithin(Promise.reject(new Error('failed')), 1000), /failed/);
});
