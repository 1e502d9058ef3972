// Statements inlined for one round trip: each placeholder becomes its value as a literal the server reads back exactly.
// Mostly pure; one suite on the database reads inlined arrays back and sends a last write with the COMMIT (sendWithCommit).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { inlined, queryInOneTrip } from '../src/db/one-trip.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { inTransaction, sendWithCommit } from '../src/db/pools.ts';

describe('inlined statements', () => {
  const cases: [string, Parameters<typeof inlined>[0], string][] = [
    ['text is quoted', { text: 'SELECT $1', values: ['abc'] }, "SELECT 'abc'"],
    ['a quote is doubled', { text: 'SELECT $1', values: ["it's"] }, "SELECT 'it''s'"],
    // pg.escapeLiteral writes a space before E, harmless in SQL.
    ['a backslash makes an escape string', { text: 'SELECT $1', values: ['a\\b'] }, "SELECT  E'a\\\\b'"],
    ['numbers stay numbers, NULL is NULL', { text: 'SELECT $1, $2, $3', values: [42, null, 1.5] }, 'SELECT 42, NULL, 1.5'],
    ['casts stay in the text; $10 is not $1 followed by 0', { text: 'SELECT $1::jsonb, $10', values: ['{}', 2, 3, 4, 5, 6, 7, 8, 9, 'ten'] }, "SELECT '{}'::jsonb, 'ten'"],
    ['a value holding a placeholder is not expanded again', { text: 'SELECT $1, $2', values: ['$2', 'x'] }, "SELECT '$2', 'x'"],
    ['non-finite numbers are quoted', { text: 'SELECT $1', values: [Number.NaN] }, "SELECT 'NaN'"],
    ['an array is one quoted array value, the cast after it', { text: 'SELECT $1::text[], $2::int[]', values: [["it's", null, '$2'], [1, 2]] }, `SELECT '{"it''s",NULL,"$2"}'::text[], '{"1","2"}'::int[]`],
    ['an empty array takes its type from the cast', { text: 'SELECT $1::uuid[]', values: [[]] }, "SELECT '{}'::uuid[]"],
  ];
  for (const [name, statement, expected] of cases) test(name, () => assert.equal(inlined(statement), expected));

  test('text is quoted exactly as the driver quotes it: quotes, backslashes, both, none, and any UTF-16', () => {
    const tricky = ["", "'", "\\", "\\'", "''\\\\", 'plain', '{"a":"it\'s \\"x\\" \\\\n"}', 'é – 😀', '\ud800 lone', ' E\'x\'', "'; DROP TABLE t; --"];
    const alphabet = ["'", '\\', 'a', ' ', '"', '\n', 'é', '😀', '\udc00', '$', '1'];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const generated = Array.from({ length: 500 }, () => Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const text of [...tricky, ...generated]) assert.equal(inlined({ text: 'SELECT $1', values: [text] }), `SELECT ${pg.escapeLiteral(text)}`, JSON.stringify(text));
  });

  test('a NUL is refused as PostgreSQL refuses it in a bound value (22021), never cut off the message', () => {
    assert.throws(() => inlined({ text: 'SELECT $1', values: ['a\0b'] }), { code: '22021' });
  });

  test('a placeholder without a value is a programming error', () => {
    assert.throws(() => inlined({ text: 'SELECT $2', values: ['a'] }), /no value/);
  });
});

describe('inlined statements on the database', () => {
  let hub: TestHub;
  before(async () => { hub = await startTestHub(); });
  after(async () => { await hub.close(); });

  test('a write sent with the COMMIT that fails commits nothing of its transaction and fails its caller; one per transaction', async () => {
    const owner = hub.pools.owner;
    await owner.query('CREATE TABLE with_commit_probe (n int CHECK (n > 0))');
    await assert.rejects(inTransaction(owner, async (c) => {
      await c.query('INSERT INTO with_commit_probe VALUES (1)');
      sendWithCommit(c, { text: 'INSERT INTO with_commit_probe VALUES ($1)', values: [-1] });
    }), { code: '23514' });
    await inTransaction(owner, async (c) => {
      sendWithCommit(c, { text: 'INSERT INTO with_commit_probe VALUES ($1)', values: [2] });
      assert.throws(() => sendWithCommit(c, { text: 'SELECT 1' }), /one statement with its COMMIT/);
    });
    assert.deepEqual((await owner.query('SELECT n FROM with_commit_probe')).rows, [{ n: 2 }]);
    await owner.query('DROP TABLE with_commit_probe');
  });

  test('an inlined array reads back element for element, whatever its text holds', async () => {
    const texts = ['', 'plain', '"', '\\', '\\"', "it's", '{a,b}', 'NULL', 'null', ' spaced ', 'é 😀', ',', '}{'];
    const [res] = await queryInOneTrip(hub.pools.owner, [{ text: 'SELECT $1::text[] AS t, $2::float8[] AS f, $3::text[] AS e', values: [[...texts, null], [0.1, 1e-7, -3], []] }]);
    assert.deepEqual(res!.rows[0], { t: [...texts, null], f: [0.1, 1e-7, -3], e: [] });
  });
});
