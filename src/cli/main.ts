// The `quorum` command line: start the hub, manage tenants and keys, run maintenance, manage blocks through the API.
// Prints a new API key once and never reads one from a flag it would echo.

import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { createLogger, isPretty } from '../logger.ts';
import { openAuditFile } from '../audit-file.ts';
import { bannerText } from '../hub/banner.ts';
import { startHub } from '../hub.ts';
import { openDatabase } from '../db/database.ts';
import { releaseEmbeddedSignalHandlers } from '../db/embedded.ts';
import { createPools, closePools } from '../db/pools.ts';
import { migrate } from '../db/migrate.ts';
import { createKeyStore, type KeyStore } from '../auth/key-store.ts';
import { createPartitionManager } from '../store/partitions.ts';
import { runMaintenance } from '../store/maintenance.ts';
import { NotFoundError, QuorumError } from '../core/errors.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE, InvalidCorrelationConfigError, parseCorrelationYaml } from '../correlate/config-store.ts';
import { simulate } from './simulate.ts';
import { registerBlocksCommands } from './blocks.ts';
import { registerTrustMappingCommands } from './trust-mapping.ts';
import { registerTrustScoreCommands } from './trust-score.ts';
import { registerIncidentsCommands } from './incidents.ts';
import { registerPeopleCommands } from './people.ts';
import { SCENARIOS, type Scenario } from '../sdk/traffic.ts';
import { SCOPES, type RateLimit } from '../core/types.ts';

const program = new Command().name('quorum').description('Quorum security-signals hub').showHelpAfterError();

const dbOptions = (cmd: Command) => cmd
  .option('--data-dir <dir>', 'data directory (embedded database, admin key)')
  .option('--database-url <url>', 'external PostgreSQL URL (schema owner); default: embedded');

function configOf(opts: Record<string, unknown>): Config {
  return loadConfig({
    dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, port: opts.port, host: opts.host,
    migrate: opts.migrate === false ? false : undefined,
  });
}

dbOptions(program.command('start').description('start the hub (embedded PostgreSQL unless --database-url)'))
  .addOption(new Option('--port <port>', 'HTTP port (default 7700)'))
  .addOption(new Option('--host <host>', 'listen address (default 127.0.0.1)'))
  .option('--no-migrate', 'do not run migrations (external database only)')
  .action(async (opts) => {
    const config = configOf(opts);
    const auditFile = config.auditLogPath ? await openAuditFile({
      path: config.auditLogPath, maxBufferBytes: config.auditLogBufferBytes,
      onDrop: (reason, err) => logger.warn({ reason, err, file: config.auditLogPath }, 'audit file lines dropped (quorum_audit_file_dropped_total counts them)'),
    }).catch((err: Error) => {
      throw new ConfigError(`auditLogPath (QUORUM_AUDIT_LOG) cannot be opened for appending: ${err.message}`);
    }) : null;
    const logger = createLogger({ level: config.logLevel, format: config.logFormat, audit: auditFile });
    const hub = await startHub(config, logger, undefined, { auditFile });
    // A person gets the banner as aligned text; a log shipper gets the same facts as one JSON line.
    if (isPretty(config.logFormat)) process.stdout.write(bannerText(hub.facts));
    else logger.info(hub.facts, 'where everything is');
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down (again to force)');
      // A second Ctrl-C ends the process at once; the next start stops the database server it left behind.
      process.once(signal, () => process.exit(130));
      hub.stop().then(() => auditFile?.close()).then(() => process.exit(0), (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
    };
    releaseEmbeddedSignalHandlers();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => shutdown(signal));
  });

/** Runs fn against the configured database: joins a running embedded server, or starts one for the duration. */
async function withKeyStore<T>(opts: Record<string, unknown>, fn: (keys: KeyStore, config: Config, owner: ReturnType<typeof createPools>['owner']) => Promise<T>): Promise<T> {
  const config = configOf(opts);
  const db = await openDatabase(config, () => undefined, true);
  const pools = createPools({ ownerUrl: db.ownerUrl, appUrl: db.appUrl ?? undefined, appPoolSize: 1 });
  try {
    if (config.migrate) await migrate(pools.owner);
    return await fn(createKeyStore(pools.owner), config, pools.owner);
  } finally {
    await closePools(pools);
    await db.stop();
  }
}

// Tenants and keys are hub-wide: the CLI acts as the machine owner (it holds the database itself), with operator powers.
const OWNER_NOTE = '\nRuns as the machine owner: it opens the hub\'s database directly (as the operator would, in any tenant), ' +
  'so it works for whoever can read the data dir or the database URL; no API key is needed.';
/** A tenants/keys subcommand: database options and the note that it runs as the machine owner. */
const ownerCommand = (cmd: Command) => dbOptions(cmd).addHelpText('after', OWNER_NOTE);
const tenants = program.command('tenants').description('manage tenants (as the machine owner, next to the database)').addHelpText('after', OWNER_NOTE);
ownerCommand(tenants.command('create <name>').description('create a tenant')).action(async (name: string, opts) => {
  const t = await withKeyStore(opts, (keys) => keys.createTenant(name));
  console.log(JSON.stringify({ id: t.id, name: t.name }));
});
ownerCommand(tenants.command('list').description('list tenants')).action(async (opts) => {
  for (const t of await withKeyStore(opts, (keys) => keys.listTenants())) console.log(`${t.id}  ${t.name}`);
});

