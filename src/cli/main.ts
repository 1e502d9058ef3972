// The `quorum` command line: start the hub, and act on a running hub through its HTTP API (docs/cli.md).
// Prints a new API key once and never needs a secret on the command line; every command keeps the documented exit codes.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { createLogger, isPretty } from '../logger.ts';
import { openAuditFile } from '../audit-file.ts';
import { bannerText } from '../hub/banner.ts';
import type { startHub as StartHub } from '../hub.ts';
import { releaseEmbeddedSignalHandlers } from '../db/embedded.ts';
import { createPartitionManager } from '../store/partitions.ts';
import { compactSignalWrites } from '../store/feed-queries.ts';
import { runMaintenance } from '../store/maintenance.ts';
import { QuorumError } from '../core/errors.ts';
import { CONFIG_FILE, InvalidCorrelationConfigError, parseCorrelationYaml } from '../correlate/config-store.ts';
import { registerSimulateCommand } from './simulate.ts';
import { action, DEFAULT_URL, EXIT, EXIT_CODES_HELP, exitCodeOf } from './hub-client.ts';
import { dbOptions, withKeyStore } from './direct-db.ts';
import { registerBlocksCommands } from './blocks.ts';
import { registerSignalsCommands } from './signals.ts';
import { registerMitigationsCommands } from './mitigations.ts';
import { registerPolicyCommands } from './policy.ts';
import { registerStatusCommands } from './status.ts';
import { registerFeedCommands } from './feed.ts';
import { registerSensorHealthCommands } from './sensor-health.ts';
import { registerRolloutCommands } from './rollouts.ts';
import { registerCommandsCommands } from './commands.ts';
import { registerAdminCommands } from './admin.ts';
import { registerTrustMappingCommands } from './trust-mapping.ts';
import { registerTrustScoreCommands } from './trust-score.ts';
import { registerIncidentsCommands } from './incidents.ts';
import { registerPeopleCommands } from './people.ts';
import { registerCompletionCommand } from './completion.ts';

/** The hub, loaded only by `quorum start`: every other command starts in a fraction of the time. */
const startHub: typeof StartHub = async (...args) => (await import('../hub.ts')).startHub(...args);

const VERSION = (JSON.parse(readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

const HELP_AFTER = `
Commands that act on a running hub use its HTTP API: --url (default ${DEFAULT_URL}), and the API key from
--key-file, else $QUORUM_API_KEY, else <data-dir>/admin.key (default ./.quorum/admin.key). Output: -o table (default),
-o wide (more columns, absolute times), -o json (the API's fields, for scripts).

${EXIT_CODES_HELP}
Docs: docs/cli.md`;

// Usage mistakes exit 2 in every subcommand (commander's default is 1); help and --version exit 0.
const program = new Command().name('quorum').description('Quorum security-signals hub').version(VERSION, '-V, --version', 'print the version')
  .showHelpAfterError().exitOverride().addHelpText('after', HELP_AFTER);

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
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down (again to force)');
      // A second Ctrl-C ends the process at once; the next start stops the database server it left behind.
      process.once(signal, () => process.exit(130));
      hub.stop().then(() => auditFile?.close()).then(() => process.exit(0), (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
    };
    // The hub stops itself from here on: until now a signal stopped the embedded server at once (fast shutdown, every
    // connection cut) while the hub was still using it. Nothing slow may come between "listening" and this.
    releaseEmbeddedSignalHandlers();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => shutdown(signal));
    // A person gets the banner as aligned text; a log shipper gets the same facts as one JSON line. A stop that
    // began meanwhile may have closed the database under it: the banner is then left out.
    const facts = await hub.facts().catch((err: Error) => void logger.warn({ err }, 'the start-up banner could not be read'));
    if (!facts) return;
    if (isPretty(config.logFormat)) process.stdout.write(bannerText(facts));
    else logger.info(facts, 'where everything is');
  });

dbOptions(program.command('maintenance').description('create partitions ahead and apply retention now (on the database directly)'))
  .action(action(async (opts) => {
    const result = await withKeyStore(opts, (_k, config, owner) => runMaintenance({
      partitions: createPartitionManager(owner), retentionDays: config.retentionDays, aheadDays: config.partitionsAheadDays,
      clock: () => new Date(), logger: { info: () => undefined, error: () => undefined }, compactSignalWrites: (droppedBefore: Date) => compactSignalWrites(owner, droppedBefore),
    }));
    console.log(JSON.stringify(result));
  }));

const correlation = program.command('correlation').description('the hub defaults file (correlation.yaml)');
correlation.command('check').description('validate correlation.yaml offline and print every error (exit 1 when invalid); a tenant\'s overrides: quorum policy check')
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
      process.exit(EXIT.error);
    }
  });

registerSimulateCommand(program);
registerStatusCommands(program);
registerFeedCommands(program);
registerSensorHealthCommands(program);
registerRolloutCommands(program);
registerCommandsCommands(program);
registerSignalsCommands(program);
registerMitigationsCommands(program);
registerBlocksCommands(program);
registerPolicyCommands(program);
registerIncidentsCommands(program);
// One `trust-score` command: the scores' own action, and the mapping's subcommands on it.
registerTrustMappingCommands(registerTrustScoreCommands(program));
registerAdminCommands(program);
registerPeopleCommands(program);
registerCompletionCommand(program);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
  const code = err instanceof QuorumError ? err.code : 'error';
  console.error(`quorum: ${code}: ${(err as Error).message}`);
  process.exit(exitCodeOf(err));
});
