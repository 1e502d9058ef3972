// Test entry point (`npm test`): starts one real embedded PostgreSQL, migrates a template database, runs every test file.
// Each test file clones its own database from the template, so files are independent and may run in parallel.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startScratchCluster } from './helpers/scratch-cluster.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = await startScratchCluster(path.join(root, '.test-pg'));

let code = 1;
try {
  const only = process.argv.slice(2);
  const files = only.length > 0 ? only : readdirSync(path.join(root, 'test')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test', f));
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
      cwd: root, stdio: 'inherit', env: { ...process.env, QUORUM_TEST_CLUSTER: JSON.stringify(scratch.cluster) },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  await scratch.stop();
}
process.exit(code);
