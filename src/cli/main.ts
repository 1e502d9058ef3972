// The `quorum` command line: start the hub, and act on a running hub through its HTTP API (docs/cli.md).
// Prints a new API key once and never needs a secret on the command line; every command keeps the documented exit codes.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, type Config } from '../config/config.ts';
import { QuorumError } from '../core/errors.ts';
import { registerSimulateCommand } from './simulate-command.ts';
import { action, DEFAULT_URL, EXIT, EXIT_CODES_HELP, exitCodeOf, UsageError } from './hub-client.ts';
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
  .action(async (opts) => (await import('./start.ts')).runStart(configOf(opts)));

dbOptions(program.command('maintenance').description('create partitions ahead and apply retention now (on the database directly)'))
  .action(action(async (opts) => {
    const [{ createPartitionManager }, { compactSignalWrites }, { runMaintenance }] = await Promise.all([
      import('../store/partitions.ts'), import('../store/feed-queries.ts'), import('../store/maintenance.ts')]);
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
    const { CONFIG_FILE, InvalidCorrelationConfigError, parseCorrelationYaml } = await import('../correlate/config-store.ts');
    const file = opts.file ?? path.join(loadConfig({ dataDir: opts.dataDir }).dataDir, CONFIG_FILE);
    // Worded as the other commands that read a file word it: a usage error (exit 2), not a crash's message.
    const text = await readFile(file, 'utf8').catch((err: Error) => { throw new UsageError(`${file} is not readable: ${err.message}`); });
    try {
      const c = parseCorrelationYaml(text);
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
