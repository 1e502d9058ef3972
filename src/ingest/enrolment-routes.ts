// The fleet's enrolment API: registration tokens (create, list, revoke), the tenant's sensors (list, get, approve, reject,
// decommission) and the enrolment setting. The caller's tenant only; a token's secret is answered once, at creation.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { InvalidRequestError, NotFoundError } from '../core/errors.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import { withTenant } from '../db/pools.ts';
import { idParams, problemSchema } from '../http/schemas.ts';
import {
  changeApproval, findFleetSensor, insertRegistrationToken, keyRegistrationAllowed, listFleetSensors, listRegistrationTokens,
  revokeRegistrationToken, setKeyRegistration, type ApprovalStatus, type FleetSensorRow,
} from './enrolment-queries.ts';
import { createdTokenSchema, createTokenBody, enrolmentSettingSchema, fleetListSchema, fleetSensorSchema, tokenListSchema, tokenSchema } from './enrolment-schemas.ts';
import { fleetSensorView } from './fleet-sensor-view.ts';
import type { BlockFeedVersion } from './ports.ts';
import { generateRegistrationToken } from './registration-tokens.ts';
import type { SilenceThresholds } from './sensor-health.ts';
import { isUuid } from '../core/uuid.ts';

const MAX_TOKEN_DAYS = 365;
const APPROVALS = ['pending', 'approved', 'rejected', 'decommissioned'] as const;
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;
const sensorParams = idParams('edge-fra-1');

type CreateBody = { name?: string; maxUses: number; expiresAt: string; autoApprove?: boolean };

/** A token's expiry: an RFC 3339 time in the future and at most a year ahead, else a 400. */
function tokenExpiry(text: string, now: Date): Date {
  const at = parseTimestamp(text);
  const fail = (rule: string, message: string) => new InvalidRequestError(`expiresAt ${message}`, { field: 'expiresAt', errors: [{ field: 'expiresAt', rule, message }] });
  if (at === null) throw fail('format', 'must be an RFC 3339 time with an offset, e.g. 2026-12-31T18:00:00Z');
  if (at <= now.getTime()) throw fail('minimum', 'must be in the future');
  if (at - now.getTime() > MAX_TOKEN_DAYS * 86_400_000) throw fail('maximum', `must be at most ${MAX_TOKEN_DAYS} days ahead`);
  return new Date(at);
}

interface EnrolmentRouteDeps {
  app: pg.Pool;
  clock: () => Date;
  /** When a silent sensor turns stale, then offline (QUORUM_SENSOR_STALE_AFTER_MS / OFFLINE_AFTER_MS). */
  thresholds: SilenceThresholds;
  feedVersion: BlockFeedVersion;
}

export function registerEnrolmentRoutes(app: FastifyInstance, deps: EnrolmentRouteDeps): void {
  registerTokenRoutes(app, deps);
  registerFleetRoutes(app, deps);
  registerSettingRoutes(app, deps);
}

