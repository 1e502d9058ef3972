// Keeps every tenant's effective correlation policy: hub defaults and tenant overrides from PostgreSQL, cached per process.
// The committed generation counter is the truth; NOTIFY, reconnects and a periodic check only say when to compare it.

import type pg from 'pg';
import type { Logger } from 'pino';
import { inTransaction, withTenant } from '../db/pools.ts';
import type { NotificationListener } from '../db/notifications.ts';
import type { Metrics } from '../metrics.ts';
import { NotFoundError } from '../core/errors.ts';
import { InvalidCorrelationConfigError, type PolicyFile } from './config-store.ts';
import { restoreRedacted, validateCorrelationConfig, type CorrelationConfig } from './correlation-config.ts';
import { changedPaths, effectivePolicy, layerPolicy, restoreOverrideSecrets, type Origin, type Overrides } from './policy-layers.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import {
  announceChange, findVersion, insertDefaults, insertVersion, lastImportedFileSha, latestDefaults, latestVersion, listDefaults, listVersions,
  lockTenantPolicy, POLICY_CHANNEL, readGeneration, type DefaultsRow, type VersionRow,
} from './policy-queries.ts';

type Trigger = 'notify' | 'reconnect' | 'interval' | 'write' | 'start';

export interface HubDefaults {
  config: CorrelationConfig;
  version: number;
  origin: DefaultsRow['origin'];
  keyId: string | null;
  updatedAt: string;
}

