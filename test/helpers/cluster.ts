// Per-test-file databases cloned from the migrated template that test/run.ts prepares on the shared test server.
// Each database is dropped at the end unless QUORUM_KEEP_TEST_DB is set (for debugging a failure).

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { closePools, createPools, localUrl, type Pools } from '../../src/db/pools.ts';
import { createPartitionManager } from '../../src/store/partitions.ts';

export const TEMPLATE_DB = 'quorum_template';

export interface TestCluster {
  port: number;
  ownerPassword: string;
  appPassword: string;
}

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  pools: Pools;
  drop(): Promise<void>;
}

export function testCluster(): TestCluster {
  const raw = process.env.QUORUM_TEST_CLUSTER;
  if (!raw) throw new Error('run the tests with `npm test` (test/run.ts starts the database)');
  return JSON.parse(raw) as TestCluster;
}

/** A fresh, migrated database of its own with this week's partitions, an owner pool and an app (quorum_app) pool. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const c = testCluster();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: localUrl('postgres', c.ownerPassword, c.port, 'postgres') });
  await admin.connect();
  // Two files cloning at once would clash on the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
      break;
    } catch (err) {
      if (attempt > 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.end();
  const ownerUrl = localUrl('postgres', c.ownerPassword, c.port, name);
  const appUrl = localUrl('quorum_app', c.appPassword, c.port, name);
  const pools = createPools({ ownerUrl, appUrl, appPoolSize: 8 });
  // Like the hub's maintenance loop at start: partitions for yesterday through the coming days.
  await createPartitionManager(pools.owner).ensureAhead(new Date(), 3);
  return {
    name, ownerUrl, appUrl, pools,
    async drop() {
      await closePools(pools);
      if (process.env.QUORUM_KEEP_TEST_DB) return;
      const a = new pg.Client({ connectionString: localUrl('postgres', c.ownerPassword, c.port, 'postgres') });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Creates tenants "a" and "b" on the owner pool; returns their ids. */
export async function createTenantsAB(owner: pg.Pool): Promise<{ tenantA: string; tenantB: string }> {
  const t = await owner.query<{ id: string; name: string }>("INSERT INTO tenants (name) VALUES ('a'), ('b') RETURNING id, name");
  return { tenantA: t.rows.find((r) => r.name === 'a')!.id, tenantB: t.rows.find((r) => r.name === 'b')!.id };
}
