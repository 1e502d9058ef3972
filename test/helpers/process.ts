// Runs the real `quorum` CLI as a child process and waits for lines of its output.
// Every spawned process is killed when the test file ends.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
/**
 * How to run the CLI from this test run: the compiled src/cli/main.js of the run's tree (.test-build, test/run.ts) when
 * the tests themselves run compiled, else the TypeScript through tsx (a file run on its own). The launchers' own tests
 * (npm start, bin/quorum.js, the systemd unit, the container) start tsx as users do.
 */
export const CLI_ENTRY = import.meta.url.endsWith('.js') ? [path.join(root, 'src/cli/main.js')] : ['--import', 'tsx', path.join(root, 'src/cli/main.ts')];
const children = new Set<ChildProcessWithoutNullStreams>();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Standard output alone (what a script would parse). */
  stdout(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code, once the process has ended and all its output has been read. */
  exited: Promise<number | null>;
}

/** Starts `quorum <args>` with the given environment additions. */
export function runCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], {
    cwd: root, env: { ...process.env, QUORUM_LOG_FORMAT: 'json', ...env },
  });
  children.add(child);
  let out = '';
  let stdout = '';
  child.stdout.on('data', (d) => { out += d; stdout += d; });
  child.stderr.on('data', (d) => { out += d; });
  // 'close', not 'exit': the process may exit before its last output is read, and a caller reads it once exited
  // resolves (a loaded run once saw `signals list -o wide` print nothing).
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => { children.delete(child); resolve(code); }));
  return {
    child,
    output: () => out,
    stdout: () => stdout,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { clearInterval(poll); reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)); }, timeoutMs);
        const poll = setInterval(() => {
          const m = out.match(pattern);
          if (m) { clearInterval(poll); clearTimeout(timer); resolve(m); }
        }, 50);
      });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    }).on('error', reject);
  });
}
