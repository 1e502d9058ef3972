// Tenants and API keys in PostgreSQL: create, list, revoke, resolve. Runs on the owner pool (operator objects).
// Never returns a secret hash to a caller outside src/auth, and never stores a plain key.

import type pg from 'pg';
import { ConflictError, InvalidRequestError, NotFoundError, UnauthenticatedError } from '../errors.ts';
import { SCOPES, type Principal, type Scope } from '../types.ts';
import { generateApiKey, parseApiKey, secretMatches } from './api-keys.ts';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limit.ts';

/** NOTIFY channel of key revocations (payload: the key id): every hub forgets the key and closes its sensor sessions. */
export const KEY_REVOCATION_CHANNEL = 'quorum_keys';

export interface Tenant {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeyInfo {
  id: string;
  tenant_id: string;
  name: string | null;
  scopes: Scope[];
  agent_id: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface CreateKeyInput {
  tenantId: string;
  scopes: string[];
  name?: string | null;
  agentId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
export function createKeyStore(owner: Pick<pg.Pool, 'query'>, opts: { authCacheMs?: number; clock?: () => number; rateDefaults?: RateLimit } = {}) {
  const cacheMs = opts.authCacheMs ?? 0;
  const now = opts.clock ?? Date.now;
  const cache = new Map<string, CachedKey>();
  return {
    async createTenant(name: string): Promise<Tenant> {
      if (typeof name !== 'string' || name.length < 1 || name.length > 128) {
        throw new InvalidRequestError('tenant name must be 1–128 characters', { field: 'name' });
      }
      const res = await owner.query<Tenant>(
        'INSERT INTO tenants (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at', [name]);
      if (res.rowCount === 0) throw new ConflictError(`a tenant named "${name}" already exists`);
      return res.rows[0]!;
    },

    async findTenantByName(name: string): Promise<Tenant | null> {
      const res = await owner.query<Tenant>('SELECT id, name, created_at FROM tenants WHERE name = $1', [name]);
      return res.rows[0] ?? null;
    },

    async listTenants(): Promise<Tenant[]> {
      return (await owner.query<Tenant>('SELECT id, name, created_at FROM tenants ORDER BY created_at')).rows;
    },

    /** Creates a key and returns its token once; the database keeps only the hash. */
    async createKey(input: CreateKeyInput): Promise<ApiKeyInfo & { key: string }> {
      const scopes = validateScopes(input.scopes);
      if (!UUID.test(input.tenantId)) throw new InvalidRequestError('tenantId must be a UUID', { field: 'tenantId' });
      const agentId = input.agentId ?? null;
      if (scopes.includes('agent:write') !== (agentId !== null)) {
        throw new InvalidRequestError('a key has an agentId exactly when it has the agent:write scope', { field: 'agentId' });
      }
      const tenant = await owner.query('SELECT 1 FROM tenants WHERE id = $1', [input.tenantId]);
      if (tenant.rowCount === 0) throw new NotFoundError(`tenant ${input.tenantId} does not exist`);
      const key = generateApiKey();
      const res = await owner.query<ApiKeyInfo>(
        `INSERT INTO api_keys (id, tenant_id, name, secret_hash, scopes, agent_id) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, tenant_id, name, scopes, agent_id, created_at, revoked_at`,
        [key.id, input.tenantId, input.name ?? null, key.secretHash, scopes, agentId],
      );
      return { ...res.rows[0]!, key: key.token };
    },

    async listKeys(tenantId?: string): Promise<ApiKeyInfo[]> {
      const res = await owner.query<ApiKeyInfo>(
        `SELECT id, tenant_id, name, scopes, agent_id, created_at, revoked_at FROM api_keys
         WHERE $1::uuid IS NULL OR tenant_id = $1 ORDER BY created_at`, [tenantId ?? null]);
      return res.rows;
    },

    /**
     * Revokes a key; revoking twice is harmless. Returns false when no key has that id. The NOTIFY rides in the same
     * statement, so every hub hears of exactly the revocations that committed.
     */
    async revokeKey(id: string, tenantId?: string): Promise<boolean> {
      if (!UUID.test(id)) return false;
      const res = await owner.query(
        `WITH revoked AS (
           UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
            WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) RETURNING id)
         SELECT pg_notify('${KEY_REVOCATION_CHANNEL}', id::text) FROM revoked`, [id, tenantId ?? null]);
      cache.delete(id.toLowerCase());
      return res.rowCount === 1;
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
      const res = parsed
        ? await owner.query<KeyRow>(
          'SELECT tenant_id, secret_hash, scopes, agent_id, revoked_at, rate_per_second, rate_burst FROM api_keys WHERE id = $1', [parsed.id])
        : null;
      const row = res?.rows[0];
      const ok = secretMatches(parsed?.secret ?? '', row?.secret_hash ?? null);
      if (!ok || !row || !parsed) throw new UnauthenticatedError();
      if (row.revoked_at !== null) throw new UnauthenticatedError('API key has been revoked');
      const principal = { keyId: parsed.id, tenantId: row.tenant_id, scopes: row.scopes, agentId: row.agent_id, rateLimit: rateLimitOf(row, opts.rateDefaults ?? DEFAULT_RATE_LIMIT) };
      if (cacheMs > 0) {
        if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
        cache.set(parsed.id, { secretHash: row.secret_hash, principal, expires: now() + cacheMs });
      }
      return principal;
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;

interface KeyRow {
  tenant_id: string;
  secret_hash: Buffer;
  scopes: Scope[];
  agent_id: string | null;
  revoked_at: string | null;
  rate_per_second: number | null;
  rate_burst: number | null;
}

/** The key's own limit, null when it has none (the hub default applies); a NULL column takes the hub default's value. */
function rateLimitOf(row: KeyRow, defaults: RateLimit): RateLimit | null {
  if (row.rate_per_second === null && row.rate_burst === null) return null;
  return { perSecond: row.rate_per_second ?? defaults.perSecond, burst: row.rate_burst ?? defaults.burst };
}

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

/** True when the principal holds the scope: operator holds every scope, admin every scope of its tenant (not operator). */
export function hasScope(p: Principal, scope: Scope): boolean {
  if (p.scopes.includes('operator') || p.scopes.includes(scope)) return true;
  return scope !== 'operator' && p.scopes.includes('admin');
}
