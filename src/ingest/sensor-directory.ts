// Sensor records as the gateway and the guardrails need them: register or update on auth, connection state, heartbeats, registered addresses.
// Never lets a sensor with a stored fingerprint in under another one (constant-time compare).

import { timingSafeEqual, createHash } from 'node:crypto';
import type pg from 'pg';
import { ForbiddenError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import { recordHeartbeatHealth } from './sensor-health-queries.ts';
import type { HeartbeatPayload } from './sensor-protocol.ts';
import { findSensor, listRegisteredSensorAddresses, markSensorDisconnected, upsertSensorConnected, type SensorAuthInput, type SensorRecord } from './sensor-queries.ts';

/**
 * How long a disconnected sensor stays registered (its address protected): a sensor coming back after a network blip,
 * a hub restart or a load-balancer failover must not find itself blocked in between.
 */
export const REGISTERED_AFTER_DISCONNECT_MS = 60 * 60 * 1000;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when the presented fingerprint equals the stored one, compared in constant time. */
export function sameFingerprint(stored: string, presented: string | null): boolean {
  return timingSafeEqual(digest(stored), digest(presented ?? '')) && presented !== null;
}

export function createSensorDirectory(appPool: pg.Pool, clock: () => Date) {
  return {
    /** Registers the sensor on first auth (a valid signal:write key suffices) or updates it; marks it connected. */
    async connect(tenantId: string, input: SensorAuthInput): Promise<SensorRecord> {
      return withTenant(appPool, tenantId, async (client) => {
        const known = await findSensor(client, tenantId, input.sensorId);
        if (known?.fingerprint && !sameFingerprint(known.fingerprint, input.fingerprint)) {
          throw new ForbiddenError('identity verification failed: this sensor presented another fingerprint', 'identity_verification_failed');
        }
        return upsertSensorConnected(client, tenantId, input, clock());
      });
    },

    async disconnect(tenantId: string, sensorId: string, connectedAt: Date): Promise<void> {
      await withTenant(appPool, tenantId, (client) => markSensorDisconnected(client, tenantId, sensorId, connectedAt, clock()));
    },

    /** Stores the heartbeat as the sensor's latest health, its minute's history row and its sync values; returns the status it reported before. */
    async heartbeat(tenantId: string, sensorId: string, hb: HeartbeatPayload): Promise<{ previous: string | null } | null> {
      return withTenant(appPool, tenantId, (client) => recordHeartbeatHealth(client, tenantId, sensorId, hb, clock()));
    },
  };
}

export type SensorDirectory = ReturnType<typeof createSensorDirectory>;

/**
 * Reads the addresses of a tenant's registered sensors, on any hub of this database (connected, or disconnected within
 * the hour). Asked by a decision that holds an app-pool connection: give it another pool, or concurrent decisions of one
 * tenant (each holding one connection, waiting on the tenant's decision lock) starve the lock holder of its second one.
 */
export function registeredSensorAddresses(pool: pg.Pool, clock: () => Date) {
  return (tenantId: string): Promise<string[]> => {
    const since = new Date(clock().getTime() - REGISTERED_AFTER_DISCONNECT_MS);
    return withTenant(pool, tenantId, (client) => listRegisteredSensorAddresses(client, tenantId, since));
  };
}
