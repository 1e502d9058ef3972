// HTTP endpoints of the adapters: POST /v1/signals/alertmanager, /v1/signals/fastnetmon, /v1/signals/webhook/:name.
// Each stores ordinary signals through the SqlEmitter, one report at a time; correlation picks them up after commit.

import type { FastifyInstance } from 'fastify';
import { InvalidRequestError, InvalidSignalError, NotFoundError } from '../../errors.ts';
import type { SqlEmitter } from '../../store/emitter.ts';
import type { Metrics } from '../../metrics.ts';
import { acceptAnyBody, problemSchema } from '../../http/schemas.ts';
import { DEFAULT_ALERTMANAGER_MAPPING, DEFAULT_FASTNETMON_MAPPING, type CorrelationConfig } from '../../correlate/correlation-config.ts';
import { attackSignal, type AttackReport } from './attack-signal.ts';
import { mapAlertmanagerWebhook } from './alertmanager.ts';
import { mapFastnetmonNotification } from './fastnetmon.ts';
import { mapWebhookEvent, requireSignature } from './webhook.ts';

export interface AdapterDeps {
  emitter: Pick<SqlEmitter, 'validate' | 'store'>;
  metrics: Pick<Metrics, 'signalsIngested' | 'signalsDuplicate'>;
  /** The calling tenant's effective correlation policy: its webhooks and confidence mappings. */
  policy: (tenantId: string) => Promise<CorrelationConfig>;
  clock: () => Date;
}

const resultsSchema = {
  type: 'object',
  properties: {
    stored: { type: 'integer' }, duplicates: { type: 'integer' }, skipped: { type: 'integer' },
    results: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

/** Stores one report; answers whether it was new, a duplicate, or unstorable (and why). */
async function storeReport(deps: AdapterDeps, tenantId: string, path: string, report: AttackReport): Promise<{ outcome: 'stored' | 'duplicate' | 'skipped'; reason?: string }> {
  let valid;
  try {
    valid = deps.emitter.validate([attackSignal(report, deps.clock())], false);
  } catch (err) {
    if (err instanceof InvalidSignalError) return { outcome: 'skipped', reason: `not a valid signal: ${err.message}` };
    throw err;
  }
  const result = await deps.emitter.store(tenantId, valid);
  deps.metrics.signalsIngested.inc({ path }, result.accepted);
  deps.metrics.signalsDuplicate.inc({ path }, result.duplicates);
  return { outcome: result.accepted === 1 ? 'stored' : 'duplicate' };
}

async function storeAll<O extends { outcome: string; reason?: string }>(deps: AdapterDeps, tenantId: string, path: string, mapped: { outcome: O; report: AttackReport | null }[]) {
  const results: O[] = [];
  for (const m of mapped) {
    if (!m.report) { results.push(m.outcome); continue; }
    const stored = await storeReport(deps, tenantId, path, m.report);
    results.push({ ...m.outcome, outcome: stored.outcome, ...(stored.reason ? { reason: stored.reason } : {}) });
  }
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  return { stored: count('stored'), duplicates: count('duplicate'), skipped: count('skipped'), results };
}

export function registerAdapterRoutes(app: FastifyInstance, deps: AdapterDeps): void {
  app.post('/v1/signals/alertmanager', {
    config: { scope: 'signal:write' },
    schema: {
      tags: ['adapters'], summary: 'Alertmanager webhook (version 4): each alert becomes a ddos.attack signal; resolved alerts withdraw',
      response: { 200: resultsSchema, 400: problemSchema, 401: problemSchema },
    },
    validatorCompiler: acceptAnyBody,
  }, async (req) => {
    const mapping = { ...DEFAULT_ALERTMANAGER_MAPPING, ...(await deps.policy(req.principal.tenantId)).sources.alertmanager?.confidence_mapping };
    return storeAll(deps, req.principal.tenantId, 'alertmanager', mapAlertmanagerWebhook(req.body, mapping));
  });

  app.post('/v1/signals/fastnetmon', {
    config: { scope: 'signal:write' },
    schema: {
      tags: ['adapters'], summary: 'FastNetMon JSON notification: ban/partial_block/alert/attack_details report, unban withdraws',
      response: { 200: resultsSchema, 400: problemSchema, 401: problemSchema },
    },
    validatorCompiler: acceptAnyBody,
  }, async (req) => {
    const mapping = { ...DEFAULT_FASTNETMON_MAPPING, ...(await deps.policy(req.principal.tenantId)).sources.fastnetmon?.confidence_mapping };
    const report = mapFastnetmonNotification(req.body, mapping);
    const outcome = { index: 0, subject_id: report.victim, vector: report.vector ?? 'unknown', confidence: report.confidence, ended: report.ended, outcome: 'stored' as string };
    return storeAll(deps, req.principal.tenantId, 'fastnetmon', [{ outcome, report }]);
  });

  // The generic adapter needs the raw bytes for its signature, so it parses JSON itself in its own scope.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { name: string } }>('/v1/signals/webhook/:name', {
      config: { scope: 'signal:write' },
      schema: {
        tags: ['adapters'], summary: 'Generic webhook mapped through configured JSONPath expressions (optional HMAC-SHA256 signature)',
        params: { type: 'object', properties: { name: { type: 'string' } } },
        response: { 200: resultsSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema },
      },
      validatorCompiler: acceptAnyBody,
    }, async (req) => {
      const name = req.params.name;
      const settings = (await deps.policy(req.principal.tenantId)).webhooks[name];
      if (!settings) throw new NotFoundError(`no webhook adapter "${name}" is configured (webhooks in correlation.yaml)`);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const header = req.headers[settings.signature_header];
      requireSignature(name, settings, raw, Array.isArray(header) ? header[0] : header);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new InvalidRequestError('the body is not valid JSON');
      }
      const events = Array.isArray(body) ? body : [body];
      return storeAll(deps, req.principal.tenantId, `webhook_${name}`, events.map((e, i) => mapWebhookEvent(name, settings, e, i)));
    });
  });
}
