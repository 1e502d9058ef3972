// Prometheus metrics of the hub, created once per hub and passed to the services that count things.
// Each hub (and each test hub) has its own registry: never the prom-client global one. Names: docs/operations.md, "Metrics".

import type pg from 'pg';
import { countSensorsByHealth } from './ingest/sensor-health-queries.ts';
import { countOpenByTenant } from './distribute/command-queries.ts';
import { countGroupsByStatus } from './correlate/group-queries.ts';
import { countActiveBlocks } from './decide/mitigation-queries.ts';
import type { SilenceThresholds } from './ingest/sensor-health.ts';
import { countUnfollowedTenants, type FeedFollower } from './store/feed-queries.ts';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  /** Label per-tenant series with the tenant id (QUORUM_METRICS_TENANT_LABEL); false folds them into `_all`. */
  tenantLabel?: boolean;
  /** Lines the audit file dropped so far (QUORUM_AUDIT_LOG), read at each scrape. */
  auditFileDropped?: () => number;
  /** The silence thresholds and clock sensor health is judged by (docs/fleet.md#health); absent: no sensor health gauge. */
  sensorHealth?: { thresholds: SilenceThresholds; clock: () => Date };
}

export function createMetrics(pools?: { app: pg.Pool; owner: pg.Pool }, opts: MetricsOptions = {}) {
  const registry = new Registry();
  // The standard names (process_cpu_seconds_total, nodejs_eventloop_lag_seconds, …) that Node dashboards expect.
  collectDefaultMetrics({ register: registry });
  const tenantLabel = opts.tenantLabel ?? true;
  const metrics = {
    registry,
    /** The `tenant` label's value for a tenant: its id, or `_all` when the setting turns the label off. */
    tenant: (tenantId: string) => (tenantLabel ? tenantId : '_all'),
    ...hubMetrics(registry, opts),
    ...ingestMetrics(registry),
    ...aggregateMetrics(registry),
    ...correlateMetrics(registry),
    ...decideMetrics(registry),
    ...distributeMetrics(registry),
    ...scoreMetrics(registry),
    ...presentMetrics(registry),
  };
  if (pools) scrapeGauges(registry, pools, metrics.tenant, opts);
  return metrics;
}

/** The hub itself: HTTP, the database, people, rate limits and the audit trail. */
function hubMetrics(registry: Registry, opts: MetricsOptions) {
  return {
    httpRequests: new Counter({
      name: 'quorum_http_requests_total', help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'], registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'quorum_http_request_duration_seconds', help: 'HTTP request latency by route',
      labelNames: ['route'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
    }),
    dbUp: new Gauge({
      name: 'quorum_db_up', help: '1 when the database answered the latest readiness probe (each /readyz and each scrape), else 0',
      registers: [registry],
    }),
    dbErrors: new Counter({
      name: 'quorum_db_errors_total', help: 'pooled database connections that failed (idle or checked out), by kind (unavailable, timeout, other)',
      labelNames: ['kind'], registers: [registry],
    }),
    embeddedPgRestarts: new Counter({
      name: 'quorum_embedded_pg_restarts_total', help: 'restarts of the embedded PostgreSQL after its postmaster died, by outcome',
      labelNames: ['outcome'], registers: [registry],
    }),
    logins: new Counter({
      name: 'quorum_logins_total', help: 'user logins by outcome: ok, refused (wrong credentials), rate_limited',
      labelNames: ['outcome'], registers: [registry],
    }),
    auditWriteErrors: new Counter({
      name: 'quorum_audit_write_errors_total', help: 'audit rows that could not be written (the write they describe was answered anyway; the hub logs it)',
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'quorum_rate_limited_total', help: 'writes refused by a per-key rate limit (HTTP 429 or RATE_LIMITED), by entry point',
      labelNames: ['path'], registers: [registry],
    }),
    auditFileDropped: new Counter({
      name: 'quorum_audit_file_dropped_total', help: 'audit file lines dropped because its buffer was full (a slow disk) or the file could not be written (QUORUM_AUDIT_LOG)',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(opts.auditFileDropped?.() ?? 0);
      },
    }),
  };
}

