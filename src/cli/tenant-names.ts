// Tenant names for people, ids for the API: `--tenant acme` becomes acme's id (via GET /v1/tenants), and listings show
// names where the key may read them. Never guesses: an unknown name is "not found" (exit 3), never another tenant.

import { QuorumError } from '../core/errors.ts';
import { allPages, HubError, type HubClient } from './hub-client.ts';
import { isUuid } from '../core/uuid.ts';

export interface Tenant { id: string; name: string; created_at?: string }

/** Every tenant, oldest first, page by page (GET /v1/tenants hands out 1,000 a page at most). */
export async function listAllTenants(client: HubClient): Promise<Tenant[]> {
  return allPages<Tenant>(Number.MAX_SAFE_INTEGER, async (cursor, want) => {
    const p = await client.json<{ tenants: Tenant[]; next_cursor: string | null }>({ method: 'GET', path: '/v1/tenants', query: { cursor, limit: want } });
    return { items: p.tenants, next: p.next_cursor };
  });
}

/** Every tenant's name by id; empty when the key may not list tenants (only the operator may). */
export async function tenantNames(client: HubClient): Promise<Map<string, string>> {
  try {
    const tenants = await listAllTenants(client);
    return new Map(tenants.map((t) => [t.id, t.name]));
  } catch (err) {
    if (err instanceof HubError && err.status === 403) return new Map();
    throw err;
  }
}

/** A `--tenant` value (an id or a name) as the tenant's id; undefined stays undefined (the key's own tenant). */
export async function tenantIdOf(client: HubClient, tenant: string | undefined): Promise<string | undefined> {
  if (tenant === undefined || isUuid(tenant)) return tenant;
  let tenants: Tenant[];
  try {
    tenants = await listAllTenants(client);
  } catch (err) {
    if (err instanceof HubError && err.status === 403) {
      throw new HubError(403, err.code, `--tenant ${tenant}: looking a tenant up by name needs an operator key; give the tenant's id instead (${err.message})`);
    }
    throw err;
  }
  const found = tenants.find((t) => t.name === tenant);
  if (!found) throw new QuorumError('not_found', 404, `no tenant named "${tenant}" (quorum tenants list shows them)`);
  return found.id;
}

/** A tenant's name when known, else its id. */
export const tenantLabel = (names: Map<string, string>, id: string) => names.get(id) ?? id;
