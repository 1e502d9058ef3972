// What the router announcer reads of a tenant's active IP blocks: the prefix, the playbook and the attack vector the
// correlation grouped by. Reads only, inside the caller's withTenant (RLS) but for the owner's list of tenants to read.

import type pg from 'pg';

type Client = Pick<pg.PoolClient, 'query'>;

/** An active IP block with what decides its route. */
export interface RouteBlockRow {
  mitigation_id: string;
  prefix: string;
  /** The playbook that decided it; null for manual and automatic blocks. */
  playbook: string | null;
  /** The group's `signal_value.vector` when the rule grouped by it (the explanation keeps the group key). */
  vector: string | null;
}

const COLUMNS = `id AS mitigation_id, indicator::text AS prefix, playbook,
  explanation->'group_key'->>'signal_value.vector' AS vector`;

/** The tenants with an active IP block at `now`: the only ones a full reconcile reads (one statement, owner connection, ids only). */
export async function listTenantsWithRouteBlocks(owner: Client, now: Date): Promise<string[]> {
  const res = await owner.query<{ id: string }>({
    name: 'list_tenants_with_route_blocks',
    text: `SELECT t.id FROM tenants t WHERE EXISTS (
       SELECT 1 FROM mitigations m WHERE m.tenant_id = t.id AND m.status = 'active' AND m.block_type = 'IP' AND m.expires_at > $1)
     ORDER BY t.id`,
    values: [now],
  });
  return res.rows.map((r) => r.id);
}

/** Up to `limit` active IP blocks at `now`, in id order after `afterId` (keyset pages over mitigations_active_idx). */
export async function listActiveRouteBlocks(c: Client, tenantId: string, now: Date, limit: number, afterId: string | null): Promise<RouteBlockRow[]> {
  const res = await c.query<RouteBlockRow>(
    `SELECT ${COLUMNS} FROM mitigations
     WHERE tenant_id = $1 AND status = 'active' AND block_type = 'IP' AND expires_at > $2 AND ($3::uuid IS NULL OR id > $3::uuid)
     ORDER BY id LIMIT $4`,
    [tenantId, now, afterId, limit]);
  return res.rows;
}

/** Those of `ids` that are active IP blocks now (a block created and ended in one batch of changes is not). */
export async function findActiveRouteBlocks(c: Client, tenantId: string, ids: string[], now: Date): Promise<RouteBlockRow[]> {
  const res = await c.query<RouteBlockRow>(
    `SELECT ${COLUMNS} FROM mitigations
     WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status = 'active' AND block_type = 'IP' AND expires_at > $3`,
    [tenantId, ids, now]);
  return res.rows;
}
