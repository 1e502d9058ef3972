// Fleet commands as the API asks for them: enqueue to one sensor or to a selector's sensors (all or nothing), read, cancel, tag.
// Never enqueues to a sensor that is not approved, nor past a sensor's cap of open commands; every write is one transaction.

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ConflictError, InvalidRequestError, NotFoundError, PayloadTooLargeError, TooManyRequestsError } from '../core/errors.ts';
import { exceedsJsonDepth } from '../core/json-depth.ts';
import { withTenant } from '../db/pools.ts';
import type { Metrics } from '../metrics.ts';
import type { CommandType, DeliveryPolicy } from './command-types.ts';
import {
  cancelCommand, countOpen, findCommand, insertCommands, listCommands, lockSensors, setSensorTags, type CommandFilter, type CommandRow,
} from './command-queries.ts';
import { selectSensors, type FleetSelector } from './fleet-selector.ts';

export interface CommandSettings {
  delivery: Record<CommandType, DeliveryPolicy>;
  /** Open commands one sensor may have (QUORUM_COMMAND_MAX_OPEN). */
  maxOpen: number;
  /** A pending command expires after this long (QUORUM_COMMAND_EXPIRY_MS). */
  expiryMs: number;
  maxPayloadBytes: number;
  maxJsonDepth: number;
}

export interface CommandRequest {
  type: CommandType;
  payload?: Record<string, unknown>;
}

export interface CommandServiceDeps {
  app: pg.Pool;
  clock: () => Date;
  settings: CommandSettings;
  metrics: Pick<Metrics, 'commandOutcomes'>;
}

/** What a fleet-wide command enqueued: one request id, one command per sensor matched (none when nothing matched). */
export interface FleetCommands {
  fleet_request_id: string;
  commands: CommandRow[];
}

/** How long a 429 asks the caller to wait: the shortest timeout of the type, when the oldest open command may be done. */
const retryAfterSeconds = (p: DeliveryPolicy) => Math.max(1, Math.ceil(p.timeoutMs / 1000));

export function createCommandService(deps: CommandServiceDeps) {
  const { settings } = deps;

  function checkPayload(payload: Record<string, unknown>): void {
    const bytes = Buffer.byteLength(JSON.stringify(payload));
    if (bytes > settings.maxPayloadBytes) throw new PayloadTooLargeError(`payload is ${bytes} bytes; at most ${settings.maxPayloadBytes} (QUORUM_COMMAND_MAX_PAYLOAD_BYTES)`);
    if (exceedsJsonDepth(payload, settings.maxJsonDepth)) throw new InvalidRequestError(`payload nests deeper than ${settings.maxJsonDepth} levels (QUORUM_MAX_JSON_DEPTH)`, { field: 'payload' });
  }

  /** Enqueues one command per sensor, or nothing: every sensor must be approved and below its cap. */
  async function enqueue(c: pg.PoolClient, tenantId: string, sensorIds: string[], req: CommandRequest, createdBy: string, fleetRequestId: string | null): Promise<CommandRow[]> {
    const approval = await lockSensors(c, tenantId, sensorIds);
    for (const id of sensorIds) {
      const status = approval.get(id);
      if (!status) throw new NotFoundError(`no sensor ${id}`);
      if (status !== 'approved') throw new ConflictError(`sensor ${id} is ${status}: commands go to approved sensors only; nothing was enqueued`);
    }
    const open = await countOpen(c, tenantId, sensorIds);
    const full = sensorIds.find((id) => (open.get(id) ?? 0) >= settings.maxOpen);
    if (full) {
      throw new TooManyRequestsError(retryAfterSeconds(settings.delivery[req.type]),
        `sensor ${full} has ${settings.maxOpen} open commands (QUORUM_COMMAND_MAX_OPEN); nothing was enqueued`, 'command_queue_full');
    }
    const now = deps.clock();
    const policy = settings.delivery[req.type];
    return insertCommands(c, tenantId, sensorIds.map((sensorId) => ({
      id: randomUUID(), sensorId, type: req.type, payload: req.payload ?? {}, timeoutMs: policy.timeoutMs, maxAttempts: policy.maxAttempts,
      createdBy, createdAt: now, expiresAt: new Date(now.getTime() + settings.expiryMs), fleetRequestId,
    })));
  }

  return {
    /** One command to one sensor, pending until the hub holding the sensor delivers it. */
    async send(tenantId: string, sensorId: string, req: CommandRequest, createdBy: string): Promise<CommandRow> {
      checkPayload(req.payload ?? {});
      const [row] = await withTenant(deps.app, tenantId, (c) => enqueue(c, tenantId, [sensorId], req, createdBy, null));
      return row!;
    },

    /** One command to each approved sensor the selector matches, under one fleet request id; all or nothing. */
    async sendFleet(tenantId: string, selector: FleetSelector, req: CommandRequest, createdBy: string): Promise<FleetCommands> {
      checkPayload(req.payload ?? {});
      const fleetRequestId = randomUUID();
      const commands = await withTenant(deps.app, tenantId, async (c) => {
        const sensorIds = await selectSensors(c, tenantId, selector);
        return enqueue(c, tenantId, sensorIds, req, createdBy, fleetRequestId);
      });
      return { fleet_request_id: fleetRequestId, commands };
    },

    get: (tenantId: string, id: string) => withTenant(deps.app, tenantId, (c) => findCommand(c, tenantId, id)),

    list: (tenantId: string, filter: CommandFilter, limit: number, after: { at: string; id: string } | null) =>
      withTenant(deps.app, tenantId, (c) => listCommands(c, tenantId, filter, limit, after)),

    /** Cancels an open command; a finished one is a 409 and stays as it was. */
    async cancel(tenantId: string, id: string): Promise<CommandRow> {
      return withTenant(deps.app, tenantId, async (c) => {
        const row = await cancelCommand(c, tenantId, id, deps.clock());
        if (row) {
          deps.metrics.commandOutcomes.inc({ type: row.type, outcome: 'cancelled' });
          return row;
        }
        const existing = await findCommand(c, tenantId, id);
        if (!existing) throw new NotFoundError(`no command ${id}`);
        throw new ConflictError(`command ${id} is ${existing.status} already; only a pending or sent command can be cancelled`);
      });
    },

    async setTags(tenantId: string, sensorId: string, tags: string[]): Promise<{ sensor_id: string; tags: string[] }> {
      const row = await withTenant(deps.app, tenantId, (c) => setSensorTags(c, tenantId, sensorId, [...new Set(tags)].sort()));
      if (!row) throw new NotFoundError(`no sensor ${sensorId}`);
      return row;
    },
  };
}

export type CommandService = ReturnType<typeof createCommandService>;
