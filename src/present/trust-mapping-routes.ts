// The Trust Score mapping API: the tenant's effective source → category mapping, weights and points (with each value's
// origin and the weights its age runs on), and the tenant admin's overrides of it as a new policy version. No other section.

import { actorName } from '../core/actor.ts';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { withTenant } from '../db/pools.ts';
import { InvalidCorrelationConfigError } from '../correlate/config-store.ts';
import type { PolicyStore, TenantPolicy } from '../correlate/policy-store.ts';
import { SEVERITIES } from '../core/types.ts';
import type { TrustScorePolicy } from '../core/trust-score-policy.ts';
import { bootstrapPhase, effectiveWeights } from '../score/formula.ts';
import { tenantAgeDays } from '../score/tenant-age.ts';
import { problemSchema } from '../http/schemas.ts';

export interface TrustMappingRouteDeps {
  app: pg.Pool;
  policy: Pick<PolicyStore, 'forTenant' | 'setTrustScoreOverrides'>;
  clock: () => Date;
  /** Largest document a request may carry (QUORUM_POLICY_MAX_BYTES), as for the correlation policy. */
  maxBytes: number;
}

const SECTION = 'trust_score';
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const numbers = { type: 'object', additionalProperties: { type: 'number' } } as const;
const severity = { type: 'string', enum: [...SEVERITIES] } as const;

const mappingSchema = {
  type: 'object',
  properties: {
    version: { type: 'integer', description: "the tenant's policy version (0 = never changed)" },
    defaults_version: { type: 'integer', description: 'the hub defaults version the mapping is layered on' },
    updated_at: { type: ['string', 'null'] }, updated_by: { type: ['string', 'null'], description: 'key id' },
    categories: { ...numbers, description: 'category → configured weight' },
    sources: { type: 'object', additionalProperties: { type: 'string' }, description: 'signal source → category; unmapped sources cost nothing' },
    severity_points: numbers,
    value_thresholds: { ...numbers, description: 'signal_key → threshold above which a numeric value is a finding' },
    finding_severity: severity, incident_points: { type: 'number' }, block_points: { type: 'number' },
    tenant_age_days: { type: 'number' },
    bootstrap: { type: 'string', enum: ['under_30_days', '30_to_90_days', 'full'] },
    effective_weights: { ...numbers, description: 'the weights scores use now: bootstrap applied, shares of 1 over the mapped categories' },
    origins: { type: 'object', additionalProperties: { type: 'string', enum: ['hub', 'tenant'] }, description: 'value path (sources.edr, finding_severity, …) → where it comes from' },
    overrides: { type: 'object', additionalProperties: true, description: "the tenant's own trust_score overrides: what PUT sets" },
    problems: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'why stored overrides are not applied (they no longer fit the hub defaults)' },
  },
  examples: [{
    version: 2, defaults_version: 1, updated_at: '2026-12-01T09:50:00.000Z', updated_by: '7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e',
    categories: { threat_exposure: 30, patch_hygiene: 20, agent_health: 20, secrets_exposure: 30 },
    sources: { fastnetmon: 'threat_exposure', alertmanager: 'threat_exposure', edr: 'agent_health' },
    severity_points: { info: 0, low: 1, medium: 3, high: 6, critical: 10 }, value_thresholds: {}, finding_severity: 'medium',
    incident_points: 10, block_points: 5, tenant_age_days: 40, bootstrap: '30_to_90_days',
    effective_weights: { threat_exposure: 0.6, agent_health: 0.4 }, origins: { 'sources.edr': 'tenant', 'sources.fastnetmon': 'hub' },
    overrides: { sources: { edr: 'agent_health' } }, problems: [],
  }],
} as const;

const PUT_EXAMPLES = [
  { sources: { patch_scanner: 'patch_hygiene', edr: 'agent_health', vault_audit: 'secrets_exposure' } },
  { sources: { edr: 'agent_health' }, categories: { threat_exposure: 10 }, value_thresholds: { 'disk.used_percent': 85 }, finding_severity: 'high' },
];

