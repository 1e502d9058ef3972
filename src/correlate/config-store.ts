// Holds the live correlation config: reads correlation.yaml from the data dir, writes it atomically with a backup, hot-reloads.
// A file that fails validation never replaces the live config: the hub keeps running on the last good one.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { QuorumError } from '../errors.ts';
import { DEFAULT_CONFIG_YAML, validateCorrelationConfig, type ConfigViolation, type CorrelationConfig } from './correlation-config.ts';

/** The config is invalid; `errors` lists every violation (path and message). */
export class InvalidCorrelationConfigError extends QuorumError {
  constructor(readonly violations: ConfigViolation[]) {
    super('invalid_correlation_config', 400, `correlation config has ${violations.length} error(s): ${violations.map((e) => `${e.path || '(root)'} ${e.message}`).join('; ')}`,
      { errors: violations.map((e) => ({ field: e.path, rule: 'correlation_config', message: e.message })) });
  }
}

export interface ConfigSnapshot {
  config: CorrelationConfig;
  loadedAt: Date;
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

export async function createConfigStore(deps: { dataDir: string; clock: () => Date }) {
  const file = path.join(deps.dataDir, CONFIG_FILE);
  if (!existsSync(file)) await writeFile(file, DEFAULT_CONFIG_YAML, { flag: 'wx' }).catch(() => undefined);
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const read = async (): Promise<ConfigSnapshot> => {
    const text = await readFile(file, 'utf8');
    return { config: parseCorrelationYaml(text), loadedAt: deps.clock(), sha256: sha(text) };
  };
  let snapshot = await read();

  return {
    file,
    current(): ConfigSnapshot {
      return snapshot;
    },
    /** Re-reads the file; on error the previous config stays live and the error is thrown. */
    async reload(): Promise<ConfigSnapshot> {
      snapshot = await read();
      return snapshot;
    },
    /**
     * Validates a candidate, writes it as YAML to a temp file, fsyncs, keeps the old file as correlation.yaml.bak,
     * renames the temp file over correlation.yaml, then makes it live. Returns the previous and the new snapshot.
     */
    async replace(candidate: unknown): Promise<{ before: ConfigSnapshot; after: ConfigSnapshot }> {
      const result = validateCorrelationConfig(candidate);
      if (!result.ok) throw new InvalidCorrelationConfigError(result.errors);
      const text = `# Written by PUT /v1/config/correlation at ${deps.clock().toISOString()}; the previous file is ${CONFIG_FILE}.bak\n${YAML.stringify(result.config)}`;
      const tmp = `${file}.tmp-${process.pid}`;
      try {
        const handle = await open(tmp, 'w', 0o600);
        try {
          await handle.writeFile(text);
          await handle.sync();
        } finally {
          await handle.close();
        }
        if (existsSync(file)) await copyFile(file, `${file}.bak`);
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw notWritable(err, file);
      }
      const before = snapshot;
      snapshot = { config: result.config, loadedAt: deps.clock(), sha256: sha(text) };
      return { before, after: snapshot };
    },
  };
}

/** A read-only mount or wrong permissions is the operator's to fix: say so (409) instead of a bare 500. */
export function notWritable(err: unknown, file: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new QuorumError('config_not_writable', 409, `${file} cannot be written (${code}); the live config is unchanged. Make the data dir writable, or edit the file and POST /v1/config/reload`);
  }
  return err;
}

export type ConfigStore = Awaited<ReturnType<typeof createConfigStore>>;
