// Correlation config API: GET/PUT /v1/config/correlation, POST /v1/config/reload, POST /v1/config/correlation/replay.
// PUT and reload are admin-only and audited; replay reads stored signals and never acts.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { InvalidRequestError } from '../errors.ts';
import { withTenant } from '../db/pools.ts';
import type { ConfigStore } from '../correlate/config-store.ts';
import { InvalidCorrelationConfigError } from '../correlate/config-store.ts';
import { redactConfig, restoreRedacted, validateCorrelationConfig } from '../correlate/correlation-config.ts';
import { insertConfigAudit } from '../correlate/config-audit-queries.ts';
import { listSignalsForReplay } from '../correlate/replay-queries.ts';
import { diffDecisions, simulate } from '../correlate/replay.ts';
import { listSafelist } from '../decide/mitigation-queries.ts';
import type { ProtectedAddress } from '../decide/guardrails.ts';
import { problemSchema } from '../http/schemas.ts';

export interface ConfigRouteDeps {
  app: pg.Pool;
  store: Pick<ConfigStore, 'current' | 'reload' | 'replace'>;
  protectedAddresses: () => ProtectedAddress[] | Promise<ProtectedAddress[]>;
  replayMaxSignals: number;
}

export function registerConfigRoutes(app: FastifyInstance, deps: ConfigRouteDeps): void {
  const view = () => {
    const s = deps.store.current();
    return { config: redactConfig(s.config), loaded_at: s.loadedAt.toISOString(), sha256: s.sha256 };
  };

  app.get('/v1/config/correlation', {
    config: { scope: 'signal:read' },
    schema: { tags: ['config'], summary: 'The live correlation config (secrets redacted) and when it was loaded' },
  }, async () => view());

  app.put('/v1/config/correlation', {
    config: { scope: 'admin' },
    schema: {
      tags: ['config'], summary: 'Replace the correlation config: validated (400 lists every error), written atomically with a backup, hot-reloaded, audited',
      body: { type: 'object' }, response: { 400: problemSchema, 401: problemSchema, 403: problemSchema },
    },
  }, async (req) => {
    const candidate = restoreRedacted(req.body, deps.store.current().config);
    const { before, after } = await deps.store.replace(candidate);
    await withTenant(deps.app, req.principal.tenantId, (c) => insertConfigAudit(c, {
      tenantId: req.principal.tenantId, keyId: req.principal.keyId, action: 'put', beforeSha256: before.sha256, afterSha256: after.sha256,
      summary: { enabled: after.config.enabled, rules: after.config.rules.length, playbooks: after.config.playbooks.length },
    }));
    req.log.info({ keyId: req.principal.keyId, sha256: after.sha256 }, 'correlation config replaced');
    return view();
  });

  app.post('/v1/config/reload', {
    config: { scope: 'admin' },
    schema: { tags: ['config'], summary: 'Re-read correlation.yaml from the data dir; an invalid file keeps the live config (400)', response: { 400: problemSchema } },
  }, async (req) => {
    const before = deps.store.current();
    const after = await deps.store.reload();
    await withTenant(deps.app, req.principal.tenantId, (c) => insertConfigAudit(c, {
      tenantId: req.principal.tenantId, keyId: req.principal.keyId, action: 'reload', beforeSha256: before.sha256, afterSha256: after.sha256, summary: {},
    }));
    return view();
  });

  app.post<{ Body: { config: unknown; since: string; until: string } }>('/v1/config/correlation/replay', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['config'], summary: 'Evaluate a candidate config over stored signals of a time range without acting; compare with the live config',
      body: {
        type: 'object', required: ['config', 'since', 'until'], additionalProperties: false,
        properties: { config: { type: 'object' }, since: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' } },
      },
      response: { 400: problemSchema },
    },
  }, async (req) => {
    const current = deps.store.current().config;
    const checked = validateCorrelationConfig(restoreRedacted(req.body.config, current));
    if (!checked.ok) throw new InvalidCorrelationConfigError(checked.errors);
    if (Date.parse(req.body.since) >= Date.parse(req.body.until)) throw new InvalidRequestError('since must be before until', { field: 'since' });
    const tenantId = req.principal.tenantId;
    const { signals, safelist } = await withTenant(deps.app, tenantId, async (c) => ({
      signals: await listSignalsForReplay(c, tenantId, req.body.since, req.body.until, deps.replayMaxSignals + 1),
      safelist: (await listSafelist(c, tenantId)).map((s) => s.cidr),
    }));
    if (signals.length > deps.replayMaxSignals) {
      throw new InvalidRequestError(`the range holds more than ${deps.replayMaxSignals} signals (QUORUM_REPLAY_MAX_SIGNALS); replay a shorter range`);
    }
    const facts = { safelist, protectedAddresses: await deps.protectedAddresses() };
    // Both sides are simulated over the same signals, so the difference is the config's alone.
    const baseline = simulate({ ...current, enabled: true }, signals, facts);
    const candidate = simulate({ ...checked.config, enabled: true }, signals, facts);
    return { signals: signals.length, current: baseline, candidate, ...diffDecisions(baseline, candidate) };
  });
}