const keys = program.command('keys').description('manage API keys in any tenant (as the machine owner, next to the database)').addHelpText('after', OWNER_NOTE);
ownerCommand(keys.command('create').description('create an API key; its secret is printed once'))
  .requiredOption('--tenant <id>', 'tenant id')
  .requiredOption('--scopes <list>', `comma-separated: ${SCOPES.join(', ')} (operator = the hub's owner, every tenant)`)
  .option('--agent <agentId>', 'bind the key to one agent id (required with agent:write)')
  .option('--name <name>', 'a label for the key')
  .option('--rate <perSecond/burst>', "the key's own write rate limit, e.g. 50/200 (default: the hub's)")
  .action(async (opts) => {
    const key = await withKeyStore(opts, (k) => k.createKey({
      tenantId: opts.tenant, scopes: String(opts.scopes).split(',').map((s) => s.trim()).filter(Boolean),
      agentId: opts.agent ?? null, name: opts.name ?? null, rateLimit: opts.rate === undefined ? null : rateOption(opts.rate),
    }));
    console.log(JSON.stringify({ id: key.id, tenant_id: key.tenant_id, scopes: key.scopes, agent_id: key.agent_id, rate_limit: key.rate_limit, key: key.key }));
    console.error('Store this key now: it is not shown again.');
  });
ownerCommand(keys.command('list').description('list API keys (never their secrets)'))
  .option('--tenant <id>', 'only this tenant')
  .action(async (opts) => {
    for (const k of await withKeyStore(opts, (ks) => ks.listKeys(opts.tenant))) {
      console.log([k.id, k.tenant_id, k.scopes.join(','), k.agent_id ?? '-', k.name ?? '-', k.revoked_at ? `revoked ${k.revoked_at}` : 'active'].join('  '));
    }
  });
ownerCommand(keys.command('revoke <id>').description('revoke an API key of any tenant')).action(async (id: string, opts) => {
  const revokedAt = await withKeyStore(opts, async (ks) => {
    const key = await ks.findKey(id);
    if (!key) throw new NotFoundError(`no API key ${id}`);
    if (key.revoked_at === null) await ks.revokeKey(id);
    return key.revoked_at;
  });
  console.log(revokedAt === null ? `revoked ${id}` : `${id} was already revoked at ${revokedAt}`);
});

dbOptions(program.command('maintenance').description('create partitions ahead and apply retention now'))
  .action(async (opts) => {
    const result = await withKeyStore(opts, (_k, config, owner) => runMaintenance({
      partitions: createPartitionManager(owner), retentionDays: config.retentionDays, aheadDays: config.partitionsAheadDays,
      clock: () => new Date(), logger: { info: () => undefined, error: () => undefined },
    }));
    console.log(JSON.stringify(result));
  });

const correlation = program.command('correlation').description('correlation config');
correlation.command('check').description('validate correlation.yaml and print every error (exit 1 when invalid)')
  .option('--data-dir <dir>', 'data directory holding correlation.yaml')
  .option('--file <path>', 'a config file to check instead')
  .action(async (opts) => {
    const file = opts.file ?? path.join(loadConfig({ dataDir: opts.dataDir }).dataDir, CONFIG_FILE);
    try {
      const c = parseCorrelationYaml(await readFile(file, 'utf8'));
      console.log(`${file}: valid; correlation ${c.enabled ? 'enabled' : 'disabled'}, ${c.rules.length} rule(s), ${c.playbooks.length} playbook(s)`);
    } catch (err) {
      if (!(err instanceof InvalidCorrelationConfigError)) throw err;
      for (const e of err.violations) console.error(`${file}: ${e.path || '(root)'} ${e.message}`);
      process.exit(1);
    }
  });

program.command('simulate').description('drive simulated sensors against a hub over /ws/sensors')
  .requiredOption('--url <url>', 'the hub, e.g. http://127.0.0.1:7700')
  .requiredOption('--key <key>', 'an API key with signal:write')
  .option('--sensors <n>', 'simulated sensors', '5')
  .option('--rate <r>', 'signals per second per sensor', '100')
  .option('--duration <s>', 'seconds to run', '10')
  .addOption(new Option('--scenario <name>', 'traffic shape').choices([...SCENARIOS]).default('mixed'))
  .option('--batch-size <n>', 'signals per signal-batch (1–1000)', '100')
  .action(async (opts) => {
    const summary = await simulate({
      url: opts.url, key: opts.key, sensors: positive(opts.sensors, '--sensors'), rate: positive(opts.rate, '--rate'),
      durationSeconds: positive(opts.duration, '--duration'), scenario: opts.scenario as Scenario, batchSize: positive(opts.batchSize, '--batch-size'),
    });
    console.log(JSON.stringify(summary, null, 2));
    if (summary.unacked > 0) process.exitCode = 2;
  });

registerBlocksCommands(program);
// One `trust-score` command: the scores' own action, and the mapping's subcommands on it.
registerTrustMappingCommands(registerTrustScoreCommands(program));
registerIncidentsCommands(program);
registerPeopleCommands(program);

/** `50/200` → { perSecond: 50, burst: 200 }; the key store checks the bounds. */
function rateOption(v: string): RateLimit {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m) throw new QuorumError('invalid_argument', 400, `--rate must be <perSecond>/<burst>, e.g. 50/200; got ${v}`);
  return { perSecond: Number(m[1]), burst: Number(m[2]) };
}

function positive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new QuorumError('invalid_argument', 400, `${flag} must be a positive number, got ${v}`);
  return n;
}

program.parseAsync().catch((err: unknown) => {
  const code = err instanceof QuorumError ? err.code : 'error';
  console.error(`quorum: ${code}: ${(err as Error).message}`);
  process.exit(1);
});
