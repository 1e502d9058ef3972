// POST /v1/config/correlation/replay: a candidate policy against the tenant's live one over its stored signals, without acting.
// Never loads a whole range (signals are streamed), never holds more than the configured decisions, never runs more replays at once than allowed.

import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { InvalidRequestError, TooManyRequestsError } from '../core/errors.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import { withTenant } from '../db/pools.ts';
import { InvalidCorrelationConfigError } from '../correlate/config-store.ts';
import { layerPolicy, restoreOverrideSecrets } from '../correlate/policy-layers.ts';
import type { PolicyStore } from '../correlate/policy-store.ts';
import type { CorrelationConfig } from '../correlate/correlation-config.ts';
import { countSignalsForReplay, streamSignalsForReplay } from '../correlate/replay-queries.ts';
import { createSimulation, diffDecisions } from '../decide/replay.ts';
import { listSafelist } from '../decide/mitigation-queries.ts';
import type { ProtectedAddress } from '../decide/guardrails.ts';
import type { Metrics } from '../metrics.ts';
import { problemSchema } from '../http/schemas.ts';
import { replaySchema } from './correlation-schemas.ts';

export interface ReplayRouteDeps {
  app: pg.Pool;
  policy: Pick<PolicyStore, 'forTenant' | 'defaults'>;
  metrics: Pick<Metrics, 'replays'>;
  /** The hub's own addresses and the tenant's connected sensors'. */
  protectedAddresses: (tenantId: string) => ProtectedAddress[] | Promise<ProtectedAddress[]>;
  maxSignals: number;
  /** Decisions both simulations may hold together: memory follows decisions, not signals (QUORUM_REPLAY_MAX_DECISIONS). */
  maxDecisions: number;
  /** Replays running at once on this hub at most (QUORUM_REPLAY_CONCURRENCY); one more is answered 429. */
  concurrency: number;
  /** Largest request (QUORUM_POLICY_MAX_BYTES): the candidate policy is layered synchronously. */
  maxBytes: number;
  /** The hub's clock: the replay sees the safelist entries in force now (an expired one counts nowhere). */
  clock: () => Date;
}

/** Rows per FETCH: few round trips, yet each batch is simulated in tens of milliseconds, so /healthz stays responsive. */
const BATCH = 500;
/** What a refused replay is told to wait: a replay over the largest allowed range takes seconds. */
const RETRY_AFTER_SECONDS = 5;

export function registerReplayRoutes(app: FastifyInstance, deps: ReplayRouteDeps): void {
  let running = 0;

  app.post<{ Body: { config: unknown; since: string; until: string; limit: number } }>('/v1/config/correlation/replay', {
    config: { scope: 'signal:read' },
    bodyLimit: deps.maxBytes,
    schema: {
      tags: ['config'], summary: "Evaluate candidate overrides over the tenant's stored signals of a time range without acting; compare with its live policy",
      body: {
        type: 'object', required: ['config', 'since', 'until'], additionalProperties: false,
        properties: {
          config: { type: 'object', additionalProperties: true, description: 'the candidate policy (overrides on the hub defaults, like PUT /v1/config/correlation)' }, since: { type: 'string' }, until: { type: 'string' },
          limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000, description: 'decisions listed per list at most; `totals` counts them all' },
        },
        // since/until are set relative to the time the document is served (src/http/openapi.ts): the last hour.
        examples: [{ config: { enabled: true, min_sources: 1 }, since: '2026-12-01T09:00:00Z', until: '2026-12-01T10:00:00Z', limit: 100 }],
      },
      response: { 200: replaySchema, 400: problemSchema, 429: problemSchema },
    },
  }, async (req) => {
    // The candidate and the range are checked first (the body is bounded, the layering synchronous): a bad request is
    // told what is wrong even while the hub is busy (`quorum policy check` of a bad file says why, not "busy").
    const tenantId = req.principal.tenantId;
    const live = await deps.policy.forTenant(tenantId);
    const layered = layerPolicy(deps.policy.defaults().config, restoreOverrideSecrets(req.body.config, live.overrides, deps.policy.defaults().config));
    if (!layered.ok) throw new InvalidCorrelationConfigError(layered.errors);
    const since = timestamp(req.body.since, 'since');
    if (since >= timestamp(req.body.until, 'until')) throw new InvalidRequestError('since must be before until', { field: 'since' });
    // Before any work on the range: a busy hub refuses at once.
    if (running >= deps.concurrency) {
      deps.metrics.replays.inc({ outcome: 'busy' });
      throw new TooManyRequestsError(RETRY_AFTER_SECONDS, `${running} replay(s) already running on this hub (QUORUM_REPLAY_CONCURRENCY=${deps.concurrency}); try again later`, 'replay_busy');
    }
    running += 1;
    try {
      const { since: from, until: to } = req.body;
      return await withTenant(deps.app, tenantId, async (c) => {
        const r = await replayRange(c, deps, { tenantId, live: live.config, candidate: layered.config, from, to });
        deps.metrics.replays.inc({ outcome: 'done' });
        req.log.info({ tenantId, signals: r.signals, since: from, until: to }, 'correlation replay finished');
        return listed(r, r.signals, req.body.limit);
      });
    } finally {
      running -= 1;
    }
  });
}

