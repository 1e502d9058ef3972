// The tree the test run executes: tsc's JavaScript of src, test, bench and scripts in .test-build/, beside a copy of each
// TypeScript source and a link to every other file, so each module finds from its own place what it finds in the checkout.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const TEST_BUILD_DIR = '.test-build';
const COMPILED_DIRS = ['src', 'test', 'bench', 'scripts'];
const NEVER_LINKED = new Set([...COMPILED_DIRS, TEST_BUILD_DIR, 'node_modules', '.git']);

/**
 * Typechecks and compiles (tsconfig.test.json, incremental) into `<root>/.test-build`, then mirrors the checkout around
 * the JavaScript: sources copied (tests read them as text, as files), other files and the top-level entries linked (a
 * test that rewrites a snapshot rewrites the checkout's). Returns false when the typecheck fails.
 */
export function buildTestTree(root: string): boolean {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  if (spawnSync(process.execPath, [tsc, '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' }).status !== 0) return false;
  const out = path.join(root, TEST_BUILD_DIR);
  for (const entry of readdirSync(root)) if (!NEVER_LINKED.has(entry)) link(path.join(root, entry), path.join(out, entry));
  for (const dir of COMPILED_DIRS) mirror(path.join(root, dir), path.join(out, dir));
  return true;
}

/** `at` made (again) a link to `target`. */
function link(target: string, at: string): void {
  rmSync(at, { force: true });
  symlinkSync(target, at);
}

/** Copies each .ts of `from` into `to`, links every other file, and removes from `to` what `from` no longer has. */
function mirror(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  const sources = readdirSync(from, { withFileTypes: true });
  const names = new Set(sources.map((e) => e.name));
  for (const e of sources) {
    const [src, dst] = [path.join(from, e.name), path.join(to, e.name)];
    if (e.isDirectory()) mirror(src, dst);
    else if (e.name.endsWith('.ts')) copyFileSync(src, dst);
    else link(src, dst);
  }
  for (const name of readdirSync(to)) {
    const compiledFrom = name.endsWith('.js') ? `${name.slice(0, -3)}.ts` : null;
    if (!names.has(name) && !(compiledFrom && names.has(compiledFrom))) rmSync(path.join(to, name), { recursive: true, force: true });
  }
}
