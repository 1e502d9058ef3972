// The operator's log line of each block change (`block.created`, …), written once the change has committed.
// Never logs an explanation's whole text or a row as is: stable field names only (docs/operations.md, "Logs").

import type { Logger } from 'pino';
import type { BlockChangeKind } from './block-change-queries.ts';
import type { MitigationRow } from './mitigation-queries.ts';

const MESSAGES: Record<BlockChangeKind, string> = {
  created: 'block created',
  extended: 'block extended',
  withdrawn: 'block withdrawn',
  expired: 'block expired',
  lifted: 'block lifted by the safelist',
  rejected: 'block refused by a guardrail',
};

/** One info line per changed row, marked for the audit file. */
export function logBlockChanges(logger: Pick<Logger, 'info'>, change: BlockChangeKind, rows: MitigationRow[], reason: (m: MitigationRow) => string | null): void {
  for (const m of rows) {
    logger.info({
      event: `block.${change}`, audit: true, tenantId: m.tenant_id, mitigationId: m.id, indicator: m.indicator ?? m.indicator_value,
      blockType: m.block_type, origin: m.origin, reason: reason(m), expiresAt: change === 'rejected' ? undefined : m.expires_at,
      guardrail: m.rejection_code ?? undefined, rule: m.rule ?? undefined,
    }, MESSAGES[change]);
  }
}

/** A refusal that left no mitigation row (a manual or automatic block refused by a guardrail). */
export function logRefusal(logger: Pick<Logger, 'info'>, r: { tenantId: string; indicator: string; origin: string; code: string; reason: string; mitigationId: string | null }): void {
  logger.info({
    event: 'block.rejected', audit: true, tenantId: r.tenantId, mitigationId: r.mitigationId, indicator: r.indicator, origin: r.origin,
    guardrail: r.code, reason: r.reason,
  }, MESSAGES.rejected);
}