export interface TenantPolicy {
  config: CorrelationConfig;
  origins: Record<string, Origin>;
  /** Why stored overrides are not applied (they no longer fit the current defaults); empty when they are. */
  problems: { path: string; message: string }[];
  overrides: Overrides;
  /** 0 while the tenant has never changed its policy. */
  version: number;
  defaultsVersion: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface PolicyStoreDeps {
  owner: pg.Pool;
  app: pg.Pool;
  file: Pick<PolicyFile, 'read'>;
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  logger: Pick<Logger, 'debug' | 'warn' | 'error'>;
  metrics: Pick<Metrics, 'policyRefreshes'>;
  /** The safety net: how often the generation is compared even without a notification. */
  checkIntervalMs: number;
}

export async function createPolicyStore(deps: PolicyStoreDeps) {
  let defaults: HubDefaults;
  let generation = '';
  const tenants = new Map<string, Promise<TenantPolicy>>();
  const changeListeners: (() => void)[] = [];
  let checking: Promise<void> = Promise.resolve();

  /** Compares the committed generation with the cached one; on a change reloads the defaults and forgets every tenant. */
  async function compare(trigger: Trigger): Promise<void> {
    const seen = await readGeneration(deps.owner);
    if (seen === generation) return;
    const row = await latestDefaults(deps.owner);
    if (!row) throw new Error('no hub default policy is stored');
    // Swapped in one synchronous step, so no tenant is ever layered on defaults older than its own cache entry.
    defaults = toDefaults(row);
    generation = seen;
    tenants.clear();
    deps.metrics.policyRefreshes.inc({ trigger });
    deps.logger.debug({ generation: seen, defaultsVersion: row.version, trigger }, 'correlation policy caches refreshed');
    for (const listen of changeListeners) listen();
  }
  const check = (trigger: Trigger): Promise<void> =>
    (checking = checking.then(() => compare(trigger)).catch((err) => deps.logger.warn({ err }, 'policy version check failed; will retry')));

  async function load(tenantId: string): Promise<TenantPolicy> {
    return layered(tenantId, await withTenant(deps.app, tenantId, (c) => latestVersion(c, tenantId)));
  }

  /** A tenant's version (null: never changed) layered on the current defaults. */
  function layered(tenantId: string, row: VersionRow | null): TenantPolicy {
    const overrides = row?.overrides ?? {};
    const effective = effectivePolicy(defaults.config, overrides);
    if (effective.problems.length) deps.logger.warn({ tenantId, problems: effective.problems }, 'tenant policy overrides no longer fit the hub defaults; the defaults apply');
    return {
      ...effective, overrides, version: row?.version ?? 0, defaultsVersion: defaults.version,
      updatedAt: row?.created_at ?? null, updatedBy: row?.key_id ?? null,
    };
  }

  /** The tenant's effective policy (cached until the generation changes). */
  function forTenant(tenantId: string): Promise<TenantPolicy> {
    const cached = tenants.get(tenantId);
    if (cached) return cached;
    const loading = load(tenantId);
    tenants.set(tenantId, loading);
    loading.catch(() => { if (tenants.get(tenantId) === loading) tenants.delete(tenantId); });
    return loading;
  }

  async function writeDefaults(config: CorrelationConfig, origin: DefaultsRow['origin'], keyId: string | null, fileSha: string | null): Promise<HubDefaults> {
    const before = await latestDefaults(deps.owner);
    const written = await inTransaction(deps.owner, async (c) => {
      const row = await insertDefaults(c, {
        document: config as unknown as Record<string, unknown>, origin, file_sha256: fileSha, key_id: keyId,
        summary: { changed: changedPaths((before?.document ?? {}) as Overrides, config as unknown as Overrides) },
      });
      await announceChange(c, 'hub');
      return row;
    });
    await check('write');
    // The version this call wrote, not whatever a concurrent writer made current meanwhile.
    return toDefaults(written);
  }

  /** Imports the file as the defaults when none are stored or it was edited since its last import (or `always`, if it differs). */
  async function importFile(always: boolean, keyId: string | null): Promise<HubDefaults> {
    const file = await deps.file.read();
    const current = await latestDefaults(deps.owner);
    const edited = current === null || (await lastImportedFileSha(deps.owner)) !== file.sha256;
    const differs = current === null || canonicalJson(current.document) !== canonicalJson(file.config);
    if ((edited || always) && differs) return writeDefaults(file.config, 'file', keyId, file.sha256);
    await check('start');
    return defaults;
  }

  /** Writes the tenant's next version after validating it against the current defaults; returns the new effective policy. */
  async function commitVersion(tenantId: string, keyId: string, next: (c: pg.PoolClient, prev: VersionRow | null) => Promise<Omit<VersionRow, 'version' | 'key_id' | 'summary' | 'created_at'>>) {
    const written = await withTenant(deps.app, tenantId, async (c) => {
      await lockTenantPolicy(c, tenantId);
      const prev = await latestVersion(c, tenantId);
      const v = await next(c, prev);
      const checked = layerPolicy(defaults.config, v.overrides);
      if (!checked.ok) throw new InvalidCorrelationConfigError(checked.errors);
      const row = await insertVersion(c, tenantId, {
        ...v, version: (prev?.version ?? 0) + 1, key_id: keyId, summary: { changed: changedPaths(prev?.overrides ?? {}, v.overrides) },
      });
      await announceChange(c, tenantId);
      return row;
    });
    await check('write');
    // The version this call wrote: under concurrent writers the cache may already hold a later one.
    return layered(tenantId, written);
  }

  await importFile(false, null);
  // check() only logs failures; at start a database that cannot be read must stop the hub instead.
  if (generation === '') await compare('start');
  deps.notifications.on(POLICY_CHANNEL, () => void check('notify'));
  // Notifications sent while the connection was down are lost: compare the generation again.
  deps.notifications.onReconnect(() => void check('reconnect'));
  const timer = setInterval(() => void check('interval'), deps.checkIntervalMs);
  timer.unref();

  return {
    forTenant,
    defaults: (): HubDefaults => defaults,
    /** Calls `listener` after each change of any policy (hub defaults or a tenant's), on whichever hub it was made. */
    onChange(listener: () => void): void { changeListeners.push(listener); },
    /** Compares the generation now (tests; the notification and the timer call it too). */
    refresh: (): Promise<void> => check('interval'),
    /** Re-reads correlation.yaml into the defaults (a new version when it differs); an invalid file throws and changes nothing. */
    reload: (keyId: string) => importFile(true, keyId),
    /** Replaces the hub defaults (operator); a redacted secret sent back keeps its value. */
    async setDefaults(candidate: unknown, keyId: string): Promise<HubDefaults> {
      const checked = validateCorrelationConfig(restoreRedacted(candidate, defaults.config));
      if (!checked.ok) throw new InvalidCorrelationConfigError(checked.errors);
      return writeDefaults(checked.config, 'api', keyId, null);
    },
    /** Sets the tenant's overrides as a new version; a redacted secret sent back keeps its value. */
    setOverrides: (tenantId: string, candidate: unknown, keyId: string) => commitVersion(tenantId, keyId, async (_c, prev) => ({
      overrides: restoreOverrideSecrets(candidate, prev?.overrides ?? {}, defaults.config) as Overrides, action: 'put', rolled_back_to: null,
    })),
    /**
     * Replaces only the tenant's `trust_score` overrides (the Trust Score mapping API) as a new version; the other sections
     * stay as the version before had them, read under the tenant's policy lock so a concurrent policy write is never undone.
     */
    setTrustScoreOverrides: (tenantId: string, section: Record<string, unknown>, keyId: string) => commitVersion(tenantId, keyId, async (_c, prev) => {
      const { trust_score: _previous, ...others } = prev?.overrides ?? {};
      return { overrides: Object.keys(section).length ? { ...others, trust_score: section } : others, action: 'put', rolled_back_to: null };
    }),
    /** A new version equal to `version` (0 = no overrides); 404 when the tenant has no such version. */
    rollback: (tenantId: string, version: number, keyId: string) => commitVersion(tenantId, keyId, async (c) => {
      const target = version === 0 ? { overrides: {} } : await findVersion(c, tenantId, version);
      if (!target) throw new NotFoundError(`policy version ${version} does not exist`);
      return { overrides: target.overrides, action: 'rollback', rolled_back_to: version };
    }),
    defaultsVersions: (before: number | null, limit: number) => listDefaults(deps.owner, before, limit),
    versions: (tenantId: string, before: number | null, limit: number) => withTenant(deps.app, tenantId, (c) => listVersions(c, tenantId, before, limit)),
    version: (tenantId: string, version: number) => withTenant(deps.app, tenantId, (c) => findVersion(c, tenantId, version)),
    stop(): void {
      clearInterval(timer);
    },
  };
}

function toDefaults(row: DefaultsRow): HubDefaults {
  const checked = validateCorrelationConfig(row.document);
  // Stored defaults were validated when written; a newer hub's stricter validator must not take the policy down.
  const config = checked.ok ? checked.config : (row.document as unknown as CorrelationConfig);
  return { config, version: row.version, origin: row.origin, keyId: row.key_id, updatedAt: row.created_at };
}

export type PolicyStore = Awaited<ReturnType<typeof createPolicyStore>>;
