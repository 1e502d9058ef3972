// Fleet commands across two hub processes on one database: a command queued for an offline sensor is delivered when it
// reconnects to the other hub, a command for a connected sensor reaches whichever hub holds it, and no command goes out twice.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHubPair, waitUntil, type HubPair } from './helpers/hub-process.ts';
import { authedSensor, type TestSensor } from './helpers/sensor.ts';

let pair: HubPair;
before(async () => { pair = await startHubPair({}); });
after(async () => { await pair.stop(); });

async function getCommand(url: string, id: string): Promise<any> {
  const res = await fetch(`${url}/v1/commands/${id}`, { headers: { authorization: `Bearer ${pair.key}` } });
  assert.equal(res.status, 200);
  return res.json();
}

/**
 * Enrols a sensor (approved: the admin key registers it) and disconnects it, and waits until hub A has seen it go: a
 * command posted while A still held the closing session went out to it ('sent', not 'pending'; once in CI).
 */
async function enrolled(sensorId: string): Promise<void> {
  const s = await authedSensor(pair.a.url, pair.key, { sensorId });
  s.close();
  await s.closed;
  await waitUntil('hub A to mark the sensor disconnected', 5000, async () => (await pair.db.pools.owner.query(
    "SELECT 1 FROM sensors WHERE sensor_id = $1 AND connection_state = 'disconnected'", [sensorId])).rowCount);
}

function ack(s: TestSensor, commandId: string, success = true, extra: Record<string, unknown> = {}): void {
  s.send({ type: 'command-ack', payload: { commandId, success, ...extra } });
}

test('a command sent to an offline sensor is delivered when it reconnects to another hub, and its ack makes it succeeded', async () => {
  await enrolled('edge-offline');
  const sent = await pair.a.post('/v1/sensors/edge-offline/commands', pair.key, { type: 'collect_diagnostics', payload: { level: 'full' } });
  assert.equal(sent.status, 202);
  assert.equal(sent.body.status, 'pending');
  // A delivery hub A began for the closing session (its claim's statement still on the way) may claim the command for
  // a moment; finding the socket gone, it gives it back: pending, with no attempt counted. Wait for that, read on B.
  const queued = await waitUntil('the command pending on hub B, no attempt counted', 5000, async () => {
    const c = await getCommand(pair.b.url, sent.body.id);
    return c.status === 'pending' ? c : undefined;
  });
  assert.equal(queued.attempts, 0);

  const s = await authedSensor(pair.b.url, pair.key, { sensorId: 'edge-offline' });
  const frame = await s.next('collect_diagnostics');
  assert.deepEqual(frame, { type: 'collect_diagnostics', commandId: sent.body.id, payload: { level: 'full' } });
  assert.equal((await getCommand(pair.a.url, sent.body.id)).status, 'sent');
  ack(s, sent.body.id, true, { message: 'diagnostics collected', result: { bundle: 'diag-1.tgz' } });
  const done = await waitUntil('the command succeeded', 5000, async () => {
    const c = await getCommand(pair.a.url, sent.body.id);
    return c.status === 'succeeded' ? c : undefined;
  });
  assert.equal(done.attempts, 1);
  assert.equal(done.message, 'diagnostics collected');
  assert.deepEqual(done.result, { bundle: 'diag-1.tgz' });
  s.close();
});

test('a command for a sensor connected to hub B, sent through hub A, reaches it at once', async () => {
  const s = await authedSensor(pair.b.url, pair.key, { sensorId: 'edge-live' });
  const sent = await pair.a.post('/v1/sensors/edge-live/commands', pair.key, { type: 'toggle_mtd', payload: { enabled: true } });
  assert.equal(sent.status, 202);
  const frame = await s.next('toggle_mtd');
  assert.equal(frame.commandId, sent.body.id);
  ack(s, sent.body.id, false, { message: 'mtd is not built in' });
  await waitUntil('the command failed', 5000, async () => (await getCommand(pair.a.url, sent.body.id)).status === 'failed');
  s.close();
});

test('with one sensor connected to both hubs at once, each of its commands is delivered exactly once', async () => {
  await enrolled('edge-twice');
  const got: string[] = [];
  const [onA, onB] = await Promise.all([authedSensor(pair.a.url, pair.key, { sensorId: 'edge-twice' }), authedSensor(pair.b.url, pair.key, { sensorId: 'edge-twice' })]);
  // Both hubs hold a session of the sensor, so both are woken for each command: one claims it, the other finds nothing.
  for (const s of [onA, onB]) {
    s.ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'toggle_chaos') { got.push(m.commandId); ack(s, m.commandId); }
    });
  }
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await (i % 2 ? pair.a : pair.b).post('/v1/sensors/edge-twice/commands', pair.key, { type: 'toggle_chaos', payload: { n: i } })).body.id);
  for (const id of ids) await waitUntil(`command ${id} succeeded`, 8000, async () => (await getCommand(pair.a.url, id)).status === 'succeeded');
  assert.deepEqual([...got].sort(), [...ids].sort());
  for (const id of ids) assert.equal((await getCommand(pair.b.url, id)).attempts, 1);
  onA.close();
  onB.close();
});

test('a command sent and not answered before the sensor dropped is sent again first when it reconnects to the other hub', async () => {
  const first = await authedSensor(pair.a.url, pair.key, { sensorId: 'edge-drop' });
  const unanswered = await pair.a.post('/v1/sensors/edge-drop/commands', pair.key, { type: 'push_config', payload: { version: 'c1' } });
  assert.equal((await first.next('push_config')).commandId, unanswered.body.id);
  first.close();
  await first.closed;
  const newer = await pair.a.post('/v1/sensors/edge-drop/commands', pair.key, { type: 'push_rules', payload: { version: 'r1' } });
  const again = await authedSensor(pair.b.url, pair.key, { sensorId: 'edge-drop' });
  const frames = [await again.next(), await again.next()].filter((m) => m.type !== 'ping');
  assert.deepEqual(frames.map((m) => m.commandId), [unanswered.body.id, newer.body.id]);
  assert.equal((await getCommand(pair.a.url, unanswered.body.id)).attempts, 2);
  again.close();
});
