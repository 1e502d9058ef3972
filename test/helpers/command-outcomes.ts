// Stand-in for the fleet command delivery in tests that drive rollouts without sensors answering: finishes a command
// the way delivery does (its status, message and finish time in one UPDATE with the outcome NOTIFY).

import type pg from 'pg';
import { withTenant } from '../../src/db/pools.ts';
import { COMMAND_OUTCOME_CHANNEL } from '../../src/distribute/command-queries.ts';

/** Finishes a command as the delivery would on the sensor's ack (succeeded/failed) or its end (timed_out, expired). */
export async function finishCommandAsDeliveryWould(owner: pg.Pool, tenantId: string, commandId: string, status: 'succeeded' | 'failed' | 'timed_out' | 'expired', message: string | null = null): Promise<void> {
  await withTenant(owner, tenantId, (c) => c.query(
    `WITH done AS (
       UPDATE sensor_commands SET status = $3, message = $4, finished_at = now(), attempts = greatest(attempts, 1)
       WHERE tenant_id = $1 AND id = $2 AND status IN ('pending', 'sent') RETURNING id)
     SELECT pg_notify('${COMMAND_OUTCOME_CHANNEL}', $1 || ':' || id) FROM done`,
    [tenantId, commandId, status, message]));
}
