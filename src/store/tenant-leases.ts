// The tenants a follower on this hub works on (feed consumers, the pointer keeper, Trust Score rounds): those whose lease
// it holds, every free one taken in one statement. Never reads a feed: each follower says how to ask which are behind.

import type pg from 'pg';
import type { LeaseHolder } from '../db/leases.ts';
import { listTenantIds } from '../auth/tenant-queries.ts';
import type { TenantFeedState } from './feed-queries.ts';

type Leases = Pick<LeaseHolder, 'tryHold' | 'tryHoldAll' | 'holds' | 'heldKeys'>;

/** The tenants a pass reads (their lease held), and among them those whose lease it took now (not held before). */
export interface TenantsToRead {
  read: string[];
  taken: string[];
}

/**
 * Every tenant whose lease this hub holds once it has taken each free one (a new tenant, a dead hub's): one statement
 * lists the tenants and one takes the leases, however many tenants other hubs follow.
 */
export async function holdEveryFreeTenant(owner: Pick<pg.Pool, 'query'>, leases: Leases): Promise<string[]> {
  const ids = await listTenantIds(owner);
  await leases.tryHoldAll(ids);
  return ids.filter((id) => leases.holds(id));
}

/**
 * The tenants a follower's full pass reads: `states(heldIds)` answers every tenant not among `heldIds`, and those among
 * them whose feed is behind (tenantFeedStatesSql). The held feeds behind are read; every other tenant's free lease is
 * tried in one statement, and those taken (a new tenant, a dead hub's) are asked in one more, only when there are some.
 * Tenants other hubs follow cost nothing more.
 */
export async function tenantsToRead(leases: Leases, states: (heldIds: readonly string[]) => Promise<TenantFeedState[]>): Promise<TenantsToRead> {
  const first = await states(leases.heldKeys());
  const others = first.filter((s) => !s.held).map((s) => s.id);
  if (others.length > 0) await leases.tryHoldAll(others);
  const taken = others.filter((id) => leases.holds(id));
  const behind = first.filter((s) => s.held && s.behind && leases.holds(s.id)).map((s) => s.id);
  const takenBehind = taken.length === 0 ? [] : (await states(taken)).filter((s) => s.held && s.behind).map((s) => s.id);
  return { read: [...behind, ...takenBehind], taken };
}

/** The woken tenants whose lease this hub holds or takes now (one round trip per lease not yet held). */
export async function holdWokenTenants(leases: Leases, ids: readonly string[]): Promise<TenantsToRead> {
  const result: TenantsToRead = { read: [], taken: [] };
  for (const id of ids) {
    const wasHeld = leases.holds(id);
    if (!(await leases.tryHold(id))) continue;
    result.read.push(id);
    if (!wasHeld) result.taken.push(id);
  }
  return result;
}
