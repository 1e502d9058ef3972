import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../src/config/config.ts';

const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');

test('the README documents every setting with its default', () => {
  for (const s of Object.values(SETTINGS)) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${s.env}\` |`));
    assert.ok(row, `README lacks ${s.env}`);
    const shown = Array.isArray(s.default) ? s.default.join(',') : s.default === null ? '(unset)' : String(s.default);
    assert.ok(row.includes(`| ${shown} |`), `README row for ${s.env} should show the default ${shown}: ${row}`);
  }
});

test('the README gives exactly the two commands that CI runs', () => {
  assert.match(readme, /^npm ci && npm start /m);
  assert.match(readme, /^npm ci && npm test /m);
  const ci = readFileSync(path.join(import.meta.dirname, '..', '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm ci\b/m);
  assert.match(ci, /^npm test$/m);
});
