// Read API of signal groups: GET /v1/signal-groups (filters, cursor pages) and GET /v1/signal-groups/:id (signals, numbers, mitigation).
// Read-only and tenant-scoped: never shows another tenant's groups.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { NotFoundError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import { getGroup, listGroups, listMembers, type GroupRow } from '../correlate/group-queries.ts';
import { endedSources } from '../correlate/block-ending.ts';
import { listRejectionsOfGroup } from '../decide/mitigation-queries.ts';
import { idParams, problemSchema } from '../http/schemas.ts';
import { decodeCursor, listQueryProps, pageOf } from '../core/cursor.ts';
import { groupDetailSchema, groupListSchema, EXAMPLE_GROUP_ID } from './correlation-schemas.ts';
import { isUuid } from '../core/uuid.ts';

interface Query { status?: string; rule?: string; subject?: string; since?: string; until?: string; cursor?: string; limit?: number }

export function groupView(g: GroupRow) {
  return {
    id: g.id, rule: g.rule, group_key: g.group_fields, playbook: g.playbook, subject_type: g.subject_type, subject_id: g.subject_id,
    status: g.status, opened_at: g.opened_at, window_ends_at: g.window_ends_at, closed_at: g.closed_at,
    signal_count: g.signal_count, source_count: g.source_count, derived_confidence: g.derived_confidence,
    min_sources: g.min_sources, confidence_threshold: g.confidence_threshold, decision_reason: g.decision_reason, mitigation_id: g.mitigation_id,
    end_reason: g.end_reason, ended_at: g.ended_at,
  };
}

export function registerGroupRoutes(app: FastifyInstance, deps: { app: pg.Pool }): void {
  app.get<{ Querystring: Query }>('/v1/signal-groups', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['correlation'], summary: 'List signal groups, newest first, with cursor pagination',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { status: { type: 'string', enum: ['open', 'corroborated', 'expired'] }, rule: { type: 'string' }, subject: { type: 'string' }, ...listQueryProps },
      },
      response: { 200: groupListSchema, 400: problemSchema, 401: problemSchema },
    },
  }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 100;
    const rows = await withTenant(deps.app, req.principal.tenantId, (c) => listGroups(c, req.principal.tenantId, {
      status: q.status, rule: q.rule, subjectId: q.subject, since: q.since, until: q.until,
      before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: limit + 1,
    }));
    const { page, next } = pageOf(rows, limit, (g) => g.opened_at);
    return { signal_groups: page.map(groupView), next_cursor: next };
  });

  app.get<{ Params: { id: string } }>('/v1/signal-groups/:id', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['correlation'], summary: 'One signal group with its signals, derived numbers and mitigation id',
      params: idParams(EXAMPLE_GROUP_ID), response: { 200: groupDetailSchema, 404: problemSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const found = isUuid(req.params.id) ? await withTenant(deps.app, tenantId, async (c) => {
      const g = await getGroup(c, tenantId, req.params.id);
      return g && { g, members: await listMembers(c, tenantId, g.id), rejections: await listRejectionsOfGroup(c, tenantId, g.id) };
    }) : null;
    if (!found) throw new NotFoundError(`no signal group ${req.params.id}`);
    return {
      ...groupView(found.g),
      signals: found.members,
      ended_sources: endedSources(found.members.map((m) => ({ source: m.source, endedBy: m.ended_by, endedAt: m.ended_at }))),
      guardrail_rejections: found.rejections,
    };
  });
}
