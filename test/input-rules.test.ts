// Pure trust-boundary rules, table-driven: where a text fault is found in parsed JSON, and which cursors decode.
// No database, no hub.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstJsonTextFault } from '../src/core/json-text.ts';
import { decodeCursor, encodeCursor } from '../src/core/cursor.ts';
import { InvalidCursorError } from '../src/core/errors.ts';

describe('text faults in parsed JSON', () => {
  const cases: Array<[string, unknown, ReturnType<typeof firstJsonTextFault>]> = [
    ['clean values', { a: ['x', { b: 'é🙂' }], n: 1, z: null }, null],
    ['a NUL at the top', 'a\u0000', { path: '', fault: 'nul' }],
    ['a lone surrogate deep in arrays', { alerts: [{}, { labels: { team: 'x\ud800' } }] }, { path: 'alerts[1].labels.team', fault: 'lone_surrogate' }],
    ['a key that needs quoting', { 'a-b': ['\udfff'] }, { path: '["a-b"][0]', fault: 'lone_surrogate' }],
    ['a broken key', { meta: { ['k\ud800']: 1 } }, { path: 'meta (a key)', fault: 'lone_surrogate' }],
    ['a broken key at the top', { ['\u0000']: 1 }, { path: '(a key)', fault: 'nul' }],
  ];
  for (const [name, value, expected] of cases) test(`${name}: ${JSON.stringify(expected)}`, () => assert.deepEqual(firstJsonTextFault(value), expected));

  test('a fault at any depth, in a value or a key, is found on either side of the 64 levels walked by recursion', () => {
    for (let depth = 1; depth <= 80; depth++) {
      const nest = (leaf: unknown) => {
        let v = leaf;
        for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [1, v] : { k: v, ok: 'x' };
        return v;
      };
      assert.equal(firstJsonTextFault(nest('fine')), null, `clean at ${depth}`);
      assert.equal(firstJsonTextFault(nest('a\u0000'))?.fault, 'nul', `a value at ${depth}`);
      assert.equal(firstJsonTextFault(nest({ ['\ud800']: 1 }))?.fault, 'lone_surrogate', `a key at ${depth}`);
    }
  });

  test('a 100,000-level document is walked without overflowing the stack', () => {
    let v: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) v = [v];
    assert.equal(firstJsonTextFault(v)?.fault, 'nul');
  });
});

describe('cursors are validated after decoding', () => {
  const raw = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
  test('a cursor this API hands out decodes to its timestamp and id', () => {
    assert.deepEqual(decodeCursor(encodeCursor('2026-01-01T00:00:00.123456Z', uuid)), { at: '2026-01-01T00:00:00.123456Z', id: uuid });
    assert.deepEqual(decodeCursor(encodeCursor('2026-01-01T00:00:00+14:00', '9223372036854775807'), 'bigint').id, '9223372036854775807');
  });
  const bad: Array<[string, string, 'uuid' | 'bigint']> = [
    ['not base64 JSON', '%%%', 'uuid'], ['not an array', raw({ at: 1 }), 'uuid'], ['three items', raw(['2026-01-01T00:00:00Z', uuid, 1]), 'uuid'],
    ['a timestamp that is not one', raw(['x', uuid]), 'uuid'], ['year 0', raw(['0000-01-01T00:00:00Z', uuid]), 'uuid'],
    ['an offset beyond 14:00', raw(['2026-01-01T00:00:00+16:00', uuid]), 'uuid'], ['an id that is not a UUID', raw(['2026-01-01T00:00:00Z', '1']), 'uuid'],
    ['a bigint id beyond int8', raw(['2026-01-01T00:00:00Z', '9223372036854775808']), 'bigint'],
    ['twenty nines', raw(['2026-01-01T00:00:00Z', '99999999999999999999']), 'bigint'], ['a negative id', raw(['2026-01-01T00:00:00Z', '-1']), 'bigint'],
  ];
  for (const [name, cursor, kind] of bad) {
    test(`${name} is invalid_cursor`, () => assert.throws(() => decodeCursor(cursor, kind), InvalidCursorError));
  }
});
