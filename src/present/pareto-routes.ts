// GET /v1/trust-score/pareto: the tenant's (or one subject's) lost Trust Score points by cause, costliest first, with shares.
// Reads the latest stored subject scores of the caller's tenant only; computes nothing of the score itself.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { withTenant } from '../db/pools.ts';
import { InvalidRequestError } from '../core/errors.ts';
import { SIGNAL_RULES } from '../core/wire-format.ts';
import { PARETO_DIMENSIONS, paretoOf, type ParetoDimension } from '../score/pareto.ts';
import { findScoredSubjects, sumLossesBy, type LossFilter } from '../score/pareto-queries.ts';
import { RANGES, type Range } from '../score/score-service.ts';
import { problemSchema } from '../http/schemas.ts';

export interface ParetoRouteDeps {
  app: pg.Pool;
  clock: () => Date;
}

interface ParetoQuery { by: ParetoDimension; range?: Range; subject_type?: string; subject_id?: string; limit: number }

const DAY_MS = 86_400_000;

const causeSchema = {
  type: 'object',
  properties: {
    key: { type: 'string', description: 'a category, source, signal key, or subject_type/subject_id' },
    points: { type: 'number', description: 'points lost by this cause, summed over the subjects' },
    losses: { type: 'integer', description: 'how many lost-point entries (findings on subjects) it sums' },
    share: { type: 'number' }, cumulative_share: { type: 'number' },
  },
} as const;

const paretoSchema = {
  type: 'object',
  properties: {
    by: { type: 'string', enum: [...PARETO_DIMENSIONS] },
    range: { type: ['string', 'null'], enum: [...Object.keys(RANGES), null] },
    since: { type: ['string', 'null'], description: 'losses count when their finding was observed at or after this instant (null: no range)' },
    subject: { type: ['object', 'null'], properties: { subject_type: { type: 'string' }, subject_id: { type: 'string' } } },
    subjects: { type: 'integer', description: 'scored subjects the answer covers' },
    computed_at: { type: ['string', 'null'], description: 'when the newest of those scores was computed' },
    total_points: { type: 'number' },
    causes_total: { type: 'integer', description: 'causes with lost points, before limit' },
    causes_for_80_percent: { type: 'integer', description: 'how many of the costliest causes make up 80 % of the lost points' },
    causes: { type: 'array', items: causeSchema },
  },
  examples: [{
    by: 'category', range: '30d', since: '2026-11-02T10:00:00.000Z', subject: null, subjects: 2, computed_at: '2026-12-02T09:30:00.000Z',
    total_points: 50, causes_total: 2, causes_for_80_percent: 1,
    causes: [
      { key: 'patch_hygiene', points: 40, losses: 3, share: 0.8, cumulative_share: 0.8 },
      { key: 'agent_health', points: 10, losses: 1, share: 0.2, cumulative_share: 1 },
    ],
  }],
} as const;

/** The subject the query names: both parts or neither. */
function subjectOf(q: ParetoQuery): LossFilter['subject'] {
  if (q.subject_type === undefined && q.subject_id === undefined) return null;
  if (q.subject_type === undefined || q.subject_id === undefined) {
    const field = q.subject_type === undefined ? 'subject_type' : 'subject_id';
    throw new InvalidRequestError(`${field} is required with ${field === 'subject_type' ? 'subject_id' : 'subject_type'}: name a subject by both`, { field });
  }
  return { type: q.subject_type, id: q.subject_id };
}

export function registerParetoRoutes(app: FastifyInstance, deps: ParetoRouteDeps): void {
  app.get<{ Querystring: ParetoQuery }>('/v1/trust-score/pareto', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['trust-score'],
      summary: 'Lost Trust Score points by category, source, signal key or subject, costliest first, with each share and the cumulative share',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          by: { type: 'string', enum: [...PARETO_DIMENSIONS], default: 'category' },
          range: { type: 'string', enum: Object.keys(RANGES), description: 'only losses whose finding was observed within the last 7, 30, 90 or 365 days' },
          subject_type: { type: 'string', pattern: SIGNAL_RULES.subject_type.pattern, maxLength: SIGNAL_RULES.subject_type.maxLength },
          subject_id: { type: 'string', minLength: 1, maxLength: SIGNAL_RULES.subject_id.maxLength },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
      response: { 200: paretoSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
    },
  }, async (req) => {
    const q = req.query;
    const tenantId = req.principal.tenantId;
    const subject = subjectOf(q);
    const since = q.range ? new Date(deps.clock().getTime() - RANGES[q.range] * DAY_MS).toISOString() : null;
    const { causes, scored } = await withTenant(deps.app, tenantId, async (c) => ({
      causes: await sumLossesBy(c, tenantId, { by: q.by, subject, since }),
      scored: await findScoredSubjects(c, tenantId, subject),
    }));
    return {
      by: q.by, range: q.range ?? null, since, subject: subject && { subject_type: subject.type, subject_id: subject.id },
      subjects: scored.subjects, computed_at: scored.computed_at, ...paretoOf(causes, q.limit),
    };
  });
}