/** Ingest: signals taken in by each entry point, refused ones, and the sensor tunnel. */
function ingestMetrics(registry: Registry) {
  return {
    signalsIngested: new Counter({
      name: 'quorum_signals_ingested_total', help: 'signals stored, by entry point (http, sensor, agent, or the adapter: alertmanager, fastnetmon, webhook) and tenant',
      labelNames: ['path', 'tenant'], registers: [registry],
    }),
    signalsDuplicate: new Counter({
      name: 'quorum_signals_duplicate_total', help: 'signals skipped because their signal_id was already stored',
      labelNames: ['path'], registers: [registry],
    }),
    signalsRejected: new Counter({
      name: 'quorum_signals_rejected_total', help: 'signals rejected by validation, by field and rule',
      labelNames: ['path', 'field', 'rule'], registers: [registry],
    }),
    sensorConnections: new Gauge({
      name: 'quorum_sensor_connections', help: 'open /ws/sensors connections by state',
      labelNames: ['state'], registers: [registry],
    }),
    sensorMessages: new Counter({
      name: 'quorum_sensor_messages_total', help: 'messages received from sensors by type and outcome',
      labelNames: ['type', 'outcome'], registers: [registry],
    }),
    sensorBackpressure: new Counter({
      name: 'quorum_sensor_backpressure_total', help: 'sensor messages refused with BACKPRESSURE because the queue was full',
      registers: [registry],
    }),
    sensorConnectionsRefused: new Counter({
      name: 'quorum_sensor_connections_refused_total', help: 'sensor sockets closed with 1013 at a connection cap, by cap',
      labelNames: ['cap'], registers: [registry],
    }),
  };
}

/** Aggregate: the sensor signals queue and its flushes. */
function aggregateMetrics(registry: Registry) {
  return {
    aggregatorQueueCapacity: new Gauge({
      name: 'quorum_aggregator_queue_capacity', help: 'sensor signals the aggregator holds uncommitted at most (SIGNAL_MAX_QUEUE); beyond it sensors get BACKPRESSURE',
      registers: [registry],
    }),
    aggregatorQueueDepth: new Gauge({
      name: 'quorum_aggregator_queue_depth', help: 'sensor signals accepted into the aggregator and not yet committed',
      registers: [registry],
    }),
    aggregatorFlushRows: new Histogram({
      name: 'quorum_aggregator_flush_rows', help: 'rows written per committed aggregator flush',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000], registers: [registry],
    }),
    aggregatorFlushDuration: new Histogram({
      name: 'quorum_aggregator_flush_duration_seconds', help: 'latency of committed aggregator flushes (COPY and commit)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
    }),
    aggregatorFlushFailures: new Counter({
      name: 'quorum_aggregator_flush_failures_total', help: 'aggregator flush attempts that failed (retried with backoff unless permanent)',
      labelNames: ['kind'], registers: [registry],
    }),
    aggregatorMerged: new Counter({
      name: 'quorum_aggregator_merged_total', help: 'sensor signals merged into another row of their batch window',
      registers: [registry],
    }),
  };
}

/** Correlate: groups, corroboration, incidents, the committed signals feed, policies and replays. */
function correlateMetrics(registry: Registry) {
  return {
    groupSources: new Histogram({
      name: 'quorum_signal_group_sources', help: 'distinct sources of a group when it was corroborated or expired',
      buckets: [1, 2, 3, 4, 5, 8], registers: [registry],
    }),
    derivedConfidence: new Histogram({
      name: 'quorum_correlation_derived_confidence_ratio', help: 'derived confidence of groups at each evaluation',
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], registers: [registry],
    }),
    corroborationsMet: new Counter({ name: 'quorum_corroborations_met_total', help: 'groups whose corroboration gate passed', registers: [registry] }),
    corroborationTimeouts: new Counter({ name: 'quorum_corroboration_timeouts_total', help: 'open groups whose window ended before corroboration', registers: [registry] }),
    incidentsOpened: new Counter({ name: 'quorum_incidents_opened_total', help: 'incidents opened by corroborated groups whose playbook action is incident (counted after commit)', registers: [registry] }),
    incidentsClosed: new Counter({ name: 'quorum_incidents_closed_total', help: 'incidents closed, by reason (quiet: ttl passed with no new report; sources_ended)', labelNames: ['reason'], registers: [registry] }),
    decisionSeconds: new Histogram({
      name: 'quorum_correlation_batch_seconds', help: 'time from a batch commit to the end of its correlation and decisions',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry],
    }),
    feedLag: new Gauge({
      name: 'quorum_feed_lag_seconds', help: 'age of the oldest committed signal a feed consumer has not handled yet (0 when caught up), by consumer',
      labelNames: ['consumer'], registers: [registry],
    }),
    feedDeferred: new Counter({
      name: 'quorum_feed_deferred_seconds_total', help: 'time a feed consumer held back for work that goes first: a heavy burst of this hub\'s signal writes (QUORUM_FEED_DEFER_MS), or (correlation_recording) a pass of the rules that decide; by consumer',
      labelNames: ['consumer'], registers: [registry],
    }),
    policyRefreshes: new Counter({
      name: 'quorum_policy_refreshes_total', help: 'correlation policy changes this hub picked up, by what made it look (notify, reconnect, interval, write, start)',
      labelNames: ['trigger'], registers: [registry],
    }),
    replays: new Counter({ name: 'quorum_replays_total', help: 'correlation replays by outcome (done, busy, too_large)', labelNames: ['outcome'], registers: [registry] }),
  };
}

