// How timestamps leave the database (src/db/pools.ts): PostgreSQL's text of a UTC timestamptz as RFC 3339, and every
// other shape it may print kept as it was but for the first space, as the former regular expressions did.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rfc3339Text } from '../src/db/pools.ts';

const before = (v: string) => v.replace(' ', 'T').replace(/\+00(:00)?$/, 'Z');

test('a UTC timestamp becomes RFC 3339 with Z, its fraction kept digit for digit', () => {
  assert.equal(rfc3339Text('2026-01-31 12:00:00.123456+00'), '2026-01-31T12:00:00.123456Z');
  assert.equal(rfc3339Text('2026-01-31 12:00:00+00'), '2026-01-31T12:00:00Z');
  assert.equal(rfc3339Text('2026-01-31 12:00:00.5+00:00'), '2026-01-31T12:00:00.5Z');
});

test('infinity, BC dates, five-digit years and other offsets are answered as the regular expressions answered them', () => {
  for (const v of ['infinity', '-infinity', '0001-12-31 23:00:00+00 BC', '10000-01-01 00:00:00+00', '2026-12-03 10:00:00+05:30', '2026-12-03 10:00:00-00:30', '']) {
    assert.equal(rfc3339Text(v), before(v), v);
  }
});
