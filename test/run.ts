// Test entry point (`npm test`): typechecks and compiles the code, starts one real embedded PostgreSQL, migrates a
// template database, runs every test file compiled. Each file clones its own database, so files may run in parallel.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildWeb } from '../scripts/build-web.ts';
import { startScratchCluster } from './helpers/scratch-cluster.ts';
import { HUB_NODE_FLAGS } from './helpers/child-hub.ts';
import { buildTestTree, TEST_BUILD_DIR } from './helpers/test-build.ts';
import { prepareRunDirs } from './helpers/run-dirs.ts';

const root = path.resolve(import.meta.dirname, '..');
// The typecheck of src, test, bench and scripts, compiled into .test-build (incremental: a second run compiles what
// changed). The files run as plain JavaScript: through tsx, each of the run's ~400 Node processes (test files, hubs,
// CLI commands) spent 0.3–0.6 CPU-s more loading its modules (docs/testing.md).
if (!buildTestTree(root)) process.exit(1);
const built = path.join(root, TEST_BUILD_DIR);
// A file that hangs fails after this long instead of holding the run forever; the slowest files (the three parts of the
// HTTP fuzz) take 2–3 minutes each.
const fileTimeoutMs = Number(process.env.QUORUM_TEST_FILE_TIMEOUT_MS ?? 20 * 60_000);
// The dashboard is built once, here, before any file runs: the browser tests of several files building it at once
// replaced web/dist under a page that was loading it (the login form never came).
await buildWeb();
// The shared server and the files' temporary directories (hubs' data dirs, embedded servers, bouncers' configs, under
// the run's own TMPDIR) live in memory when the machine has room (prepareRunDirs), and are removed at the end. On this
// machine's disk a file's database took 0.03–0.4 s to clone and 0.1 s to drop; in memory, 0.02 s each.
const dirs = prepareRunDirs(root);
const scratch = await startScratchCluster(dirs.server);

let code = 1;
try {
  const only = process.argv.slice(2);
  const files = (only.length > 0 ? only : readdirSync(path.join(root, 'test')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test', f)))
    .map((f) => path.join(built, path.relative(root, path.resolve(f)).replace(/\.ts$/, '.js')));
  code = await new Promise<number>((resolve) => {
    // The hub's own V8 flags (a 64 MiB young generation): most files run a hub in their own process, and with V8's
    // default the HTTP fuzz spent 9 % of its time collecting garbage (6 % with them). Three files at a time on two cores:
    // many files wait on their database, timers or child processes, and with two the cores were idle a fifth of the run.
    const child = spawn(process.execPath, [...HUB_NODE_FLAGS, '--test', '--test-reporter=spec', '--test-concurrency=3', `--test-timeout=${fileTimeoutMs}`, ...files], {
      cwd: built, stdio: 'inherit', env: { ...process.env, TMPDIR: dirs.temporary, QUORUM_TEST_CLUSTER: JSON.stringify(scratch.cluster) },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  await scratch.stop();
  if (!process.env.QUORUM_KEEP_TEST_DB) dirs.remove();
}
process.exit(code);
