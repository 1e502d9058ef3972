// The routes Quorum wants in GoBGP, each with the blocks that want it: blocks of two tenants on one prefix share
// one route, which is withdrawn only when no block holds it. In memory only; rebuilt from PostgreSQL at each reconcile.

import { attributesKey, routeKey, strictest, type Route, type RouteFamily } from './routes.ts';

/** What GoBGP must be told after a change of the set: announce `route` under `key`, or withdraw `key` when null. */
export interface RouteChange {
  key: string;
  route: Route | null;
  /** The route that was announced under `key` before (what to withdraw). */
  previous: Route | null;
}

/** A block's handle in the set: tenant and mitigation id, so two tenants' blocks never collide. */
export const holderOf = (tenantId: string, mitigationId: string): string => `${tenantId}/${mitigationId}`;

export function createRouteSet() {
  // key → (holder → the route that block asks for); a key's announced route is the strictest of them.
  const byKey = new Map<string, Map<string, Route>>();
  const keyOf = new Map<string, string>();
  const counts: Record<RouteFamily, number> = { 'ipv4-flowspec': 0, 'ipv6-flowspec': 0, 'ipv4-unicast': 0, 'ipv6-unicast': 0 };

  function effective(key: string): Route | null {
    const holders = byKey.get(key);
    return holders ? strictest(holders.values()) : null;
  }

  /** A change when the announced route of the key differs after the edit, else null (a key is never empty on both sides: an add leaves a route, a remove had one). */
  function diff(key: string, before: Route | null): RouteChange | null {
    const after = effective(key);
    if (before && after && attributesKey(before) === attributesKey(after)) return null;
    if (!before) counts[after!.family]++;
    if (!after) counts[before!.family]--;
    return { key, route: after, previous: before };
  }

  const set = {
    /** `holder` (a block) asks for `route`; replaces what it asked before. */
    add(holder: string, route: Route): RouteChange[] {
      const key = routeKey(route);
      // A block that asked for another key gives it up first (removing a block never added changes nothing).
      const changes = keyOf.get(holder) !== key ? set.remove(holder) : [];
      const before = effective(key);
      let holders = byKey.get(key);
      if (!holders) byKey.set(key, (holders = new Map()));
      holders.set(holder, route);
      keyOf.set(holder, key);
      const change = diff(key, before);
      return change ? [...changes, change] : changes;
    },

    /** `holder` no longer asks for a route (its block ended). */
    remove(holder: string): RouteChange[] {
      const key = keyOf.get(holder);
      if (key === undefined) return [];
      const before = effective(key);
      const holders = byKey.get(key)!;
      holders.delete(holder);
      if (holders.size === 0) byKey.delete(key);
      keyOf.delete(holder);
      const change = diff(key, before);
      return change ? [change] : [];
    },

    has: (holder: string): boolean => keyOf.has(holder),

    /** Every route to announce, by key. */
    routes(): Map<string, Route> {
      const out = new Map<string, Route>();
      for (const key of byKey.keys()) out.set(key, effective(key)!);
      return out;
    },

    /** Routes to announce per family. */
    countByFamily: (): Readonly<Record<RouteFamily, number>> => counts,
  };
  return set;
}

export type RouteSet = ReturnType<typeof createRouteSet>;
