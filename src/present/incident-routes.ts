// Read API of incidents: GET /v1/incidents (filters, cursor pages) and GET /v1/incidents/:id (explanation and signals).
// Read-only and tenant-scoped: never shows another tenant's incidents, never changes one.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { NotFoundError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import { listMembers } from '../correlate/group-queries.ts';
import { getIncident, listIncidents } from '../correlate/incident-queries.ts';
import { idParams, problemSchema } from '../http/schemas.ts';
import { decodeCursor, listQueryProps, pageOf } from '../core/cursor.ts';
import { exampleIncident, incidentDetailSchema, incidentSchema, incidentView } from './incident-view.ts';
import { isUuid } from '../core/uuid.ts';

export interface IncidentRouteDeps {
  app: pg.Pool;
  clock: () => Date;
}

interface ListQuery {
  status?: 'open' | 'closed'; subject_type?: string; subject_id?: string; rule?: string; since?: string; until?: string; cursor?: string; limit?: number;
}

export function registerIncidentRoutes(app: FastifyInstance, deps: IncidentRouteDeps): void {
  app.get<{ Querystring: ListQuery }>('/v1/incidents', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['correlation'], summary: "The tenant's incidents (corroborated groups that block nothing), newest first, with cursor pagination",
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['open', 'closed'] }, subject_type: { type: 'string', maxLength: 64 }, subject_id: { type: 'string', maxLength: 256 },
          rule: { type: 'string', maxLength: 128 }, ...listQueryProps,
        },
      },
      response: {
        200: {
          type: 'object', required: ['incidents', 'next_cursor'],
          properties: { incidents: { type: 'array', items: incidentSchema }, next_cursor: { type: ['string', 'null'] } },
          examples: [{ incidents: [exampleIncident], next_cursor: null }],
        },
        400: problemSchema, 401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 100;
    const tenantId = req.principal.tenantId;
    const now = deps.clock();
    const rows = await withTenant(deps.app, tenantId, (c) => listIncidents(c, tenantId, {
      status: q.status, subjectType: q.subject_type, subjectId: q.subject_id, rule: q.rule, since: q.since, until: q.until,
      before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: limit + 1,
    }, now));
    const { page, next } = pageOf(rows, limit, (i) => i.opened_at);
    return { incidents: page.map((i) => incidentView(i, now)), next_cursor: next };
  });

  app.get<{ Params: { id: string } }>('/v1/incidents/:id', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['correlation'], summary: 'One incident with its explanation as stored when it opened, and its signals',
      params: idParams(exampleIncident.id),
      response: { 200: incidentDetailSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const found = isUuid(req.params.id) ? await withTenant(deps.app, tenantId, async (c) => {
      const incident = await getIncident(c, tenantId, req.params.id);
      return incident && { incident, members: await listMembers(c, tenantId, incident.group_id) };
    }) : null;
    if (!found) throw new NotFoundError(`no incident ${req.params.id}`);
    return { ...incidentView(found.incident, deps.clock()), explanation: found.incident.explanation, signals: found.members };
  });
}
