// Scores every subject of one tenant from its current signals and active blocks, streamed a subject at a time so that
// memory stays flat whatever the tenant's size (only the scores are kept, for the tenant aggregate). Reads only.

import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { TrustScorePolicy } from '../core/trust-score-policy.ts';
import { indexActiveBlocks } from './block-findings.ts';
import { streamTenantCurrentSignals, type CurrentSignal, type SubjectKeys } from './current-signals.ts';
import { holdingsHash, subjectFindings } from './findings.ts';
import { indexOpenIncidents } from './incident-findings.ts';
import { FORMULA_VERSION, scoreSubject, tenantScore, type Finding, type SubjectScore } from './formula.ts';
import { createTenantBreakdown, type TenantBreakdown } from './tenant-breakdown.ts';

/** Losses named in a tenant's breakdown. */
export const TENANT_TOP_LOSSES = 10;

/** The tenant aggregate of one scoring pass (formula.ts tenantScore), its breakdown and the hash over its subjects' inputs hashes. */
export interface TenantScoring extends ReturnType<typeof tenantScore>, TenantBreakdown {
  formula_version: string;
  inputs_hash: string;
}

/**
 * What a subject's score rests on beside its signals' identities, so that a later recompute can tell it still holds:
 * when its first current signal expires (null: none does), and the hash of the blocks and incidents it counted.
 */
export interface SubjectBasis {
  validUntil: string | null;
  holdingsHash: string | null;
}

/** Called with each subject scored, in (subject_type, subject_id) order. */
export type ScoredSubjectHandler = (subjectType: string, subjectId: string, score: SubjectScore, basis: SubjectBasis) => void | Promise<void>;

/** The blocks and open incidents held against a subject at one instant. */
export type Holdings = (subjectType: string, subjectId: string) => Finding[];

/** What is held against each subject of the tenant at `now` besides its signals: its active blocks and open incidents. */
export async function readHoldings(c: pg.PoolClient, tenantId: string, now: Date): Promise<Holdings> {
  const blocks = await indexActiveBlocks(c, tenantId, now);
  const incidentsAgainst = await indexOpenIncidents(c, tenantId, now);
  return (subjectType, subjectId) => [...blocks.against(subjectType, subjectId), ...incidentsAgainst(subjectType, subjectId)];
}

/** The tenant aggregate, fed subject by subject in (subject_type, subject_id) order: the order its hash is taken in. */
export function createTenantAggregate() {
  const scores: number[] = [];
  const breakdown = createTenantBreakdown(TENANT_TOP_LOSSES);
  // The tenant's hash covers every subject's identity and inputs hash, in that fixed order.
  const hash = createHash('sha256');
  return {
    add(subjectType: string, subjectId: string, s: Pick<SubjectScore, 'score' | 'inputs_hash' | 'categories' | 'losses'>): void {
      scores.push(s.score);
      breakdown.add(subjectType, subjectId, s);
      hash.update(`${subjectType}\u0000${subjectId}\u0000${s.inputs_hash}\n`);
    },
    result(): TenantScoring {
      return { ...tenantScore(scores), ...breakdown.result(), formula_version: FORMULA_VERSION, inputs_hash: hash.digest('hex') };
    },
  };
}

/**
 * Scores the subjects that have a current signal (all, or those of `only`) and hands each to `onSubject` with its
 * basis, in (subject_type, subject_id) order. A block or an incident against a subject without any current signal adds
 * no subject: subjects are what signals are about.
 */
export async function scoreSubjects(c: pg.PoolClient, tenantId: string, policy: TrustScorePolicy, tenantAgeDays: number, now: Date,
  holdings: Holdings, onSubject: ScoredSubjectHandler, only?: SubjectKeys): Promise<void> {
  await streamTenantCurrentSignals(c, tenantId, now, async (subjectType, subjectId, signals) => {
    const held = holdings(subjectType, subjectId);
    const s = scoreSubject(subjectFindings(signals, held), policy, tenantAgeDays);
    await onSubject(subjectType, subjectId, s, { validUntil: firstExpiry(signals), holdingsHash: holdingsHash(held) });
  }, only);
}

/** Scores every subject of the tenant (scoreSubjects) and answers the tenant aggregate. */
export async function scoreTenant(c: pg.PoolClient, tenantId: string, policy: TrustScorePolicy, tenantAgeDays: number, now: Date,
  onSubject: ScoredSubjectHandler = () => undefined): Promise<TenantScoring> {
  const tenant = createTenantAggregate();
  await scoreSubjects(c, tenantId, policy, tenantAgeDays, now, await readHoldings(c, tenantId, now), async (subjectType, subjectId, s, basis) => {
    tenant.add(subjectType, subjectId, s);
    await onSubject(subjectType, subjectId, s, basis);
  });
  return tenant.result();
}

/** The earliest of the signals' expiries (the first instant the subject's findings change by time alone), or null. */
function firstExpiry(signals: readonly CurrentSignal[]): string | null {
  let first: string | null = null;
  let firstMs = Infinity;
  for (const s of signals) {
    if (s.expires_at === null) continue;
    const ms = Date.parse(s.expires_at);
    if (ms < firstMs) [first, firstMs] = [s.expires_at, ms];
  }
  return first;
}
