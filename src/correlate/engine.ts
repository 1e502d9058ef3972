// The live correlation engine: offered committed signals a feed batch at a time, it groups, evaluates and hands decisions to the decider.
// Groups, memberships, evaluations and decisions commit together or not at all; never acts when disabled.

import type pg from 'pg';
import type { Logger } from 'pino';
import { afterCommit, sendWithCommit } from '../db/pools.ts';
import { withTenantBesideFeed } from '../store/feed-horizon.ts';
import { classifyDbError, isRetryable } from '../db/sql-errors.ts';
import type { Metrics } from '../metrics.ts';
import type { StoredBatch, StoredRow } from '../store/signal-queries.ts';
import type { Statement } from '../db/one-trip.ts';
import type { BlockDecision, BlockRequest, Decisions, PreparedBlock } from './decisions.ts';
import { explainCorrelation, type Explanation } from './explanation.ts';
import { batchOpening, correlateOffers, type Offer } from './batch-correlation.ts';
import { evaluateGroup, gateFor, type Evaluation, type MemberSignal } from './confidence.ts';
import type { PolicyStore } from './policy-store.ts';
import type { CorrelationConfig, IncidentAction } from './correlation-config.ts';
import {
  addMemberAndList, endMembers, isMemberUnderKey, expireStaleOpenGroup, findGroupsOfMitigation, findGroupsReportedBy, findRefreshableGroup, listMembers,
  listMembersOfGroups, markGroupsEnded, groupEvaluationStatement, updateGroupEvaluation, upsertOpenGroup, type GroupRow, type GroupUpdate, type NewMember,
} from './group-queries.ts';
import { blockEnding } from './block-ending.ts';
import { closeIncident, findOpenIncidentOfGroup, keepIncidentOpen, openIncident } from './incident-queries.ts';
import { playbookNamed, rulesOf } from './subject-anomaly.ts';
import { externalIdOf, isEndSignal, memberFieldsOf, memberSignalOf, routesFor, ruleSetOfGroup, RULE_SETS, type Route, type RuleSet } from './routing.ts';
import { summarise } from './source-summary.ts';

export interface EngineDeps {
  pool: pg.Pool;
  /** Each tenant's signals are correlated with that tenant's effective policy. */
  policy: Pick<PolicyStore, 'forTenant'>;
  decider: Decisions;
  metrics: Pick<Metrics, 'groupSources' | 'derivedConfidence' | 'corroborationsMet' | 'corroborationTimeouts' | 'decisionSeconds' | 'incidentsOpened' | 'incidentsClosed'>;
  clock: () => Date;
  logger: Pick<Logger, 'error' | 'warn' | 'debug' | 'info'>;
}

/** What a transaction would count: derived confidences, stale groups it expired, sources of the groups it decided, incidents. */
interface Tally {
  derived: number[];
  expired: GroupRow[];
  met: number[];
  incidentsOpened: number;
  incidentsEnded: number;
}

const emptyTally = (): Tally => ({ derived: [], expired: [], met: [], incidentsOpened: 0, incidentsEnded: 0 });

/**
 * How an offer's closing write (its group's evaluation, or decision) is sent: `withCommit` for the transaction's last
 * offer, in the COMMIT's message (nothing after it reads the group; a decision commits a round trip sooner), else `now`.
 */
type Closing = 'withCommit' | 'now';

/** Stores a group's evaluation as `closing` says. */
async function closeGroup(c: pg.PoolClient, tenantId: string, groupId: string, u: GroupUpdate, closing: Closing): Promise<void> {
  if (closing === 'withCommit') sendWithCommit(c, groupEvaluationStatement(tenantId, groupId, u));
  else await updateGroupEvaluation(c, tenantId, groupId, u);
}


