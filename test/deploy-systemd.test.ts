// deploy/quorum.service and deploy/quorum.env.example: systemd's own checker (`systemd-analyze verify`, and `security`
// offline) on the unit, its ExecStart run as its user would run it, its hardening and stop timing pinned, the env file checked.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SETTINGS } from '../src/config/config.ts';
import { freePort } from './helpers/process.ts';
import { HUB_NODE_FLAGS } from './helpers/child-hub.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
// The checkout itself: the test run's tree (.test-build, docs/testing.md) links to it, and the unit's sandbox binds only
// the directory it is given, so links out of that directory would lead nowhere inside it.
const checkout = path.dirname(realpathSync(path.join(root, 'package.json')));
const UNIT = path.join(root, 'deploy/quorum.service');
const ENV_EXAMPLE = path.join(root, 'deploy/quorum.env.example');
/** Where the unit expects the checkout; the tests point it at this one. */
const INSTALL_DIR = '/opt/quorum';

const analyzeMissing = spawnSync('systemd-analyze', ['--version']).error
  ? 'systemd-analyze is not installed (Debian: apt-get install systemd); the unit was NOT checked by systemd' : false;

/** The [Service] directives of a unit file as name → values (a directive may repeat). */
function directives(text: string, section = 'Service'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line.startsWith('[')) current = line.slice(1, -1);
    else if (current === section && line && !line.startsWith('#')) {
      const eq = line.indexOf('=');
      out.set(line.slice(0, eq), [...(out.get(line.slice(0, eq)) ?? []), line.slice(eq + 1)]);
    }
  }
  return out;
}

/**
 * Writes a copy of the unit whose ExecStart runs this machine's node on this checkout: verify checks that the
 * program exists, and /usr/bin/node and /opt/quorum are where an installed hub has them, not where the tests run.
 */
async function unitForThisMachine(dir: string, edit: (text: string) => string = (t) => t): Promise<string> {
  const text = (await readFile(UNIT, 'utf8')).replaceAll('/usr/bin/node', process.execPath).replaceAll(INSTALL_DIR, root);
  const file = path.join(dir, 'quorum.service');
  await writeFile(file, edit(text));
  return file;
}

/** systemd-analyze's exit code and everything it printed; verify prints a warning and still exits 0 for a bad line. */
async function analyze(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const r = await run('systemd-analyze', args, { env: { ...process.env, SYSTEMD_LOG_COLOR: '0' } });
    return { code: 0, output: (r.stdout + r.stderr).trim() };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: (e.stdout + e.stderr).trim() };
  }
}

