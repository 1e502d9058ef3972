// The one writer of mitigation state: creates, extends, rejects (after the guardrails), withdraws, expires and lifts blocks,
// appending each change to the block changes feed in the caller's tenant transaction; never a change without its event.

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { afterCommit } from '../db/pools.ts';
import { queryInOneTrip } from '../db/one-trip.ts';
import { logBlockChanges, logRefusal } from './block-log.ts';
import type { Guardrails } from '../correlate/correlation-config.ts';
import type { Metrics } from '../metrics.ts';
import { overlaps, parseCidr } from '../core/cidr.ts';
import { normalizeIndicator } from '../core/block-indicator.ts';
import type { BlockType } from '../core/types.ts';
import type { BlockRequest, PreparedBlock } from '../correlate/decisions.ts';
import { checkGuardrails, checkTtl, type ProtectedAddress, type Rejection } from './guardrails.ts';
import { appendBlockChanges, blockChangesStatement, type BlockChangeKind } from './block-change-queries.ts';
import { decisionFacts, decisionFactsOf, decisionFactsStatement, type DecisionFacts, type MitigationRow } from './mitigation-queries.ts';
import {
  activeBlockStatement, extendMitigation, insertMitigationStatement, insertRejection, lockAndExpireDue, lockAndExpireStatements, lockTenantDecisions, updateRejection,
  withdrawMitigation, withdrawOverlapping, type NewMitigation,
} from './mitigation-writes.ts';

export type BlockOutcome =
  | { outcome: 'created' | 'extended'; mitigation: MitigationRow }
  | { outcome: 'rejected'; mitigation: MitigationRow | null; rejection: Rejection };

/** What became of extending a block by id: extended, refused by the TTL bounds, or nothing (unknown or not active). */
export type ExtendOutcome = { outcome: 'extended'; mitigation: MitigationRow } | { outcome: 'rejected'; rejection: Rejection } | null;

export interface DeciderDeps {
  /** The tenant's effective guardrails (hub defaults narrowed by the tenant's policy; both safelists). */
  guardrails: (tenantId: string) => Guardrails | Promise<Guardrails>;
  /** The hub's own addresses and the tenant's registered sensors' addresses; injectable so a sensor registry can be wired in. */
  protectedAddresses: (tenantId: string) => ProtectedAddress[] | Promise<ProtectedAddress[]>;
  metrics: Pick<Metrics, 'guardrailRejections' | 'mitigationsCreated' | 'mitigationsWithdrawn' | 'blockChanges' | 'tenant'>;
  clock: () => Date;
  /** The operator's lines (`block.created`, …), after commit; absent in tests that build a decider of their own. */
  logger?: Pick<Logger, 'info'>;
}

type Client = Pick<pg.PoolClient, 'query'>;

/** What a block decision's opening read: the guardrails' facts and the active block a new one would extend. */
interface OpenedDecision {
  facts: DecisionFacts;
  covering: MitigationRow | null;
}

/** Why a block was withdrawn, as counted by quorum_mitigations_withdrawn_total. */
export type WithdrawCause = 'manual' | 'source_ended';

const endReason = (m: MitigationRow) => m.end_reason;
/** The request with its block type and severity made explicit (an IP block of no stated severity by default). */
const kind = (req: BlockRequest) => ({ ...req, blockType: req.blockType ?? 'IP' as const, severity: req.severity ?? null });
/** A refusal as the block changes feed gives its reason. */
const refusalText = (code: string | null, reason: string | null) => `${code}: ${reason}`;
const rejectionReason = (m: MitigationRow) => refusalText(m.rejection_code, m.rejection_reason);
/** The normalised indicator (CIDR prefix, AS64500, …), or the text as given when it does not normalise (a guardrail refuses it). */
const normalized = (type: BlockType, text: string) => { const n = normalizeIndicator(type, text); return n.ok ? n.value : text; };
/** An indicator fit for the rejection audit whatever it held: valid Unicode, no control characters, bounded. */
const auditable = (text: string) => text.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 512);

