// Tenants and API keys in PostgreSQL: create, list, revoke, resolve. Runs on the owner pool (operator objects).
// Never returns a secret hash to a caller outside src/auth, and never stores a plain key.

import type pg from 'pg';
import { ConflictError, InvalidRequestError, NotFoundError, UnauthenticatedError } from '../core/errors.ts';
import { SCOPES, type Principal, type RateLimit, type Scope } from '../core/types.ts';
import { textFault, textFaultMessage } from '../core/text.ts';
import { generateApiKey, parseApiKey, secretMatches } from './api-keys.ts';
import { isUuid } from '../core/uuid.ts';
import { findTenantByName, insertTenant, listTenants, listTenantsPage, tenantExists, type Tenant } from './tenant-queries.ts';
import { findKeyRow, findKeySecret, insertKey, listKeyRows, revokeKeyRow, type KeyRow } from './key-queries.ts';

/** NOTIFY channel of key revocations (payload: the key id): every hub forgets the key and closes its sensor sessions. */
export const KEY_REVOCATION_CHANNEL = 'quorum_keys';

export type { Tenant } from './tenant-queries.ts';

/** A key as callers see it: its row without the hash, the rate limit as one object. */
export interface ApiKeyInfo extends Omit<KeyRow, 'rate_per_second' | 'rate_burst'> {
  /** The key's own write rate limit, or null for the hub's default. */
  rate_limit: { per_second: number; burst: number } | null;
}

export interface CreateKeyInput {
  tenantId: string;
  scopes: string[];
  name?: string | null;
  agentId?: string | null;
  rateLimit?: RateLimit | null;
}

/** Bounds of a per-key rate limit: the CHECK constraints of api_keys.rate_per_second / rate_burst. */
export const RATE_LIMIT_BOUNDS = { perSecond: { min: 1, max: 1_000_000 }, burst: { min: 1, max: 10_000_000 } } as const;

/** A key as callers see it: never the hash, the rate limit as one object. */
function keyView({ rate_per_second, rate_burst, ...key }: KeyRow): ApiKeyInfo {
  return { ...key, rate_limit: rate_per_second === null || rate_burst === null ? null : { per_second: rate_per_second, burst: rate_burst } };
}

interface CachedKey {
  secretHash: Buffer;
  principal: Principal;
  expires: number;
}

const MAX_CACHED_KEYS = 10_000;

/**
 * Keys, tenants and authentication. A verified key is remembered for `authCacheMs` (by key id and secret hash, never
 * the secret) to spare a query per request; revoking through this store forgets it at once, elsewhere within the TTL.
 */
