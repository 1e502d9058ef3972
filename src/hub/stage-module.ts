// The contract every pipeline stage's module fulfils, and the runner that starts modules in order and stops them in reverse.
// A module owns its stage's background work and hands the HTTP server its routes; it never starts or stops another module.

import type { FastifyInstance } from 'fastify';

export interface StageModule {
  /** The stage, for logs (`ingest`, `aggregate`, …). */
  name: string;
  /** Registers the stage's HTTP routes; called before the server listens. */
  routes?(app: FastifyInstance): void;
  /** Starts the stage's background work. */
  start(): void | Promise<void>;
  /** Stops taking work and finishes what is in flight by `deadline` (epoch ms); the rest resumes from PostgreSQL. */
  stop(deadline: number): Promise<void>;
}

/** Starts modules one after another in the order given (pipeline order: a stage runs before anything hands it work). */
export async function startModules(modules: readonly StageModule[]): Promise<void> {
  for (const m of modules) await m.start();
}

/** Stops modules in reverse order, each finished before the one before it stops, all against one deadline. */
export async function stopModules(modules: readonly StageModule[], deadline: number): Promise<void> {
  for (const m of [...modules].reverse()) await m.stop(deadline);
}
