// The auto-blocklist: a consumer of the committed signals feed that turns a tenant's sensor threats at or above its policy's
// severity and confidence into blocks of origin `automatic`, through the decider's guardrails. Never acts on an entry twice.

import type pg from 'pg';
import type { Logger } from 'pino';
import { parseCidr } from '../core/cidr.ts';
import { SEVERITIES, type Severity } from '../core/types.ts';
import { withTenantBesideFeed } from '../store/feed-horizon.ts';
import type { Metrics } from '../metrics.ts';
import { signalConfidence } from '../correlate/confidence.ts';
import type { AutoBlocklist } from '../correlate/correlation-config.ts';
import { explainAutomatic, type ExplainedThreat } from '../correlate/explanation.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import type { FeedInterest, FeedPosition, FeedRow } from '../store/feed-queries.ts';
import type { FeedBatch } from '../store/signal-feed.ts';
import type { BlockOutcome, Decider } from './decider.ts';
import { lockAutoBlockProgress, saveAutoBlockProgress } from './auto-block-queries.ts';

export interface AutoBlocklistDeps {
  pool: pg.Pool;
  policy: Pick<PolicyStore, 'forTenant'>;
  decider: Pick<Decider, 'block'>;
  metrics: Pick<Metrics, 'autoBlocks'>;
  clock: () => Date;
  logger: Pick<Logger, 'debug'>;
}

/** Sensors store a ThreatSignal under `threat.<type in lower case>` (src/ingest/sensor-mapping.ts). */
const THREAT_KEY = /^threat\.([a-z_]+)$/;
/** An explanation lists at most this many of the threats that asked for one block in one batch. */
const MAX_EXPLAINED = 20;

/** One interest per rule object: the feed reads a page again when the interest it gets differs (a policy changed). */
const interests = new WeakMap<AutoBlocklist, FeedInterest>();

const rank = (s: Severity | null) => (s === null ? -1 : SEVERITIES.indexOf(s));
const after = (p: FeedPosition, q: FeedPosition) => BigInt(p.xid) > BigInt(q.xid) || (p.xid === q.xid && BigInt(p.id) > BigInt(q.id));

/** The threat as the rule sees it, or null when the rule does not act on it (type, subject, severity, confidence, age). */
export function qualifyingThreat(s: FeedRow, rule: AutoBlocklist, now: Date): ExplainedThreat | null {
  const type = THREAT_KEY.exec(s.key)?.[1]?.toUpperCase();
  if (!type || !(rule.threat_types as string[]).includes(type) || s.subjectType !== 'ip' || !parseCidr(s.subjectId)) return null;
  const confidence = signalConfidence(s.value, s.severity);
  if (rank(s.severity) < rank(rule.min_severity) || confidence < rule.min_confidence) return null;
  // A threat older than the block it would make (a backlog after an outage) is history, not a reason to block now.
  if (Date.parse(s.observedAt) + rule.ttl_seconds * 1000 <= now.getTime()) return null;
  const sensorId = typeof s.value.sensor_id === 'string' ? s.value.sensor_id : null;
  return { id: s.id, source: s.source, threatType: type, severity: s.severity!, confidence, observedAt: s.observedAt, sensorId };
}

export function createAutoBlocklist(deps: AutoBlocklistDeps) {
  /** Decides one batch in one transaction with the progress mark: it commits with its blocks or not at all. */
  async function onBatch(batch: FeedBatch): Promise<void> {
    const { tenantId } = batch;
    const rule = (await deps.policy.forTenant(tenantId)).config.auto_blocklist;
    if (!rule.enabled || batch.signals.length === 0) return;
    const now = deps.clock();
    const last = batch.signals[batch.signals.length - 1]!.position;
    const decided = await withTenantBesideFeed(deps.pool, tenantId, async (c) => {
      const done = await lockAutoBlockProgress(c, tenantId, now);
      const byIndicator = new Map<string, ExplainedThreat[]>();
      for (const s of batch.signals) {
        // Entries at or before the progress mark were acted on before a crash (the feed offers the batch again).
        if (!after(s.position, done)) continue;
        const threat = qualifyingThreat(s, rule, now);
        if (threat) byIndicator.set(s.subjectId, [...byIndicator.get(s.subjectId) ?? [], threat]);
      }
      const out: { indicator: string; threats: ExplainedThreat[]; result: BlockOutcome }[] = [];
      for (const [indicator, threats] of byIndicator) out.push({ indicator, threats, result: await block(c, tenantId, indicator, threats, rule, now) });
      await saveAutoBlockProgress(c, tenantId, last, now);
      return out;
    });
    for (const d of decided) report(tenantId, d.indicator, d.threats, d.result);
  }

  /** One block (or extension) per indicator per batch, at the highest severity its threats report. */
  function block(c: pg.PoolClient, tenantId: string, indicator: string, threats: ExplainedThreat[], rule: AutoBlocklist, now: Date) {
    const severity = threats.map((t) => t.severity as Severity).reduce((a, b) => (rank(b) > rank(a) ? b : a));
    const { enabled: _, ...thresholds } = rule;
    return deps.decider.block(c, {
      tenantId, indicator, blockType: 'IP', severity, ttlSeconds: rule.ttl_seconds, origin: 'automatic', groupId: null, rule: null,
      playbook: null, explanation: explainAutomatic(threats.slice(0, MAX_EXPLAINED), thresholds, now), createdBy: null,
    });
  }

  /** Counted and logged after commit: a rolled-back batch (offered again) reports nothing. */
  function report(tenantId: string, indicator: string, threats: ExplainedThreat[], r: BlockOutcome): void {
    deps.metrics.autoBlocks.inc({ outcome: r.outcome });
    const signals = threats.map((t) => t.id);
    if (r.outcome === 'rejected') {
      deps.logger.debug({ tenantId, indicator, signals, guardrail: r.rejection.code, reason: r.rejection.reason }, 'auto-blocklist: block refused by a guardrail');
    } else {
      deps.logger.debug({ tenantId, indicator, signals, mitigationId: r.mitigation.id, expiresAt: r.mitigation.expires_at }, `auto-blocklist: block ${r.outcome}`);
    }
  }

  return {
    onBatch,
    /** The threat types the rule acts on, by key: the other entries of the feed are passed unread. */
    interest: async (tenantId: string): Promise<FeedInterest> => {
      const rule = (await deps.policy.forTenant(tenantId)).config.auto_blocklist;
      let interest = interests.get(rule);
      if (!interest) interests.set(rule, interest = { signalKeys: (rule.threat_types as string[]).map((t) => `threat.${t.toLowerCase()}`), ends: false });
      return interest;
    },
    /** A tenant whose rule is off has nothing for the auto-blocklist: its feed is passed over unread. */
    idle: async (tenantId: string) => !(await deps.policy.forTenant(tenantId)).config.auto_blocklist.enabled,
  };
}
