// The tenants a follower on this hub works on (feed consumers, the pointer keeper, Trust Score rounds): those whose lease it holds, every free one taken in one statement.
// Never reads a feed: each follower asks its own table which of its tenants are behind.

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
 * The tenants a follower's full pass reads, from the states its one statement found (every tenant; for the held ones,
 * whether the feed is behind): the held feeds behind, and each tenant whose free lease it takes now (one statement for
 * all of them), read once from its stored position. Tenants other hubs follow cost nothing more.
 */
export async function tenantsToRead(leases: Leases, states: readonly TenantFeedState[]): Promise<TenantsToRead> {
  const others = states.filter((s) => !s.held).map((s) => s.id);
  if (others.length > 0) await leases.tryHoldAll(others);
  const taken = others.filter((id) => leases.holds(id));
  const behind = states.filter((s) => s.held && s.behind && leases.holds(s.id)).map((s) => s.id);
  return { read: [...behind, ...taken], taken };
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