export function createCorrelationEngine(deps: EngineDeps) {
  async function processBatch(batch: StoredBatch, sets: readonly RuleSet[]): Promise<void> {
    const { config } = await deps.policy.forTenant(batch.tenantId);
    const startedAt = Date.now();
    // End signals are rare and must act in feed order: the signals between two of them are correlated as one run.
    let run: StoredRow[] = [];
    for (const s of batch.signals) {
      if (!isEndSignal(s.value)) {
        run.push(s);
        continue;
      }
      if (config.enabled) await correlateRun(batch.tenantId, run, config, sets);
      run = [];
      // Ends are honoured even with correlation switched off: turning it off stops new decisions, not withdrawals.
      await isolated(s, () => handleEnd(batch.tenantId, s, config, sets));
    }
    if (config.enabled) await correlateRun(batch.tenantId, run, config, sets);
    deps.metrics.decisionSeconds.observe((Date.now() - startedAt) / 1000);
  }

  /**
   * Each rule set's offers in a transaction of their own, in the order given (rules keep separate groups, so the order
   * between them changes nothing; within each set, feed order holds).
   */
  async function correlateRun(tenantId: string, signals: StoredRow[], config: CorrelationConfig, sets: readonly RuleSet[]): Promise<void> {
    for (const set of sets) {
      const offers: Offer[] = signals.flatMap((signal) => routesFor(config, signal, set).map((route) => ({ signal, route })));
      await correlateOffersAtOnce(tenantId, offers, config);
    }
  }

  /**
   * The set-based statements take the offers in one transaction; what they leave (decisions, refreshes of decided
   * groups) goes through the per-signal path in that same transaction, so a decision commits with the offers that
   * brought it instead of a transaction later. Should it fail for a reason of its own, each offer is taken alone.
   */
  async function correlateOffersAtOnce(tenantId: string, offers: Offer[], config: CorrelationConfig): Promise<void> {
    if (!offers.length) return;
    try {
      const tally = await retryTransient(() => {
        const now = deps.clock();
        return withTenantBesideFeed(deps.pool, tenantId, async (c, opened) => {
          const outcome = await correlateOffers(c, tenantId, offers, config, now, opened);
          // Bound, in a round trip of its own: inlined into the COMMIT's message, a batch's rows cost PostgreSQL more to
          // read than the trip (the drain ran 3–12 % slower).
          if (outcome.writes) await c.query<pg.QueryResultRow>(outcome.writes);
          const counted: Tally = { ...emptyTally(), derived: outcome.derived, expired: outcome.expired };
          for (const [i, o] of outcome.deferred.entries()) {
            const closing: Closing = i === outcome.deferred.length - 1 ? 'withCommit' : 'now';
            // The batch has the open group whose gate this offer meets, locked, and the decider's opening reads go
            // with its member: no need to find or open the group again, and the decision takes a round trip less.
            if (o.openGroup) await joinOpenGroup(c, tenantId, o.signal, o.route, config, counted, o.openGroup, deps.clock(), closing, preparedBlock(tenantId, o.route));
            else await correlateSignal(c, tenantId, o.signal, o.route, config, counted, closing);
          }
          return counted;
        }, [], batchOpening(tenantId, offers, now));
      });
      count(tally);
    } catch (err) {
      if (classifyDbError(err) === 'unavailable') throw err;
      deps.logger.warn({ err, tenantId, offers: offers.length }, 'batch correlation failed; correlating its signals one at a time');
      for (const o of offers) await isolated(o.signal, () => handleSignal(tenantId, o.signal, o.route, config));
    }
  }

  /** A database that is away fails the batch (the feed offers it again); anything else is this signal's own fault. */
  async function isolated(s: StoredRow, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (classifyDbError(err) === 'unavailable') throw err;
      deps.logger.error({ err, signalId: s.id }, 'correlation of a signal failed');
    }
  }

  /** One signal alone, in its own transaction (a batch that failed for a reason of its own). */
  async function handleSignal(tenantId: string, s: StoredRow, route: Route, config: CorrelationConfig): Promise<void> {
    count(await retryTransient(() => withTenantBesideFeed(deps.pool, tenantId, async (c) => {
      const counted = emptyTally();
      await correlateSignal(c, tenantId, s, route, config, counted, 'withCommit');
      return counted;
    })));
  }

  /** Joins one signal to its group and decides the group when it meets the gate; what to count goes in `counted` (counted after commit). */
  async function correlateSignal(c: pg.PoolClient, tenantId: string, s: StoredRow, route: Route, config: CorrelationConfig, counted: Tally,
    closing: Closing): Promise<void> {
    const now = deps.clock();
    const base = { tenantId, rule: route.rule.name, groupKey: route.group.key };
    const member = { tenantId, ...memberFieldsOf(s), now };
    if (await isMemberUnderKey(c, tenantId, base.rule, base.groupKey, s.id)) return;
    const refreshable = route.playbook ? await findRefreshableGroup(c, tenantId, base.rule, base.groupKey, now) : null;
    if (refreshable) {
      // A repeated report of a decided attack: it joins the decided group and keeps the block alive.
      const evaluation = await evaluateStored(c, tenantId, refreshable.id, route, config, now, member);
      await updateGroupEvaluation(c, tenantId, refreshable.id, { ...numbers(evaluation), reason: refreshable.decision_reason ?? evaluation.evaluation.reason, now });
      await decide(c, tenantId, refreshable, route, config, now, evaluation, counted, 'now');
      return;
    }
    const stale = await expireStaleOpenGroup(c, tenantId, base.rule, base.groupKey, now);
    if (stale) counted.expired.push(stale);
    const group = await upsertOpenGroup(c, {
      ...base, fields: route.group.fields, playbook: route.playbook?.name ?? null, subjectType: s.subjectType, subjectId: s.subjectId,
      now, windowSeconds: route.gate.windowSeconds,
    });
    await joinOpenGroup(c, tenantId, s, route, config, counted, group, now, closing);
  }

  /** The decider's opening reads for the block the route's playbook would make, to send ahead; null when it makes none. */
  function preparedBlock(tenantId: string, route: Route): PreparedBlock | null {
    const action = route.playbook?.action;
    return action?.type === 'block' ? deps.decider.prepareBlock(tenantId, route.group.fields[action.indicator] ?? '') : null;
  }

  /**
   * Adds the signal to its open group (locked by the caller), evaluates it and decides when it meets the gate; a
   * prepared block's reads go with the member (the decision lock is then taken whether the gate is met or not).
   */
  async function joinOpenGroup(c: pg.PoolClient, tenantId: string, s: StoredRow, route: Route, config: CorrelationConfig, counted: Tally,
    group: GroupRow, now: Date, closing: Closing, prepared: PreparedBlock | null = null): Promise<void> {
    const evaluated = await evaluateStored(c, tenantId, group.id, route, config, now, { tenantId, ...memberFieldsOf(s), now }, prepared?.statements);
    const blockOn = prepared ? await prepared.opened(c, evaluated.alongside) : null;
    const e = evaluated.evaluation;
    counted.derived.push(e.derivedConfidence);
    if (!e.met) {
      await closeGroup(c, tenantId, group.id, { ...numbers(evaluated), reason: e.reason, now }, closing);
      return;
    }
    if (!route.playbook) {
      await closeGroup(c, tenantId, group.id, { ...numbers(evaluated), reason: `${e.reason}; rule has no playbook, nothing to do`, now, corroborated: true }, closing);
      counted.met.push(e.distinctSources);
      return;
    }
    await decide(c, tenantId, group, route, config, now, evaluated, counted, closing, blockOn);
  }

  /**
   * The group's members evaluated against the gate; `joining` is added first, in the same round trip, and the
   * `alongside` statements go with it (their results are answered).
   */
  async function evaluateStored(c: pg.PoolClient, tenantId: string, groupId: string, route: Pick<Route, 'gate'>, config: CorrelationConfig, now: Date,
    joining?: Omit<NewMember, 'groupId'>, alongside: Statement[] = []) {
    const listed = joining ? await addMemberAndList(c, { ...joining, groupId }, alongside) : { members: await listMembers(c, tenantId, groupId), alongside: [] };
    const members = listed.members.filter((m) => m.ended_at === null).map(memberSignalOf);
    return { members, evaluation: evaluateGroup(members, route.gate, config, now), alongside: listed.alongside };
  }

  async function decide(c: pg.PoolClient, tenantId: string, group: GroupRow, route: Route, config: CorrelationConfig, now: Date,
    evaluated: Evaluated, counted: Tally, closing: Closing, blockOn: ((req: BlockRequest) => Promise<BlockDecision>) | null = null): Promise<void> {
    const playbook = route.playbook!;
    const e = evaluated.evaluation;
    const refresh = group.status === 'corroborated';
    if (playbook.action.type === 'incident') {
      // No block, so the decider is not asked: the group corroborates and opens (or keeps open) its incident.
      if (refresh) return keepIncidentOpen(c, tenantId, group.id, now);
      return openGroupIncident(c, tenantId, group, route, playbook.action, { ...evaluated, explanation: explain(group, route, evaluated, config, now) }, now, counted, closing);
    }
    const explanation = explain(group, route, evaluated, config, now);
    const indicator = route.group.fields[playbook.action.indicator] ?? '';
    const result = await (blockOn ?? ((req) => deps.decider.block(c, req)))({
      tenantId, indicator, ttlSeconds: playbook.action.ttl_seconds, origin: 'correlation', groupId: group.id,
      rule: route.rule.name, playbook: playbook.name, explanation, createdBy: null,
      previousRejectedId: group.mitigation_id && !refresh ? group.mitigation_id : null,
    });
    if (refresh) return;
    if (result.outcome === 'rejected') {
      // The group stays open: it may still act within its window if the obstacle goes (a rate limit, a full table).
      await closeGroup(c, tenantId, group.id, {
        ...numbers(evaluated), now, mitigationId: result.mitigation?.id ?? null,
        reason: `${e.reason}; not acted: guardrail ${result.rejection.code}: ${result.rejection.reason}`,
      }, closing);
      return;
    }
    const verb = result.outcome === 'created' ? 'created' : 'extended';
    await closeGroup(c, tenantId, group.id, {
      ...numbers(evaluated), now, corroborated: true, mitigationId: result.mitigation.id, reason: `${e.reason}; mitigation ${verb}`,
    }, closing);
    counted.met.push(e.distinctSources);
    logCorroborated(c, tenantId, group, route, e, { mitigationId: result.mitigation.id, outcome: `mitigation ${verb}` });
  }

  /** The operator's `group.corroborated` line, once the transaction that corroborated the group has committed. */
  function logCorroborated(c: pg.PoolClient, tenantId: string, group: GroupRow, route: Route, e: Evaluation, what: Record<string, unknown>): void {
    afterCommit(c, () => deps.logger.info({
      event: 'group.corroborated', audit: true, tenantId, groupId: group.id, rule: route.rule.name, playbook: route.playbook?.name,
      subject: `${group.subject_type}:${group.subject_id}`, sources: e.distinctSources, confidence: e.derivedConfidence, ...what,
    }, 'group corroborated'));
  }

  /** What a decision stores of why it was made (frozen: a later policy never rewrites it). */
  function explain(group: GroupRow, route: Route, evaluated: Evaluated, config: CorrelationConfig, now: Date): Explanation {
    return explainCorrelation({
      evaluation: evaluated.evaluation, members: evaluated.members, rule: route.rule.name, playbook: route.playbook!.name, groupId: group.id,
      groupFields: route.group.fields, weights: config, now,
    });
  }

  /** Opens the incident of a group that just met its gate, with the explanation a block would have stored. */
  async function openGroupIncident(c: pg.PoolClient, tenantId: string, group: GroupRow, route: Route, action: IncidentAction,
    evaluated: Evaluated & { explanation: Explanation }, now: Date, counted: Tally, closing: Closing): Promise<void> {
    const e = evaluated.evaluation;
    const incident = await openIncident(c, {
      tenantId, groupId: group.id, rule: route.rule.name, playbook: route.playbook!.name, subjectType: group.subject_type, subjectId: group.subject_id,
      ttlSeconds: action.ttl_seconds ?? route.gate.windowSeconds, explanation: evaluated.explanation, now,
    });
    await closeGroup(c, tenantId, group.id, {
      ...numbers(evaluated), now, corroborated: true, reason: `${e.reason}; incident opened`,
    }, closing);
    counted.met.push(e.distinctSources);
    // No row: the group's incident was opened already (one per group), by an earlier offer of the same signals.
    logCorroborated(c, tenantId, group, route, e, { incidentId: incident?.id, outcome: incident ? 'incident opened' : 'incident already open' });
    if (incident) counted.incidentsOpened += 1;
  }

  /**
   * The source says the attack ended: its reports stop counting in every group that holds them, and open groups are
   * re-evaluated (and say so). A decided group's block, or its open incident, ends as its playbook's `end_when` says
   * (see endBlock, endIncident).
   */
  async function handleEnd(tenantId: string, s: StoredRow, config: CorrelationConfig, sets: readonly RuleSet[]): Promise<void> {
    count(await retryTransient(() => withTenantBesideFeed(deps.pool, tenantId, async (c) => {
      const counted = emptyTally();
      const now = deps.clock();
      const vector = typeof s.value.vector === 'string' ? s.value.vector : null;
      const externalId = externalIdOf(s.value);
      const why = `${s.source} reported the attack ended (signal ${s.id})`;
      const groups = await findGroupsReportedBy(c, tenantId, s.source, s.subjectType, s.subjectId, externalId);
      for (const g of groups.filter((x) => sets.includes(ruleSetOfGroup(x)))) {
        const groupVector = g.group_fields['signal_value.vector'];
        if (vector && groupVector && groupVector !== vector) continue;
        await endMembers(c, tenantId, g.id, s.source, s.subjectId, externalId, s.id, now);
        const rule = rulesOf(config).find((r) => r.name === g.rule);
        if (g.status === 'open' && rule) {
          const playbook = playbookNamed(config, rule.playbook);
          const evaluated = await evaluateStored(c, tenantId, g.id, { gate: gateFor(config, rule, playbook) }, config, now);
          await updateGroupEvaluation(c, tenantId, g.id, { ...numbers(evaluated), reason: `${evaluated.evaluation.reason}; ${why}`, now });
        }
        if (g.status === 'corroborated' && g.mitigation_id) await endBlock(c, tenantId, g, g.mitigation_id, s, config, now);
        else if (g.status === 'corroborated' && await endIncident(c, tenantId, g, s, config, now)) counted.incidentsEnded += 1;
      }
      return counted;
    })));
  }

  /**
   * Withdraws a decided block when its end condition holds. Its contributing reports are those of every decided group
   * it serves (a second group's decision extends the first group's block): with `all_sources_ended` the block stays
   * while any of their sources still has a report that counts. The TTL bounds it either way.
   */
  async function endBlock(c: pg.PoolClient, tenantId: string, g: GroupRow, mitigationId: string, s: StoredRow, config: CorrelationConfig, now: Date): Promise<void> {
    const endWhen = playbookNamed(config, g.playbook)?.end_when ?? 'all_sources_ended';
    const groups = await findGroupsOfMitigation(c, tenantId, mitigationId);
    const reports = (await listMembersOfGroups(c, tenantId, groups.map((x) => x.id)))
      .map((m) => ({ source: m.source, endedBy: m.ended_by, endedAt: m.ended_at }));
    const ending = blockEnding(endWhen, reports, { source: s.source, signalId: s.id });
    if (!ending.ends) {
      deps.logger.debug({ tenantId, mitigationId, activeSources: ending.activeSources }, 'a source reported the attack ended; the block stays');
      return;
    }
    if (await deps.decider.withdraw(c, tenantId, mitigationId, ending.reason, 'source_ended')) {
      await markGroupsEnded(c, tenantId, mitigationId, ending.reason, now);
    }
  }

  /** Closes a group's open incident when its playbook's `end_when` holds over the group's reports, as a block would end. */
  async function endIncident(c: pg.PoolClient, tenantId: string, g: GroupRow, s: StoredRow, config: CorrelationConfig, now: Date): Promise<boolean> {
    const incident = await findOpenIncidentOfGroup(c, tenantId, g.id, now);
    if (!incident) return false;
    const reports = (await listMembers(c, tenantId, g.id)).map((m) => ({ source: m.source, endedBy: m.ended_by, endedAt: m.ended_at }));
    const ending = blockEnding(playbookNamed(config, g.playbook)?.end_when ?? 'all_sources_ended', reports, { source: s.source, signalId: s.id });
    if (!ending.ends) return false;
    await closeIncident(c, tenantId, incident.id, ending.reason, now);
    return true;
  }

  /** Metrics of a committed transaction: a rolled-back one (retried, or taken again signal by signal) counts nothing. */
  function count(t: Tally): void {
    t.derived.forEach((d) => deps.metrics.derivedConfidence.observe(d));
    for (const g of t.expired) {
      deps.metrics.corroborationTimeouts.inc();
      deps.metrics.groupSources.observe(g.source_count);
    }
    for (const sources of t.met) {
      deps.metrics.corroborationsMet.inc();
      deps.metrics.groupSources.observe(sources);
    }
    deps.metrics.incidentsOpened.inc(t.incidentsOpened);
    deps.metrics.incidentsClosed.inc({ reason: 'sources_ended' }, t.incidentsEnded);
  }

  return {
    /**
     * Correlates one tenant's committed signals in order under the rule sets given (each feed consumer calls it with its
     * own, one batch at a time; all of them by default, deciding first). Offering a signal again changes nothing: it is
     * a member already. Throws when the database is away, to be offered again.
     */
    onBatch: (batch: StoredBatch, sets: readonly RuleSet[] = RULE_SETS) => processBatch(batch, sets),
  };
}

// PostgreSQL aborting one side of a race between hub processes, or a dropped connection (the next try gets a fresh one
// from the pool), is worth another try: membership is idempotent. A database that stays away is not waited out here.
async function retryTransient<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isRetryable(err)) throw err;
      if (classifyDbError(err) === 'unavailable') await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}

/** A group's non-ended members and the gate's verdict over them. */
type Evaluated = { members: MemberSignal[]; evaluation: Evaluation };

const numbers = ({ members, evaluation: e }: { members: MemberSignal[]; evaluation: Evaluation }) => ({
  signalCount: members.length, sourceCount: e.distinctSources, derivedConfidence: e.derivedConfidence, minSources: e.gate.minSources, threshold: e.gate.threshold,
  summary: summarise(members),
});

export type CorrelationEngine = ReturnType<typeof createCorrelationEngine>;
