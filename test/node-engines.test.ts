// Every package the lockfile installs runs on the Node.js versions package.json promises (20.19 and later):
// `npm ci` on Node 20 prints no EBADENGINE warning. Reads only package.json and package-lock.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** Lockfile entries whose `engines.node` a given Node version does not satisfy, as "path@version (range)". */
function excluding(nodeVersion: string): string[] {
  const out: string[] = [];
  for (const [where, pkg] of Object.entries(lock.packages)) {
    // Very old packages wrote engines as an array of strings; npm ignores those, and so does this check.
    const range = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
    if (range && !semver.satisfies(nodeVersion, range)) out.push(`${where}@${pkg.version} (node ${range})`);
  }
  return out;
}

test('package.json promises Node.js 20 (from 20.19 on)', () => {
  assert.equal(semver.minVersion(manifest.engines.node)?.version, '20.19.0');
});

test('no package in package-lock.json excludes the oldest Node.js 20 that package.json promises', () => {
  assert.deepEqual(excluding(semver.minVersion(manifest.engines.node)!.version), []);
});

test('no package in package-lock.json excludes the newest Node.js 20 either (none asks for Node 22 or later)', () => {
  assert.deepEqual(excluding('20.99.0'), []);
});

test('the Node.js running the tests is one package.json promises', () => {
  assert.ok(semver.satisfies(process.version, manifest.engines.node), `${process.version} is outside ${manifest.engines.node}`);
});
