// CLI start-up benchmark (`npm run bench:cli`): how long a `quorum` command takes from launch to exit when it has
// almost nothing to do, next to a baseline from the same run: the launcher alone (Node and tsx, no module of ours).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pct } from './percentile.ts';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const root = path.resolve(import.meta.dirname, '..');
const quorum = path.join(root, 'bin/quorum.js');

/** Median and p90 wall time of `node <args>` over RUNS runs (one untimed run first, to warm the disk cache). */
function timed(args: string[]): { p50: number; p90: number } {
  const ms: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.error) throw r.error;
    if (i > 0) ms.push(performance.now() - t0);
  }
  return { p50: pct(ms, 50), p90: pct(ms, 90) };
}

// Port 9 (discard) on loopback: nothing listens, so the command fails at once with "hub unreachable" (exit 1).
const cases: [string, string[]][] = [
  ['launcher alone (node --import tsx, empty module)', ['--import', 'tsx', '-e', '']],
  ['quorum --version', [quorum, '--version']],
  ['quorum signals list --help', [quorum, 'signals', 'list', '--help']],
  ['quorum blocks list (hub unreachable)', [quorum, 'blocks', 'list', '--url', 'http://127.0.0.1:9', '--key-file', '/dev/null']],
];

const baseline = timed(cases[0]![1]);
console.log(`${RUNS} runs each; median (p90) wall time`);
console.log(`  ${cases[0]![0]}: ${baseline.p50.toFixed(0)} ms (${baseline.p90.toFixed(0)})`);
for (const [name, args] of cases.slice(1)) {
  const t = timed(args);
  console.log(`  ${name}: ${t.p50.toFixed(0)} ms (${t.p90.toFixed(0)}), ${(t.p50 / baseline.p50).toFixed(2)} × the launcher; ours ${(t.p50 - baseline.p50).toFixed(0)} ms`);
}
