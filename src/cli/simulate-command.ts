// The flags of `quorum simulate`, checked before anything connects; the simulation itself (simulate.ts, the sensor SDK
// and its WebSocket client) loads only when the command runs.

import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { action, clientOf, DEFAULT_TIMEOUT_MS, DEFAULT_URL, EXIT, UsageError, type HubOptions } from './hub-client.ts';
import { SCENARIOS, type Scenario } from '../sdk/traffic.ts';

/** Largest fleet and longest run `quorum simulate` accepts. */
const MAX_SENSORS = 10_000;
const MAX_DURATION_SECONDS = 86_400;

interface SimulateFlags extends HubOptions {
  key?: string; registrationToken?: string; registrationTokenFile?: string; sensors: string; rate: string; duration: string; scenario: string;
  batchSize: string; failShare: string; unhealthyShare: string; heartbeat: string; prefix: string;
}

/** `quorum simulate`: checks the hub (and the key, when the fleet uses one) over HTTP first (within --timeout), then runs the simulation. */
export function registerSimulateCommand(root: Command): void {
  root.command('simulate').description('run a fleet of simulated sensors against a hub over /ws/sensors: signals, commands, rollouts')
    .option('--url <url>', 'the hub', DEFAULT_URL)
    .option('--key-file <file>', 'a file holding an API key with signal:write (default: $QUORUM_API_KEY, else <data-dir>/admin.key)')
    .option('--data-dir <dir>', 'the hub data dir holding admin.key (default ./.quorum)')
    .addOption(new Option('--key <key>', 'the API key itself (visible to ps: prefer --key-file or QUORUM_API_KEY)').hideHelp())
    .option('--registration-token-file <file>', 'enrol the sensors with the registration token in this file (default: $QUORUM_REGISTRATION_TOKEN) instead of a key')
    .addOption(new Option('--registration-token <token>', 'the registration token itself (visible to ps)').hideHelp())
    .option('--sensors <n>', `simulated sensors (at most ${MAX_SENSORS})`, '5')
    .option('--rate <r>', 'signals per second per sensor (0: none, the fleet only answers commands)', '100')
    .option('--duration <s>', `seconds to run (at most ${MAX_DURATION_SECONDS})`, '10')
    .addOption(new Option('--scenario <name>', 'traffic shape').choices([...SCENARIOS]).default('mixed'))
    .option('--batch-size <n>', 'signals per signal-batch (1–1000)', '100')
    .option('--fail-share <f>', 'share (0–1) of sensors that refuse every push_rules/push_config (a canary rollout rolls back)', '0')
    .option('--unhealthy-share <f>', 'share (0–1) of sensors that report unhealthy in their heartbeats', '0')
    .option('--heartbeat <s>', 'seconds between heartbeats', '30')
    .option('--prefix <p>', 'sensor ids are <prefix><n>', 'sim-')
    .option('--timeout <ms>', 'longest wait for the hub to answer before the run', String(DEFAULT_TIMEOUT_MS))
    .addHelpText('after', '\nExit 1 when signals stay unacknowledged at the end, or a sensor is refused.')
    .action(action(async (opts: SimulateFlags) => {
      const numbers = simulateNumbers(opts);
      if (opts.key !== undefined) process.env.QUORUM_API_KEY = opts.key;
      const token = await registrationTokenOf(opts);
      // Before any sensor connects: an unreachable hub or a refused key fails within --timeout, saying why.
      const client = await clientOf(opts.key !== undefined ? { ...opts, keyFile: undefined } : opts, token !== null);
      await client.json(token === null ? { method: 'GET', path: '/v1/session' } : { method: 'GET', path: '/healthz' });
      const { simulate } = await import('./simulate.ts');
      const summary = await simulate({ url: opts.url, key: token ?? client.key!.key, ...numbers, scenario: opts.scenario as Scenario, prefix: opts.prefix });
      console.log(JSON.stringify(summary, null, 2));
      if (summary.unacked > 0) process.exitCode = EXIT.error;
    }));
}

function simulateNumbers(opts: SimulateFlags) {
  const sensors = bounded(opts.sensors, '--sensors', 1, MAX_SENSORS);
  if (!Number.isInteger(sensors)) throw new UsageError(`--sensors must be a whole number, got ${opts.sensors}`);
  return {
    sensors, rate: bounded(opts.rate, '--rate', 0, 1_000_000), durationSeconds: bounded(opts.duration, '--duration', 0.001, MAX_DURATION_SECONDS),
    batchSize: bounded(opts.batchSize, '--batch-size', 1, 1000), failShare: bounded(opts.failShare, '--fail-share', 0, 1),
    unhealthyShare: bounded(opts.unhealthyShare, '--unhealthy-share', 0, 1), heartbeatSeconds: bounded(opts.heartbeat, '--heartbeat', 1, 3600),
  };
}

/** The registration token to enrol with: --registration-token(-file), else $QUORUM_REGISTRATION_TOKEN; null to use a key. */
async function registrationTokenOf(opts: SimulateFlags): Promise<string | null> {
  if (opts.registrationToken !== undefined) return opts.registrationToken.trim();
  if (opts.registrationTokenFile !== undefined) {
    try {
      return (await readFile(opts.registrationTokenFile, 'utf8')).trim();
    } catch (err) {
      throw new UsageError(`--registration-token-file ${opts.registrationTokenFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return process.env.QUORUM_REGISTRATION_TOKEN?.trim() || null;
}

function bounded(v: string, flag: string, min: number, max: number): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} must be a number from ${min} to ${max}, got ${v}`);
  return n;
}
