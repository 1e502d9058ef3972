// Reads the operator's correlation.yaml from the data dir: the import source of the hub defaults (at start and on reload).
// Never writes the file once it exists and never decides what is live: the database holds the policy (policy-store.ts).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { QuorumError } from '../core/errors.ts';
import { DEFAULT_CONFIG_YAML, validateCorrelationConfig, type ConfigViolation, type CorrelationConfig } from './correlation-config.ts';

/** The config is invalid; `errors` lists every violation (path and message). */
const MAX_LISTED = 100;

export class InvalidCorrelationConfigError extends QuorumError {
  constructor(readonly violations: ConfigViolation[]) {
    // A hostile document can break thousands of rules: the answer lists the first MAX_LISTED and counts the rest.
    const listed = violations.slice(0, MAX_LISTED);
    const more = violations.length > MAX_LISTED ? ` (and ${violations.length - MAX_LISTED} more)` : '';
    super('invalid_correlation_config', 400, `correlation config has ${violations.length} error(s): ${listed.slice(0, 10).map((e) => `${e.path || '(root)'} ${e.message}`).join('; ')}${violations.length > 10 ? '; …' : ''}`,
      { errors: listed.map((e) => ({ field: e.path, rule: 'correlation_config', message: e.message })), ...(more ? { truncated: violations.length } : {}) });
  }
}

export interface FileSnapshot {
  config: CorrelationConfig;
  sha256: string;
}

export const CONFIG_FILE = 'correlation.yaml';

/** Parses YAML text and validates it; throws InvalidCorrelationConfigError with every error. */
export function parseCorrelationYaml(text: string): CorrelationConfig {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new InvalidCorrelationConfigError([{ path: '', message: `is not valid YAML: ${(err as Error).message.split('\n')[0]}` }]);
  }
  const result = validateCorrelationConfig(doc);
  if (!result.ok) throw new InvalidCorrelationConfigError(result.errors);
  return result.config;
}

/** The data dir's correlation.yaml, written with the shipped default (disabled) when absent. */
export async function createPolicyFile(deps: { dataDir: string }) {
  const file = path.join(deps.dataDir, CONFIG_FILE);
  if (!existsSync(file)) await writeFile(file, DEFAULT_CONFIG_YAML, { flag: 'wx' }).catch(() => undefined);
  return {
    file,
    /** Reads and validates the file; an invalid file throws InvalidCorrelationConfigError and changes nothing. */
    async read(): Promise<FileSnapshot> {
      const text = await readFile(file, 'utf8');
      return { config: parseCorrelationYaml(text), sha256: createHash('sha256').update(text).digest('hex') };
    },
  };
}

export type PolicyFile = Awaited<ReturnType<typeof createPolicyFile>>;
