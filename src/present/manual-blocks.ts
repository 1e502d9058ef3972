// Blocks by hand, shared by the mitigations API, the blocks API and the blocks import: add, withdraw, extend, each
// through the decider (the one writer) and its guardrails, inside the caller's tenant transaction.

import { actorLabel } from '../core/actor.ts';
import type pg from 'pg';
import { QuorumError } from '../core/errors.ts';
import type { BlockType, Principal, Severity } from '../core/types.ts';
import { explainManual } from '../correlate/explanation.ts';
import type { Decider } from '../decide/decider.ts';
import type { Rejection } from '../decide/guardrails.ts';
import { getMitigation } from '../decide/mitigation-queries.ts';

export type ManualDecider = Pick<Decider, 'block' | 'withdraw' | 'extend'>;

export interface ManualBlock {
  blockType: BlockType;
  indicator: string;
  ttlSeconds: number;
  reason?: string;
  severity?: Severity | null;
}

/** Asks the decider for a manual block of the caller's tenant: created, extended (an active block covers it) or rejected. */
export function blockManually(c: pg.PoolClient, decider: Pick<Decider, 'block'>, who: Principal, b: ManualBlock, now: Date) {
  return decider.block(c, {
    tenantId: who.tenantId, blockType: b.blockType, indicator: b.indicator, ttlSeconds: b.ttlSeconds, severity: b.severity ?? null,
    origin: 'manual', groupId: null, rule: null, playbook: null,
    explanation: explainManual(b.reason, actorLabel(who), now), createdBy: who.keyId,
  });
}

/** The 422 a guardrail refusal is answered with. */
export function guardrailError(rejection: Rejection): QuorumError {
  return new QuorumError('guardrail_rejected', 422, rejection.reason, { guardrail: rejection.code });
}

/** The reason stored when a person withdraws a block. */
export const withdrawnBy = (who: Pick<Principal, 'keyId' | 'user'>, reason?: string) => `withdrawn by ${actorLabel(who)}${reason ? `: ${reason}` : ''}`;

/** Withdraws an active mitigation; 'not_active' when it exists but has ended, null when there is none. */
export async function withdrawManually(c: pg.PoolClient, decider: Pick<Decider, 'withdraw'>, tenantId: string, id: string, reason: string) {
  const ended = await decider.withdraw(c, tenantId, id, reason, 'manual');
  return ended ?? (await getMitigation(c, tenantId, id) ? 'not_active' as const : null);
}

/** Extends an active block by hand; 'not_active' when it exists but has ended, null when there is none. */
export async function extendManually(c: pg.PoolClient, decider: Pick<Decider, 'extend'>, who: Principal, id: string, ttlSeconds: number) {
  const result = await decider.extend(c, who.tenantId, id, ttlSeconds, `extended by ${actorLabel(who)} for ${ttlSeconds} s`);
  return result ?? (await getMitigation(c, who.tenantId, id) ? 'not_active' as const : null);
}
