// Hostile WebSocket upgrades on raw sockets: a request target that is not a URL, a peer that resets the connection
// while the hub is still looking up the key it sent (both used to kill the hub), a peer that never answers a close.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ sensorAuthTimeoutMs: 500 }); });
after(async () => { await hub.close(); });

const upgrade = (target: string) => [
  `GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Upgrade: websocket', 'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', '',
].join('\r\n');

function rawConnect(): Promise<net.Socket> {
  const { port } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends a raw upgrade and returns the status line of the answer. */
async function statusOf(target: string): Promise<string> {
  const socket = await rawConnect();
  socket.write(upgrade(target));
  const answer = await new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (d) => { text += d.toString(); });
    socket.on('close', () => resolve(text));
  });
  return answer.split('\r\n')[0] ?? '';
}

test('an upgrade whose request target is not a URL is answered 400 and the hub carries on', async () => {
  for (const target of ['//[', 'http://[', '//a:b@']) {
    assert.match(await statusOf(target), /^HTTP\/1\.1 400 /, target);
  }
  assert.equal((await hub.request('GET', '/healthz')).status, 200);
});

test('a peer that resets the connection while its upgrade key is being checked does not crash the hub', async () => {
  const keyShaped = `qk_${'0'.repeat(32)}_${'A'.repeat(43)}`;
  for (let i = 0; i < 30; i++) {
    const socket = await rawConnect();
    socket.on('error', () => undefined);
    socket.write(upgrade(`/ws/sensors?token=${keyShaped}`));
    socket.resetAndDestroy();
  }
  // Give the key lookups time to finish and touch their reset sockets.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await hub.request('GET', '/healthz')).status, 200);
  assert.match(await statusOf(`/ws/sensors?token=${keyShaped}`), /^HTTP\/1\.1 401 /);
});

test('a keyless socket that never answers the close is cut a second after its auth deadline, freeing its place', async () => {
  const socket = await rawConnect();
  socket.on('error', () => undefined);
  socket.write(upgrade('/ws/sensors'));
  // The peer reads what comes but never answers the close frame; only the hub can end this connection.
  socket.resume();
  const started = Date.now();
  await new Promise((resolve) => socket.once('close', resolve));
  const heldMs = Date.now() - started;
  assert.ok(heldMs < 5000, `held ${heldMs} ms (the auth deadline is 500 ms)`);
});