describe('deploy/quorum.service checked by systemd-analyze', { skip: analyzeMissing }, () => {
  test('verify accepts the unit without a single warning (ExecStart pointed at this machine\'s node and checkout)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'quorum-unit-'));
    try {
      const r = await analyze(['verify', await unitForThisMachine(dir)]);
      assert.deepEqual(r, { code: 0, output: '' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the check is real: a misspelt directive and a missing program are both reported', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'quorum-unit-'));
    try {
      const misspelt = await analyze(['verify', await unitForThisMachine(dir, (t) => t.replace('NoNewPrivileges=', 'NoNewPrivilege='))]);
      assert.match(misspelt.output, /Unknown key 'NoNewPrivilege'/);
      const missing = await analyze(['verify', await unitForThisMachine(dir, (t) => t.replace(process.execPath, '/nonexistent/node'))]);
      assert.notEqual(missing.code, 0);
      assert.match(missing.output, /\/nonexistent\/node is not executable/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the offline security review rates the unit\'s exposure at 2.0 or lower ("OK")', async () => {
    const r = await analyze(['security', '--offline=yes', '--threshold=20', UNIT]);
    assert.equal(r.code, 0, r.output);
    const exposure = Number(/Overall exposure level for quorum\.service: ([\d.]+)/.exec(r.output)?.[1]);
    assert.ok(exposure <= 2, `exposure ${exposure}`);
  });
});

describe('deploy/quorum.service as written', () => {
  const unit = directives(readFileSync(UNIT, 'utf8'));
  const one = (name: string) => unit.get(name)?.join(' ');

  test('runs as the unprivileged quorum user, never root (PostgreSQL refuses root)', () => {
    assert.equal(one('User'), 'quorum');
    assert.equal(one('Group'), 'quorum');
    assert.match(readFileSync(path.join(root, 'deploy/quorum.sysusers'), 'utf8'), /^u quorum - ".*" \/var\/lib\/quorum$/m);
  });

  test('keeps its data in the StateDirectory and nowhere else writable', () => {
    assert.equal(one('StateDirectory'), 'quorum');
    assert.equal(one('ProtectSystem'), 'strict');
    assert.equal(one('ExecStart'), `/usr/bin/node ${HUB_NODE_FLAGS.join(' ')} /opt/quorum/bin/quorum.js start --data-dir %S/quorum`);
  });

  test('carries the hardening the docs promise, and no MemoryDenyWriteExecute (V8\'s JIT needs writable code)', () => {
    const expected: Record<string, string> = {
      NoNewPrivileges: 'yes', ProtectHome: 'yes', PrivateTmp: 'yes', CapabilityBoundingSet: '', AmbientCapabilities: '',
      RestrictAddressFamilies: 'AF_UNIX AF_INET AF_INET6 AF_NETLINK', SystemCallFilter: '@system-service', UMask: '0077',
    };
    for (const [name, value] of Object.entries(expected)) assert.equal(one(name), value, name);
    assert.equal(unit.has('MemoryDenyWriteExecute'), false);
    assert.equal(unit.has('DynamicUser'), false);
  });

  test('restarts on failure and gives the hub\'s graceful stop room before anything is killed', () => {
    assert.equal(one('Restart'), 'on-failure');
    // SIGTERM to the hub alone: it stops its embedded PostgreSQL itself, after its last commits.
    assert.equal(one('KillMode'), 'mixed');
    const stopSeconds = Number(/^(\d+)s$/.exec(one('TimeoutStopSec')!)?.[1]);
    const graceSeconds = Number(SETTINGS.shutdownTimeoutMs.default) / 1000;
    assert.ok(stopSeconds >= graceSeconds + 30, `TimeoutStopSec ${stopSeconds}s < QUORUM_SHUTDOWN_TIMEOUT_MS ${graceSeconds}s + 30s`);
  });

  test('the program ExecStart names exists in the checkout and its start command takes --data-dir', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/quorum.js'), 'start', '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /--data-dir <dir>/);
  });
});

/** Runs node with the kernel's memory-deny-write-execute switched on first (prctl PR_SET_MDWE), as MemoryDenyWriteExecute= would. */
const UNDER_MDWE = `import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN (Linux 6.3 and later)
    sys.exit(99)
os.execv(sys.argv[1], sys.argv[1:])`;
const mdweMissing = spawnSync('python3', ['--version']).error ? 'python3 is not installed; cannot switch memory-deny-write-execute on'
  : spawnSync('python3', ['-c', UNDER_MDWE, '/bin/true']).status === 99 ? 'this kernel has no PR_SET_MDWE (Linux 6.3 and later)' : false;

test('why the unit has no MemoryDenyWriteExecute=: under it Node crashes at once, and only runs with --jitless', { skip: mdweMissing }, () => {
  const jit = spawnSync('python3', ['-c', UNDER_MDWE, process.execPath, '-e', 'console.log(1)'], { encoding: 'utf8' });
  assert.notEqual(jit.status, 0);
  assert.match(jit.stderr, /SetPermissions/);
  const jitless = spawnSync('python3', ['-c', UNDER_MDWE, process.execPath, '--jitless', '-e', 'console.log(1)'], { encoding: 'utf8' });
  assert.equal(jitless.stdout, '1\n');
});

/**
 * Inside a private mount namespace: every mount read-only but the state directory, a fresh /tmp (ProtectSystem=strict,
 * PrivateTmp=), then the user, capabilities, no_new_privs and umask of the unit (User=, CapabilityBoundingSet=,
 * NoNewPrivileges=, UMask=); a checkout under /tmp is bound back into the fresh /tmp. Prints "read-only" once it has
 * checked that the root can no longer be written.
 */
const AS_THE_UNIT = `set -e
state=$1; checkout=$2; shift 2
mount --bind "$state" "$state"
# A checkout under /tmp (a CI clone made with mktemp -d) stays visible through the fresh /tmp, as /opt/quorum would.
case "$checkout" in /tmp/*) keep=$(dirname "$state")/checkout; mkdir -p "$keep"; mount --bind "$checkout" "$keep";; esac
mount -t tmpfs -o mode=1777 tmpfs /tmp
case "$checkout" in /tmp/*) mkdir -p "$checkout"; mount --bind "$keep" "$checkout";; esac
for m in $(awk '{print $2}' /proc/self/mounts | grep -v -e "^$state$" -e '^/tmp$' -e '^/proc' -e '^/sys' -e '^/dev'); do
  mount -o remount,bind,ro "$m"
done
if touch /quorum-write-probe 2>/dev/null; then rm -f /quorum-write-probe; echo "the root is writable"; exit 1; fi
echo read-only
exec setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all /bin/sh -c 'umask 077 && exec "$@"' sh "$@"`;

const asUnitMissing = process.getuid?.() !== 0 ? 'not root: cannot switch to an unprivileged user as systemd does'
  : spawnSync('setpriv', ['--version']).error ? 'setpriv is not installed (Debian: util-linux)'
    : spawnSync('unshare', ['--mount', 'true']).status !== 0 ? 'unshare --mount is not permitted here: no private mount namespace' : false;

describe('the unit\'s ExecStart run the way systemd runs it (no systemd needed)', { skip: asUnitMissing }, () => {
  test('on a read-only system with a private /tmp, as an unprivileged user without capabilities, the hub starts its embedded PostgreSQL in the state directory, and a SIGTERM to the hub alone stops both within TimeoutStopSec', async () => {
    // `nobody` stands in for the quorum user; the state directory is outside /tmp, which the namespace replaces.
    // Not covered: the system-call filter, RestrictAddressFamilies and the other sandbox lines only systemd applies.
    const top = await mkdtemp('/var/tmp/quorum-as-unit-');
    const state = path.join(top, 'quorum');
    await chmod(top, 0o755);
    await mkdir(state, { mode: 0o700 });
    await chown(state, 65534, 65534);
    const port = await freePort();
    // As systemd starts it: no TMPDIR (the unit's private /tmp is its temporary directory), nor the run's settings.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('QUORUM_') && k !== 'DATABASE_URL' && k !== 'TMPDIR'));
    const child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', AS_THE_UNIT, 'sh', state, checkout,
      process.execPath, ...HUB_NODE_FLAGS, path.join(checkout, 'bin/quorum.js'), 'start', '--data-dir', state], {
      env: { ...env, HOME: state, QUORUM_LOG_FORMAT: 'json', QUORUM_PORT: String(port), QUORUM_EMBEDDED_PG_PORT: String(await freePort()) },
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => { if (/quorum hub listening/.test(out)) resolve(); });
        child.on('exit', (code) => reject(new Error(`the hub exited ${code} before listening:\n${out}`)));
      });
      assert.match(out, /^read-only$/m);
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
      const postmaster = Number(readFileSync(path.join(state, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const started = Date.now();
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out);
      const stopSeconds = Number(/^TimeoutStopSec=(\d+)s$/m.exec(readFileSync(UNIT, 'utf8'))?.[1]);
      assert.ok(Date.now() - started < stopSeconds * 1000, `stopping took ${Date.now() - started} ms`);
      assert.throws(() => process.kill(postmaster, 0), { code: 'ESRCH' }, 'PostgreSQL outlived the hub');
      assert.equal(existsSync(path.join(state, 'pg', 'postmaster.pid')), false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(top, { recursive: true, force: true });
    }
  });
});

describe('deploy/quorum.env.example', () => {
  const lines = readFileSync(ENV_EXAMPLE, 'utf8').split('\n');
  const assigned = (re: RegExp) => lines.map((l) => re.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  const settings = new Set(Object.values(SETTINGS).map((s) => s.env));

  test('every variable it sets is a hub setting', () => {
    const active = assigned(/^([A-Z][A-Z0-9_]*)=/);
    assert.ok(active.length >= 3);
    assert.deepEqual(active.filter((n) => !settings.has(n)), []);
  });

  test('every variable it shows commented out is documented (the README\'s table or docs/)', () => {
    const docs = [readFileSync(path.join(root, 'README.md'), 'utf8'),
      ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => readFileSync(path.join(root, 'docs', f), 'utf8'))].join('\n');
    const commented = assigned(/^#([A-Z][A-Z0-9_]*)=/);
    assert.ok(commented.includes('QUORUM_AUDIT_LOG'));
    assert.deepEqual(commented.filter((n) => !settings.has(n) && !docs.includes(`\`${n}\``)), []);
  });

  test('never sets the data dir, which the unit fixes to its StateDirectory', () => {
    assert.deepEqual(assigned(/^#?(QUORUM_DATA_DIR)=/), []);
  });
});