// Every change takes the tenant's decision lock first (re-entrant within a transaction), before any mitigation row or
// the feed's counter row: one lock order for all writers, so two changes of one tenant queue instead of deadlocking.
export function createDecider(deps: DeciderDeps) {
  /** Appends the changes of `rows` to the tenant's feed (nothing for none) and counts them. */
  async function record(c: Client, tenantId: string, change: BlockChangeKind, rows: MitigationRow[], reason: (m: MitigationRow) => string | null, now: Date) {
    await appendBlockChanges(c, tenantId, change, rows, reason, now);
    counted(c, tenantId, change, rows, reason);
  }

  /** Counts changes whose feed entries are appended, and logs them once committed. */
  function counted(c: Client, tenantId: string, change: BlockChangeKind, rows: MitigationRow[], reason: (m: MitigationRow) => string | null) {
    if (rows.length) deps.metrics.blockChanges.inc({ change, tenant: deps.metrics.tenant(tenantId) }, rows.length);
    const logger = deps.logger;
    if (logger && rows.length) afterCommit(c, () => logBlockChanges(logger, change, rows, reason));
  }

  /** Stores a new mitigation and appends its change in one round trip: its id is chosen here, so that the change can name it. */
  async function insertRecorded(c: Client, m: NewMitigation, change: 'created' | 'rejected', why: string): Promise<MitigationRow> {
    const id = randomUUID();
    const [inserted] = await queryInOneTrip(c, [insertMitigationStatement(id, m), blockChangesStatement(m.tenantId, change, [{ id, reason: why }], m.now)]);
    const row = inserted!.rows[0] as MitigationRow;
    counted(c, m.tenantId, change, [row], () => why);
    return row;
  }

  /** Takes the tenant's decision lock and marks its blocks whose TTL ran out as expired, one change each. */
  async function expireDue(c: Client, tenantId: string): Promise<MitigationRow[]> {
    const now = deps.clock();
    const expired = await lockAndExpireDue(c, tenantId, now);
    await record(c, tenantId, 'expired', expired, endReason, now);
    return expired;
  }

  /** Withdraws the tenant's active blocks overlapping any of the prefixes, one `lifted` change each (the caller holds the decision lock). */
  async function liftOverlapping(c: Client, tenantId: string, cidrs: string[], reason: string, now: Date): Promise<MitigationRow[]> {
    const lifted = await withdrawOverlapping(c, tenantId, cidrs, now, reason);
    await record(c, tenantId, 'lifted', lifted, endReason, now);
    deps.metrics.mitigationsWithdrawn.inc({ reason: 'safelisted' }, lifted.length);
    return lifted;
  }

  /**
   * What opens a block decision: the tenant's decision lock and the expiry of what ran out (the volume counts stay exact
   * across processes), then the decision facts and the active block a new one of this indicator would extend (locked),
   * as statements for one message, and what to make of their results (what expired is recorded, decided or not).
   */
  function decisionOpening(tenantId: string, type: BlockType, indicator: string, now: Date) {
    const active = activeBlockStatement(tenantId, type, indicator);
    return {
      statements: [...lockAndExpireStatements(tenantId, now), decisionFactsStatement(tenantId, new Date(now.getTime() - 60_000), now), ...(active ? [active] : [])],
      async read(c: Client, [, expired, facts, found]: pg.QueryResult[]): Promise<OpenedDecision> {
        await record(c, tenantId, 'expired', expired!.rows as MitigationRow[], endReason, now);
        return { facts: decisionFactsOf(facts!), covering: (found?.rows[0] as MitigationRow | undefined) ?? null };
      },
    };
  }

  /** decisionOpening in a round trip of its own. */
  async function factsAndActive(c: Client, tenantId: string, type: BlockType, indicator: string, now: Date): Promise<OpenedDecision> {
    const opening = decisionOpening(tenantId, type, indicator, now);
    return opening.read(c, await queryInOneTrip(c, opening.statements));
  }

  /** The active block found, unless a safelist entry written since it was made covers it: that one is lifted instead. */
  async function notSafelisted(c: Client, tenantId: string, type: BlockType, indicator: string, covering: MitigationRow | null,
    safelist: string[]): Promise<MitigationRow | null> {
    const prefix = covering?.indicator ? parseCidr(covering.indicator) : null;
    if (!prefix || !safelist.some((s) => { const p = parseCidr(s); return p !== null && overlaps(prefix, p); })) return covering;
    // A policy safelist entry reaches existing blocks at the reconciler's next round; a decision does not wait for it.
    await liftOverlapping(c, tenantId, safelist, 'covered by the safelist', deps.clock());
    const again = activeBlockStatement(tenantId, type, indicator)!;
    return ((await queryInOneTrip(c, [again]))[0]!.rows[0] as MitigationRow | undefined) ?? null;
  }

  async function reject(c: Client, req: BlockRequest, indicator: string, rejection: Rejection, now: Date): Promise<BlockOutcome> {
    deps.metrics.guardrailRejections.inc({ reason: rejection.code, tenant: deps.metrics.tenant(req.tenantId) });
    let mitigation: MitigationRow | null = null;
    // Whether the refusal is logged with a mitigation row's change (record below) rather than on its own.
    let recorded = false;
    if (req.origin === 'correlation' && parseCidr(indicator)) {
      // A group refused again keeps its one rejected row; the feed still records the new refusal on it.
      if (req.previousRejectedId) {
        const updated = await updateRejection(c, req.tenantId, req.previousRejectedId, rejection.code, rejection.reason);
        await record(c, req.tenantId, 'rejected', updated ? [updated] : [], rejectionReason, now);
        recorded = updated !== null;
      } else {
        mitigation = await insertRecorded(c, { ...kind(req), indicator, status: 'rejected', now, rejection }, 'rejected', refusalText(rejection.code, rejection.reason));
        recorded = true;
      }
    }
    const refusal = {
      tenantId: req.tenantId, groupId: req.groupId, mitigationId: mitigation?.id ?? req.previousRejectedId ?? null,
      indicator: auditable(indicator), code: rejection.code, reason: rejection.reason, origin: req.origin, now,
    };
    await insertRejection(c, refusal);
    const logger = deps.logger;
    if (logger && !recorded) afterCommit(c, () => logRefusal(logger, refusal));
    return { outcome: 'rejected', mitigation, rejection };
  }

  /** The guardrails applied to what the decision's opening read, and the outcome stored. */
  async function decideBlock(c: Client, req: BlockRequest, type: BlockType, indicator: string, { facts, covering: found }: OpenedDecision,
    now: Date): Promise<BlockOutcome> {
    const g = await deps.guardrails(req.tenantId);
    const safelist = [...g.safelist, ...facts.safelist];
    const covering = await notSafelisted(c, req.tenantId, type, indicator, found, safelist);
    const rejection = checkGuardrails(indicator, req.ttlSeconds, g, {
      safelist,
      protectedAddresses: await deps.protectedAddresses(req.tenantId),
      activeCount: facts.active,
      newInLastMinute: facts.createdSince,
      extendsExisting: covering !== null,
    }, type);
    if (rejection) return reject(c, req, indicator, rejection, now);
    const why = req.explanation.text;
    if (covering) {
      const extended = (await extendMitigation(c, req.tenantId, covering.id, now, req.ttlSeconds))!;
      await record(c, req.tenantId, 'extended', [extended], () => why, now);
      return { outcome: 'extended', mitigation: extended };
    }
    deps.metrics.mitigationsCreated.inc({ origin: req.origin, tenant: deps.metrics.tenant(req.tenantId) });
    const created = await insertRecorded(c, { ...kind(req), indicator, status: 'active', now, rejection: null }, 'created', why);
    return { outcome: 'created', mitigation: created };
  }

  return {
    /** Applies the guardrails and stores the outcome (a rejected correlation decision is stored as a `rejected` mitigation). */
    async block(c: pg.PoolClient, req: BlockRequest): Promise<BlockOutcome> {
      const now = deps.clock();
      const type = req.blockType ?? 'IP';
      const indicator = normalized(type, req.indicator);
      return decideBlock(c, req, type, indicator, await factsAndActive(c, req.tenantId, type, indicator, now), now);
    },

    /**
     * block() with its opening reads sent ahead, in the caller's own message (one round trip less): the caller sends
     * `statements`, hands their results to `opened`, and blocks this indicator with what that answers.
     */
    prepareBlock(tenantId: string, rawIndicator: string, type: BlockType = 'IP'): PreparedBlock {
      const now = deps.clock();
      const indicator = normalized(type, rawIndicator);
      const opening = decisionOpening(tenantId, type, indicator, now);
      return {
        statements: opening.statements,
        async opened(c, results) {
          const read = await opening.read(c, results);
          return async (req) => {
            if (req.tenantId !== tenantId || (req.blockType ?? 'IP') !== type || normalized(type, req.indicator) !== indicator) {
              throw new Error('a prepared block decides the indicator it was prepared for');
            }
            return decideBlock(c, req, type, indicator, read, now);
          };
        },
      };
    },

    /**
     * Pushes an active block's expiry out to now + ttl (never in) within the TTL bounds; one `extended` change. Expired
     * blocks are marked first, so a block whose TTL just ran out is not revived.
     */
    async extend(c: Client, tenantId: string, id: string, ttlSeconds: number, why: string): Promise<ExtendOutcome> {
      const now = deps.clock();
      const g = await deps.guardrails(tenantId);
      await expireDue(c, tenantId);
      // A block a policy safelist entry covers since the reconciler's last round is lifted now, not extended.
      const facts = await decisionFacts(c, tenantId, now, now);
      await liftOverlapping(c, tenantId, [...g.safelist, ...facts.safelist], 'covered by the safelist', now);
      const rejection = checkTtl(ttlSeconds, g);
      if (rejection) {
        deps.metrics.guardrailRejections.inc({ reason: rejection.code, tenant: deps.metrics.tenant(tenantId) });
        return { outcome: 'rejected', rejection };
      }
      const extended = await extendMitigation(c, tenantId, id, now, ttlSeconds);
      if (!extended) return null;
      await record(c, tenantId, 'extended', [extended], () => why, now);
      return { outcome: 'extended', mitigation: extended };
    },

    /** Ends an active block; null when it was not active (nothing changes then, and no change is recorded). */
    async withdraw(c: Client, tenantId: string, id: string, reason: string, cause: WithdrawCause): Promise<MitigationRow | null> {
      const now = deps.clock();
      await lockTenantDecisions(c, tenantId);
      const ended = await withdrawMitigation(c, tenantId, id, now, reason);
      if (!ended) return null;
      await record(c, tenantId, 'withdrawn', [ended], endReason, now);
      deps.metrics.mitigationsWithdrawn.inc({ reason: cause });
      return ended;
    },

    expireDue,

    /** Withdraws every active block overlapping any of the safelisted prefixes, one `lifted` change each. */
    async lift(c: Client, tenantId: string, cidrs: string[], reason: string): Promise<MitigationRow[]> {
      const now = deps.clock();
      await lockTenantDecisions(c, tenantId);
      return liftOverlapping(c, tenantId, cidrs, reason, now);
    },
  };
}

export type Decider = ReturnType<typeof createDecider>;
