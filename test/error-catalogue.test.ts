import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, type ErrorCode } from '../src/core/errors.ts';
import { errorMessage, SensorProtocolError } from '../src/ingest/sensor-protocol.ts';

/** The first column's codes of the markdown table under `heading`, with the second column. */
function tableRows(file: string, heading: string): [string[], string][] {
  const text = readFileSync(new URL(`../docs/${file}`, import.meta.url), 'utf8');
  const section = text.slice(text.indexOf(heading));
  const lines = section.slice(section.indexOf('| code |')).split('\n');
  const table = lines.slice(2, lines.findIndex((l) => !l.startsWith('|')));
  return table.map((row) => {
    const [codes, second] = row.split('|').slice(1, 3).map((c) => c.trim());
    return [[...codes!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), second!];
  });
}

test('every HTTP error code the docs list is in the catalogue with the status the docs give', () => {
  const rows = tableRows('signals.md', '## Error codes');
  assert.ok(rows.length > 5);
  for (const [codes, status] of rows) {
    for (const code of codes) assert.equal(ERROR_CODES[code as ErrorCode], Number(status), code);
  }
});

test('every sensor protocol error code the docs list is a catalogue code upper-cased', () => {
  const rows = tableRows('sensors.md', '### Errors and close codes');
  assert.ok(rows.length > 5);
  for (const [codes] of rows) for (const code of codes) assert.ok(code.toLowerCase() in ERROR_CODES, code);
});

test('a refused frame carries its catalogue code upper-cased', () => {
  assert.deepEqual(errorMessage(new SensorProtocolError('unknown_type', 'Unknown message type: x'), '7'),
    { type: 'error', id: '7', code: 'UNKNOWN_TYPE', error: 'Unknown message type: x' });
  assert.equal(errorMessage(new Error('boom'), null).code, 'INTERNAL');
});
