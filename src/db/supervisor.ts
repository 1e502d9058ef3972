// Keeps the embedded PostgreSQL running: a postmaster that dies is logged and restarted on the same data dir, with backoff.
// Never restarts a server the hub asked to stop, and gives up (onGiveUp) after a bounded number of failed attempts.

import type { ChildProcess } from 'node:child_process';

export interface SupervisedServer {
  /** The running postmaster (a direct child of this process). */
  process(): ChildProcess;
  /** Starts it again on the same data dir; resolves once it accepts connections. */
  restart(): Promise<void>;
}

export interface SupervisorDeps {
  server: SupervisedServer;
  /** Failed restart attempts in a row before giving up. */
  maxRestarts: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  log: {
    died(info: { pid: number | undefined; code: number | null; signal: string | null }): void;
    restarted(info: { attempt: number }): void;
    failed(info: { attempt: number; err: unknown; retryInMs: number }): void;
  };
  onGiveUp(err: Error): void;
}

export interface Supervisor {
  /** Stops watching: the exit that follows is the requested one. Waits for a restart under way. */
  stop(): Promise<void>;
}

export function superviseServer(deps: SupervisorDeps): Supervisor {
  const base = deps.backoffBaseMs ?? 250;
  const max = deps.backoffMaxMs ?? 5000;
  let stopped = false;
  let restarting: Promise<void> = Promise.resolve();

  function watch(child: ChildProcess): void {
    child.once('exit', (code, signal) => {
      if (stopped) return;
      deps.log.died({ pid: child.pid, code, signal });
      restarting = restartWithBackoff();
    });
  }

  async function restartWithBackoff(): Promise<void> {
    let lastError: unknown = null;
    for (let attempt = 1; attempt <= deps.maxRestarts; attempt++) {
      // The first wait also lets the dead postmaster's backends exit and release its shared memory.
      await new Promise((r) => setTimeout(r, Math.min(max, base * 2 ** (attempt - 1))));
      if (stopped) return;
      try {
        await deps.server.restart();
      } catch (err) {
        lastError = err;
        deps.log.failed({ attempt, err, retryInMs: attempt < deps.maxRestarts ? Math.min(max, base * 2 ** attempt) : 0 });
        continue;
      }
      if (stopped) return;
      deps.log.restarted({ attempt });
      watch(deps.server.process());
      return;
    }
    if (stopped) return;
    const why = lastError instanceof Error ? lastError.message : String(lastError ?? 'restarts are disabled (0 attempts)');
    deps.onGiveUp(new Error(`the embedded PostgreSQL died and could not be restarted after ${deps.maxRestarts} attempt(s): ${why}`, { cause: lastError }));
  }

  watch(deps.server.process());
  return {
    async stop() {
      stopped = true;
      await restarting;
    },
  };
}
