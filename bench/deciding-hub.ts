// An embedded hub for the decision benchmarks: the shipped correlation policy switched on, guardrails out of the way,
// reconciliation hourly. Each benchmark measures on it; close() stops it and removes its data directory.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import YAML from 'yaml';
import { loadConfig, type Config } from '../src/config/config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
import { freePort } from '../test/helpers/process.ts';

/** Starts the hub (`name` names its temporary directory); `overrides` as loadConfig takes them. */
export async function startDecidingHub(name: string, overrides: Partial<Record<keyof Config, unknown>> = {}): Promise<{ hub: Hub; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `quorum-bench-${name}-`));
  const policy = { ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true, guardrails: { max_new_per_minute: 1_000_000, max_active_per_tenant: 1_000_000 } };
  await writeFile(path.join(dataDir, 'correlation.yaml'), YAML.stringify(policy));
  const config = loadConfig({
    dataDir, port: 0, embeddedPgPort: await freePort(), logLevel: 'silent', logFormat: 'json', reconcileIntervalMs: 3_600_000, ...overrides,
  }, {});
  const hub = await startHub(config, pino({ level: 'silent' }));
  return {
    hub,
    async close() {
      await hub.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
