// Correlation policy API: the tenant's effective policy, its overrides, versions and rollback; the operator's hub defaults.
// A tenant route reads and writes only the caller's tenant; hub defaults and the file reload are operator-only.

import { actorName } from '../core/actor.ts';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../core/errors.ts';
import YAML from 'yaml';
import { DEFAULT_CONFIG_YAML, redactConfig } from '../correlate/correlation-config.ts';
import { redactOverrides } from '../correlate/policy-layers.ts';
import type { HubDefaults, PolicyStore, TenantPolicy } from '../correlate/policy-store.ts';
import type { VersionRow } from '../correlate/policy-queries.ts';
import { problemSchema } from '../http/schemas.ts';

export interface ConfigRouteDeps {
  policy: Pick<PolicyStore, 'forTenant' | 'defaults' | 'defaultsVersions' | 'reload' | 'setDefaults' | 'setOverrides' | 'rollback' | 'versions' | 'version'>;
  /** Largest policy document a request may carry (QUORUM_POLICY_MAX_BYTES): layering is synchronous work. */
  maxBytes: number;
}

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/**
 * A tenant's overrides: correlation on, and the `scrubber` webhook the POST /v1/signals/webhook/{name} example posts to
 * (no secret, so a copied example needs no signature).
 */
const overridesExample = {
  enabled: true,
  webhooks: {
    scrubber: {
      signal_key: 'ddos.attack',
      mapping: { victim: '$.target.ip', vector: '$.attack.kind', confidence: '$.score', confidence_scale: 100, id: '$.id', action: '$.event' },
    },
  },
};
/** The shipped correlation.yaml: what PUT /v1/config/correlation/defaults takes (a whole policy). */
const defaultsExample = YAML.parse(DEFAULT_CONFIG_YAML) as Record<string, unknown>;
const AT = '2026-12-01T09:45:00.000Z';
const KEY_ID = '7d9a4c2e-1f3b-4a5c-8d6e-0f1a2b3c4d5e';
const policyExample = {
  version: 1, defaults_version: 1, updated_at: AT, updated_by: KEY_ID, config: { ...defaultsExample, ...overridesExample },
  origins: { enabled: 'tenant', webhooks: 'tenant', window_seconds: 'hub' }, overrides: overridesExample, problems: [],
};
const versionExample = { version: 1, action: 'put', rolled_back_to: null, key_id: KEY_ID, created_at: AT, changed: ['enabled', 'webhooks.scrubber'] };
const defaultsViewExample = { version: 1, origin: 'file', updated_by: null, updated_at: AT, config: defaultsExample };
const object = { type: 'object', additionalProperties: true } as const;
const policyView = {
  type: 'object',
  properties: {
    version: { type: 'integer', description: "the tenant's policy version (0 = never changed: hub defaults only)" },
    defaults_version: { type: 'integer' }, updated_at: { type: ['string', 'null'] }, updated_by: { type: ['string', 'null'], description: 'key id' },
    config: { ...object, description: 'the effective policy, webhook secrets redacted' },
    origins: { type: 'object', additionalProperties: { type: 'string', enum: ['hub', 'tenant', 'hub+tenant'] }, description: 'setting path → where its value comes from' },
    overrides: { ...object, description: "the tenant's own document, secrets redacted" },
    problems: { type: 'array', items: object, description: 'why stored overrides are not applied (they no longer fit the hub defaults)' },
  },
  examples: [policyExample],
} as const;
const versionView = {
  type: 'object',
  properties: {
    version: { type: 'integer' }, action: { type: 'string', enum: ['put', 'rollback'] }, rolled_back_to: { type: ['integer', 'null'] },
    key_id: { type: ['string', 'null'] }, created_at: { type: 'string' }, changed: { type: 'array', items: { type: 'string' } }, overrides: object,
  },
  examples: [{ ...versionExample, overrides: overridesExample }],
} as const;
const defaultsView = {
  type: 'object',
  properties: { version: { type: 'integer' }, origin: { type: 'string', enum: ['file', 'api'] }, updated_by: { type: ['string', 'null'] }, updated_at: { type: 'string' }, config: object },
  examples: [defaultsViewExample],
} as const;

