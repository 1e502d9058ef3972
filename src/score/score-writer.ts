// The one writer of the Trust Score tables: a recompute's subject scores (upserted, with a history row when changed),
// the removal of subjects without findings, the tenant snapshot and its basis, history retention; in the caller's transaction.

import type pg from 'pg';
import type { SubjectScore } from './formula.ts';
import type { SubjectKeys } from './current-signals.ts';
import type { SubjectBasis, TenantScoring } from './tenant-scoring.ts';
import {
  deleteHistoryBefore, deleteUnscoredSubjects, feedHorizon, insertTenantSnapshot, lastRecomputeAt, lockTenantScores, upsertSubjectScores,
  type SubjectScoreRow,
} from './score-queries.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** Subject scores written per statement. */
const BATCH = 500;
const DAY_MS = 86_400_000;

export interface ScoreWrite {
  /** The recompute's time: every row it writes carries it. */
  at: Date;
  /** Stores one subject's score (buffered, written a batch at a time). */
  add(subjectType: string, subjectId: string, s: SubjectScore, basis: SubjectBasis): Promise<void>;
  /**
   * Writes what is buffered, removes the subjects that lost their last finding (those of `gone`; with null, every
   * subject not scored this time), appends the tenant snapshot with `basisHash` and applies retention.
   */
  finish(tenant: TenantScoring, noFindingsHash: string, basisHash: string, gone: SubjectKeys | null): Promise<{ removed: number }>;
}

/**
 * Starts a tenant's write inside its transaction: takes the tenant's score lock and picks the recompute time, strictly
 * after the last one (two recomputes in one clock tick must not share a time: unscored subjects are found by it).
 */
export async function beginScoreWrite(c: Client, tenantId: string, now: Date, retentionDays: number): Promise<ScoreWrite> {
  await lockTenantScores(c, tenantId);
  const last = await lastRecomputeAt(c, tenantId);
  const at = last && last >= now ? new Date(last.getTime() + 1) : now;
  // The feed's horizon before anything is read: the next recompute rescores the subjects of the rows from it on.
  const feedXmin = await feedHorizon(c);
  let buffer: SubjectScoreRow[] = [];
  const flush = async () => {
    await upsertSubjectScores(c, tenantId, at, buffer);
    buffer = [];
  };
  return {
    at,
    async add(subjectType, subjectId, s, basis) {
      buffer.push({
        subject_type: subjectType, subject_id: subjectId, score: s.score, formula_version: s.formula_version, inputs_hash: s.inputs_hash,
        explanation: { categories: s.categories, losses: s.losses, unmapped: s.unmapped },
        valid_until: basis.validUntil, holdings_hash: basis.holdingsHash,
      });
      if (buffer.length >= BATCH) await flush();
    },
    async finish(tenant, noFindingsHash, basisHash, gone) {
      await flush();
      const removed = await deleteUnscoredSubjects(c, tenantId, at, noFindingsHash, gone);
      const { score, subjects, inputs_hash, ...explanation } = tenant;
      await insertTenantSnapshot(c, tenantId, { computed_at: at.toISOString(), score, subjects, inputs_hash, explanation }, { feed_xmin: feedXmin, basis_hash: basisHash });
      await deleteHistoryBefore(c, tenantId, new Date(at.getTime() - retentionDays * DAY_MS));
      return { removed };
    },
  };
}
