// The nesting bound of parsed JSON: exact at the bound, and safe on hostile depth (no stack overflow, no long walk).
// Pure: no database.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exceedsJsonDepth } from '../src/core/json-depth.ts';

/** The depth as defined: a bare object or array is 1, scalars 0 (a plain reference, recursive without a bound). */
function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('exceedsJsonDepth', () => {
  test('scalars never exceed; a bare object or array is one level', () => {
    for (const v of [null, 1, 'x', true]) assert.equal(exceedsJsonDepth(v, 1), false);
    assert.equal(exceedsJsonDepth({}, 1), false);
    assert.equal(exceedsJsonDepth([], 0), true);
    assert.equal(exceedsJsonDepth({ a: [1, { b: 2 }] }, 3), false);
    assert.equal(exceedsJsonDepth({ a: [1, { b: 2 }] }, 2), true);
  });

  test('agrees with the definition on random documents, at every bound around their depth', () => {
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const doc = (level: number): unknown => {
      const r = random();
      if (level > 6 || r < 0.3) return r < 0.15 ? 'leaf' : 42;
      const n = Math.floor(random() * 4);
      return r < 0.65 ? Array.from({ length: n }, () => doc(level + 1)) : Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, doc(level + 1)]));
    };
    for (let i = 0; i < 300; i++) {
      const d = doc(0);
      const depth = depthOf(d);
      for (const bound of [depth - 1, depth, depth + 1].filter((b) => b >= 0)) assert.equal(exceedsJsonDepth(d, bound), depth > bound, JSON.stringify(d));
    }
  });

  test('a document 200,000 levels deep is refused at once, without a stack overflow', () => {
    const hostile = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    const t0 = performance.now();
    assert.equal(exceedsJsonDepth(hostile, 256), true);
    assert.ok(performance.now() - t0 < 50, 'the walk stops below the bound');
    assert.equal(exceedsJsonDepth({ deep: hostile }, 32), true);
  });
});
