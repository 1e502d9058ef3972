// HTTP timeouts over raw sockets: a trickled body, slow headers and an idle keep-alive connection are all cut off.
// Real sockets on loopback; every wait is bounded and ends on the socket's own close event.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ requestTimeoutMs: 1500, headersTimeoutMs: 1000, keepAliveTimeoutMs: 500 }); });
after(async () => { await hub.close(); });

/** Opens a socket to the hub; `closed` resolves with everything received once the hub closes it (or rejects after `limitMs`). */
async function connect(limitMs: number): Promise<{ socket: net.Socket; closed: Promise<{ text: string; afterMs: number }> }> {
  const { port } = new URL(hub.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const started = Date.now();
  let text = '';
  socket.on('data', (d) => { text += d.toString('latin1'); });
  const closed = new Promise<{ text: string; afterMs: number }>((resolve, reject) => {
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`the hub kept the socket open for ${limitMs} ms; received: ${text}`)); }, limitMs);
    socket.once('close', () => { clearTimeout(timer); resolve({ text, afterMs: Date.now() - started }); });
    socket.on('error', () => undefined);
  });
  return { socket, closed };
}

test('a request body trickled slowly is cut off after the request timeout with 408 and nothing stored', async () => {
  const { socket, closed } = await connect(15_000);
  socket.write(`POST /v1/signals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${hub.adminKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`);
  // One byte every 100 ms would take 100 s to finish the body.
  const trickle = setInterval(() => { if (!socket.destroyed) socket.write(' '); }, 100);
  try {
    const { text, afterMs } = await closed;
    assert.match(text, /^HTTP\/1\.1 408/);
    assert.ok(afterMs >= 1000, `cut off after ${afterMs} ms`);
  } finally {
    clearInterval(trickle);
  }
  const n = await hub.db.pools.owner.query('SELECT count(*)::int AS n FROM signal_streams');
  assert.equal(n.rows[0].n, 0);
});

test('headers sent slowly are cut off after the headers timeout', async () => {
  const { socket, closed } = await connect(15_000);
  socket.write('GET /healthz HTTP/1.1\r\n');
  const trickle = setInterval(() => { if (!socket.destroyed) socket.write('X-Slow: 1\r\n'); }, 100);
  try {
    const { text } = await closed;
    assert.match(text, /^HTTP\/1\.1 408/);
  } finally {
    clearInterval(trickle);
  }
});

test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
  const { socket, closed } = await connect(15_000);
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
  const { text, afterMs } = await closed;
  assert.match(text, /^HTTP\/1\.1 200/);
  assert.match(text, /Keep-Alive: timeout=0?\.?\d*/i);
  assert.ok(afterMs >= 400, `closed after ${afterMs} ms`);
});
