// A small HTTP client for CLI commands that act through a running hub's API: one request, its problem+json as an error.
// Never waits long on a hub it cannot reach: no answer (headers) within the timeout is a clear hub_unreachable error.

import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { QuorumError, type ErrorCode } from '../core/errors.ts';

export interface HubClientOptions {
  /** The hub, e.g. http://127.0.0.1:7700. */
  url: string;
  key: string;
  /** How long connecting and the response headers may take, in ms. */
  timeoutMs: number;
}

export interface HubRequest {
  method: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  text?: { body: string; contentType: string };
}

/** The hub answered with an error: its status, catalogue code and detail. */
export class HubError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** The API key for the CLI: `--key-file`, else QUORUM_API_KEY, else `<data-dir>/admin.key`. */
export async function resolveKey(keyFile: string | undefined, dataDir: string): Promise<string> {
  if (keyFile) return (await readFile(keyFile, 'utf8')).trim();
  if (process.env.QUORUM_API_KEY) return process.env.QUORUM_API_KEY.trim();
  const file = path.join(dataDir, 'admin.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new QuorumError('unauthenticated', 401, `no API key: pass --key-file, set QUORUM_API_KEY, or run next to the hub's data dir (${file} not found)`);
  }
}

export function createHubClient(opts: HubClientOptions) {
  /** Sends the request; resolves with the response once its headers arrived (the body is still to be read). */
  function send(r: HubRequest): Promise<http.IncomingMessage> {
    const url = new URL(r.path, opts.url);
    for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const body = r.json !== undefined ? JSON.stringify(r.json) : r.text?.body;
    const headers: Record<string, string> = { authorization: `Bearer ${opts.key}`, accept: 'application/json, text/plain, */*' };
    if (body !== undefined) headers['content-type'] = r.json !== undefined ? 'application/json' : r.text!.contentType;
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? https : http).request(url, { method: r.method, headers });
      const timer = setTimeout(() => req.destroy(unreachable(opts.url, `no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      req.on('response', (res) => { clearTimeout(timer); resolve(res); });
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(err instanceof QuorumError ? err : unreachable(opts.url, err.code ?? err.message));
      });
      req.end(body);
    });
  }

  async function text(res: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function failIfError(res: http.IncomingMessage): Promise<void> {
    if (res.statusCode! < 400) return;
    const raw = await text(res);
    let problem: { code?: string; detail?: string } = {};
    try { problem = JSON.parse(raw); } catch { /* not problem+json */ }
    throw new HubError(res.statusCode!, problem.code ?? `http_${res.statusCode}`, problem.detail ?? raw.slice(0, 200));
  }

  return {
    /** A JSON request; the parsed answer (null for an empty one, e.g. a 204), or a HubError. */
    async json<T>(r: HubRequest): Promise<T> {
      const res = await send(r);
      await failIfError(res);
      const body = await text(res);
      return (body === '' ? null : JSON.parse(body)) as T;
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

function unreachable(url: string, why: string): QuorumError {
  const code: ErrorCode = 'hub_unreachable';
  return new QuorumError(code, 503, `cannot reach the hub at ${url} (${why}); is it running? (--url, default http://127.0.0.1:7700)`);
}