/** Decide: blocks created, refused, withdrawn, and the block changes feed. */
function decideMetrics(registry: Registry) {
  return {
    guardrailRejections: new Counter({
      name: 'quorum_guardrail_rejections_total', help: 'blocks refused by a guardrail, by reason and tenant', labelNames: ['reason', 'tenant'], registers: [registry],
    }),
    mitigationsCreated: new Counter({ name: 'quorum_mitigations_created_total', help: 'blocks created, by origin and tenant', labelNames: ['origin', 'tenant'], registers: [registry] }),
    autoBlocks: new Counter({
      name: 'quorum_auto_blocks_total', help: 'auto-blocklist decisions on sensor threats, by outcome (created, extended, rejected)', labelNames: ['outcome'], registers: [registry],
    }),
    mitigationsWithdrawn: new Counter({ name: 'quorum_mitigations_withdrawn_total', help: 'blocks withdrawn, by reason', labelNames: ['reason'], registers: [registry] }),
    blockChanges: new Counter({ name: 'quorum_block_changes_total', help: 'changes appended to the block changes feed, by kind and tenant (counted at write; a rolled-back one is counted too)', labelNames: ['change', 'tenant'], registers: [registry] }),
  };
}

/** Distribute: enforcement targets, sensor blocklists, fleet commands, rollouts and BGP. */
function distributeMetrics(registry: Registry) {
  return {
    enforcementDeliveries: new Counter({
      name: 'quorum_enforcement_deliveries_total', help: 'blocklist updates handed to an enforcement target, by target (sensors: blocklist messages sent; bouncers: stream pulls answered; bgp: routes announced or withdrawn)',
      labelNames: ['target'], registers: [registry],
    }),
    enforcementOutOfStep: new Counter({
      name: 'quorum_enforcement_out_of_step_total', help: 'times an enforcement target was found out of step with the active blocks and repaired (sensors: a blocklist re-sync; bgp: a failed update or a lost connection)',
      labelNames: ['target'], registers: [registry],
    }),
    blocklistStreamsLimited: new Counter({
      name: 'quorum_blocklist_streams_limited_total', help: 'blocklist answers streamed from a snapshot (export, crowdsec_startup) refused or cut, by reason (busy: QUORUM_BLOCKLIST_STREAMS were streaming, 429; tenant_busy: QUORUM_BLOCKLIST_STREAMS_PER_TENANT of the tenant were, 429; timed_out: not taken whole within QUORUM_BLOCKLIST_STREAM_TIMEOUT_MS)',
      labelNames: ['answer', 'reason'], registers: [registry],
    }),
    bouncerPulls: new Counter({ name: 'quorum_crowdsec_pulls_total', help: 'CrowdSec bouncer stream pulls answered in full, by kind (startup: every active decision; delta: the changes since the last pull)', labelNames: ['kind'], registers: [registry] }),
    sensorBlocklistMessages: new Counter({
      name: 'quorum_sensor_blocklist_messages_total', help: 'blocklist messages sent to sensors, by type (snapshot, push: one per session and change batch, delta)',
      labelNames: ['type'], registers: [registry],
    }),
    sensorBlocklistResyncs: new Counter({
      name: 'quorum_sensor_blocklist_resyncs_total', help: 'snapshots sent to repair a sensor blocklist, by reason (gap, drift, ahead)',
      labelNames: ['reason'], registers: [registry],
    }),
    sensorBlocklistOmitted: new Gauge({
      name: 'quorum_sensor_blocklist_omitted', help: 'active blocks left out of sensor blocklists by QUORUM_SENSOR_BLOCKLIST_MAX_ENTRIES, summed over the tenants with a sensor on this hub, by view (all, legacy)',
      labelNames: ['view'], registers: [registry],
    }),
    commandsSent: new Counter({
      name: 'quorum_command_sends_total', help: 'fleet command frames sent to sensors, by command type (a retry is sent again)', labelNames: ['type'], registers: [registry],
    }),
    commandRetries: new Counter({
      name: 'quorum_command_retries_total', help: 'fleet commands whose attempt went unanswered and that went back to pending for another, by type', labelNames: ['type'], registers: [registry],
    }),
    commandOutcomes: new Counter({
      name: 'quorum_commands_total', help: 'fleet commands finished on this hub (by their sensor, the sweep or a cancel), by type and outcome (succeeded, failed, timed_out, expired, cancelled)', labelNames: ['type', 'outcome'], registers: [registry],
    }),
    rolloutTransitions: new Counter({
      name: 'quorum_rollout_transitions_total', help: 'rule and config rollouts changing state, by kind and event (started, promoted, completed, rolled_back, aborted)',
      labelNames: ['kind', 'event'], registers: [registry],
    }),
    rolloutPushes: new Counter({
      name: 'quorum_rollout_pushes_total', help: 'push_rules/push_config commands enqueued by rollouts, by kind and reason (rollout, rollback, drift_repair)',
      labelNames: ['kind', 'reason'], registers: [registry],
    }),
    bgpUp: new Gauge({ name: 'quorum_bgp_up', help: '1 when this hub\'s gRPC connection to GoBGP is ready, else 0 (only with QUORUM_GOBGP_ADDR)', registers: [registry] }),
    bgpAnnouncer: new Gauge({ name: 'quorum_bgp_announcer', help: '1 when this hub holds the announcer lease (one hub announces to GoBGP at a time)', registers: [registry] }),
    bgpRoutes: new Gauge({ name: 'quorum_bgp_routes', help: 'routes the announcing hub wants in GoBGP, by family', labelNames: ['family'], registers: [registry] }),
    bgpAnnounce: new Counter({
      name: 'quorum_bgp_announce_total', help: 'GoBGP route updates by outcome (announced, withdrawn, failed)', labelNames: ['outcome'], registers: [registry],
    }),
    bgpRepairs: new Counter({
      name: 'quorum_bgp_repairs_total', help: 'drift repaired by a reconcile: missing (re-announced) or stale (withdrawn) routes', labelNames: ['kind'], registers: [registry],
    }),
    bgpReconcileSeconds: new Histogram({
      name: 'quorum_bgp_reconcile_duration_seconds', help: 'one reconcile of GoBGP\'s RIB with the active blocks, by outcome (ok, failed)',
      labelNames: ['outcome'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
    }),
  };
}

/** Score: Trust Score recomputes. */
function scoreMetrics(registry: Registry) {
  return {
    trustScoreRecomputeSeconds: new Histogram({
      name: 'quorum_trust_score_recompute_seconds', help: 'one tenant\'s Trust Score recompute (score every subject, store), by trigger (schedule, demand)',
      labelNames: ['trigger'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry],
    }),
    trustScoreRecomputes: new Counter({
      name: 'quorum_trust_score_recomputes_total', help: 'tenant Trust Score recomputes by trigger (schedule, demand) and outcome (ok, failed)',
      labelNames: ['trigger', 'outcome'], registers: [registry],
    }),
    trustScoreRescoredSubjects: new Counter({
      name: 'quorum_trust_score_rescored_subjects_total', help: 'subjects scored by Trust Score recomputes, by mode (full: every subject; incremental: those changed since the last recompute)',
      labelNames: ['mode'], registers: [registry],
    }),
    trustScoreLastSuccess: new Gauge({
      name: 'quorum_trust_score_last_success_timestamp_seconds', help: 'when this hub last finished a tenant\'s Trust Score recompute (Unix time)', registers: [registry],
    }),
  };
}

/** Present: live dashboards. */
function presentMetrics(registry: Registry) {
  return {
    dashboardConnections: new Gauge({
      name: 'quorum_dashboard_connections', help: 'open /ws/dashboard connections by state (pending: not authenticated yet)',
      labelNames: ['state'], registers: [registry],
    }),
    dashboardMessagesOut: new Counter({
      name: 'quorum_dashboard_messages_out_total', help: 'frames sent to dashboards, by kind (event, replay, control)',
      labelNames: ['kind'], registers: [registry],
    }),
    dashboardDrops: new Counter({
      name: 'quorum_dashboard_drops_total', help: 'dashboard frames not sent and dashboards dropped, by reason (sampled, slow_client, rate_limited, max_connections, auth_timeout)',
      labelNames: ['reason'], registers: [registry],
    }),
  };
}
/** Gauges read at scrape time: the pools' connections, and counts across tenants on the owner connection. */
function scrapeGauges(registry: Registry, pools: { app: pg.Pool; owner: pg.Pool }, tenant: (tenantId: string) => string, opts: MetricsOptions): void {
  new Gauge({
    name: 'quorum_db_pool_connections', help: 'database pool connections by pool and state',
    labelNames: ['pool', 'state'], registers: [registry],
    collect() {
      for (const [name, p] of Object.entries(pools)) {
        this.set({ pool: name, state: 'total' }, p.totalCount);
        this.set({ pool: name, state: 'idle' }, p.idleCount);
        this.set({ pool: name, state: 'waiting' }, p.waitingCount);
      }
    },
  });
  // Counted across tenants on the owner connection (a superuser with the embedded database; see docs/correlation.md).
  new Gauge({
    name: 'quorum_signal_groups', help: 'signal groups by status', labelNames: ['status'], registers: [registry],
    async collect() {
      const counts = await countGroupsByStatus(pools.owner).catch(() => null);
      for (const status of ['open', 'corroborated', 'expired']) this.set({ status }, counts?.find((r) => r.status === status)?.n ?? 0);
    },
  });
  const sensorHealth = opts.sensorHealth;
  if (sensorHealth) {
    new Gauge({
      name: 'quorum_sensors_by_health', help: 'sensors by derived health (healthy, degraded, unhealthy, stale, offline, unknown) and tenant, at scrape time',
      labelNames: ['tenant', 'health'], registers: [registry],
      async collect() {
        const { thresholds: t, clock } = sensorHealth;
        const rows = await countSensorsByHealth(pools.owner, clock(), t.staleAfterMs, t.offlineAfterMs).catch(() => null);
        if (!rows) return;
        this.reset();
        for (const r of rows) this.inc({ tenant: tenant(r.tenant_id), health: r.health }, r.n);
      },
    });
  }
  new Gauge({
    name: 'quorum_commands_open', help: 'fleet commands not finished, by tenant and status (pending, sent), at scrape time', labelNames: ['tenant', 'status'], registers: [registry],
    async collect() {
      const rows = await countOpenByTenant(pools.owner).catch(() => null);
      if (!rows) return;
      this.reset();
      for (const r of rows) this.inc({ tenant: tenant(r.tenant_id), status: r.status }, r.n);
    },
  });
  new Gauge({
    name: 'quorum_mitigations_active', help: 'active blocks', registers: [registry],
    async collect() {
      this.set(await countActiveBlocks(pools.owner).catch(() => 0));
    },
  });
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * At scrape time, per feed consumer, the tenants whose feed no hub follows now: quorum_feed_lag_seconds comes only from
 * the hub that follows a tenant, so a tenant nobody follows would otherwise go unseen. Every hub reports the same count.
 */
export function watchFeedFollowers(metrics: Pick<Metrics, 'registry'>, owner: pg.Pool, followers: readonly FeedFollower[]): void {
  new Gauge({
    name: 'quorum_feed_unfollowed_tenants', help: 'tenants whose committed signals feed no hub follows for the consumer now (its lease free), at scrape time',
    labelNames: ['consumer'], registers: [metrics.registry],
    async collect() {
      const counts = await countUnfollowedTenants(owner, followers.map((f) => f.leaseNamespace)).catch(() => null);
      if (counts) followers.forEach((f, i) => this.set({ consumer: f.name }, counts[i]!));
    },
  });
}
