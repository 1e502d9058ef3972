// Paced, open-loop load from a lean process of its own: raw HTTP/1.1 requests or single-row INSERT commits at a fixed
// rate, each latency counted from its due time. Never shares an event loop or a heap with the benchmark that reads it.

import { fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SINGLE_INSERT } from './single-insert.ts';

/** Requests as the bytes a client sends (keep-alive HTTP/1.1, one in flight a connection), each answered 201. */
export interface HttpLoad { kind: 'http'; port: number; requests: string[] }
/** Rows for SINGLE_INSERT, committed one a statement by clients connected as the app role with the tenant set. */
export interface InsertLoad { kind: 'insert'; url: string; tenantId: string; rows: unknown[][] }
export type PacedLoad = (HttpLoad | InsertLoad) & {
  /** Calls a second, from `clients` connections. */
  rate: number;
  clients: number;
  /** The first `warmup` items run at the same pace unmeasured: the process compiles its code on them. */
  warmup: number;
};

/** What a measured stretch gave: each item's latency in milliseconds, and how long the stretch took. */
export interface PacedResult { latencies: number[]; seconds: number }

/**
 * Runs the load in a child process and answers the measured items' latencies (the warm-up's are left out). A load that
 * has not ended within three times its planned length and 30 s more is stopped, and the run fails.
 */
export function runPacedLoad(load: PacedLoad): Promise<PacedResult> {
  const child = fork(fileURLToPath(import.meta.url), { execArgv: ['--import', 'tsx'] });
  const items = load.kind === 'http' ? load.requests.length : load.rows.length;
  const limitMs = (3 * items * 1000) / load.rate + 30_000;
  return new Promise<PacedResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the paced load did not end within ${Math.round(limitMs / 1000)} s`));
    }, limitMs);
    child.once('message', (m: PacedResult & { error?: string }) => (m.error === undefined ? resolve(m) : reject(new Error(m.error))));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the paced load process exited with ${code}`));
    });
    child.send(load);
  });
}

/**
 * `count` calls of `send(i)` due at `rate` a second from `clients` callers, open loop: a latency counts from the call's
 * due time, so a server that falls behind pays for the queue it builds (no coordinated omission).
 */
async function paced(count: number, rate: number, clients: number, send: (i: number) => Promise<void>): Promise<PacedResult> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < count) {
      const i = next++;
      const due = start + (i * 1000) / rate;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      await send(i);
      latencies.push(performance.now() - due);
    }
  }));
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

/** One kept-alive connection that sends a request and reads its answer's status, by its content-length. */
function httpConnection(port: number) {
  let socket: net.Socket | null = null;
  let waiting: { resolve(status: number): void; reject(err: Error): void } | null = null;
  let buffered = '';
  const open = () => new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(s));
    s.setEncoding('latin1');
    s.on('data', (chunk: string) => {
      buffered += chunk;
      const head = buffered.indexOf('\r\n\r\n');
      if (head < 0 || !waiting) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(buffered.slice(0, head));
      if (!length) return waiting.reject(new Error(`an answer without content-length: ${buffered.slice(0, head)}`));
      if (buffered.length < head + 4 + Number(length[1])) return;
      const status = Number(buffered.slice(9, 12));
      buffered = '';
      const w = waiting;
      waiting = null;
      w.resolve(status);
    });
    s.on('error', (err) => (waiting ? waiting.reject(err) : reject(err)));
    // The server closes a connection idle past its keep-alive timeout: the next request opens a new one.
    s.on('close', () => {
      socket = null;
      waiting?.reject(new Error('the server closed the connection before answering'));
    });
  });
  return {
    async send(request: string): Promise<number> {
      socket ??= await open();
      const s = socket;
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        s.write(request, 'latin1');
      });
    },
    close: () => socket?.destroy(),
  };
}

/**
 * The load's items over `connections`, first in first out (every connection stays in use, none idles into a server's
 * keep-alive timeout): the warm-up's unmeasured, then the rest measured.
 */
async function overConnections<C>(connections: C[], load: PacedLoad, items: number, call: (c: C, i: number) => Promise<void>): Promise<PacedResult> {
  const idle = [...connections];
  const send = async (i: number) => {
    const c = idle.shift()!;
    try {
      await call(c, i);
    } finally {
      idle.push(c);
    }
  };
  await paced(load.warmup, load.rate, load.clients, send);
  return paced(items - load.warmup, load.rate, load.clients, (i) => send(load.warmup + i));
}

async function runHttp(load: HttpLoad & PacedLoad): Promise<PacedResult> {
  const connections = Array.from({ length: load.clients }, () => httpConnection(load.port));
  const result = await overConnections(connections, load, load.requests.length, async (c, i) => {
    const status = await c.send(load.requests[i]!);
    if (status !== 201) throw new Error(`a paced request was answered ${status}`);
  });
  connections.forEach((c) => c.close());
  return result;
}

async function runInserts(load: InsertLoad & PacedLoad): Promise<PacedResult> {
  const clients = await Promise.all(Array.from({ length: load.clients }, async () => {
    const c = new pg.Client({ connectionString: load.url });
    await c.connect();
    await c.query("SELECT set_config('app.current_tenant', $1, false)", [load.tenantId]);
    return c;
  }));
  const result = await overConnections(clients, load, load.rows.length, async (c, i) => {
    await c.query(SINGLE_INSERT, load.rows[i]);
  });
  await Promise.all(clients.map((c) => c.end()));
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.once('message', (load: PacedLoad) => {
    (load.kind === 'http' ? runHttp(load) : runInserts(load)).then(
      (result) => process.send!(result, () => process.exit(0)),
      (err: Error) => process.send!({ error: err.message }, () => process.exit(1)),
    );
  });
}