/** Path → hub/tenant for every value: map entries one by one, the other settings as a whole. */
function originsOf(effective: TrustScorePolicy, own: Record<string, unknown>): Record<string, 'hub' | 'tenant'> {
  const origins: Record<string, 'hub' | 'tenant'> = {};
  for (const [setting, value] of Object.entries(effective)) {
    const mine = own[setting];
    if (typeof value !== 'object') origins[setting] = Object.hasOwn(own, setting) ? 'tenant' : 'hub';
    else for (const name of Object.keys(value)) origins[`${setting}.${name}`] = isObject(mine) && Object.hasOwn(mine, name) ? 'tenant' : 'hub';
  }
  return origins;
}

function viewMapping(p: TenantPolicy, ageDays: number) {
  const effective = p.config.trust_score;
  const own = isObject(p.overrides[SECTION]) ? p.overrides[SECTION] : {};
  return {
    version: p.version, defaults_version: p.defaultsVersion, updated_at: p.updatedAt, updated_by: p.updatedBy, ...effective,
    tenant_age_days: Math.round(ageDays * 100) / 100, bootstrap: bootstrapPhase(ageDays), effective_weights: effectiveWeights(effective, ageDays),
    // Overrides that no longer fit the defaults are not applied: every value is then the hub's.
    origins: originsOf(effective, p.problems.length ? {} : own), overrides: own, problems: p.problems,
  };
}

/** The policy validator names paths in the whole policy; the client sent the trust_score section, so name them in it. */
function inSectionPaths(err: InvalidCorrelationConfigError): InvalidCorrelationConfigError {
  return new InvalidCorrelationConfigError(err.violations.map((v) => ({
    ...v, path: v.path === SECTION ? '' : v.path.startsWith(`${SECTION}.`) ? v.path.slice(SECTION.length + 1) : v.path,
  })));
}

export function registerTrustMappingRoutes(app: FastifyInstance, deps: TrustMappingRouteDeps): void {
  const ageOf = (tenantId: string) => withTenant(deps.app, tenantId, (c) => tenantAgeDays(c, tenantId, deps.clock()));

  app.get('/v1/trust-score/mapping', {
    config: { scope: 'signal:read' },
    schema: {
      tags: ['trust-score'],
      summary: "The tenant's effective Trust Score mapping (source → category, weights, points, thresholds), each value's origin, and the weights its age runs on",
      response: { 200: mappingSchema, ...errors },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    return viewMapping(await deps.policy.forTenant(tenantId), await ageOf(tenantId));
  });

  app.put<{ Body: Record<string, unknown> }>('/v1/trust-score/mapping', {
    config: { scope: 'admin' },
    bodyLimit: deps.maxBytes,
    schema: {
      tags: ['trust-score'],
      summary: "Set the tenant's Trust Score overrides (replacing its earlier ones; {} removes them) as a new policy version; 400 lists every error by path",
      body: { type: 'object', description: 'the trust_score section: any of categories, sources, severity_points, value_thresholds, finding_severity, incident_points, block_points', examples: PUT_EXAMPLES },
      response: { 200: mappingSchema, ...errors },
    },
  }, async (req) => {
    const tenantId = req.principal.tenantId;
    const policy = await deps.policy.setTrustScoreOverrides(tenantId, req.body, req.principal.keyId).catch((err: unknown) => {
      throw err instanceof InvalidCorrelationConfigError ? inSectionPaths(err) : err;
    });
    req.log.info({ event: 'policy.changed', audit: true, tenantId, keyId: req.principal.keyId, by: actorName(req.principal), version: policy.version, part: 'trust_score_mapping' }, 'tenant trust score mapping changed');
    return viewMapping(policy, await ageOf(tenantId));
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
