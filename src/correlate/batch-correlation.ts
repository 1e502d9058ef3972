// Correlates a run of one tenant's signals with a handful of set-based statements: every group they touch is opened,
// joined and re-evaluated at once. Never decides: a signal that brings its group to the gate goes to the per-signal path.

import type pg from 'pg';
import type { StoredRow } from '../store/signal-queries.ts';
import { evaluateGroup, type MemberSignal } from './confidence.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import {
  batchWritesStatement, expireOpenGroups, keyRefsOf, listMembersOfGroups, membershipsStatement, refreshableKeysStatement, upsertOpenGroups,
  type BatchEvaluation, type BatchMember, type GroupRow, type KeyRef, type Membership,
} from './group-queries.ts';
import type { Statement } from '../db/one-trip.ts';
import { memberConfidence, memberFieldsOf, memberSignalOf, type Route } from './routing.ts';
import { addToSummary, summarise, type SourceSummary } from './source-summary.ts';

/** One signal offered to one rule's group. */
export interface Offer {
  signal: StoredRow;
  route: Route;
}

/** An offer left to the per-signal path; the one that meets its open group's gate carries that group, locked by the batch. */
export type DeferredOffer = Offer & { openGroup?: GroupRow };

export interface BatchOutcome {
  /** Offers left to the per-signal path, in feed order: from the one that meets its group's gate on, and refreshes of decided groups. */
  deferred: DeferredOffer[];
  /** Stale open groups this batch expired (corroboration timeouts). */
  expired: GroupRow[];
  /** The derived confidence of every evaluation made. */
  derived: number[];
  /** The members the batch adds and the evaluations of their groups, for the caller to send before anything reads them (null: none). */
  writes: Statement | null;
}

const keyOf = (rule: string, groupKey: string) => `${rule}\u0000${groupKey}`;
const offerKey = (o: Offer) => keyOf(o.route.rule.name, o.route.group.key);

const memberOf = (s: StoredRow): MemberSignal => ({ signalId: s.id, source: s.source, confidence: memberConfidence(s), observedAt: s.observedAt });

/**
 * The reads a batch of offers starts from, to send with its transaction's BEGIN (withTenantBesideFeed's `opening`):
 * which of the signals joined a group already, and (when any key has a playbook) which of those keys have a decided
 * group to refresh.
 */
export function batchOpening(tenantId: string, offers: Offer[], now: Date): Statement[] {
  const keys = new Map<string, KeyRef>();
  for (const o of offers) if (o.route.playbook) keys.set(offerKey(o), { rule: o.route.rule.name, groupKey: o.route.group.key });
  const memberships = membershipsStatement(tenantId, [...new Set(offers.map((o) => o.signal.id))]);
  // Rules without a playbook (the recording consumer's) have no decided groups to refresh: nothing to ask for them.
  return keys.size ? [memberships, refreshableKeysStatement(tenantId, [...keys.values()], now)] : [memberships];
}

/**
 * Runs inside the caller's tenant transaction, opened with batchOpening's reads (their results in `opened`). Offers of
 * signals already in a group of their rule and key are dropped (the feed offers a batch again after a crash); the
 * others join their open group unless one of them meets the gate. Their members and the groups' evaluations are
 * answered as one statement (`writes`), which the caller sends before anything that reads them.
 */