export function createKeyStore(owner: Pick<pg.Pool, 'query'>, opts: { authCacheMs?: number; clock?: () => number } = {}) {
  const cacheMs = opts.authCacheMs ?? 0;
  const now = opts.clock ?? Date.now;
  const cache = new Map<string, CachedKey>();
  return {
    async createTenant(name: string): Promise<Tenant> {
      if (typeof name !== 'string' || name.length < 1 || name.length > 128) {
        throw new InvalidRequestError('tenant name must be 1–128 characters', { field: 'name' });
      }
      checkText('name', name);
      const tenant = await insertTenant(owner, name);
      if (!tenant) throw new ConflictError(`a tenant named "${name}" already exists`);
      return tenant;
    },

    async findTenantByName(name: string): Promise<Tenant | null> {
      return findTenantByName(owner, name);
    },

    async listTenants(): Promise<Tenant[]> {
      return listTenants(owner);
    },

    /** A page of the tenants, oldest first, after the (created_at, id) of a cursor when given. */
    async listTenantsPage(after: { at: string; id: string } | null, limit: number): Promise<Tenant[]> {
      return listTenantsPage(owner, after, limit);
    },

    /** Creates a key and returns its token once; the database keeps only the hash. */
    async createKey(input: CreateKeyInput): Promise<ApiKeyInfo & { key: string }> {
      const scopes = validateScopes(input.scopes);
      if (!isUuid(input.tenantId)) throw new InvalidRequestError('tenantId must be a UUID', { field: 'tenantId' });
      const agentId = input.agentId ?? null;
      if (scopes.includes('agent:write') !== (agentId !== null)) {
        throw new InvalidRequestError('a key has an agentId exactly when it has the agent:write scope', { field: 'agentId' });
      }
      if (input.name != null) checkText('name', input.name);
      if (agentId !== null) checkText('agentId', agentId);
      const rate = input.rateLimit ?? null;
      if (rate !== null) checkRateLimit(rate);
      if (!(await tenantExists(owner, input.tenantId))) throw new NotFoundError(`tenant ${input.tenantId} does not exist`);
      const key = generateApiKey();
      const row = await insertKey(owner, {
        id: key.id, tenantId: input.tenantId, name: input.name ?? null, secretHash: key.secretHash, scopes, agentId, ratePerSecond: rate?.perSecond ?? null, rateBurst: rate?.burst ?? null,
      });
      return { ...keyView(row), key: key.token };
    },

    /** The keys of one tenant, or of every tenant when none is named; oldest first. */
    async listKeys(tenantId?: string): Promise<ApiKeyInfo[]> {
      return (await listKeyRows(owner, tenantId ?? null)).map(keyView);
    },

    /** One key (revoked or not), confined to a tenant when one is named; null when there is no such key there. */
    async findKey(id: string, tenantId?: string): Promise<ApiKeyInfo | null> {
      if (!isUuid(id)) return null;
      const row = await findKeyRow(owner, id, tenantId ?? null);
      return row ? keyView(row) : null;
    },

    /**
     * Revokes a key; revoking twice is harmless. Returns false when no key has that id. The NOTIFY rides in the same
     * statement, so every hub hears of exactly the revocations that committed.
     */
    async revokeKey(id: string, tenantId?: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const revoked = await revokeKeyRow(owner, id, tenantId ?? null, KEY_REVOCATION_CHANNEL);
      cache.delete(id.toLowerCase());
      return revoked;
    },

    /** Forgets a cached verification (another hub revoked the key): the next use reads the database. */
    forget(id: string): void {
      cache.delete(id.toLowerCase());
    },

    /** Forgets every cached verification (revocations may have been missed while notifications were down). */
    forgetAll(): void {
      cache.clear();
    },

    /** Resolves a bearer token to its principal, or throws UnauthenticatedError. */
    async authenticate(token: string): Promise<Principal> {
      const parsed = parseApiKey(token);
      const cached = parsed ? cache.get(parsed.id) : undefined;
      if (parsed && cached && cached.expires > now() && secretMatches(parsed.secret, cached.secretHash)) return cached.principal;
      const row = parsed ? await findKeySecret(owner, parsed.id) : null;
      const ok = secretMatches(parsed?.secret ?? '', row?.secret_hash ?? null);
      if (!ok || !row || !parsed) throw new UnauthenticatedError();
      if (row.revoked_at !== null) throw new UnauthenticatedError('API key has been revoked');
      const rateLimit = row.rate_per_second === null || row.rate_burst === null ? null : { perSecond: row.rate_per_second, burst: row.rate_burst };
      const principal = { keyId: parsed.id, tenantId: row.tenant_id, scopes: row.scopes, agentId: row.agent_id, rateLimit };
      if (cacheMs > 0) {
        if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
        cache.set(parsed.id, { secretHash: row.secret_hash, principal, expires: now() + cacheMs });
      }
      return principal;
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;

function validateScopes(scopes: unknown): Scope[] {
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new InvalidRequestError(`scopes must be a non-empty list of: ${SCOPES.join(', ')}`, { field: 'scopes' });
  }
  for (const s of scopes) {
    if (!(SCOPES as readonly unknown[]).includes(s)) {
      throw new InvalidRequestError(`unknown scope "${String(s)}"; scopes are: ${SCOPES.join(', ')}`, { field: 'scopes' });
    }
  }
  return [...new Set(scopes as Scope[])];
}

function checkText(field: string, value: string): void {
  const fault = textFault(value);
  if (fault) throw new InvalidRequestError(`${field} ${textFaultMessage(fault)}`, { field, rule: fault });
}

function checkRateLimit(rate: RateLimit): void {
  for (const field of ['perSecond', 'burst'] as const) {
    const { min, max } = RATE_LIMIT_BOUNDS[field];
    const v = rate[field];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new InvalidRequestError(`rateLimit.${field} must be an integer from ${min} to ${max}`, { field: `rateLimit.${field}` });
    }
  }
}

/** True when the principal holds the scope: operator holds every scope, admin every scope of its tenant (not operator). */
export function hasScope(p: Principal, scope: Scope): boolean {
  if (p.scopes.includes('operator') || p.scopes.includes(scope)) return true;
  return scope !== 'operator' && p.scopes.includes('admin');
}
