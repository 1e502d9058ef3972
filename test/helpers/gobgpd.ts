// A real gobgpd for tests and benchmarks: a temp dir, a minimal config (AS, router id, BGP listener off), gRPC on a
// free loopback port; SIGKILL and restart on the same port; the RIB read back with the `gobgp` CLI as JSON.

import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitUntil } from './hub-process.ts';
import { freePort } from './process.ts';

const run = promisify(execFile);

/** Why gobgpd tests cannot run here, or null when `gobgpd` and `gobgp` are installed. */
export function gobgpdMissing(): string | null {
  for (const bin of ['gobgpd', 'gobgp']) {
    if (spawnSync(bin, ['--version']).error) return `${bin} is not installed (Debian: apt-get install gobgpd); skipping the real-GoBGP tests`;
  }
  return null;
}

/** `port = -1`: gobgpd opens no BGP listener at all (it never binds 179); the test talks to it over gRPC only. */
const CONFIG = `[global.config]
  as = 64512
  router-id = "192.0.2.254"
  port = -1
`;

export async function startGobgpd() {
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-gobgpd-'));
  const configFile = path.join(dir, 'gobgpd.toml');
  await writeFile(configFile, CONFIG);
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const cli = async (...args: string[]) => (await run('gobgp', ['-u', '127.0.0.1', '-p', String(port), ...args])).stdout;

  async function launch(): Promise<void> {
    const c = spawn('gobgpd', ['-f', configFile, '--api-hosts', address, '--pprof-disable', '-p', '-l', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    let stderr = '';
    c.stderr!.on('data', (d) => { stderr += String(d); });
    await waitUntil(`gobgpd on ${address} (${stderr.slice(-300)})`, 10_000, async () => {
      if (c.exitCode !== null) throw new Error(`gobgpd exited ${c.exitCode}: ${stderr}`);
      return cli('global').then(() => true, () => false);
    });
  }

  async function kill(signal: NodeJS.Signals): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill(signal);
    await exited;
  }

  await launch();
  return {
    address,
    port,
    /** The family's RIB as `gobgp global rib -a <family> -j` prints it (destination → paths). */
    async rib(family: 'ipv4-flowspec' | 'ipv6-flowspec' | 'ipv4' | 'ipv6'): Promise<Record<string, any[]>> {
      const out = await cli('global', 'rib', '-a', family, '-j');
      return out.trim() ? JSON.parse(out) : {};
    },
    /** Adds a route with the CLI, as an operator would (`args` after `global rib -a <family> add`). */
    add: (family: string, ...args: string[]) => cli('global', 'rib', '-a', family, 'add', ...args),
    del: (family: string, ...args: string[]) => cli('global', 'rib', '-a', family, 'del', ...args),
    /** SIGKILL: the daemon and its RIB are gone at once. */
    kill9: () => kill('SIGKILL'),
    /** Starts it again on the same port, with an empty RIB. */
    restart: launch,
    async stop(): Promise<void> {
      await kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Gobgpd = Awaited<ReturnType<typeof startGobgpd>>;
