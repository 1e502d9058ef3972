// Bootstrap mode of `quorum keys|tenants|maintenance`: the CLI opens the hub's database itself as the machine owner (no
// hub and no key needed: whoever can read the data dir or the database URL). Never used unless --data-dir/--database-url is given.

import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.ts';
import type { createPools } from '../db/pools.ts';
import type { KeyStore } from '../auth/key-store.ts';

type OwnerPool = ReturnType<typeof createPools>['owner'];

/** Adds --data-dir and --database-url. */
export const dbOptions = (cmd: Command) => cmd
  .option('--data-dir <dir>', 'data directory (embedded database, admin key)')
  .option('--database-url <url>', 'external PostgreSQL URL (schema owner); default: embedded');

/** Runs fn against the configured database: joins a running embedded server, or starts one for the duration. */
export async function withKeyStore<T>(opts: { dataDir?: string; databaseUrl?: string }, fn: (keys: KeyStore, config: Config, owner: OwnerPool) => Promise<T>): Promise<T> {
  const config = loadConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  // The driver and the embedded server load here, when a command opens the database: the API commands never need them.
  const [{ openDatabase }, { createPools, closePools }, { migrate }, { createKeyStore }] = await Promise.all([
    import('../db/database.ts'), import('../db/pools.ts'), import('../db/migrate.ts'), import('../auth/key-store.ts')]);
  const db = await openDatabase(config, () => undefined, true);
  const pools = createPools({ ownerUrl: db.ownerUrl, appUrl: db.appUrl ?? undefined, appPoolSize: 1 });
  try {
    if (config.migrate) await migrate(pools.owner);
    const result = await fn(createKeyStore(pools.owner), config, pools.owner);
    // As the API would answer: times as RFC 3339 text.
    return (result === undefined ? result : JSON.parse(JSON.stringify(result))) as T;
  } finally {
    await closePools(pools);
    await db.stop();
  }
}