function registerTokenRoutes(app: FastifyInstance, deps: { app: pg.Pool; clock: () => Date }): void {
  app.post<{ Body: CreateBody }>('/v1/sensors/registration-tokens', {
    config: { scope: 'admin' },
    schema: {
      tags: ['sensors'], summary: 'Create a registration token (its secret is answered once); sensors enrol with it, pending or approved',
      body: createTokenBody, response: { 201: createdTokenSchema, ...errors },
    },
  }, async (req, reply) => {
    const now = deps.clock();
    const expiresAt = tokenExpiry(req.body.expiresAt, now);
    const tenantId = req.principal.tenantId;
    const fresh = generateRegistrationToken(tenantId);
    const row = await withTenant(deps.app, tenantId, (c) => insertRegistrationToken(c, tenantId, {
      id: fresh.id, name: req.body.name ?? null, secretHash: fresh.secretHash, maxUses: req.body.maxUses, autoApprove: req.body.autoApprove ?? false, expiresAt, at: now,
    }));
    req.auditTarget = row.id;
    return reply.code(201).send({ ...row, token: fresh.token });
  });

  app.get('/v1/sensors/registration-tokens', {
    config: { scope: 'admin' },
    schema: { tags: ['sensors'], summary: "The tenant's registration tokens, newest first (never their secrets)", response: { 200: tokenListSchema, ...errors } },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    return { tokens: await withTenant(deps.app, tenantId, (c) => listRegistrationTokens(c, tenantId)) };
  });

  app.delete<{ Params: { id: string } }>('/v1/sensors/registration-tokens/:id', {
    config: { scope: 'admin' },
    schema: {
      tags: ['sensors'], summary: 'Revoke a registration token: no sensor enrols or re-authenticates with it any more (sensors it enrolled stay)',
      params: idParams('5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7'), response: { 200: tokenSchema, ...errors },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const row = isUuid(req.params.id) ? await withTenant(deps.app, tenantId, (c) => revokeRegistrationToken(c, tenantId, req.params.id, deps.clock())) : null;
    if (!row) throw new NotFoundError('no registration token with this id');
    req.auditTarget = row.id;
    return row;
  });
}

function registerFleetRoutes(app: FastifyInstance, deps: EnrolmentRouteDeps): void {
  /** Reads rows on one client with the feed version they are measured against, and shapes them at one `now`. */
  const read = async <R>(tenantId: string, rows: (c: pg.PoolClient) => Promise<R>) => {
    const { version, found } = await withTenant(deps.app, tenantId, async (c) => ({ version: await deps.feedVersion(c, tenantId), found: await rows(c) }));
    const now = deps.clock();
    return { found, view: (r: FleetSensorRow) => fleetSensorView(r, version, now, deps.thresholds) };
  };

  app.get<{ Querystring: { approval?: ApprovalStatus; limit?: number } }>('/v1/sensors', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['sensors'], summary: "The tenant's sensors: approval, connection state, version, last heartbeat, address, hub, blocklist version, health and sync state",
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { approval: { type: 'string', enum: [...APPROVALS] }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } },
      },
      response: { 200: fleetListSchema, ...errors },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const { found, view } = await read(tenantId, (c) => listFleetSensors(c, tenantId, req.query.approval ?? null, req.query.limit ?? 500));
    return { sensors: found.map(view) };
  });

  app.get<{ Params: { id: string } }>('/v1/sensors/:id', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['sensors'], params: sensorParams, response: { 200: fleetSensorSchema, ...errors },
      summary: 'One sensor of the tenant, with its health and sync state (the ids health, enrolment and registration-tokens are reserved: those paths are other routes)',
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const { found, view } = await read(tenantId, (c) => findFleetSensor(c, tenantId, req.params.id));
    if (!found) throw new NotFoundError('no sensor with this id');
    return view(found);
  });

  const change = (path: string, status: ApprovalStatus, summary: string, method: 'post' | 'delete') => app[method]<{ Params: { id: string } }>(path, {
    config: { scope: 'admin' },
    schema: { tags: ['sensors'], summary, params: sensorParams, response: { 200: fleetSensorSchema, ...errors } },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const { found: row, view } = await read(tenantId, async (c) => (await changeApproval(c, tenantId, req.params.id, status, deps.clock())) && findFleetSensor(c, tenantId, req.params.id));
    if (!row) throw new NotFoundError('no sensor with this id');
    req.auditTarget = row.sensor_id;
    return view(row);
  });
  change('/v1/sensors/:id/approve', 'approved', 'Approve a sensor: its next auth gets the full capabilities (signal, blocklist-sync, command)', 'post');
  change('/v1/sensors/:id/reject', 'rejected', 'Reject a sensor: its session closes with 4003 "Sensor rejected" on whichever hub holds it, and it is refused from then on', 'post');
  change('/v1/sensors/:id', 'decommissioned', 'Decommission a sensor: its session closes with 4003 and it is refused from then on (its record stays)', 'delete');
}

function registerSettingRoutes(app: FastifyInstance, deps: { app: pg.Pool; clock: () => Date }): void {
  app.get('/v1/sensors/enrolment', {
    config: { scope: 'admin' },
    schema: { tags: ['sensors'], summary: "The tenant's enrolment setting: whether a signal:write key alone registers a new sensor", response: { 200: enrolmentSettingSchema, ...errors } },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    return { keyRegistration: await withTenant(deps.app, tenantId, (c) => keyRegistrationAllowed(c, tenantId)) };
  });

  app.put<{ Body: { keyRegistration: boolean } }>('/v1/sensors/enrolment', {
    config: { scope: 'admin' },
    schema: {
      tags: ['sensors'], summary: 'Turn key registration of new sensors on or off (off: new sensors need a registration token)',
      body: enrolmentSettingSchema, response: { 200: enrolmentSettingSchema, ...errors },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    await withTenant(deps.app, tenantId, (c) => setKeyRegistration(c, tenantId, req.body.keyRegistration, deps.clock()));
    return { keyRegistration: req.body.keyRegistration };
  });
}
