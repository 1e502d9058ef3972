// What correlate asks of the decision stage, declared here so correlate never imports decide: block a corroborated
// group's indicator, withdraw a decided group's block. The hub hands the engine decide's decider, which fits it.

import type pg from 'pg';
import type { BlockOrigin, BlockType, Severity } from '../core/types.ts';
import type { Statement } from '../db/one-trip.ts';
import type { Explanation } from './explanation.ts';

/** A block asked for by a corroborated group (origin `correlation`), a person (`manual`) or a policy (`automatic`). */
export interface BlockRequest {
  tenantId: string;
  indicator: string;
  /** `IP` when absent. */
  blockType?: BlockType;
  severity?: Severity | null;
  ttlSeconds: number;
  origin: BlockOrigin;
  groupId: string | null;
  rule: string | null;
  playbook: string | null;
  explanation: Explanation;
  createdBy: string | null;
  /** A rejected mitigation of the same group to update instead of adding another rejected row. */
  previousRejectedId?: string | null;
}

/** What became of a block request: the mitigation made or extended, or the guardrail that refused it. */
export type BlockDecision =
  | { outcome: 'created' | 'extended'; mitigation: { id: string } }
  | { outcome: 'rejected'; mitigation: { id: string } | null; rejection: { code: string; reason: string } };

/** A block decision whose opening reads go ahead, in the caller's own message (Decisions.prepareBlock). */
export interface PreparedBlock {
  /** To send, in this order, in the caller's next message of its transaction. */
  statements: Statement[];
  /** Takes their results (what they expired is recorded, decided or not); answers how to block the prepared indicator on what they read. */
  opened(c: pg.PoolClient, results: pg.QueryResult[]): Promise<(req: BlockRequest) => Promise<BlockDecision>>;
}

/** The decisions correlate hands on, each inside the caller's tenant transaction. */
export interface Decisions {
  block(c: pg.PoolClient, req: BlockRequest): Promise<BlockDecision>;
  /** block() for this indicator with its first round trip folded into the caller's (the decision lock is taken then). */
  prepareBlock(tenantId: string, indicator: string, blockType?: BlockType): PreparedBlock;
  /** Withdraws the group's block because its sources reported the attack ended; null when it was no longer active. */
  withdraw(c: pg.PoolClient, tenantId: string, mitigationId: string, reason: string, cause: 'source_ended'): Promise<{ id: string } | null>;
}
