// A tenant's age in whole days, from tenants.created_at: what selects the Trust Score's bootstrap weights.
// Reads only, inside the caller's tenant transaction.

import type pg from 'pg';
import { tenantCreatedAt } from './score-queries.ts';

const DAY_MS = 86_400_000;

/** Whole days since the tenant was created (a tenant 29.9 days old is 29 days old: still bootstrapping). */
export async function tenantAgeDays(c: Pick<pg.PoolClient, 'query'>, tenantId: string, now: Date): Promise<number> {
  return ageInDays(await tenantCreatedAt(c, tenantId), now);
}

export const ageInDays = (created: Date, now: Date): number => Math.max(0, Math.floor((now.getTime() - created.getTime()) / DAY_MS));
