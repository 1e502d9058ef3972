// The real CrowdSec custom bouncer (Debian's crowdsec-custom-bouncer) for tests: its own config in a temp dir, pointed at
// a hub with a blocklist:read key; its script records each call, read back by waiting on the file, never touching /etc.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, watch } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CUSTOM_BOUNCER = process.env.QUORUM_CUSTOM_BOUNCER ?? '/usr/bin/crowdsec-custom-bouncer';

/** Why the real-bouncer tests cannot run here, or false when the bouncer is installed. */
export const customBouncerMissing = (): string | false =>
  existsSync(CUSTOM_BOUNCER) ? false : `${CUSTOM_BOUNCER} is not installed (apt-get install -y --no-install-recommends crowdsec-custom-bouncer)`;

/** The config the bouncer reads: the hub, a blocklist:read key, a fast poll, the recording script; logs stay in `dir`. */
const bouncerConfig = (dir: string, apiUrl: string, apiKey: string, script: string) => `
bin_path: ${script}
feed_via_stdin: false
total_retries: 0
scenarios_containing: []
scenarios_not_containing: []
origins: []
piddir: ${dir}
update_frequency: 200ms
cache_retention_duration: 10s
daemonize: false
log_mode: file
log_dir: ${dir}
log_level: info
api_url: ${apiUrl}/
api_key: ${apiKey}
prometheus:
  enabled: false
`;

export async function startCustomBouncer(hubUrl: string, apiKey: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-custom-bouncer-'));
  const calls = path.join(dir, 'calls.txt');
  const script = path.join(dir, 'record.sh');
  // One line per call: action|value|seconds|scenario|decision JSON (the arguments the bouncer passes).
  await writeFile(script, `#!/bin/sh\nIFS='|'\nprintf '%s\\n' "$*" >> '${calls}'\n`);
  await chmod(script, 0o755);
  const config = path.join(dir, 'crowdsec-custom-bouncer.yaml');
  await writeFile(config, bouncerConfig(dir, hubUrl, apiKey, script));
  const child: ChildProcess = spawn(CUSTOM_BOUNCER, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const read = async () => (existsSync(calls) ? (await readFile(calls, 'utf8')).split('\n').filter(Boolean).map((l) => l.split('|')) : []);

  return {
    /** The script's calls as [action, value, seconds, scenario, …decision JSON], once `done` says enough (at most 15 s). */
    async calls(done: (lines: string[][]) => boolean): Promise<string[][]> {
      const watcher = watch(dir);
      const deadline = Date.now() + 15_000;
      try {
        for (;;) {
          const lines = await read();
          if (done(lines)) return lines;
          if (Date.now() > deadline) throw new Error(`the bouncer's script was not called as expected; calls so far: ${JSON.stringify(lines)}`);
          await Promise.race([once(watcher, 'change'), new Promise((r) => setTimeout(r, 250))]);
        }
      } finally {
        watcher.close();
      }
    },
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A predicate for calls(): the script was called with `action` (add, del) for `value`. */
export const called = (action: string, value: string) => (lines: string[][]) => lines.some((l) => l[0] === action && l[1] === value);

export type CustomBouncer = Awaited<ReturnType<typeof startCustomBouncer>>;
