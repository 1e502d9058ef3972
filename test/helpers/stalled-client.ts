// A client that asks for a large answer, takes its first bytes and then nothing: what a stalled firewall or bouncer
// does to a streamed answer. Raw sockets, so that nothing reads on the test's behalf.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import type pg from 'pg';

/** A GET over a raw socket, paused after the answer's first chunk (a 200); rest() reads it to its end. */
export async function stalledGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ rest(): Promise<string> }> {
  const socket = net.connect(Number(new URL(baseUrl).port), '127.0.0.1');
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  const first = new Promise<void>((resolve) => socket.on('data', (c: Buffer) => {
    chunks.push(c);
    if (chunks.length === 1) {
      socket.pause();
      resolve();
    }
  }));
  const lines = Object.entries({ Host: '127.0.0.1', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`GET ${path} HTTP/1.1\r\n${lines}\r\n`);
  await first;
  assert.match(chunks[0]!.toString('latin1'), /^HTTP\/1\.1 200 /);
  return {
    async rest() {
      const closed = once(socket, 'close');
      socket.resume();
      await closed;
      return Buffer.concat(chunks).toString('latin1');
    },
  };
}

/** Resolves once every connection of the pool is back (bounded). */
export async function connectionsReleased(pool: pg.Pool, withinMs: number): Promise<void> {
  const until = performance.now() + withinMs;
  while (pool.idleCount !== pool.totalCount || pool.waitingCount > 0) {
    assert.ok(performance.now() < until, `connections still busy: ${pool.totalCount - pool.idleCount}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