const defaultsVersionView = {
  type: 'object',
  properties: { version: { type: 'integer' }, origin: { type: 'string' }, key_id: { type: ['string', 'null'] }, created_at: { type: 'string' }, changed: { type: 'array', items: { type: 'string' } } },
} as const;
const pageQuery = {
  type: 'object', additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, before: { type: 'integer', minimum: 1, maximum: 2147483647 } },
} as const;

const viewPolicy = (p: TenantPolicy) => ({
  version: p.version, defaults_version: p.defaultsVersion, updated_at: p.updatedAt, updated_by: p.updatedBy,
  config: redactConfig(p.config), origins: p.origins, overrides: redactOverrides(p.overrides), problems: p.problems,
});
const viewVersion = (v: VersionRow, withOverrides: boolean) => ({
  version: v.version, action: v.action, rolled_back_to: v.rolled_back_to, key_id: v.key_id, created_at: v.created_at,
  changed: v.summary.changed ?? [], ...(withOverrides ? { overrides: redactOverrides(v.overrides) } : {}),
});
const viewDefaults = (d: HubDefaults) => ({ version: d.version, origin: d.origin, updated_by: d.keyId, updated_at: d.updatedAt, config: redactConfig(d.config) });

export function registerConfigRoutes(app: FastifyInstance, deps: ConfigRouteDeps): void {
  registerTenantPolicyRoutes(app, deps);
  registerHubDefaultsRoutes(app, deps);
}

/** The caller tenant's policy: read, set overrides, list and read versions, roll back (its own tenant only). */
function registerTenantPolicyRoutes(app: FastifyInstance, deps: ConfigRouteDeps): void {
  const p = deps.policy;
  app.get('/v1/config/correlation', {
    config: { scope: 'signal:read' },
    schema: { tags: ['config'], summary: "The caller tenant's effective correlation policy, where each value comes from, and its version", response: { 200: policyView, ...errors } },
  }, async (req) => viewPolicy(await p.forTenant(req.principal.tenantId)));

  app.put('/v1/config/correlation', {
    config: { scope: 'admin' },
    bodyLimit: deps.maxBytes,
    schema: {
      tags: ['config'], summary: "Set the tenant's overrides of the hub defaults as a new version (400 lists every error); live on every hub within 1 s",
      body: { ...object, examples: [overridesExample], description: "the tenant's overrides: any part of the correlation policy (docs/correlation.md); checked as a whole, 400 lists every error by path" }, response: { 200: policyView, ...errors },
    },
  }, async (req) => {
    const policy = await p.setOverrides(req.principal.tenantId, req.body, req.principal.keyId);
    req.log.info({ event: 'policy.changed', audit: true, tenantId: req.principal.tenantId, keyId: req.principal.keyId, by: actorName(req.principal), version: policy.version }, 'tenant correlation policy changed');
    return viewPolicy(policy);
  });

  app.get<{ Querystring: { limit: number; before?: number } }>('/v1/config/correlation/versions', {
    config: { scope: 'admin' },
    schema: {
      tags: ['config'], summary: "The tenant's policy versions, newest first: who (key id), when, what changed",
      querystring: pageQuery,
      response: {
        200: { type: 'object', properties: { versions: { type: 'array', items: versionView }, next_before: { type: ['integer', 'null'] } }, examples: [{ versions: [versionExample], next_before: null }] },
        ...errors,
      },
    },
  }, async (req) => {
    const rows = await p.versions(req.principal.tenantId, req.query.before ?? null, req.query.limit);
    const last = rows.at(-1);
    return { versions: rows.map((v) => viewVersion(v, false)), next_before: rows.length === req.query.limit && last ? last.version : null };
  });

  app.get<{ Params: { version: number } }>('/v1/config/correlation/versions/:version', {
    config: { scope: 'admin' },
    schema: {
      tags: ['config'], summary: 'One policy version with its overrides document (secrets redacted)',
      params: { type: 'object', properties: { version: { type: 'integer', minimum: 1, maximum: 2147483647, examples: [1] } } }, response: { 200: versionView, ...errors },
    },
  }, async (req) => {
    const v = await p.version(req.principal.tenantId, req.params.version);
    if (!v) throw new NotFoundError(`policy version ${req.params.version} does not exist`);
    return viewVersion(v, true);
  });

  app.post<{ Body: { version: number } }>('/v1/config/correlation/rollback', {
    config: { scope: 'admin' },
    schema: {
      tags: ['config'], summary: 'Make an earlier version (0 = no overrides) current again, as a new version',
      body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: { type: 'integer', minimum: 0, maximum: 2147483647 } }, examples: [{ version: 1 }] },
      response: { 200: policyView, ...errors },
    },
  }, async (req) => {
    const policy = await p.rollback(req.principal.tenantId, req.body.version, req.principal.keyId);
    req.log.info({ event: 'policy.changed', audit: true, tenantId: req.principal.tenantId, keyId: req.principal.keyId, by: actorName(req.principal), rolledBackTo: req.body.version, version: policy.version }, 'tenant correlation policy rolled back');
    return viewPolicy(policy);
  });
}

