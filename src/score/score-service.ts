// The Trust Score's service functions for the routes and the recompute loop: a subject's live score, a tenant's
// recompute (scored and stored in one transaction), and the trend over a range. Routes shape; this computes.

import type pg from 'pg';
import { readAsTenant, withTenant } from '../db/pools.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import { readOldestSignalAt, readSubjectCurrentSignals, SUBJECT_READ_SETTINGS } from './current-signals.ts';
import { subjectFindingsFrom, subjectHoldingStatements } from './findings.ts';
import { forgetDroppedPointers } from './pointer-queries.ts';
import { scoreSubject, type SubjectScore } from './formula.ts';
import {
  latestRecomputeBasis, latestTenantSnapshot, readTrend, scoreAt, scoreAtStatement, tenantCreatedAtFrom, tenantCreatedAtStatement, trendStatement, worstSubjects,
  type TrendOf, type TrendPoint,
} from './score-queries.ts';
import { beginScoreWrite } from './score-writer.ts';
import { ageInDays, tenantAgeDays } from './tenant-age.ts';
import { scoreTenant, type TenantScoring } from './tenant-scoring.ts';
import { recomputeBasisHash, rescoreTenant } from './tenant-rescoring.ts';

export interface ScoreServiceDeps {
  app: pg.Pool;
  policy: Pick<PolicyStore, 'forTenant'>;
  clock: () => Date;
  /** Days of score history kept. */
  historyRetentionDays: number;
}

/**
 * What a recompute stored: the tenant aggregate at its time, how many subjects lost their last finding, whether it
 * scored every subject or only those changed since the last recompute, and how many it scored.
 */
export interface Recompute extends TenantScoring {
  computed_at: string;
  removed: number;
  mode: 'full' | 'incremental';
  rescored: number;
}

/** The ranges a trend can cover, in days. */
export const RANGES = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 } as const;
export type Range = keyof typeof RANGES;
/** Most points a trend answers: 7 days of 30-minute recomputes (336) fit; longer ranges are downsampled. */
export const MAX_TREND_POINTS = 360;

/** A trend over a range: its points, the score in force at its start (null when none is known), and the delta to `current`. */
export interface Trend {
  range: Range;
  since: string;
  points: TrendPoint[];
  start: number | null;
  delta: number | null;
}

