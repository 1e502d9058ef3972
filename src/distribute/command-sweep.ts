// Every hub's periodic pass over open commands: an unanswered attempt goes back to pending (or times out), a command
// never delivered expires, a rejected or decommissioned sensor's are cancelled. Single conditional statements with SKIP
// LOCKED, safe with several hubs; never sends anything itself.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.ts';
import { cancelForRefusedSensors, finishOverdue, retryOverdue } from './command-queries.ts';
import { reportOutcome } from './command-delivery.ts';

export interface CommandSweepDeps {
  owner: pg.Pool;
  metrics: Pick<Metrics, 'commandOutcomes' | 'commandRetries'>;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
  clock: () => Date;
  intervalMs: number;
}

/** Rows one statement of a pass changes at most; the next pass takes the rest. */
const SWEEP_BATCH = 1000;

/** One pass: retries (their NOTIFY wakes the hub holding the sensor), then outcomes (timeouts, expiries, refused sensors), each logged and counted by the hub whose statement changed the row. */
export async function sweepCommands(deps: Omit<CommandSweepDeps, 'intervalMs'>): Promise<void> {
  const at = deps.clock();
  for (const r of await retryOverdue(deps.owner, at, SWEEP_BATCH)) {
    deps.metrics.commandRetries.inc({ type: r.type });
    deps.logger.debug({ event: 'command.retry', tenantId: r.tenant_id, sensorId: r.sensor_id, commandId: r.id, attempts: r.attempts }, 'command unanswered; sending it again');
  }
  for (const f of await finishOverdue(deps.owner, at, SWEEP_BATCH)) reportOutcome(deps, f);
  for (const f of await cancelForRefusedSensors(deps.owner, at, SWEEP_BATCH)) reportOutcome(deps, f);
}

export function startCommandSweep(deps: CommandSweepDeps): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepCommands(deps)
      .catch((err) => deps.logger.warn({ err }, 'the command sweep failed; the next pass retries'))
      .finally(() => { running = null; });
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
