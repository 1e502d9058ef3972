// The Sensors page's state: the snapshot's sensors with each live `sensors` event applied as an upsert, and a health
// judged from the heartbeat's age (the hub closes a sensor silent for two ping intervals). Pure (sensors-logic.test.ts).

import type { SensorEvent, Snapshot } from '../live/protocol.ts';

export type Sensor = Snapshot['sensors'][number];
export type Health = 'healthy' | 'late' | 'silent' | 'disconnected';

/** The hub's default ping interval (QUORUM_SENSOR_PING_INTERVAL_MS); a sensor silent for two is dropped. */
export const PING_INTERVAL_MS = 30_000;

/** Applies one event: replaces the sensor's row (or adds it), keeping connected sensors first, then by id. */
export function applySensorEvent(sensors: Sensor[], e: SensorEvent): Sensor[] {
  const { change: _change, ...row } = e;
  const rest = sensors.filter((s) => s.sensorId !== e.sensorId);
  return [...rest, row].sort((a, b) => (a.state === b.state ? a.sensorId.localeCompare(b.sensorId) : a.state === 'connected' ? -1 : 1));
}

/** Healthy when heard from within one ping interval, late within two, silent beyond; disconnected when it is. */
export function healthOf(s: Sensor, now: number, intervalMs = PING_INTERVAL_MS): Health {
  if (s.state !== 'connected') return 'disconnected';
  const last = Date.parse(s.lastHeartbeatAt ?? s.connectedAt ?? '');
  if (!Number.isFinite(last)) return 'late';
  const age = now - last;
  return age <= intervalMs ? 'healthy' : age <= 2 * intervalMs ? 'late' : 'silent';
}

export const HEALTH_COLOR: Record<Health, string> = { healthy: 'green', late: 'yellow', silent: 'red', disconnected: 'gray' };
