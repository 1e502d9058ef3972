// HTTP endpoints of the adapters: POST /v1/signals/alertmanager, /v1/signals/fastnetmon, /v1/signals/webhook/:name.
// Each stores a request's reports as ordinary signals through the SqlEmitter, all in one transaction or none.

import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { InvalidRequestError, InvalidSignalError, NotFoundError } from '../../core/errors.ts';
import type { SignalWriter } from '../ports.ts';
import type { Metrics } from '../../metrics.ts';
import { acceptAnyBody, problemSchema } from '../../http/schemas.ts';
import { checkJsonBody } from '../../http/input-rules.ts';
import type { ValidSignal } from '../../core/types.ts';
import { DEFAULT_ALERTMANAGER_MAPPING, DEFAULT_FASTNETMON_MAPPING, type AdapterSettings } from './adapter-settings.ts';
import { attackSignal, type AttackReport } from './attack-signal.ts';
import { mapAlertmanagerWebhook } from './alertmanager.ts';
import { mapFastnetmonNotification } from './fastnetmon.ts';
import { mapWebhookEvent, requireSignature } from './webhook.ts';
import { adapterResultsSchema, alertmanagerBodySchema, fastnetmonBodySchema, webhookBodySchema } from './adapter-schemas.ts';
import { unknownVectorWarning } from './vector.ts';

export interface AdapterDeps {
  emitter: SignalWriter;
  metrics: Pick<Metrics, 'signalsIngested' | 'signalsDuplicate' | 'tenant'>;
  /** The calling tenant's effective correlation policy: its webhooks and confidence mappings. */
  policy: (tenantId: string) => Promise<AdapterSettings>;
  clock: () => Date;
  /** QUORUM_MAX_JSON_DEPTH: the generic webhook parses its own body, so it checks depth and text itself. */
  maxJsonDepth: number;
}

// Every adapter answers the same statuses; 429 when the key's write rate limit is reached (src/http/rate-limit.ts).
const responses = { 200: adapterResultsSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema } as const;

type Prepared = { signal: ValidSignal } | { reason: string } | null;

/** The report as a validated signal, or why it cannot be one (an alert skipped with a reason, never a failed request). */
function prepare(deps: AdapterDeps, report: AttackReport, now: Date): Prepared {
  try {
    // `raw` sits two levels inside signal_value; deeper raw is dropped rather than refusing the report.
    return { signal: deps.emitter.validate([attackSignal(report, now, deps.maxJsonDepth - 2)], false)[0]! };
  } catch (err) {
    if (err instanceof InvalidSignalError) return { reason: `not a valid signal: ${err.message}` };
    throw err;
  }
}

/**
 * Stores every report of one request in one transaction, after all were validated: a request is stored whole or not
 * at all, so a sender that retries (Alertmanager retries 5xx) never duplicates part of it.
 */
async function storeAll<O extends { outcome: string; reason?: string }>(deps: AdapterDeps, tenantId: string, path: string, mapped: { outcome: O; report: AttackReport | null }[]) {
  const now = deps.clock();
  const prepared = mapped.map((m) => (m.report ? prepare(deps, m.report, now) : null));
  const signals = prepared.flatMap((p) => (p && 'signal' in p ? [p.signal] : []));
  let fresh = new Set<string>();
  const result = await deps.emitter.store(tenantId, signals, {
    inTransaction: async (_client, storedIds) => { fresh = new Set(storedIds); },
  });
  deps.metrics.signalsIngested.inc({ path, tenant: deps.metrics.tenant(tenantId) }, result.accepted);
  deps.metrics.signalsDuplicate.inc({ path }, result.duplicates);
  const results = mapped.map((m, i): O => {
    const p = prepared[i];
    if (!p) return m.outcome;
    if ('reason' in p) return { ...m.outcome, outcome: 'skipped', reason: p.reason };
    const id = p.signal.signalId;
    // The first report with a stored id is the new one; a repeat of it (here or from an earlier request) is a duplicate.
    const stored = id === null || fresh.delete(id);
    return { ...m.outcome, outcome: stored ? 'stored' : 'duplicate' };
  });
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  return { stored: count('stored'), duplicates: count('duplicate'), skipped: count('skipped'), results };
}

export function registerAdapterRoutes(app: FastifyInstance, deps: AdapterDeps): void {
  app.post('/v1/signals/alertmanager', {
    config: { scope: 'signal:write' },
    schema: {
      tags: ['adapters'], summary: 'Alertmanager webhook (version 4): each alert becomes a ddos.attack signal; resolved alerts withdraw',
      description: 'Only a malformed body is a 400 (Alertmanager resends 4xx forever); an alert that cannot be used is `skipped` with a `reason`, ' +
        'and one whose vector is outside the shared vocabulary is stored with a `warning` (it never corroborates other detectors).',
      body: alertmanagerBodySchema, response: responses,
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
      body: fastnetmonBodySchema, response: responses,
    },
    validatorCompiler: acceptAnyBody,
  }, async (req) => {
    const mapping = { ...DEFAULT_FASTNETMON_MAPPING, ...(await deps.policy(req.principal.tenantId)).sources.fastnetmon?.confidence_mapping };
    const report = mapFastnetmonNotification(req.body, mapping);
    const warning = report.ended ? null : unknownVectorWarning(report.vector ?? 'unknown');
    const outcome = { index: 0, subject_id: report.victim, vector: report.vector ?? 'unknown', confidence: report.confidence, ended: report.ended, outcome: 'stored' as string, ...(warning ? { warning } : {}) };
    return storeAll(deps, req.principal.tenantId, 'fastnetmon', [{ outcome, report }]);
  });

  // The generic adapter needs the raw bytes for its signature, so it parses JSON itself in its own scope.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { name: string } }>('/v1/signals/webhook/:name', {
      config: { scope: 'signal:write' },
      schema: {
        tags: ['adapters'], summary: 'Generic webhook mapped through configured JSONPath expressions (optional HMAC-SHA256 signature)',
        description: 'The webhook must be configured in the tenant\'s policy (`webhooks.<name>`; the PUT /v1/config/correlation example configures `scrubber`), else 404. ' +
          'With a `secret`, the body needs its HMAC-SHA256 in the signature header (else 401 `invalid_signature`).',
        params: { type: 'object', properties: { name: { type: 'string', examples: ['scrubber'] } } },
        body: webhookBodySchema,
        response: { ...responses, 404: problemSchema },
      },
      validatorCompiler: acceptAnyBody,
    }, async (req) => {
      const name = req.params.name;
      const webhooks = (await deps.policy(req.principal.tenantId)).webhooks;
      // Own properties only: `constructor` or `__proto__` is a name like any other, and not configured.
      const settings = Object.hasOwn(webhooks, name) ? webhooks[name] : undefined;
      if (!settings) throw new NotFoundError(`no webhook adapter "${name}" is configured (webhooks in correlation.yaml)`);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const header = req.headers[settings.signature_header];
      requireSignature(name, settings, raw, Array.isArray(header) ? header[0] : header);
      let body: unknown;
      try {
        if (!isUtf8(raw)) throw new Error('not UTF-8');
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new InvalidRequestError('the body is not valid JSON in UTF-8', { field: 'body' });
      }
      checkJsonBody(body, deps.maxJsonDepth);
      const events = Array.isArray(body) ? body : [body];
      return storeAll(deps, req.principal.tenantId, `webhook_${name}`, events.map((e, i) => mapWebhookEvent(name, settings, e, i)));
    });
  });
}
