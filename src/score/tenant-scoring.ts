// Scores every subject of one tenant from its current signals and active blocks, streamed a subject at a time so that
// memory stays flat whatever the tenant's size (only the scores are kept, for the tenant aggregate). Reads only.

import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { TrustScorePolicy } from '../core/trust-score-policy.ts';
import { indexActiveBlocks } from './block-findings.ts';
import { streamTenantCurrentSignals } from './current-signals.ts';
import { subjectFindings } from './findings.ts';
import { indexOpenIncidents } from './incident-findings.ts';
import { FORMULA_VERSION, scoreSubject, tenantScore, type SubjectScore } from './formula.ts';
import { createTenantBreakdown, type TenantBreakdown } from './tenant-breakdown.ts';

/** Losses named in a tenant's breakdown. */
export const TENANT_TOP_LOSSES = 10;

/** The tenant aggregate of one scoring pass (formula.ts tenantScore), its breakdown and the hash over its subjects' inputs hashes. */
export interface TenantScoring extends ReturnType<typeof tenantScore>, TenantBreakdown {
  formula_version: string;
  inputs_hash: string;
}

/**
 * Scores each subject that has a current signal, hands each score to `onSubject` in (subject_type, subject_id) order,
 * and answers the tenant aggregate. A block or an incident against a subject without any current signal adds no
 * subject: subjects are what signals are about.
 */
export async function scoreTenant(c: pg.PoolClient, tenantId: string, policy: TrustScorePolicy, tenantAgeDays: number, now: Date,
  onSubject: (subjectType: string, subjectId: string, score: SubjectScore) => void | Promise<void> = () => undefined): Promise<TenantScoring> {
  const blocks = await indexActiveBlocks(c, tenantId, now);
  const incidentsAgainst = await indexOpenIncidents(c, tenantId, now);
  const scores: number[] = [];
  const breakdown = createTenantBreakdown(TENANT_TOP_LOSSES);
  // The tenant's hash covers every subject's identity and inputs hash, in the stream's fixed order.
  const hash = createHash('sha256');
  await streamTenantCurrentSignals(c, tenantId, now, async (subjectType, subjectId, signals) => {
    const s = scoreSubject(subjectFindings(signals, blocks.against(subjectType, subjectId), incidentsAgainst(subjectType, subjectId)), policy, tenantAgeDays);
    scores.push(s.score);
    breakdown.add(subjectType, subjectId, s);
    hash.update(`${subjectType}\u0000${subjectId}\u0000${s.inputs_hash}\n`);
    await onSubject(subjectType, subjectId, s);
  });
  return { ...tenantScore(scores), ...breakdown.result(), formula_version: FORMULA_VERSION, inputs_hash: hash.digest('hex') };
}
