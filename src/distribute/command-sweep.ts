// Every hub's periodic pass over open commands: an unanswered attempt goes back to pending (or times out), a command
// never delivered expires, and sensors held here with pending commands get them. Single conditional statements, safe with several hubs.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.ts';
import { finishOverdue, retryOverdue, sensorsWithPending } from './command-queries.ts';
import { reportOutcome, type CommandDelivery } from './command-delivery.ts';

export interface CommandSweepDeps {
  owner: pg.Pool;
  delivery: Pick<CommandDelivery, 'wake'>;
  metrics: Pick<Metrics, 'commandOutcomes' | 'commandRetries'>;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
  clock: () => Date;
  intervalMs: number;
}

/** Rows one statement of a pass changes at most; the next pass takes the rest. */
const SWEEP_BATCH = 1000;

/** One pass: retries, outcomes (each logged and counted by the hub whose statement changed the row), then delivery. */
export async function sweepCommands(deps: Omit<CommandSweepDeps, 'intervalMs'>): Promise<void> {
  const at = deps.clock();
  for (const r of await retryOverdue(deps.owner, at, SWEEP_BATCH)) {
    deps.metrics.commandRetries.inc({ type: r.type });
    deps.logger.debug({ event: 'command.retry', tenantId: r.tenant_id, sensorId: r.sensor_id, commandId: r.id, attempts: r.attempts }, 'command unanswered; sending it again');
  }
  for (const f of await finishOverdue(deps.owner, at, SWEEP_BATCH)) reportOutcome(deps, f);
  // A wake-up missed (the LISTEN connection was down, a delivery failed on a database error) is made up here.
  for (const s of await sensorsWithPending(deps.owner, SWEEP_BATCH)) deps.delivery.wake(s.tenant_id, s.sensor_id);
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