export async function correlateOffers(c: pg.PoolClient, tenantId: string, offers: Offer[], config: CorrelationConfig, now: Date,
  opened: pg.QueryResult[]): Promise<BatchOutcome> {
  const [memberships, refreshable] = opened;
  const known = new Set((memberships!.rows as Membership[]).map((m) => `${keyOf(m.rule, m.group_key)}\u0000${m.signal_id}`));
  const byKey = new Map<string, Offer[]>();
  for (const o of offers) {
    if (known.has(`${offerKey(o)}\u0000${o.signal.id}`)) continue;
    byKey.set(offerKey(o), [...(byKey.get(offerKey(o)) ?? []), o]);
  }
  const deferred = new Set<Offer>();
  const meets = new Map<Offer, GroupRow>();
  for (const k of refreshable ? keyRefsOf(refreshable) : []) {
    byKey.get(keyOf(k.rule, k.groupKey))?.forEach((o) => deferred.add(o));
    byKey.delete(keyOf(k.rule, k.groupKey));
  }
  const { groups, expired } = await openGroups(c, tenantId, [...byKey.values()].map((os) => os[0]!), now);
  const summaries = await loadSummaries(c, tenantId, groups);
  const derived: number[] = [];
  const members: BatchMember[] = [];
  const updates: BatchEvaluation[] = [];
  for (const [key, keyOffers] of byKey) {
    const group = groups.get(key)!;
    let summary = summaries.get(group.id)!;
    let count = group.signal_count;
    let evaluation: ReturnType<typeof evaluateGroup> | null = null;
    for (const [i, o] of keyOffers.entries()) {
      const next = addToSummary(summary, memberOf(o.signal));
      const e = evaluateGroup(next, o.route.gate, config, now);
      derived.push(e.derivedConfidence);
      // The decision needs the decider and an explanation of every member: the per-signal path makes it, and takes
      // the key's later signals too (they refresh the decided group, or open the next one).
      if (e.met) {
        keyOffers.slice(i).forEach((d) => deferred.add(d));
        meets.set(o, group);
        break;
      }
      summary = next;
      count += 1;
      evaluation = e;
      members.push(newMember(group.id, o));
    }
    if (evaluation) {
      updates.push({
        groupId: group.id, signalCount: count, sourceCount: evaluation.distinctSources, derivedConfidence: evaluation.derivedConfidence,
        minSources: evaluation.gate.minSources, threshold: evaluation.gate.threshold, reason: evaluation.reason, summary,
      });
    }
  }
  const writes = members.length || updates.length ? batchWritesStatement(tenantId, now, members, updates) : null;
  const deferredOffers = offers.filter((o) => deferred.has(o)).map((o): DeferredOffer => (meets.has(o) ? { ...o, openGroup: meets.get(o)! } : o));
  return { deferred: deferredOffers, expired, derived, writes };
}

/**
 * The open group of every key, created where none is open. A group whose window ended before the sweep reached it is
 * expired and replaced here, as a single signal would do; its row is already locked by the first statement.
 */
async function openGroups(c: pg.PoolClient, tenantId: string, firsts: Offer[], now: Date) {
  const spec = (o: Offer) => ({
    rule: o.route.rule.name, groupKey: o.route.group.key, fields: o.route.group.fields, playbook: o.route.playbook?.name ?? null,
    subjectType: o.signal.subjectType, subjectId: o.signal.subjectId, windowSeconds: o.route.gate.windowSeconds,
  });
  const groups = new Map<string, GroupRow & { created: boolean }>();
  if (!firsts.length) return { groups, expired: [] };
  for (const g of await upsertOpenGroups(c, tenantId, now, firsts.map(spec))) groups.set(keyOf(g.rule, g.group_key), g);
  const stale = [...groups.values()].filter((g) => Date.parse(g.window_ends_at) <= now.getTime());
  if (!stale.length) return { groups, expired: [] };
  const expired = await expireOpenGroups(c, tenantId, stale.map((g) => g.id), now);
  const staleKeys = new Set(stale.map((g) => keyOf(g.rule, g.group_key)));
  for (const g of await upsertOpenGroups(c, tenantId, now, firsts.filter((o) => staleKeys.has(offerKey(o))).map(spec))) groups.set(keyOf(g.rule, g.group_key), g);
  return { groups, expired };
}

/** Each group's summary: kept on the row, empty for a new group, rebuilt from the members for a group that has none yet. */
async function loadSummaries(c: pg.PoolClient, tenantId: string, groups: Map<string, GroupRow & { created: boolean }>): Promise<Map<string, SourceSummary>> {
  const summaries = new Map<string, SourceSummary>();
  const missing: string[] = [];
  for (const g of groups.values()) {
    if (g.source_summary) summaries.set(g.id, g.source_summary);
    else if (g.created) summaries.set(g.id, []);
    else missing.push(g.id);
  }
  if (!missing.length) return summaries;
  const rows = await listMembersOfGroups(c, tenantId, missing);
  for (const id of missing) {
    const live = rows.filter((m) => m.group_id === id && m.ended_at === null);
    summaries.set(id, summarise(live.map(memberSignalOf)));
  }
  return summaries;
}

function newMember(groupId: string, { signal }: Offer) {
  return { groupId, ...memberFieldsOf(signal) };
}
