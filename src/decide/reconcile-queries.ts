// The statement a reconciliation round starts with: which tenants have anything due (a group window ended, an active
// block, an incident past its TTL, a decided group whose block ended), so an idle tenant costs no round trip.

import type pg from 'pg';

/**
 * The tenants a round has work in: a superset of what each step would touch (every expiry and safelist lift acts on
 * active blocks only). On the owner connection, like the tenant list it replaces: it answers tenant ids, nothing more.
 */
export async function listTenantsWithDueWork(owner: Pick<pg.Pool, 'query'>, now: Date): Promise<string[]> {
  const res = await owner.query<{ id: string }>({
    name: 'list_tenants_with_due_work',
    text: `SELECT t.id FROM tenants t WHERE
       EXISTS (SELECT 1 FROM mitigations m WHERE m.tenant_id = t.id AND m.status = 'active')
       OR EXISTS (SELECT 1 FROM signal_groups g WHERE g.tenant_id = t.id AND g.status = 'open' AND g.window_ends_at <= $1)
       OR EXISTS (SELECT 1 FROM incidents i WHERE i.tenant_id = t.id AND i.status = 'open' AND i.expires_at <= $1)
       OR EXISTS (SELECT 1 FROM signal_groups g JOIN mitigations m ON m.tenant_id = g.tenant_id AND m.id = g.mitigation_id
                  WHERE g.tenant_id = t.id AND g.status = 'corroborated' AND g.ended_at IS NULL AND m.status IN ('withdrawn', 'expired'))
     ORDER BY t.id`,
    values: [now],
  });
  return res.rows.map((r) => r.id);
}
