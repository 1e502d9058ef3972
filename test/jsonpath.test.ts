// The JSONPath subset of webhook mappings (src/ingest/adapters/jsonpath.ts) without a database: every step form, what it
// refuses at compile time, and reads through missing, null or wrongly typed values (undefined, never a throw).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileJsonPath, readJsonPath } from '../src/ingest/adapters/jsonpath.ts';

describe('compiling', () => {
  const ok: Array<[string, Array<string | number>]> = [
    ['$', []], ['$.a', ['a']], ['$._x9-y', ['_x9-y']], ['$[0]', [0]], ['$[12]', [12]], ['$.a[10].b', ['a', 10, 'b']],
    ["$['a b']", ['a b']], ['$["c.d"]', ['c.d']], ["$['']", ['']], ['$["it\'s"]', ["it's"]], ['$.a["b"][3]', ['a', 'b', 3]],
  ];
  for (const [path, steps] of ok) test(`${path} compiles to ${JSON.stringify(steps)}`, () => assert.deepEqual(compileJsonPath(path), steps));

  const refused = ['a.b', '.a', '', '$.', '$..a', '$.9a', '$[*]', '$[-1]', '$[1:2]', "$['a]", '$["a\']', '$.a[?(@.b)]', '$[a]', 'x$.a', '$ .a'];
  for (const path of refused) test(`${JSON.stringify(path)} is outside the subset`, () => assert.equal(compileJsonPath(path), null));
});

describe('reading', () => {
  const doc = { a: { b: [{ c: 1 }, { 'd-e': 'x' }], n: null, list: Array.from({ length: 12 }, (_, i) => i * 10) }, b: 'top', '0': 'zero' };
  const cases: Array<[string, unknown]> = [
    ['$', doc], ['$.a.b[0].c', 1], ["$.a.b[1]['d-e']", 'x'], ['$["a"].b[1]["d-e"]', 'x'], ['$.a.list[11]', 110], ['$.a.list[1]', 10],
    ['$.a.zz', undefined], ['$.a.b[9]', undefined], ['$.a.n', null], ['$.a.n.x', undefined], ['$.a.n[0]', undefined],
    ['$.b.length', undefined], ['$.a.b.length', undefined], ['$.a[0]', undefined], ['$[0]', undefined], ['$.b[0]', undefined],
  ];
  for (const [path, value] of cases) test(`${path} reads ${JSON.stringify(value)}`, () => assert.deepEqual(readJsonPath(doc, path), value));

  test('a path outside the subset reads undefined even where the same names exist', () => {
    assert.equal(readJsonPath({ a: { b: 1 } }, 'a.b'), undefined);
    assert.equal(readJsonPath({ b: 1 }, 'a.b'), undefined);
    assert.equal(readJsonPath({ a: { b: 1 } }, '$.a.b'), 1);
  });
  test('an array index reads arrays only, and a name reads objects only', () => {
    assert.equal(readJsonPath({ a: { 0: 'object' } }, '$.a[0]'), undefined);
    assert.equal(readJsonPath({ a: ['array'] }, "$.a['0']"), undefined);
    assert.equal(readJsonPath(['x'], '$[0]'), 'x');
  });
});
