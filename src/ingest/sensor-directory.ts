// Sensor records as the gateway and the guardrails need them: enrol or admit on auth, connection state, heartbeats, registered addresses.
// Never lets a sensor with a stored fingerprint in under another one (constant-time compare), nor a rejected one.

import { timingSafeEqual, hash } from 'node:crypto';
import type pg from 'pg';
import { ForbiddenError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import { claimRegistrationToken, findRegistrationToken, keyRegistrationAllowed, sensorApproval, setEnrolment, setSensorHub, type ApprovalStatus } from './enrolment-queries.ts';
import type { ParsedRegistrationToken } from './registration-tokens.ts';
import { secretMatches } from '../auth/api-keys.ts';
import { recordHeartbeatHealth } from './sensor-health-queries.ts';
import type { HeartbeatPayload } from './sensor-protocol.ts';
import { findSensor, listRegisteredSensorAddresses, markSensorDisconnected, upsertSensorConnected, type SensorAuthInput, type SensorRecord } from './sensor-queries.ts';

/**
 * How long a disconnected sensor stays registered (its address protected): a sensor coming back after a network blip,
 * a hub restart or a load-balancer failover must not find itself blocked in between.
 */
export const REGISTERED_AFTER_DISCONNECT_MS = 60 * 60 * 1000;

const digest = (s: string) => hash('sha256', s, 'buffer');

/** True when the presented fingerprint equals the stored one, compared in constant time. */
export function sameFingerprint(stored: string, presented: string | null): boolean {
  return timingSafeEqual(digest(stored), digest(presented ?? '')) && presented !== null;
}

/**
 * Sensor ids no sensor may enrol under: they are the static paths beside /v1/sensors/{id} (health, enrolment,
 * registration-tokens), which win over the parameter, so such a sensor could never be read, approved or decommissioned.
 */
export const RESERVED_SENSOR_IDS: ReadonlySet<string> = new Set(['health', 'enrolment', 'registration-tokens']);

/** How the sensor proved itself: an API key with signal:write, or a registration token (already parsed). */
export type EnrolmentCredential = { kind: 'key' } | { kind: 'token'; token: ParsedRegistrationToken };

/** `hubId` names this hub process in the sensors it holds (GET /v1/sensors shows it). */
export function createSensorDirectory(appPool: pg.Pool, clock: () => Date, hubId: string | null = null) {
  return {
    /**
     * Admits the sensor and marks it connected on this hub: a known one must present its pinned fingerprint and not be
     * rejected; an unknown one is enrolled by a registration token (pending, or approved when the token says so) or by
     * a key when the tenant allows it (approved). Refusals are ForbiddenErrors with the enrolment codes.
     */
    async connect(tenantId: string, input: SensorAuthInput, credential: EnrolmentCredential = { kind: 'key' }): Promise<SensorRecord> {
      return withTenant(appPool, tenantId, async (client) => {
        const known = await findSensor(client, tenantId, input.sensorId);
        // A sensor enrolled under such an id before it was reserved stays admitted (GET /v1/sensors lists it).
        if (!known && RESERVED_SENSOR_IDS.has(input.sensorId)) throw refuse('sensor_id_reserved', `the sensor id "${input.sensorId}" is reserved by the API; choose another`);
        if (known) await admitKnown(client, tenantId, known, input, credential);
        const enrolment = known ? null : await enrolNew(client, tenantId, credential, clock());
        const record = await upsertSensorConnected(client, tenantId, input, clock());
        if (enrolment) await setEnrolment(client, tenantId, input.sensorId, enrolment.status, enrolment.tokenId);
        if (hubId) await setSensorHub(client, tenantId, input.sensorId, hubId);
        return enrolment ? { ...record, approval_status: enrolment.status } : record;
      });
    },

    /** The sensor's approval now, or null when it is unknown (a live session is re-checked against it). */
    async approval(tenantId: string, sensorId: string): Promise<ApprovalStatus | null> {
      return withTenant(appPool, tenantId, (client) => sensorApproval(client, tenantId, sensorId));
    },

    async disconnect(tenantId: string, sensorId: string, connectedAt: Date): Promise<void> {
      await withTenant(appPool, tenantId, (client) => markSensorDisconnected(client, tenantId, sensorId, connectedAt, clock()));
    },

    /** Stores the heartbeat as the sensor's latest health, its minute's history row and its sync values; returns the status it reported before. */
    async heartbeat(tenantId: string, sensorId: string, hb: HeartbeatPayload): Promise<{ previous: string | null } | null> {
      // Read on arrival, before any wait: a sensor's frames are handled concurrently, and this time orders its heartbeats.
      const at = clock();
      return withTenant(appPool, tenantId, (client) => recordHeartbeatHealth(client, tenantId, sensorId, hb, at));
    },
  };
}

export type SensorDirectory = ReturnType<typeof createSensorDirectory>;

const refuse = (code: 'identity_verification_failed' | 'sensor_rejected' | 'sensor_decommissioned' | 'registration_token_required' | 'registration_token_invalid'
  | 'registration_token_expired' | 'registration_token_revoked' | 'registration_token_used_up' | 'sensor_id_reserved', message: string) => new ForbiddenError(message, code);

/** A known sensor comes in with its pinned fingerprint, unless rejected or decommissioned; a token it presents must still verify. */
async function admitKnown(client: pg.PoolClient, tenantId: string, known: SensorRecord, input: SensorAuthInput, credential: EnrolmentCredential): Promise<void> {
  if (known.fingerprint && !sameFingerprint(known.fingerprint, input.fingerprint)) {
    throw refuse('identity_verification_failed', 'identity verification failed: this sensor presented another fingerprint');
  }
  if (known.approval_status === 'rejected') throw refuse('sensor_rejected', 'this sensor was rejected by an administrator of its tenant');
  if (known.approval_status === 'decommissioned') throw refuse('sensor_decommissioned', 'this sensor was decommissioned by an administrator of its tenant');
  if (credential.kind === 'token') await verifiedToken(client, tenantId, credential.token);
}

/** How a new sensor enters: by a claimed registration token, or by a key when the tenant allows key registration. */
async function enrolNew(client: pg.PoolClient, tenantId: string, credential: EnrolmentCredential, at: Date): Promise<{ status: ApprovalStatus; tokenId: string | null }> {
  if (credential.kind === 'key') {
    if (!(await keyRegistrationAllowed(client, tenantId))) {
      throw refuse('registration_token_required', 'registration token required: this tenant enrols new sensors only with a registration token');
    }
    return { status: 'approved', tokenId: null };
  }
  const token = await verifiedToken(client, tenantId, credential.token);
  if (Date.parse(token.expires_at) <= at.getTime()) throw refuse('registration_token_expired', 'this registration token has expired');
  if (!(await claimRegistrationToken(client, tenantId, token.id, at))) throw refuse('registration_token_used_up', 'this registration token has been used its maximum number of times');
  return { status: token.auto_approve ? 'approved' : 'pending', tokenId: token.id };
}

/** The token row when the secret matches (constant-time) and it is not revoked. */
async function verifiedToken(client: pg.PoolClient, tenantId: string, t: ParsedRegistrationToken) {
  const row = await findRegistrationToken(client, tenantId, t.id);
  if (!row || !secretMatches(t.secret, row.secret_hash)) throw refuse('registration_token_invalid', 'this registration token is not valid');
  if (row.revoked_at !== null) throw refuse('registration_token_revoked', 'this registration token has been revoked');
  return row;
}

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
