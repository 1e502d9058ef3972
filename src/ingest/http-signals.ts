// POST /v1/signals: one signal or {"signals": [...]}, validated against the wire format and stored all-or-nothing.
// Nothing is stored unless every signal of the request is valid.

import type { FastifyInstance } from 'fastify';
import { InvalidRequestError, PayloadTooLargeError } from '../core/errors.ts';
import type { SignalWriter } from './ports.ts';
import type { Metrics } from '../metrics.ts';
import { acceptAnyBody, acceptedSchema, problemSchema, signalExample, signalSchema } from '../http/schemas.ts';
import { countRejections } from './rejections.ts';

export interface HttpSignalDeps {
  emitter: SignalWriter;
  metrics: Metrics;
  maxBatchSignals: number;
}

/** Unwraps the body into a list of raw signals: a single object, or a `signals` array. */
export function signalsOfBody(body: unknown, maxBatch: number): { raw: unknown[]; batch: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('the body must be a signal object or {"signals": [...]}');
  }
  const b = body as Record<string, unknown>;
  if (!('signals' in b)) return { raw: [body], batch: false };
  if (!Array.isArray(b.signals)) throw new InvalidRequestError('"signals" must be an array');
  if (Object.keys(b).length > 1) throw new InvalidRequestError('a batch body has only the key "signals"');
  if (b.signals.length > maxBatch) {
    throw new PayloadTooLargeError(`a batch holds at most ${maxBatch} signals (QUORUM_MAX_BATCH); this one has ${b.signals.length}`);
  }
  return { raw: b.signals, batch: true };
}

export function registerHttpSignals(app: FastifyInstance, deps: HttpSignalDeps): void {
  app.post('/v1/signals', {
    config: { scope: 'signal:write', signalBody: true },
    schema: {
      tags: ['signals'],
      summary: 'Ingest one signal or a batch (all-or-nothing)',
      body: {
        oneOf: [signalSchema, { type: 'object', required: ['signals'], properties: { signals: { type: 'array', items: signalSchema, maxItems: deps.maxBatchSignals } } }],
        examples: [signalExample, { signals: [signalExample, { ...signalExample, subject_id: 'shop.example.com', signal_value: { value: 40, issuer: 'R3' }, severity: 'low' }] }],
      },
      response: {
        201: acceptedSchema,
        400: problemSchema, 401: problemSchema, 403: problemSchema, 413: problemSchema, 429: problemSchema,
      },
    },
    validatorCompiler: acceptAnyBody,
  }, async (req, reply) => {
    const { raw, batch } = signalsOfBody(req.body, deps.maxBatchSignals);
    const valid = countRejections(deps.metrics, 'http', () => deps.emitter.validate(raw, batch));
    const result = await deps.emitter.store(req.principal.tenantId, valid);
    deps.metrics.signalsIngested.inc({ path: 'http', tenant: deps.metrics.tenant(req.principal.tenantId) }, result.accepted);
    deps.metrics.signalsDuplicate.inc({ path: 'http' }, result.duplicates);
    return reply.code(201).send(result);
  });
}
