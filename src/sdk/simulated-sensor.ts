// A simulated fleet sensor for `quorum simulate` and the fleet benchmark: a SensorClient that answers every command type.
// Simulates only: `restart` reconnects, `update` records the version asked for; it never runs anything on the machine.

import { SensorClient, type SensorClientOptions } from './sensor-client.ts';

export interface SimulatedSensorOptions extends SensorClientOptions {
  /** Refuses every pushed config and rule bundle (acked `success: false`): exercises a canary's rollback. */
  failPushes?: boolean;
  /** Reports `unhealthy` in its heartbeats. */
  unhealthy?: boolean;
}

/** Whether the i-th (1-based) sensor of a fleet is in a share: round(n × share) of n sensors, evenly spread. */
export function inShare(i: number, share: number): boolean {
  // The epsilon keeps 10 × 0.3 (2.9999…) from losing a sensor to floating point.
  return Math.floor(i * share + 1e-9) > Math.floor((i - 1) * share + 1e-9);
}

/** A SensorClient whose handlers answer every command of protocol 1.0 as a healthy (or failing) sensor would. */
export function simulatedSensor(o: SimulatedSensorOptions): SensorClient {
  const { failPushes = false, unhealthy = false, ...options } = o;
  const startedAt = Date.now();
  const state = { version: o.version ?? '1.0.0', chaos: false, mtd: false };
  const seed = [...o.sensorId].reduce((n, ch) => n + ch.charCodeAt(0), 0);
  const c: SensorClient = new SensorClient({
    ...options,
    health: (): Record<string, unknown> => ({
      status: unhealthy ? 'unhealthy' : 'healthy', cpu: 5 + (seed % 30), memory: 20 + (seed % 40), disk: 10 + (seed % 50),
      requestsLastMinute: c.stats.accepted, avgLatencyMs: 1 + (seed % 5),
    }),
  });
  const refuse = (kind: string) => () => { throw new Error(`simulated failure: this sensor refuses ${kind} (quorum simulate --fail-share)`); };
  c.onRules(failPushes ? refuse('rule bundles') : () => undefined);
  c.onConfig(failPushes ? refuse('configs') : () => undefined);
  c.onCommand('restart', () => {
    // The ack goes out first; the "restarted" sensor then authenticates again.
    setTimeout(() => c.reconnect(), 50).unref();
    return { restarting: true };
  });
  c.onCommand('collect_diagnostics', () => ({
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), version: state.version, signalsAccepted: c.stats.accepted,
    signalsHeld: c.held(), blocklistSize: c.blocklistState.size, applied: c.applied,
  }));
  c.onCommand('update', (p) => {
    if (typeof p.version !== 'string' || p.version === '') throw new Error('payload.version must be a non-empty string');
    state.version = p.version;
    return { version: state.version };
  });
  c.onCommand('sync_blocklist', () => {
    c.requestBlocklist();
    return { blocklistVersion: c.blocklistState.version };
  });
  c.onCommand('toggle_chaos', (p) => ({ enabled: (state.chaos = typeof p.enabled === 'boolean' ? p.enabled : !state.chaos) }));
  c.onCommand('toggle_mtd', (p) => ({ enabled: (state.mtd = typeof p.enabled === 'boolean' ? p.enabled : !state.mtd) }));
  return c;
}
