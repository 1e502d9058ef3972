import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

test('every mutant marked equivalent in the code is explained in docs/testing.md', () => {
  const root = path.join(import.meta.dirname, '..');
  const testing = readFileSync(path.join(root, 'docs', 'testing.md'), 'utf8');
  const rows = testing.split('\n').filter((line) => line.startsWith('| `src/'));
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(path.join(root, 'src', file), 'utf8');
    for (const m of text.matchAll(/Stryker disable next-line ([\w,]+):/g)) {
      const where = `src/${file.split(path.sep).join('/')}`;
      const row = rows.find((r) => r.includes(`\`${where}\``) && m[1]!.split(',').every((mutator) => r.includes(mutator)));
      assert.ok(row, `docs/testing.md lacks a row for the equivalent ${m[1]} mutant(s) marked in ${where}`);
    }
  }
});
