// Read side of the signal store: GET /v1/signals (filtered, newest first, cursor pages) and a subject's current state.
// Every read runs inside withTenant() and names the caller's tenant: never another tenant's rows.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { withTenant } from '../db/pools.ts';
import { findCurrentState, listSignals } from '../store/signal-queries.ts';
import { problemSchema, storedSignalExample, storedSignalSchema } from '../http/schemas.ts';
import { SEVERITIES } from '../core/types.ts';
import { decodeCursor, listQueryProps, pageOf } from '../core/cursor.ts';

interface ListQuery {
  source?: string; subject_type?: string; subject_id?: string; signal_key?: string; severity?: string;
  since?: string; until?: string; cursor?: string; limit?: number;
}

export function registerSignalReads(app: FastifyInstance, deps: { app: pg.Pool }): void {
  app.get<{ Querystring: ListQuery }>('/v1/signals', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['signals'],
      summary: 'List signals, newest first, with cursor pagination',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          source: { type: 'string' }, subject_type: { type: 'string' }, subject_id: { type: 'string' },
          signal_key: { type: 'string' }, severity: { type: 'string', enum: [...SEVERITIES] }, ...listQueryProps,
        },
      },
      response: {
        200: { type: 'object', properties: { signals: { type: 'array', items: storedSignalSchema }, next_cursor: { type: ['string', 'null'] } }, examples: [{ signals: [storedSignalExample], next_cursor: null }] },
        400: problemSchema, 401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 100;
    const rows = await withTenant(deps.app, req.principal.tenantId, (c) => listSignals(c, req.principal.tenantId, {
      source: q.source, subjectType: q.subject_type, subjectId: q.subject_id, signalKey: q.signal_key,
      severity: q.severity, since: q.since, until: q.until,
      before: q.cursor ? decodeCursor(q.cursor, 'bigint') : undefined, limit: limit + 1,
    }));
    const { page, next } = pageOf(rows, limit, (s) => s.observed_at);
    return { signals: page, next_cursor: next };
  });

  app.get<{ Params: { subject_type: string; subject_id: string } }>('/v1/subjects/:subject_type/:subject_id', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['signals'],
      summary: "A subject's current state: the latest unexpired signal per signal_key",
      params: { type: 'object', properties: { subject_type: { type: 'string', examples: ['domain'] }, subject_id: { type: 'string', examples: ['example.com'] } } },
      response: {
        200: {
          type: 'object', properties: { subject_type: { type: 'string' }, subject_id: { type: 'string' }, signals: { type: 'array', items: storedSignalSchema } },
          examples: [{ subject_type: 'domain', subject_id: 'example.com', signals: [storedSignalExample] }],
        },
        401: problemSchema, 403: problemSchema,
      },
    },
  }, async (req) => {
    const { subject_type, subject_id } = req.params;
    const rows = await withTenant(deps.app, req.principal.tenantId, (c) => findCurrentState(c, req.principal.tenantId, subject_type, subject_id));
    return { subject_type, subject_id, signals: rows };
  });
}