/** The operator's hub defaults every tenant inherits: read, list versions, replace, reload from correlation.yaml. */
function registerHubDefaultsRoutes(app: FastifyInstance, deps: ConfigRouteDeps): void {
  const p = deps.policy;
  app.get('/v1/config/correlation/defaults', {
    config: { scope: 'operator' },
    schema: { tags: ['config'], summary: 'The hub defaults every tenant inherits (secrets redacted)', response: { 200: defaultsView, ...errors } },
  }, async () => viewDefaults(p.defaults()));

  app.get<{ Querystring: { limit: number; before?: number } }>('/v1/config/correlation/defaults/versions', {
    config: { scope: 'operator' },
    schema: {
      tags: ['config'], summary: 'The hub defaults\' versions, newest first: origin (file or api), who (key id), when, what changed',
      querystring: pageQuery,
      response: {
        200: {
          type: 'object', properties: { versions: { type: 'array', items: defaultsVersionView }, next_before: { type: ['integer', 'null'] } },
          examples: [{ versions: [{ version: 1, origin: 'file', key_id: null, created_at: AT, changed: [] }], next_before: null }],
        },
        ...errors,
      },
    },
  }, async (req) => {
    const rows = await p.defaultsVersions(req.query.before ?? null, req.query.limit);
    const versions = rows.map((d) => ({ version: d.version, origin: d.origin, key_id: d.key_id, created_at: d.created_at, changed: d.summary.changed ?? [] }));
    return { versions, next_before: rows.length === req.query.limit ? rows.at(-1)!.version : null };
  });

  app.put('/v1/config/correlation/defaults', {
    config: { scope: 'operator' },
    bodyLimit: deps.maxBytes,
    schema: {
      tags: ['config'], summary: 'Replace the hub defaults (a whole policy; 400 lists every error) as a new version; live on every hub within 1 s',
      body: { ...object, examples: [defaultsExample], description: 'the whole hub default correlation policy (docs/correlation.md); checked as a whole, 400 lists every error by path' }, response: { 200: defaultsView, ...errors },
    },
  }, async (req) => {
    const d = await p.setDefaults(req.body, req.principal.keyId);
    req.log.info({ event: 'policy.defaults_changed', audit: true, keyId: req.principal.keyId, by: actorName(req.principal), defaultsVersion: d.version }, 'hub default correlation policy changed');
    return viewDefaults(d);
  });

  app.post('/v1/config/reload', {
    config: { scope: 'operator' },
    schema: {
      tags: ['config'], summary: "Re-read the data dir's correlation.yaml into the hub defaults (a new version when it differs); an invalid file changes nothing (400)",
      response: { 200: defaultsView, ...errors },
    },
  }, async (req) => {
    const d = await p.reload(req.principal.keyId);
    req.log.info({ event: 'policy.defaults_changed', audit: true, keyId: req.principal.keyId, by: actorName(req.principal), defaultsVersion: d.version, from: 'correlation.yaml' }, 'correlation.yaml reloaded into the hub defaults');
    return viewDefaults(d);
  });
}
