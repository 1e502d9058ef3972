// Sensor records as the gateway needs them: register or update on auth, connection state, heartbeats.
// Never lets a sensor with a stored fingerprint in under another one (constant-time compare).

import { timingSafeEqual, createHash } from 'node:crypto';
import type pg from 'pg';
import { ForbiddenError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import { findSensor, markSensorDisconnected, recordHeartbeat, upsertSensorConnected, type SensorAuthInput, type SensorRecord } from '../store/sensor-queries.ts';

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

    async heartbeat(tenantId: string, sensorId: string, metrics: Record<string, unknown>): Promise<void> {
      await withTenant(appPool, tenantId, (client) => recordHeartbeat(client, tenantId, sensorId, metrics, clock()));
    },
  };
}

export type SensorDirectory = ReturnType<typeof createSensorDirectory>;
