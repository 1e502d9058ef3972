import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyDbError, isDatabaseUnavailable, isRefusedData, isRetryable } from '../src/db/sql-errors.ts';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('classifies connection failures, timeouts and conflicts from one table, and nothing else', () => {
  const cases: [unknown, string | null][] = [
    [coded('57P01', 'terminating connection due to administrator command'), 'unavailable'],
    [coded('57P02'), 'unavailable'],
    [coded('57P03', 'the database system is starting up'), 'unavailable'],
    [coded('53300', 'sorry, too many clients already'), 'unavailable'],
    [coded('08006'), 'unavailable'],
    [coded('08P01'), 'unavailable'],
    [coded('25P03'), 'unavailable'],
    [coded('ECONNREFUSED'), 'unavailable'],
    [coded('ECONNRESET'), 'unavailable'],
    // A stopped local server's Unix socket is gone; a missing file anywhere else is no database failure.
    [Object.assign(coded('ENOENT', 'connect ENOENT /tmp/.s.PGSQL.7732'), { syscall: 'connect' }), 'unavailable'],
    [Object.assign(coded('ENOENT', 'no such file'), { syscall: 'open' }), null],
    [new Error('Connection terminated unexpectedly'), 'unavailable'],
    [new Error('Connection terminated due to connection timeout'), 'unavailable'],
    [new Error('Client has encountered a connection error and is not queryable'), 'unavailable'],
    [new Error('timeout exceeded when trying to connect'), 'timeout'],
    [new Error('Query read timeout'), 'timeout'],
    [coded('57014', 'canceling statement due to statement timeout'), 'timeout'],
    [coded('55P03'), 'timeout'],
    [coded('ETIMEDOUT'), 'timeout'],
    [coded('40001'), 'conflict'],
    [coded('40P01'), 'conflict'],
    [coded('23505', 'duplicate key'), null],
    [coded('22P02'), null],
    [coded('42P01'), null],
    [new Error('something else'), null],
    [null, null],
    ['Connection terminated', null],
  ];
  for (const [err, kind] of cases) assert.equal(classifyDbError(err), kind, String((err as Error)?.message ?? err));
});

test('looks through wrapped causes', () => {
  assert.equal(classifyDbError(new Error('flush failed', { cause: coded('57P01') })), 'unavailable');
  assert.equal(isDatabaseUnavailable(new Error('outer', { cause: new Error('Query read timeout') })), true);
});

test('treats conflicts as retryable but not as the database being unavailable', () => {
  assert.equal(isDatabaseUnavailable(coded('40P01')), false);
  assert.equal(isDatabaseUnavailable(coded('57014')), true);
});

test('says a lost race or a dropped connection is worth a retry, and a timeout or a refused row is not', () => {
  const cases: [unknown, boolean][] = [
    [coded('40001'), true],
    [coded('40P01'), true],
    [coded('57P01'), true],
    [coded('08006'), true],
    [new Error('Connection terminated unexpectedly'), true],
    [new Error('retry me', { cause: coded('40P01') }), true],
    [coded('57014'), false],
    [coded('55P03'), false],
    [coded('ETIMEDOUT'), false],
    [coded('23505'), false],
    [coded('22P02'), false],
    [new Error('something else'), false],
    [null, false],
  ];
  for (const [err, retry] of cases) assert.equal(isRetryable(err), retry, String((err as Error)?.message ?? err) + ' ' + String((err as { code?: string })?.code));
});

test('says the data itself was refused for SQLSTATE classes 22 and 23 only', () => {
  const cases: [unknown, boolean][] = [
    [coded('23505'), true],
    [coded('23514'), true],
    [coded('22P02'), true],
    [coded('22008'), true],
    [coded('40001'), false],
    [coded('42P01'), false],
    [coded('57P01'), false],
    [coded('ECONNRESET'), false],
    [new Error('no code'), false],
    [null, false],
  ];
  for (const [err, refused] of cases) assert.equal(isRefusedData(err), refused, String((err as { code?: string })?.code));
});
