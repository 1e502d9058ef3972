// Sensor health across two hub processes on one database: a sensor connected to hub A is seen healthy, then stale and
// offline, by hub B — health is derived from stored state, whichever hub holds the sensor.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHubPair, waitUntil, type HubPair } from './helpers/hub-process.ts';
import { authedSensor } from './helpers/sensor.ts';

let pair: HubPair;
before(async () => { pair = await startHubPair({ QUORUM_SENSOR_STALE_AFTER_MS: '1500', QUORUM_SENSOR_OFFLINE_AFTER_MS: '3000' }); });
after(async () => { await pair.stop(); });

test('hub B sees the health of a sensor heartbeating to hub A, and its silence as stale then offline', async () => {
  const sensor = await authedSensor(pair.a.url, pair.key, { sensorId: 'edge-a' });
  sensor.send({ type: 'heartbeat', payload: { timestamp: Date.now(), status: 'degraded', cpu: 80, memory: 50, disk: 20, requestsLastMinute: 10, avgLatencyMs: 4, configHash: 'c', rulesHash: 'r' } });
  const healthOnB = async () => {
    const res = await fetch(`${pair.b.url}/v1/sensors/edge-a/health`, { headers: { authorization: `Bearer ${pair.key}` } });
    return res.status === 200 ? ((await res.json()) as { sensor: { health: string } }).sensor.health : undefined;
  };
  await waitUntil('hub B sees degraded', 5000, async () => (await healthOnB()) === 'degraded');
  sensor.close();
  await waitUntil('hub B sees stale', 5000, async () => (await healthOnB()) === 'stale');
  await waitUntil('hub B sees offline', 5000, async () => (await healthOnB()) === 'offline');
  const listed = await (await fetch(`${pair.b.url}/v1/sensors/health`, { headers: { authorization: `Bearer ${pair.key}` } })).json() as { sensors: { sensor_id: string; health: string }[] };
  assert.deepEqual(listed.sensors.map((s) => [s.sensor_id, s.health]), [['edge-a', 'offline']]);
});
