// Mitigations API: list, detail (full stored explanation), manual create and withdraw, Markdown incident report; the
// safelist routes (safelist-routes.ts) are registered with them.
// Manual blocks pass the same guardrails as correlated ones; nothing here rewrites a stored explanation.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { InvalidRequestError, NotFoundError, QuorumError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import type { Decider } from '../decide/decider.ts';
import { formatCidr, parseCidr } from '../core/cidr.ts';
import { getMitigation, listMitigations, listRejectionsOfGroup, type MitigationRow } from '../decide/mitigation-queries.ts';
import { indicatorOf } from '../decide/block-change-queries.ts';
import { getGroup, listMembers } from '../correlate/group-queries.ts';
import { idParams, problemSchema } from '../http/schemas.ts';
import { decodeCursor, listQueryProps, pageOf } from '../core/cursor.ts';
import { renderGroupIncidentReport, renderIncidentReport } from './incident-report.ts';
import { getIncident } from '../correlate/incident-queries.ts';
import { incidentView } from './incident-view.ts';
import { blockManually, guardrailError, withdrawManually, withdrawnBy } from './manual-blocks.ts';
import { rejectionSchema } from './block-view.ts';
import { EXAMPLE_MITIGATION_ID, mitigationDetailSchema, mitigationListSchema, mitigationWriteSchema } from './correlation-schemas.ts';
import { registerSafelistRoutes } from './safelist-routes.ts';
import { isUuid } from '../core/uuid.ts';

export interface MitigationRouteDeps {
  app: pg.Pool;
  decider: Pick<Decider, 'block' | 'withdraw' | 'lift'>;
  clock: () => Date;
}

/** The list form: the correlation summary without the per-signal detail. */
function summaryView(m: MitigationRow) {
  const e = m.explanation;
  return {
    id: m.id, status: m.status, action: m.action, block_type: m.block_type, indicator: indicatorOf(m), origin: m.origin,
    created_at: m.created_at, expires_at: m.expires_at, ended_at: m.ended_at, end_reason: m.end_reason,
    ttl_seconds: m.ttl_seconds, extended_count: m.extended_count, rejection_code: m.rejection_code, rejection_reason: m.rejection_reason,
    correlation: e.kind === 'correlation'
      ? { group_id: m.group_id, rule: m.rule, playbook: m.playbook, derived_confidence: e.derived_confidence, source_count: e.distinct_sources, sources: (e.sources ?? []).map((s) => s.source), explanation: m.explanation_text }
      : null,
  };
}

function ensureUuid(id: string): string {
  if (!isUuid(id)) throw new NotFoundError(`no mitigation ${id}`);
  return id;
}

export function registerMitigationRoutes(app: FastifyInstance, deps: MitigationRouteDeps): void {
  registerMitigationReads(app, deps);
  registerMitigationWrites(app, deps);
  registerIncidentReport(app, deps);
  registerSafelistRoutes(app, deps);
}

/** GET /v1/mitigations (a page of summaries) and GET /v1/mitigations/:id (with the stored explanation). */
function registerMitigationReads(app: FastifyInstance, deps: MitigationRouteDeps): void {
  app.get<{ Querystring: { status?: string; indicator?: string; since?: string; until?: string; cursor?: string; limit?: number } }>('/v1/mitigations', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['mitigations'], summary: 'List mitigations, newest first, with cursor pagination',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { status: { type: 'string', enum: ['active', 'withdrawn', 'expired', 'rejected'] }, indicator: { type: 'string' }, ...listQueryProps },
      },
      response: { 200: mitigationListSchema, 400: problemSchema, 401: problemSchema },
    },
  }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 100;
    let indicator: string | undefined;
    if (q.indicator !== undefined) {
      const c = parseCidr(q.indicator);
      if (!c) throw new InvalidRequestError('indicator must be an IP address or CIDR prefix', { field: 'indicator' });
      indicator = formatCidr(c);
    }
    const rows = await withTenant(deps.app, req.principal.tenantId, (c) => listMitigations(c, req.principal.tenantId, {
      status: q.status, indicator, since: q.since, until: q.until, before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: limit + 1,
    }));
    const { page, next } = pageOf(rows, limit, (m) => m.created_at);
    return { mitigations: page.map(summaryView), next_cursor: next };
  });

  app.get<{ Params: { id: string } }>('/v1/mitigations/:id', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['mitigations'], summary: 'One mitigation with its full explanation as stored at decision time',
      params: idParams(EXAMPLE_MITIGATION_ID), response: { 200: mitigationDetailSchema, 404: problemSchema },
    },
  }, async (req) => {
    const m = await withTenant(deps.app, req.principal.tenantId, (c) => getMitigation(c, req.principal.tenantId, ensureUuid(req.params.id)));
    if (!m) throw new NotFoundError(`no mitigation ${req.params.id}`);
    return { ...summaryView(m), group_id: m.group_id, created_by: m.created_by, explanation: m.explanation };
  });
}

