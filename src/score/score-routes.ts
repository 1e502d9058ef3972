// The Trust Score API: the tenant's score with its breakdown and trend, a subject's live score explained point by
// point, the riskiest subjects, and a recompute on demand (tenant admin). Thin: the score service computes, RLS confines.

import type { FastifyInstance } from 'fastify';
import type { ScoreService, Range } from './score-service.ts';
import { errors, rangeQuery, recomputeAnswer, subjectAnswer, subjectParams, tenantAnswer, worstAnswer, worstQuery } from './score-schemas.ts';

export interface ScoreRouteDeps {
  service: ScoreService;
  /** Recomputes a tenant now, after whatever recompute of it is running on this hub. */
  recomputeNow: ScoreService['recompute'];
}

export function registerTrustScoreRoutes(app: FastifyInstance, deps: ScoreRouteDeps): void {
  const { service } = deps;

  app.get<{ Querystring: { range: Range } }>('/v1/trust-score/tenant', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['trust-score'], summary: "The tenant's Trust Score (latest recompute) with its categories, top losses and trend over the range",
      querystring: rangeQuery, response: { 200: tenantAnswer, ...errors },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const current = await service.tenantCurrent(tenantId);
    return { ...current, trend: await service.trend(tenantId, { kind: 'tenant' }, req.query.range, current.score) };
  });

  app.get<{ Params: { type: string; id: string }; Querystring: { range: Range } }>('/v1/trust-score/subjects/:type/:id', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['trust-score'], summary: "A subject's Trust Score computed now, every lost point explained, with its trend over the range",
      params: subjectParams, querystring: rangeQuery, response: { 200: subjectAnswer, ...errors },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const { type, id } = req.params;
    return { subject_type: type, subject_id: id, ...await service.subjectLive(tenantId, type, id, req.query.range) };
  });

  app.get<{ Querystring: { order: 'worst'; limit: number } }>('/v1/trust-score/subjects', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['trust-score'], summary: 'The riskiest subjects of the latest recompute, lowest score first',
      querystring: worstQuery, response: { 200: worstAnswer, ...errors },
    },
  }, async (req) => service.worst(req.principal.tenantId, req.query.limit));

  app.post('/v1/trust-score/recompute', {
    config: { scope: 'admin' },
    schema: {
      tags: ['trust-score'], summary: "Recompute the tenant's Trust Score now (every subject scored and stored, a snapshot added to the trend); answers the new score",
      response: { 200: recomputeAnswer, ...errors },
    },
  }, async (req) => {
    const r = await deps.recomputeNow(req.principal.tenantId);
    req.log.info({ tenantId: req.principal.tenantId, keyId: req.principal.keyId, score: r.score }, 'trust score recomputed on demand');
    return r;
  });
}
