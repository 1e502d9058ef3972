// Writes a block of any type as the decider writes one (the row and its feed change in one transaction),
// with any severity and creation time, for tests of the enforcement targets; the decider's own path (guardrails) is tested elsewhere.

import type pg from 'pg';
import { withTenant } from '../../src/db/pools.ts';
import { appendBlockChanges } from '../../src/decide/block-change-queries.ts';
import { explainManual } from '../../src/correlate/explanation.ts';
import type { BlockType, Severity } from '../../src/core/types.ts';

export interface TestBlock {
  blockType: BlockType;
  indicator: string;
  severity?: Severity | null;
  ttlSeconds?: number;
  at?: Date;
}

/** Creates an active block and appends its `created` change; returns the mitigation id. */
export async function writeBlock(app: pg.Pool, tenantId: string, b: TestBlock): Promise<string> {
  const at = b.at ?? new Date();
  return withTenant(app, tenantId, async (c) => {
    const ip = b.blockType === 'IP';
    const res = await c.query(
      `INSERT INTO mitigations (tenant_id, indicator, indicator_value, block_type, severity, status, origin, ttl_seconds, created_at, expires_at, explanation, explanation_text)
       VALUES ($1, $2::cidr, $3, $4, $5, 'active', 'manual', $6::int, $7, $7::timestamptz + make_interval(secs => $6::int), $8, 'test block') RETURNING *`,
      [tenantId, ip ? b.indicator : null, ip ? null : b.indicator, b.blockType, b.severity ?? null, b.ttlSeconds ?? 600, at,
        JSON.stringify(explainManual('test block', 'test', at))]);
    await appendBlockChanges(c, tenantId, 'created', res.rows, () => 'test block', at);
    return res.rows[0].id as string;
  });
}