/** POST /v1/mitigations (a manual block through the decider's guardrails) and POST /v1/mitigations/:id/withdraw. */
function registerMitigationWrites(app: FastifyInstance, deps: MitigationRouteDeps): void {
  app.post<{ Body: { indicator: string; ttl_seconds: number; reason?: string } }>('/v1/mitigations', {
    config: { scope: 'mitigation:write' },
    schema: {
      tags: ['mitigations'], summary: 'Block an indicator by hand (guardrails apply; an active block covering it is extended instead)',
      body: {
        type: 'object', required: ['indicator', 'ttl_seconds'], additionalProperties: false,
        properties: { indicator: { type: 'string', maxLength: 64 }, ttl_seconds: { type: 'integer', minimum: 1 }, reason: { type: 'string', maxLength: 512 } },
        examples: [{ indicator: '198.51.100.23', ttl_seconds: 600, reason: 'credential stuffing from this address' }],
      },
      response: { 200: mitigationWriteSchema, 201: mitigationWriteSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema, 422: rejectionSchema },
    },
  }, async (req, reply) => {
    const { indicator, ttl_seconds: ttlSeconds, reason } = req.body;
    const result = await withTenant(deps.app, req.principal.tenantId,
      (c) => blockManually(c, deps.decider, req.principal, { blockType: 'IP', indicator, ttlSeconds, reason }, deps.clock()));
    if (result.outcome === 'rejected') throw guardrailError(result.rejection);
    req.auditTarget = result.mitigation.id;
    return reply.code(result.outcome === 'created' ? 201 : 200).send({ outcome: result.outcome, mitigation: summaryView(result.mitigation) });
  });

  app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>('/v1/mitigations/:id/withdraw', {
    config: { scope: 'mitigation:write' },
    schema: {
      tags: ['mitigations'], summary: 'Withdraw an active mitigation',
      params: idParams(EXAMPLE_MITIGATION_ID),
      body: { type: ['object', 'null'], additionalProperties: false, properties: { reason: { type: 'string', maxLength: 512 } }, examples: [{ reason: 'false positive: our load test' }] },
      response: { 200: mitigationWriteSchema, 404: problemSchema, 409: problemSchema },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const id = ensureUuid(req.params.id);
    const reason = withdrawnBy(req.principal, req.body?.reason);
    const outcome = await withTenant(deps.app, tenantId, (c) => withdrawManually(c, deps.decider, tenantId, id, reason));
    if (outcome === null) throw new NotFoundError(`no mitigation ${id}`);
    if (outcome === 'not_active') throw new QuorumError('not_active', 409, `mitigation ${id} is not active`);
    return { mitigation: summaryView(outcome) };
  });
}

/** GET /v1/reports/incident: a mitigation (or an incident), its group, members and rejections rendered as Markdown. */
function registerIncidentReport(app: FastifyInstance, deps: MitigationRouteDeps): void {
  app.get<{ Querystring: { mitigation_id?: string; incident_id?: string } }>('/v1/reports/incident', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['mitigations'], summary: 'Markdown incident report of a mitigation (mitigation_id) or of an incident (incident_id, GET /v1/incidents)',
      querystring: { type: 'object', properties: { mitigation_id: { type: 'string', examples: [EXAMPLE_MITIGATION_ID] }, incident_id: { type: 'string' } } },
      response: {
        200: { description: 'the report, in Markdown', content: { 'text/markdown': { schema: { type: 'string', examples: ['# Incident report: block of 198.51.100.23\n\n…'] } } } },
        400: problemSchema, 404: problemSchema,
      },
    },
  }, async (req, reply) => {
    const tenantId = req.principal.tenantId;
    const { mitigation_id: mitigationId, incident_id: incidentId } = req.query;
    if ((mitigationId === undefined) === (incidentId === undefined)) {
      throw new InvalidRequestError('name exactly one of mitigation_id and incident_id', { field: mitigationId === undefined ? 'mitigation_id' : 'incident_id' });
    }
    if (incidentId !== undefined) {
      const input = isUuid(incidentId) ? await withTenant(deps.app, tenantId, (c) => loadGroupIncident(c, tenantId, incidentId, deps.clock())) : null;
      if (!input) throw new NotFoundError(`no incident ${incidentId}`);
      return reply.type('text/markdown; charset=utf-8').send(renderGroupIncidentReport(input));
    }
    const input = await withTenant(deps.app, tenantId, (c) => loadIncident(c, tenantId, ensureUuid(mitigationId!)));
    if (!input) throw new NotFoundError(`no mitigation ${mitigationId}`);
    return reply.type('text/markdown; charset=utf-8').send(renderIncidentReport(input));
  });
}

/** What an incident report shows: the mitigation, and its group with members and rejections when it has one. */
async function loadIncident(c: pg.PoolClient, tenantId: string, mitigationId: string) {
  const mitigation = await getMitigation(c, tenantId, mitigationId);
  if (!mitigation) return null;
  const group = mitigation.group_id ? await getGroup(c, tenantId, mitigation.group_id) : null;
  return {
    mitigation, group,
    members: group ? await listMembers(c, tenantId, group.id) : [],
    rejections: group ? await listRejectionsOfGroup(c, tenantId, group.id) : [],
  };
}

/** What an incident's report shows: the incident as the API shows it now, its explanation, its group and members. */
async function loadGroupIncident(c: pg.PoolClient, tenantId: string, incidentId: string, now: Date) {
  const incident = await getIncident(c, tenantId, incidentId);
  const group = incident && await getGroup(c, tenantId, incident.group_id);
  if (!incident || !group) return null;
  return { incident: { ...incidentView(incident, now), explanation: incident.explanation }, group, members: await listMembers(c, tenantId, group.id) };
}
