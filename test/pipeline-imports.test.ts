import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// A signal's journey; a stage may import an earlier one, never a later one.
const STAGES = ['ingest', 'aggregate', 'store', 'correlate', 'decide', 'distribute', 'score', 'present'];
const src = path.resolve(import.meta.dirname, '../src');

/** Every relative import in src as [importing file, imported file], both relative to src. */
function imports(): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.relative(src, path.join(entry.parentPath, entry.name));
    for (const m of readFileSync(path.join(src, file), 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '(\.{1,2}\/[^']+)'/gm)) {
      out.push([file, path.normalize(path.join(path.dirname(file), m[1]!))]);
    }
  }
  return out;
}

const folder = (file: string) => (file.includes(path.sep) ? file.split(path.sep)[0]! : '');

test('core imports nothing outside core', () => {
  assert.ok(imports().length > 100, 'the imports of src were not read');
  const outside = imports().filter(([from, to]) => folder(from) === 'core' && folder(to) !== 'core');
  assert.deepEqual(outside, []);
});

test('no stage imports a later stage', () => {
  const later = imports()
    .filter(([from, to]) => STAGES.includes(folder(from)) && STAGES.indexOf(folder(to)) > STAGES.indexOf(folder(from)))
    .map(([from, to]) => `${from} -> ${to}`.split(path.sep).join('/'));
  assert.deepEqual(later, []);
});

test('http/ imports no stage: the stages hand their routes to the server as modules', () => {
  const stages = imports().filter(([from, to]) => folder(from) === 'http' && STAGES.includes(folder(to)));
  assert.deepEqual(stages, []);
});
