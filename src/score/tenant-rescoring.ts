// Scores a tenant from its last recompute: only the subjects whose inputs changed since (a row in the feed, a signal
// expired, other blocks or incidents against them) are scored again; the others keep their stored scores. Reads only.

import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { TrustScorePolicy } from '../core/trust-score-policy.ts';
import { fetchCursorPages } from '../db/cursor-pages.ts';
import { readSubjectsWrittenSince, type SubjectKeys } from './current-signals.ts';
import { holdingsHash } from './findings.ts';
import type { CategoryScore, Loss, SubjectScore } from './formula.ts';
import { declareKeptSubjects, readStoredSubjectBases } from './score-queries.ts';
import { createTenantAggregate, readHoldings, scoreSubjects, type ScoredSubjectHandler, type TenantScoring } from './tenant-scoring.ts';

/** How much change a rescoring takes on; past either limit the caller runs a full pass instead. */
export interface RescoreLimits {
  /** Feed rows since the last recompute: past this, a full pass is cheaper than finding their subjects. */
  rows: number;
  /** Subjects to score again: past this, a full pass is as cheap (half of a tenant of the benchmark's size). */
  subjects: number;
}

export const RESCORE_LIMITS: RescoreLimits = { rows: 50_000, subjects: 5_000 };
const CURSOR = 'score_kept_subjects';
const PAGE = 2_000;

/** A rescoring: the tenant aggregate, how many subjects were scored again, and those that lost their last finding. */
export interface Rescoring {
  tenant: TenantScoring;
  rescored: number;
  gone: SubjectKeys;
}

/**
 * The hash of what a tenant's scores were computed on beyond its findings: the formula, weights and policy (all in the
 * hash of no findings) and its oldest stored signal (retention dropping a partition takes current signals with it).
 * A recompute whose basis differs from the last one's scores every subject.
 */
export function recomputeBasisHash(noFindingsHash: string, oldestSignalAt: string | null): string {
  return createHash('sha256').update(`${noFindingsHash}\n${oldestSignalAt ?? ''}`).digest('hex');
}

const keyOf = (subjectType: string, subjectId: string) => `${subjectType}\u0000${subjectId}`;

function keysOf(keys: Iterable<string>): SubjectKeys {
  const out: SubjectKeys = { types: [], ids: [] };
  for (const k of keys) {
    const cut = k.indexOf('\u0000');
    out.types.push(k.slice(0, cut));
    out.ids.push(k.slice(cut + 1));
  }
  return out;
}

/**
 * Rescores the subjects changed since the recompute whose feed horizon was `feedXmin`, handing each to `onSubject`,
 * and answers the tenant aggregate over them and every unchanged stored score, in the order and with the result a full
 * pass (scoreTenant) gives. Null when too much changed (`limits`): the caller runs the full pass.
 */
export async function rescoreTenant(c: pg.PoolClient, tenantId: string, policy: TrustScorePolicy, tenantAgeDays: number, now: Date,
  feedXmin: string, onSubject: ScoredSubjectHandler, limits = RESCORE_LIMITS): Promise<Rescoring | null> {
  const dirty = await changedSubjects(c, tenantId, now, feedXmin, limits);
  if (!dirty) return null;
  const fresh = new Map<string, SubjectScore>();
  // Nothing changed (a quiet tenant's round): no subject to read.
  if (dirty.keys.size > 0) {
    await scoreSubjects(c, tenantId, policy, tenantAgeDays, now, dirty.holdings, async (subjectType, subjectId, s, basis) => {
      fresh.set(keyOf(subjectType, subjectId), s);
      await onSubject(subjectType, subjectId, s, basis);
    }, keysOf(dirty.keys));
  }
  const tenant = createTenantAggregate();
  await declareKeptSubjects(c, CURSOR, tenantId, keysOf(dirty.keys), keysOf(fresh.keys()));
  await fetchCursorPages<KeptRow>(c, CURSOR, PAGE, (rows) => {
    for (const [subjectType, subjectId, score, inputsHash, categories, losses] of rows) {
      tenant.add(subjectType, subjectId, score === null ? fresh.get(keyOf(subjectType, subjectId))!
        : { score, inputs_hash: inputsHash!, categories: categories!, losses: losses! });
    }
  });
  await c.query(`CLOSE ${CURSOR}`);
  return { tenant: tenant.result(), rescored: dirty.keys.size, gone: keysOf([...dirty.keys].filter((k) => !fresh.has(k))) };
}

type KeptRow = [string, string, number | null, string | null, CategoryScore[] | null, Loss[] | null];

/**
 * The subjects whose inputs changed since the recompute at `feedXmin`: written to since, their first signal expired, or
 * other blocks or incidents against them now; with the holdings read for that. Null past the limits.
 */
async function changedSubjects(c: pg.PoolClient, tenantId: string, now: Date, feedXmin: string, limits: RescoreLimits) {
  const written = await readSubjectsWrittenSince(c, tenantId, feedXmin, limits.rows);
  if (!written) return null;
  const keys = new Set(written.types.map((t, i) => keyOf(t, written.ids[i]!)));
  const holdings = await readHoldings(c, tenantId, now);
  for (const s of await readStoredSubjectBases(c, tenantId, now)) {
    if (s.expired || s.holdings_hash !== holdingsHash(holdings(s.subject_type, s.subject_id))) keys.add(keyOf(s.subject_type, s.subject_id));
  }
  return keys.size > limits.subjects ? null : { keys, holdings };
}
