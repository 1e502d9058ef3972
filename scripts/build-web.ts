// Builds the dashboard (web/) into web/dist when its sources changed since the last build, then precompresses it.
// Run before `npm start` and `npm test`; a no-op when web/dist/.build-id matches the sources, so restarts stay fast.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const BUILD_ID = path.join(dist, '.build-id');
const SOURCES = ['index.html', 'vite.config.ts', 'tsconfig.json', 'src', 'public'];
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function filesUnder(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p).sort().flatMap((f) => filesUnder(path.join(p, f)));
}

/** A hash of everything the build reads: the app's sources and the locked dependency versions. */
function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of [...SOURCES.flatMap((s) => filesUnder(path.join(web, s))), path.join(root, 'package-lock.json')]) {
    if (/\.test\.tsx?$|[/\\]src[/\\]test[/\\]/.test(f)) continue; // tests and their helpers are not in the app
    h.update(path.relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

/** Writes .gz and .br next to each text asset so the hub sends them as they are (no compression per request). */
function precompress(): { js: number; jsGzip: number } {
  let js = 0;
  let jsGzip = 0;
  for (const f of filesUnder(dist).filter((x) => COMPRESSIBLE.test(x))) {
    const body = readFileSync(f);
    const gz = gzipSync(body, { level: 9 });
    writeFileSync(`${f}.gz`, gz);
    writeFileSync(`${f}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    if (f.endsWith('.js')) { js += body.length; jsGzip += gz.length; }
  }
  return { js, jsGzip };
}

export async function buildWeb(force = false): Promise<boolean> {
  const id = sourceHash();
  if (!force && existsSync(BUILD_ID) && readFileSync(BUILD_ID, 'utf8') === id) return false;
  const started = Date.now();
  await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
  const size = precompress();
  writeFileSync(BUILD_ID, id);
  console.log(`dashboard built into web/dist in ${Date.now() - started} ms (all JS ${(size.js / 1024).toFixed(0)} KiB, gzip ${(size.jsGzip / 1024).toFixed(0)} KiB)`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWeb(process.argv.includes('--force'));
