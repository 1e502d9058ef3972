// The rule and config distribution API: upload and read rule bundles and sensor configs; create, list, read, promote
// and abort rollouts. Thin: parses, authorises, calls src/distribute/ and shapes the answer; the caller's tenant only.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import { actorName } from '../core/actor.ts';
import { NotFoundError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import type { FleetSelector } from '../distribute/fleet-selector.ts';
import { countRolloutSensors, findRollout, listRollouts, listRolloutSensors, type CanarySpec, type Strategy } from '../distribute/rollout-queries.ts';
import type { Rollouts } from '../distribute/rollouts.ts';
import { findDocument, listDocuments, type DocumentKind } from '../distribute/rule-document-queries.ts';
import { uploadDocument, type DocumentLimits } from '../distribute/rule-documents.ts';
import { problemSchema } from '../http/schemas.ts';
import { decodeCursor, pageOf } from '../core/cursor.ts';
import {
  documentListSchema, documentSchema, documentSummarySchema, documentUploadSchema, rolloutCreateSchema, rolloutDetailSchema, rolloutListSchema,
  rolloutSchema, rolloutSensorView, rolloutView, versionSchema,
} from './rollout-view.ts';

export interface RolloutRouteDeps {
  app: pg.Pool;
  rollouts: Pick<Rollouts, 'create' | 'promote' | 'abort'>;
  limits: DocumentLimits;
  thresholds: { staleAfterMs: number; offlineAfterMs: number };
  clock: () => Date;
  logger: Pick<Logger, 'info'>;
}

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;
const PATHS: Record<DocumentKind, { path: string; name: string }> = {
  rules: { path: '/v1/rule-bundles', name: 'rule bundle' },
  config: { path: '/v1/sensor-configs', name: 'sensor config' },
};
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid', examples: ['6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'] } } } as const;
/** Sensors one rollout answer lists at most (a rollout's counts cover them all). */
const SENSORS_SHOWN = 10_000;

function registerDocumentRoutes(app: FastifyInstance, deps: RolloutRouteDeps, kind: DocumentKind): void {
  const { path, name } = PATHS[kind];
  app.post<{ Body: { version: string; document: unknown } }>(path, {
    config: { scope: 'admin' },
    // The canonical size is the limit (checked after parsing); the raw body may carry whitespace besides.
    bodyLimit: deps.limits.maxBytes * 2 + 65_536,
    schema: {
      tags: ['rollouts'], summary: `Upload a ${name} as a new immutable version (409 when the version exists)`,
      body: documentUploadSchema(kind),
      response: { 201: documentSummarySchema, ...errors, 409: problemSchema, 413: problemSchema },
    },
  }, async (req, reply) => {
    const t = req.principal.tenantId;
    const row = await uploadDocument(deps.app, t, kind, { version: req.body.version, document: req.body.document, createdBy: actorName(req.principal), at: deps.clock() }, deps.limits);
    req.log.info({ event: 'rollout.document_uploaded', audit: true, tenantId: t, kind, version: row.version, hash: row.hash, size: row.size }, `${name} ${row.version} uploaded`);
    return reply.code(201).send(row);
  });

  app.get<{ Querystring: { limit?: number } }>(path, {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['rollouts'], summary: `The tenant's ${name} versions, newest first (without their documents)`,
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      response: { 200: documentListSchema, ...errors },
    },
  }, async (req) => ({ versions: await withTenant(deps.app, req.principal.tenantId, (c) => listDocuments(c, req.principal.tenantId, kind, req.query.limit ?? 100)) }));

  app.get<{ Params: { version: string } }>(`${path}/:version`, {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['rollouts'], summary: `One ${name} version with its document`,
      params: { type: 'object', required: ['version'], properties: { version: versionSchema } },
      response: { 200: documentSchema, ...errors },
    },
  }, async (req) => {
    const doc = await withTenant(deps.app, req.principal.tenantId, (c) => findDocument(c, req.principal.tenantId, kind, req.params.version));
    if (!doc) throw new NotFoundError(`no ${name} version ${req.params.version}`);
    return doc;
  });
}

/** A rollout with its counts, read in the caller's tenant. */
async function rolloutWithCounts(deps: RolloutRouteDeps, tenantId: string, id: string, withSensors: boolean) {
  const now = deps.clock();
  const found = await withTenant(deps.app, tenantId, async (c) => {
    const r = await findRollout(c, tenantId, id);
    if (!r) return null;
    const counts = (await countRolloutSensors(c, tenantId, [id])).get(id);
    const sensors = withSensors ? await listRolloutSensors(c, tenantId, id, now, deps.thresholds, null, SENSORS_SHOWN) : [];
    return { r, counts, sensors };
  });
  if (!found) throw new NotFoundError(`no rollout ${id}`);
  return withSensors ? { ...rolloutView(found.r, found.counts), sensors: found.sensors.map(rolloutSensorView) } : rolloutView(found.r, found.counts);
}

