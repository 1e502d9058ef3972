// The `snapshot` a dashboard asks for (or gets instead of a resume): counts, open groups, active blocks, sensors, recent threats.
// One read-only transaction under the tenant's RLS, every list bounded; never blocks the stream it is numbered in.

import type pg from 'pg';
import { withTenant } from '../../db/pools.ts';
import { currentBlockVersion } from '../../distribute/active-blocks.ts';
import { countTenantState, listActiveBlocksNewest, listOpenGroups, listRecentThreats, listSensors, type HealthJudge } from './dashboard-queries.ts';
import type { Snapshot } from './protocol.ts';

/** What a snapshot carries at most (docs/dashboard.md): the counts are always whole. */
export const SNAPSHOT_LIMITS = { openGroups: 200, activeBlocks: 500, sensors: 500, recentThreats: 50, threatScan: 5000 } as const;

export async function readSnapshot(app: pg.Pool, tenantId: string, judge: HealthJudge): Promise<Snapshot> {
  return withTenant(app, tenantId, async (c) => {
    const counts = await countTenantState(c, tenantId);
    const openGroups = await listOpenGroups(c, tenantId, SNAPSHOT_LIMITS.openGroups);
    const activeBlocks = await listActiveBlocksNewest(c, tenantId, SNAPSHOT_LIMITS.activeBlocks);
    const sensors = await listSensors(c, tenantId, SNAPSHOT_LIMITS.sensors, judge);
    const blockVersion = await currentBlockVersion(c, tenantId);
    const recentThreats = await listRecentThreats(c, tenantId, SNAPSHOT_LIMITS.threatScan, SNAPSHOT_LIMITS.recentThreats);
    const truncated = counts.openGroups > openGroups.length || counts.activeBlocks > activeBlocks.length || sensors.length === SNAPSHOT_LIMITS.sensors;
    return { counts, openGroups, activeBlocks, sensors, recentThreats, blockVersion, truncated };
  });
}