export function createScoreService(deps: ScoreServiceDeps) {
  const policyOf = async (tenantId: string) => (await deps.policy.forTenant(tenantId)).config.trust_score;

  return {
    /**
     * A subject's score computed now from its current findings (never stored), with its trend. Two reads at once: its
     * current signals (a prepared statement: planning it costs more than a round trip) and everything else in one
     * message of statements (the blocks and incidents against it, the tenant's age, the trend).
     */
    async subjectLive(tenantId: string, subjectType: string, subjectId: string, range: Range): Promise<SubjectScore & { computed_at: string; trend: Trend }> {
      const now = deps.clock();
      const policy = await policyOf(tenantId);
      const of: TrendOf = { kind: 'subject', subjectType, subjectId };
      const since = rangeStart(range, now);
      const [signals, [created, blocks, incidents, points, atStart]] = await Promise.all([
        withTenant(deps.app, tenantId, (c) => readSubjectCurrentSignals(c, tenantId, subjectType, subjectId, now), SUBJECT_READ_SETTINGS),
        readAsTenant(deps.app, tenantId, [
          tenantCreatedAtStatement(tenantId), ...subjectHoldingStatements(tenantId, subjectType, subjectId, now),
          trendStatement(tenantId, of, since, now, MAX_TREND_POINTS), scoreAtStatement(tenantId, of, since),
        ]),
      ]);
      const s = scoreSubject(subjectFindingsFrom(signals, blocks!, incidents!), policy, ageInDays(tenantCreatedAtFrom(created!), now));
      const trend = trendFrom(range, since, points!.rows, atStart!.rows[0], s.score);
      return { computed_at: now.toISOString(), ...s, trend };
    },

    /** The tenant's aggregate computed now, without storing anything (before its first recompute). */
    async tenantLive(tenantId: string): Promise<TenantScoring> {
      const now = deps.clock();
      const policy = await policyOf(tenantId);
      return withTenant(deps.app, tenantId, async (c) => scoreTenant(c, tenantId, policy, await tenantAgeDays(c, tenantId, now), now));
    },

    /**
     * The tenant's current score: its latest recompute (what the trend is made of, and one row to read), or, before the
     * tenant's first recompute, computed now without storing it.
     */
    async tenantCurrent(tenantId: string): Promise<TenantScoring & { basis: 'recompute' | 'live'; computed_at: string }> {
      const snapshot = await withTenant(deps.app, tenantId, (c) => latestTenantSnapshot(c, tenantId));
      if (!snapshot) return { basis: 'live', computed_at: deps.clock().toISOString(), ...await this.tenantLive(tenantId) };
      const { computed_at, score, subjects, inputs_hash, explanation } = snapshot;
      return { basis: 'recompute', computed_at, score, subjects, inputs_hash, ...(explanation as Omit<TenantScoring, 'score' | 'subjects' | 'inputs_hash'>) };
    },

    /** The riskiest subjects of the latest recompute, lowest score first, with that recompute's time. */
    async worst(tenantId: string, limit: number) {
      return withTenant(deps.app, tenantId, async (c) => ({
        computed_at: (await latestTenantSnapshot(c, tenantId))?.computed_at ?? null,
        subjects: await worstSubjects(c, tenantId, limit),
      }));
    },

    /**
     * Scores the tenant and stores the scores, the snapshot and the history in one transaction: only the subjects changed
     * since the last recompute when it stands on the same basis (tenant-rescoring.ts), every subject otherwise. The
     * pointers whose rows retention dropped since are forgotten along the way.
     */
    async recompute(tenantId: string): Promise<Recompute> {
      const policy = await policyOf(tenantId);
      return withTenant(deps.app, tenantId, async (c) => {
        const write = await beginScoreWrite(c, tenantId, deps.clock(), deps.historyRetentionDays);
        const age = await tenantAgeDays(c, tenantId, write.at);
        const noFindingsHash = scoreSubject([], policy, age).inputs_hash;
        const basisHash = recomputeBasisHash(noFindingsHash, await readOldestSignalAt(c, tenantId));
        const last = await latestRecomputeBasis(c, tenantId);
        const changed = last?.basis_hash === basisHash ? await rescoreTenant(c, tenantId, policy, age, write.at, last.feed_xmin, write.add) : null;
        const tenant = changed?.tenant ?? await scoreTenant(c, tenantId, policy, age, write.at, write.add);
        const { removed } = await write.finish(tenant, noFindingsHash, basisHash, changed?.gone ?? null);
        await forgetDroppedPointers(c, tenantId);
        return {
          ...tenant, computed_at: write.at.toISOString(), removed, mode: changed ? 'incremental' : 'full', rescored: changed?.rescored ?? tenant.subjects,
        };
      });
    },

    /** The trend of the tenant or one subject over `range`, with the delta of `current` against the range's start. */
    async trend(tenantId: string, of: TrendOf, range: Range, current: number): Promise<Trend> {
      return withTenant(deps.app, tenantId, (c) => trendIn(c, tenantId, of, range, current, deps.clock()));
    },
  };
}

export type ScoreService = ReturnType<typeof createScoreService>;

const rangeStart = (range: Range, until: Date) => new Date(until.getTime() - RANGES[range] * 86_400_000);

/** The trend over `range` up to `until`, read inside the caller's tenant transaction. */
async function trendIn(c: pg.PoolClient, tenantId: string, of: TrendOf, range: Range, current: number, until: Date): Promise<Trend> {
  const since = rangeStart(range, until);
  return trendFrom(range, since, await readTrend(c, tenantId, of, since, until, MAX_TREND_POINTS), await scoreAt(c, tenantId, of, since), current);
}

/** The trend from its points and the snapshot in force at its start (the range's first point stands in when none). */
function trendFrom(range: Range, since: Date, points: TrendPoint[], atStart: { score: number } | null | undefined, current: number): Trend {
  const start = atStart?.score ?? points[0]?.score ?? null;
  return { range, since: since.toISOString(), points, start, delta: start === null ? null : round(current - start) };
}

const round = (x: number) => Math.round(x * 100) / 100;