function registerRolloutRoutes(app: FastifyInstance, deps: RolloutRouteDeps): void {
  app.post<{ Body: { kind: DocumentKind; version: string; strategy: Strategy; targets: FleetSelector; canary?: CanarySpec; at?: string } }>('/v1/rollouts', {
    config: { scope: 'admin' },
    schema: {
      tags: ['rollouts'], summary: 'Roll a version out to the sensors the targets select: immediate, canary first, or scheduled (409 while another of its kind is active)',
      body: rolloutCreateSchema, response: { 201: rolloutSchema, ...errors, 409: problemSchema },
    },
  }, async (req, reply) => {
    const t = req.principal.tenantId;
    const r = await deps.rollouts.create(t, req.body, actorName(req.principal));
    req.log.info({ event: 'rollout.created', audit: true, tenantId: t, rolloutId: r.id, kind: r.kind, version: r.version, strategy: r.strategy }, `rollout ${r.id} created`);
    return reply.code(201).send(await rolloutWithCounts(deps, t, r.id, false));
  });

  app.get<{ Querystring: { limit?: number; cursor?: string } }>('/v1/rollouts', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['rollouts'], summary: "The tenant's rollouts, newest first, with their counts",
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, cursor: { type: 'string', maxLength: 200, description: 'next_cursor of the previous page' } },
      },
      response: { 200: rolloutListSchema, ...errors },
    },
  }, async (req) => {
    const t = req.principal.tenantId;
    const limit = req.query.limit ?? 50;
    const before = req.query.cursor ? decodeCursor(req.query.cursor) : null;
    const { rows, counts } = await withTenant(deps.app, t, async (c) => {
      const rows = await listRollouts(c, t, limit + 1, before ? { createdAt: before.at, id: before.id } : null);
      return { rows, counts: await countRolloutSensors(c, t, rows.map((r) => r.id)) };
    });
    const { page, next } = pageOf(rows, limit, (r) => r.created_at);
    return { rollouts: page.map((r) => rolloutView(r, counts.get(r.id))), next_cursor: next };
  });

  app.get<{ Params: { id: string } }>('/v1/rollouts/:id', {
    config: { scope: 'signal:read' },
    schema: { tags: ['rollouts'], summary: 'One rollout: state, phase, counts and every target\'s progress', params: idParams, response: { 200: rolloutDetailSchema, ...errors } },
  }, async (req) => rolloutWithCounts(deps, req.principal.tenantId, req.params.id, true));

  app.post<{ Params: { id: string } }>('/v1/rollouts/:id/promote', {
    config: { scope: 'admin' },
    schema: { tags: ['rollouts'], summary: 'Promote a rollout in its canary phase now: the other targets get it', params: idParams, response: { 200: rolloutSchema, ...errors, 409: problemSchema } },
  }, async (req) => {
    const t = req.principal.tenantId;
    await deps.rollouts.promote(t, req.params.id);
    req.log.info({ event: 'rollout.promote_requested', audit: true, tenantId: t, rolloutId: req.params.id }, `rollout ${req.params.id} promoted by hand`);
    return rolloutWithCounts(deps, t, req.params.id, false);
  });

  app.post<{ Params: { id: string } }>('/v1/rollouts/:id/abort', {
    config: { scope: 'admin' },
    schema: { tags: ['rollouts'], summary: 'Abort an active rollout: no further wave is pushed and pushes not yet sent are cancelled', params: idParams, response: { 200: rolloutSchema, ...errors, 409: problemSchema } },
  }, async (req) => {
    const t = req.principal.tenantId;
    await deps.rollouts.abort(t, req.params.id, actorName(req.principal));
    req.log.info({ event: 'rollout.abort_requested', audit: true, tenantId: t, rolloutId: req.params.id }, `rollout ${req.params.id} aborted`);
    return rolloutWithCounts(deps, t, req.params.id, false);
  });
}

export function registerRolloutApiRoutes(app: FastifyInstance, deps: RolloutRouteDeps): void {
  registerDocumentRoutes(app, deps, 'rules');
  registerDocumentRoutes(app, deps, 'config');
  registerRolloutRoutes(app, deps);
}
