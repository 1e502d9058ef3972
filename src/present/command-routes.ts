// The fleet command API: send to one sensor or to a selector's sensors, list and read commands, cancel one, tag a sensor.
// Thin: parses, authorises (writes need admin) and hands to the command service; the caller's tenant only.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../core/errors.ts';
import { idParams, problemSchema } from '../http/schemas.ts';
import { decodeCursor, pageOf } from '../core/cursor.ts';
import type { CommandStatus } from '../distribute/command-types.ts';
import type { CommandService, CommandRequest } from '../distribute/commands.ts';
import type { FleetSelector } from '../distribute/fleet-selector.ts';
import { commandListSchema, commandSchema, fleetAnswerSchema, fleetBody, listQuery, sendBody, tagsBody, tagsSchema } from './command-schemas.ts';
import { isUuid } from '../core/uuid.ts';

const reads = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;
const writes = { ...reads, 409: problemSchema, 413: problemSchema, 429: problemSchema } as const;
const sensorParams = idParams('edge-fra-1');
const commandParams = idParams('5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11');

/** Who made a command, as its `created_by` says. */
const creator = (req: FastifyRequest) => (req.principal.user ? `user:${req.principal.user.username}` : `key:${req.principal.keyId}`);

function commandId(id: string): string {
  if (!isUuid(id)) throw new NotFoundError(`no command ${id}`);
  return id;
}

export function registerCommandRoutes(app: FastifyInstance, deps: { commands: CommandService }): void {
  const { commands } = deps;

  app.post<{ Params: { id: string }; Body: CommandRequest }>('/v1/sensors/:id/commands', {
    config: { scope: 'admin' },
    schema: {
      tags: ['commands'], summary: 'Send a command to one approved sensor: delivered at once when connected (to whichever hub holds it), else queued',
      params: sensorParams, body: sendBody, response: { 202: commandSchema, ...writes },
    },
  }, async (req, reply) => {
    const row = await commands.send(req.principal.tenantId, req.params.id, req.body, creator(req));
    req.auditTarget = `${row.sensor_id}/${row.id}`;
    return reply.code(202).send(row);
  });

  app.post<{ Body: CommandRequest & { selector: FleetSelector } }>('/v1/commands', {
    config: { scope: 'admin' },
    schema: {
      tags: ['commands'], summary: 'Send a command to every approved sensor a selector matches (all or nothing: one sensor at its cap refuses the request)',
      body: fleetBody, response: { 202: fleetAnswerSchema, ...writes },
    },
  }, async (req, reply) => {
    const { selector, ...command } = req.body;
    const answer = await commands.sendFleet(req.principal.tenantId, selector, command, creator(req));
    req.auditTarget = `fleet:${answer.fleet_request_id} (${answer.commands.length} sensors)`;
    return reply.code(202).send(answer);
  });

  app.get<{ Querystring: { sensor?: string; status?: CommandStatus; rollout?: string; limit?: number; cursor?: string } }>('/v1/commands', {
    config: { scope: 'signal:read' },
    schema: { tags: ['commands'], summary: "The tenant's fleet commands, newest first", querystring: listQuery, response: { 200: commandListSchema, ...reads } },
  }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 100;
    const rows = await commands.list(req.principal.tenantId, { sensorId: q.sensor ?? null, status: q.status ?? null, rolloutId: q.rollout ?? null }, limit, q.cursor ? decodeCursor(q.cursor) : null);
    const { page, next } = pageOf(rows, limit, (r) => new Date(r.created_at).toISOString());
    return { commands: page, next_cursor: next };
  });

  app.get<{ Params: { id: string } }>('/v1/commands/:id', {
    config: { scope: 'signal:read' },
    schema: { tags: ['commands'], summary: 'One fleet command: its status, attempts and the sensor\'s answer', params: commandParams, response: { 200: commandSchema, ...reads } },
  }, async (req) => {
    const row = await commands.get(req.principal.tenantId, commandId(req.params.id));
    if (!row) throw new NotFoundError(`no command ${req.params.id}`);
    return row;
  });

  app.post<{ Params: { id: string } }>('/v1/commands/:id/cancel', {
    config: { scope: 'admin' },
    schema: {
      tags: ['commands'], summary: 'Cancel a pending or sent command (a finished one: 409); a sensor that answers it later is refused',
      params: commandParams, response: { 200: commandSchema, ...writes },
    },
  }, async (req) => commands.cancel(req.principal.tenantId, commandId(req.params.id)));

  app.put<{ Params: { id: string }; Body: { tags: string[] } }>('/v1/sensors/:id/tags', {
    config: { scope: 'admin' },
    schema: { tags: ['sensors'], summary: "Replace a sensor's tags (fleet-wide commands and rollouts select by them)", params: sensorParams, body: tagsBody, response: { 200: tagsSchema, ...reads } },
  }, async (req) => commands.setTags(req.principal.tenantId, req.params.id, req.body.tags));
}