/**
 * Feeds the range's signals, streamed in order, to a simulation of the live policy and one of the candidate, and
 * compares their decisions. Throws a counted 400 when the range holds more signals or decisions than a replay may.
 */
async function replayRange(c: pg.PoolClient, deps: ReplayRouteDeps, r: { tenantId: string; live: CorrelationConfig; candidate: CorrelationConfig; from: string; to: string }) {
  const { tenantId, from, to } = r;
  if (await countSignalsForReplay(c, tenantId, from, to, deps.maxSignals + 1) > deps.maxSignals) throw tooLarge(deps, `holds more than ${deps.maxSignals} signals (QUORUM_REPLAY_MAX_SIGNALS)`);
  const facts = { safelist: (await listSafelist(c, tenantId, deps.clock())).map((s) => s.cidr), protectedAddresses: await deps.protectedAddresses(tenantId) };
  // Both sides see the same signals, so the difference is the policy's alone.
  const baseline = createSimulation({ ...r.live, enabled: true }, facts);
  const candidate = createSimulation({ ...r.candidate, enabled: true }, facts);
  let signals = 0;
  await streamSignalsForReplay(c, tenantId, from, to, BATCH, (rows) => {
    signals += rows.length;
    // Rows committed after the count may have pushed the range over the limit.
    if (signals > deps.maxSignals) throw tooLarge(deps, `holds more than ${deps.maxSignals} signals (QUORUM_REPLAY_MAX_SIGNALS)`);
    for (const s of rows) { baseline.feed(s); candidate.feed(s); }
    if (baseline.decisions().length + candidate.decisions().length > deps.maxDecisions) {
      throw tooLarge(deps, `produces more than ${deps.maxDecisions} decisions (QUORUM_REPLAY_MAX_DECISIONS)`);
    }
  });
  return { signals, current: baseline.decisions(), candidate: candidate.decisions(), ...diffDecisions(baseline.decisions(), candidate.decisions()) };
}

/** The range is more than one replay may hold: a 400 that says how to narrow it, counted. */
function tooLarge(deps: Pick<ReplayRouteDeps, 'metrics'>, what: string): InvalidRequestError {
  deps.metrics.replays.inc({ outcome: 'too_large' });
  return new InvalidRequestError(`the range ${what}; replay a shorter range`);
}

/** The answer, each list cut to `limit` entries: a replay over a busy range can decide far more than anyone reads. */
function listed(r: { current: unknown[]; candidate: unknown[]; added: unknown[]; removed: unknown[]; changed: unknown[]; unchanged: number }, signals: number, limit: number) {
  const lists = ['current', 'candidate', 'added', 'removed', 'changed'] as const;
  const totals = Object.fromEntries([...lists.map((k) => [k, r[k].length]), ['unchanged', r.unchanged]]);
  return {
    signals, totals, truncated: lists.some((k) => r[k].length > limit), unchanged: r.unchanged,
    ...Object.fromEntries(lists.map((k) => [k, r[k].slice(0, limit)])),
  };
}

function timestamp(text: string, field: string): number {
  const ms = parseTimestamp(text);
  if (ms === null) throw new InvalidRequestError(`${field} must be an RFC 3339 timestamp with an offset within ±14:00`, { field });
  return ms;
}
