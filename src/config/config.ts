// The hub's configuration: every setting, its environment variable, its default, and its validation.
// Flags override environment variables, which override defaults; an invalid value stops start-up with a clear message.

import { isIPv4, isIPv6 } from 'node:net';
import { SIGNAL_RULES } from '../core/wire-format.ts';
import { DEFAULT_MAX_JSON_DEPTH } from '../core/json-depth.ts';
import { DEFAULT_RATE_LIMIT } from '../auth/rate-limit.ts';
import { QuorumError } from '../core/errors.ts';
import { parseCidr } from '../core/cidr.ts';
import { BGP_ACTIONS, BGP_MAX_RATE_BPS, BGP_MODES, parseCommunity, type BgpAction, type BgpMode } from '../core/bgp.ts';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  appDatabaseUrl: string | null;
  migrate: boolean;
  embeddedPgPort: number;
  dbPoolSize: number;
  dbStatementTimeoutMs: number;
  dbConnectTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  dbReadyTimeoutMs: number;
  embeddedPgMaxRestarts: number;
  retentionDays: number;
  partitionsAheadDays: number;
  maxFutureSeconds: number;
  maxValueBytes: number;
  maxBatchSignals: number;
  ingestGroupMaxSignals: number;
  ingestGroupWaitMs: number;
  ingestGroupWrites: number;
  bodyLimitBytes: number;
  maxJsonDepth: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  authCacheMs: number;
  sessionIdleTimeoutMs: number;
  sessionAbsoluteTimeoutMs: number;
  passwordScryptLog2N: number;
  loginMaxFailuresPerUsername: number;
  loginMaxFailuresPerAddress: number;
  loginFailureWindowMs: number;
  loginMaxConcurrent: number;
  trustedProxies: string[];
  agentSources: string[];
  agentSubjectTypes: string[];
  logLevel: string;
  logFormat: 'json' | 'pretty' | 'auto';
  accessLogSampleAbove: number;
  auditLogPath: string | null;
  auditLogBufferBytes: number;
  feedLagWarnSeconds: number;
  metricsTenantLabel: boolean;
  reconcileIntervalMs: number;
  replayMaxSignals: number;
  replayConcurrency: number;
  policyMaxBytes: number;
  replayMaxDecisions: number;
  policyCheckIntervalMs: number;
  feedConsume: boolean;
  feedPollIntervalMs: number;
  blockFollowPollMs: number;
  trustScoreIntervalMs: number;
  blockImportMaxBytes: number;
  blockImportMaxLines: number;
  crowdsecGzip: boolean;
  blocklistStreams: number;
  blocklistStreamsPerTenant: number;
  blocklistStreamTimeoutMs: number;
  feedBatchSize: number;
  feedDeferMs: number;
  feedDeferRows: number;
  shutdownTimeoutMs: number;
  signalBatchSize: number;
  signalBatchTimeoutMs: number;
  signalMaxQueue: number;
  signalFlushConcurrency: number;
  sensorAuthTimeoutMs: number;
  sensorPingIntervalMs: number;
  sensorMaxConnections: number;
  sensorMaxFrameBytes: number;
  sensorSource: string;
  sensorTtls: string[];
  sensorMaxSkewSeconds: number;
  sensorReceiptDays: number;
  sensorStaleAfterMs: number;
  sensorOfflineAfterMs: number;
  sensorHealthRetentionDays: number;
  sensorHealthHistoryMax: number;
  commandDelivery: string[];
  commandMaxOpen: number;
  commandExpiryMs: number;
  commandSweepMs: number;
  commandMaxPayloadBytes: number;
  commandAckMaxBytes: number;
  sensorSendBufferBytes: number;
  sensorHeartbeatMaxBytes: number;
  sensorMaxUnauthenticated: number;
  sensorMaxPerAddress: number;
  dashboardAuthTimeoutMs: number;
  dashboardMaxConnections: number;
  dashboardMaxFrameBytes: number;
  dashboardRatePerSecond: number;
  dashboardRateBurst: number;
  dashboardSendBufferBytes: number;
  dashboardSignalsPerSecond: number;
  dashboardSignalsPerTick: number;
  dashboardSignalTickMs: number;
  dashboardStateIntervalMs: number;
  dashboardReplayEvents: number;
  dashboardResumeWindowMs: number;
  dashboardRecheckMs: number;
  sensorBlocklistMaxEntries: number;
  sensorBlocklistMaxDelta: number;
  rolloutDocumentMaxBytes: number;
  rolloutPollMs: number;
  rolloutDriftRepairs: number;
  keyRatePerSecond: number;
  keyRateBurst: number;
  gobgpAddr: string | null;
  gobgpReconcileMs: number;
  gobgpLeaseRetryMs: number;
  gobgpMode: BgpMode;
  gobgpAction: BgpAction;
  gobgpRateLimitBps: number;
  gobgpRtbhCommunity: string;
  gobgpRtbhNextHopV4: string;
  gobgpRtbhNextHopV6: string;
  gobgpMarkCommunity: string;
}

type Kind = 'string' | 'int' | 'list' | 'bool';
interface Setting {
  env: string;
  kind: Kind;
  default: unknown;
  min?: number;
  max?: number;
  doc: string;
}

/** Every setting; the README's configuration table is written from this list. */
export const SETTINGS: Record<keyof Config, Setting> = {
  host: { env: 'QUORUM_HOST', kind: 'string', default: '127.0.0.1', doc: 'address the HTTP server listens on' },
  port: { env: 'QUORUM_PORT', kind: 'int', default: 7700, min: 0, max: 65535, doc: 'HTTP port (0 picks a free one)' },
  dataDir: { env: 'QUORUM_DATA_DIR', kind: 'string', default: './.quorum', doc: 'embedded database, admin key and correlation config' },
  databaseUrl: { env: 'DATABASE_URL', kind: 'string', default: null, doc: 'external PostgreSQL (schema owner); unset = embedded' },
  appDatabaseUrl: { env: 'QUORUM_APP_DATABASE_URL', kind: 'string', default: null, doc: 'login as quorum_app; unset = owner URL with role quorum_app' },
  migrate: { env: 'QUORUM_MIGRATE', kind: 'bool', default: true, doc: 'run migrations at start (`--no-migrate` turns off)' },
  embeddedPgPort: { env: 'QUORUM_EMBEDDED_PG_PORT', kind: 'int', default: 7732, min: 1, max: 65535, doc: 'port of the embedded PostgreSQL (127.0.0.1 only)' },
  dbPoolSize: { env: 'QUORUM_DB_POOL_SIZE', kind: 'int', default: 16, min: 1, max: 500, doc: 'connections in the app pool' },
  dbStatementTimeoutMs: { env: 'QUORUM_DB_STATEMENT_TIMEOUT_MS', kind: 'int', default: 30_000, min: 0, max: 3_600_000, doc: 'longest one SQL statement may run (0 = no limit); the hub stops waiting 2 s after it, even for a server that stopped answering' },
  dbConnectTimeoutMs: { env: 'QUORUM_DB_CONNECT_TIMEOUT_MS', kind: 'int', default: 3000, min: 100, max: 600_000, doc: 'longest wait for a new database connection, or for a free one in a full pool' },
  dbIdleInTransactionTimeoutMs: { env: 'QUORUM_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', kind: 'int', default: 60_000, min: 0, max: 3_600_000, doc: 'the server ends a session idle inside a transaction this long (0 = never)' },
  dbReadyTimeoutMs: { env: 'QUORUM_DB_READY_TIMEOUT_MS', kind: 'int', default: 800, min: 50, max: 60_000, doc: 'how long /readyz waits for the database before answering 503' },
  embeddedPgMaxRestarts: { env: 'QUORUM_EMBEDDED_PG_MAX_RESTARTS', kind: 'int', default: 5, min: 0, max: 100, doc: 'attempts to restart a dead embedded PostgreSQL (with backoff) before the hub exits non-zero' },
  retentionDays: { env: 'QUORUM_RETENTION_DAYS', kind: 'int', default: 180, min: 1, max: 3650, doc: 'history kept; older daily partitions are dropped' },
  partitionsAheadDays: { env: 'QUORUM_PARTITIONS_AHEAD_DAYS', kind: 'int', default: 3, min: 1, max: 60, doc: 'daily partitions created ahead of today' },
  maxFutureSeconds: { env: 'QUORUM_MAX_FUTURE_SECONDS', kind: 'int', default: 300, min: 0, max: 86400, doc: 'how far observed_at may lie in the future' },
  maxValueBytes: { env: 'QUORUM_MAX_VALUE_BYTES', kind: 'int', default: SIGNAL_RULES.signal_value.maxBytes, min: 16, max: SIGNAL_RULES.signal_value.maxBytes, doc: 'largest signal_value (jsonb text bytes); the table CHECK is the ceiling' },
  maxBatchSignals: { env: 'QUORUM_MAX_BATCH', kind: 'int', default: 5000, min: 1, max: 100000, doc: 'signals in one POST /v1/signals' },
  ingestGroupMaxSignals: { env: 'QUORUM_INGEST_GROUP_MAX_SIGNALS', kind: 'int', default: 256, min: 1, max: 5000, doc: 'group commit: most signals of concurrent small writes (≤ 16 signals each) stored by one statement and commit' },
  ingestGroupWaitMs: { env: 'QUORUM_INGEST_GROUP_WAIT_MS', kind: 'int', default: 0, min: 0, max: 2, doc: 'group commit: how long a small write to an idle tenant waits for others (0 = to the end of the event-loop turn; writes that arrive during a write always wait for it)' },
  ingestGroupWrites: { env: 'QUORUM_INGEST_GROUP_WRITES', kind: 'int', default: 2, min: 1, max: 16, doc: 'group commit: group writes of one tenant in flight at once (each on its own connection); small writes arriving while all are busy form the next group' },
  bodyLimitBytes: { env: 'QUORUM_BODY_LIMIT_BYTES', kind: 'int', default: 32 * 1024 * 1024, min: 1024, max: 1024 ** 3, doc: 'largest HTTP request body' },
  maxJsonDepth: { env: 'QUORUM_MAX_JSON_DEPTH', kind: 'int', default: DEFAULT_MAX_JSON_DEPTH, min: 2, max: 256, doc: 'deepest nesting of objects and arrays in signal_value, adapter payloads, threat metadata and heartbeats (a request body may add 3 levels of envelope)' },
  requestTimeoutMs: { env: 'QUORUM_REQUEST_TIMEOUT_MS', kind: 'int', default: 30_000, min: 100, max: 3_600_000, doc: 'an HTTP request (headers and body) must arrive within this; a slowly trickled body is cut off (408)' },
  headersTimeoutMs: { env: 'QUORUM_HEADERS_TIMEOUT_MS', kind: 'int', default: 10_000, min: 100, max: 3_600_000, doc: 'the HTTP request headers must arrive within this (at most the request timeout)' },
  keepAliveTimeoutMs: { env: 'QUORUM_KEEP_ALIVE_TIMEOUT_MS', kind: 'int', default: 5_000, min: 100, max: 3_600_000, doc: 'an idle keep-alive HTTP connection is closed after this' },
  authCacheMs: { env: 'QUORUM_AUTH_CACHE_MS', kind: 'int', default: 5000, min: 0, max: 300_000, doc: 'how long a verified key is remembered; a revocation on another hub takes effect within this (0 = never cache)' },
  sessionIdleTimeoutMs: { env: 'QUORUM_SESSION_IDLE_TIMEOUT_MS', kind: 'int', default: 30 * 60_000, min: 10_000, max: 7 * 86_400_000, doc: "a user's session ends after this long without a request" },
  sessionAbsoluteTimeoutMs: { env: 'QUORUM_SESSION_ABSOLUTE_TIMEOUT_MS', kind: 'int', default: 12 * 3_600_000, min: 60_000, max: 30 * 86_400_000, doc: "a user's session ends this long after the login, however busy" },
  passwordScryptLog2N: { env: 'QUORUM_PASSWORD_SCRYPT_LOG2N', kind: 'int', default: 15, min: 12, max: 20, doc: 'cost of new password hashes: scrypt N = 2^this (r = 8, p = 1; 15 = 32 MiB per hash); older hashes keep their own cost' },
  loginMaxFailuresPerUsername: { env: 'QUORUM_LOGIN_MAX_FAILURES_PER_USERNAME', kind: 'int', default: 5, min: 1, max: 10_000, doc: 'refused logins of one username per window before its logins are refused (429) for a while' },
  loginMaxFailuresPerAddress: { env: 'QUORUM_LOGIN_MAX_FAILURES_PER_ADDRESS', kind: 'int', default: 20, min: 1, max: 100_000, doc: 'refused logins from one address per window before its logins are refused (429) for a while' },
  loginFailureWindowMs: { env: 'QUORUM_LOGIN_FAILURE_WINDOW_MS', kind: 'int', default: 15 * 60_000, min: 1000, max: 86_400_000, doc: 'the login rate limit window: refused logins are forgotten gradually over it' },
  loginMaxConcurrent: { env: 'QUORUM_LOGIN_MAX_CONCURRENT', kind: 'int', default: 8, min: 1, max: 1024, doc: 'logins checking a password at once per hub (each costs a scrypt hash); one more is refused with 429 and Retry-After: 1' },
  trustedProxies: { env: 'QUORUM_TRUSTED_PROXIES', kind: 'list', default: [], doc: 'reverse proxies (addresses, CIDRs, or loopback / linklocal / uniquelocal) whose X-Forwarded-For and X-Forwarded-Proto are believed: the client address of the audit log and the login rate limit, and the session cookie\'s Secure; empty = trust none' },
  agentSources: { env: 'QUORUM_AGENT_SOURCES', kind: 'list', default: ['backup_check', 'clock_check', 'endpoint_posture'], doc: 'sources an agent key may emit' },
  agentSubjectTypes: { env: 'QUORUM_AGENT_SUBJECT_TYPES', kind: 'list', default: ['agent'], doc: 'subject types an agent key may emit' },
  logLevel: { env: 'QUORUM_LOG_LEVEL', kind: 'string', default: 'info', doc: 'pino level: trace … fatal, silent' },
  logFormat: { env: 'QUORUM_LOG_FORMAT', kind: 'string', default: 'auto', doc: 'json, pretty, or auto (pretty on a terminal)' },
  accessLogSampleAbove: { env: 'QUORUM_ACCESS_LOG_SAMPLE_ABOVE', kind: 'int', default: 50, min: 0, max: 1_000_000, doc: 'access log lines (debug level) per second written in full; above this rate one request in ten is logged, and each line says its sample rate (0: log every request)' },
  auditLogPath: { env: 'QUORUM_AUDIT_LOG', kind: 'string', default: null, doc: 'a file the hub appends JSON lines of every state change to, for SIEM shipping (docs/operations.md, "Audit file"); unset = none' },
  auditLogBufferBytes: { env: 'QUORUM_AUDIT_LOG_BUFFER_BYTES', kind: 'int', default: 8 * 1024 * 1024, min: 4096, max: 1024 ** 3, doc: 'audit file lines waiting for a slow disk at most; beyond it new lines are dropped and counted (quorum_audit_file_dropped_total), never waited for' },
  feedLagWarnSeconds: { env: 'QUORUM_FEED_LAG_WARN_SECONDS', kind: 'int', default: 60, min: 1, max: 86_400, doc: 'a feed consumer further behind than this logs a warning (once, and once more when it has caught up)' },
  metricsTenantLabel: { env: 'QUORUM_METRICS_TENANT_LABEL', kind: 'bool', default: false, doc: 'label per-tenant metrics with `tenant` (the tenant id; otherwise `_all`). Off by default: `/metrics` is public, and the label would show every tenant\'s id and activity to whoever reaches the port; turn it on where only the operator\'s Prometheus can' },
  reconcileIntervalMs: { env: 'QUORUM_RECONCILE_INTERVAL_MS', kind: 'int', default: 5000, min: 100, max: 3_600_000, doc: 'how often expired signal groups and mitigations are swept' },
  replayMaxSignals: { env: 'QUORUM_REPLAY_MAX_SIGNALS', kind: 'int', default: 200_000, min: 1, max: 10_000_000, doc: 'most stored signals one correlation replay may evaluate' },
  policyMaxBytes: { env: 'QUORUM_POLICY_MAX_BYTES', kind: 'int', default: 262_144, min: 4096, max: 16 * 1024 * 1024, doc: 'largest correlation policy document in a request (tenant overrides, hub defaults, replay candidate; more → 413)' },
  replayConcurrency: { env: 'QUORUM_REPLAY_CONCURRENCY', kind: 'int', default: 1, min: 1, max: 64, doc: 'correlation replays running at once per hub (one more: 429 with Retry-After)' },
  replayMaxDecisions: { env: 'QUORUM_REPLAY_MAX_DECISIONS', kind: 'int', default: 100_000, min: 1, max: 10_000_000, doc: 'most decisions one correlation replay may simulate (both sides together; they are what it holds in memory)' },
  policyCheckIntervalMs: { env: 'QUORUM_POLICY_CHECK_INTERVAL_MS', kind: 'int', default: 5000, min: 100, max: 600_000, doc: 'safety net: how often a hub compares the policy version without a NOTIFY (changes normally apply within 1 s)' },
  feedConsume: { env: 'QUORUM_FEED_CONSUME', kind: 'bool', default: true, doc: 'false: this hub stores signals but leaves correlating them to the other hubs on its database (an ingest-only node)' },
  feedPollIntervalMs: { env: 'QUORUM_FEED_POLL_INTERVAL_MS', kind: 'int', default: 250, min: 10, max: 60_000, doc: 'how often the correlation consumer polls the committed signals feed (signals stored by this hub that its rules may select wake it at once; this bounds the delay for the others), and how often the Trust Score\'s pointer keeper follows it' },
  crowdsecGzip: { env: 'QUORUM_CROWDSEC_GZIP', kind: 'bool', default: true, doc: 'compress a CrowdSec bouncer\'s startup answer when it accepts gzip (false: plain JSON, faster on a LAN: 100,000 decisions are ~20 MB and gzip costs more CPU time than the link saves)' },
  blocklistStreams: { env: 'QUORUM_BLOCKLIST_STREAMS', kind: 'int', default: 4, min: 1, max: 64, doc: 'blocklist exports and CrowdSec startup answers streaming at once per hub, each holding a database connection while its client reads (one more: 429 streams_busy with Retry-After; a 304 or a delta is not counted)' },
  blocklistStreamsPerTenant: { env: 'QUORUM_BLOCKLIST_STREAMS_PER_TENANT', kind: 'int', default: 2, min: 1, max: 64, doc: 'of those, the answers of one tenant streaming at once per hub, so that one tenant\'s stalled clients leave the others room (one more: 429 streams_busy with Retry-After)' },
  blocklistStreamTimeoutMs: { env: 'QUORUM_BLOCKLIST_STREAM_TIMEOUT_MS', kind: 'int', default: 60_000, min: 100, max: 3_600_000, doc: 'a blocklist export or CrowdSec startup answer not taken whole within this long (a client that stops reading, or reads too slowly) is cut, letting its snapshot and database connection go' },
  blockFollowPollMs: { env: 'QUORUM_BLOCK_FOLLOW_POLL_MS', kind: 'int', default: 5000, min: 10, max: 600_000, doc: 'safety net: how often a hub compares every tenant\'s block version without a NOTIFY (changes normally reach sensors and routers at once)' },
  trustScoreIntervalMs: { env: 'QUORUM_TRUST_SCORE_INTERVAL_MS', kind: 'int', default: 1_800_000, min: 1000, max: 86_400_000, doc: 'how often every tenant\'s Trust Score is recomputed and a snapshot stored for its trend (one hub per tenant at a time; `POST /v1/trust-score/recompute` recomputes on demand)' },
  blockImportMaxBytes: { env: 'QUORUM_BLOCK_IMPORT_MAX_BYTES', kind: 'int', default: 1024 * 1024, min: 1024, max: 64 * 1024 * 1024, doc: 'largest blocks import file, `POST /v1/blocks/import` (more → 413, nothing imported)' },
  blockImportMaxLines: { env: 'QUORUM_BLOCK_IMPORT_MAX_LINES', kind: 'int', default: 1000, min: 1, max: 100_000, doc: 'most indicator lines in one blocks import (more → 413, nothing imported); the file is one transaction, during which the tenant\'s other block decisions wait' },
  feedBatchSize: { env: 'QUORUM_FEED_BATCH_SIZE', kind: 'int', default: 500, min: 1, max: 100_000, doc: 'most feed entries the correlation consumer reads and holds at once (the backlog stays in PostgreSQL)' },
  feedDeferMs: { env: 'QUORUM_FEED_DEFER_MS', kind: 'int', default: 5000, min: 0, max: 60_000, doc: 'longest the feed\'s consumers (correlation, the auto-blocklist, the Trust Score\'s pointer keeper) hold back while this hub\'s signal ingest is heavy, from the start of the heavy stretch, so a burst commits first (0: never hold back)' },
  feedDeferRows: { env: 'QUORUM_FEED_DEFER_ROWS', kind: 'int', default: 4000, min: 1, max: 10_000_000, doc: 'signal rows in this hub\'s uncommitted writes from which its ingest counts as heavy (QUORUM_FEED_DEFER_MS)' },
  shutdownTimeoutMs: { env: 'QUORUM_SHUTDOWN_TIMEOUT_MS', kind: 'int', default: 10_000, min: 0, max: 600_000, doc: 'on SIGTERM, how long the in-flight correlation batch may take to finish (the rest resumes from the feed after restart), and HTTP answers still streaming (a slow export) are cut' },
  signalBatchSize: { env: 'SIGNAL_BATCH_SIZE', kind: 'int', default: 100, min: 1, max: 100_000, doc: 'sensor signals per aggregator flush (per tenant)' },
  signalBatchTimeoutMs: { env: 'SIGNAL_BATCH_TIMEOUT_MS', kind: 'int', default: 5000, min: 1, max: 600_000, doc: 'longest a sensor signal waits in its batch window before a flush' },
  signalMaxQueue: { env: 'SIGNAL_MAX_QUEUE', kind: 'int', default: 10_000, min: 1, max: 10_000_000, doc: 'sensor signals held uncommitted at most; beyond it sensors get BACKPRESSURE' },
  signalFlushConcurrency: { env: 'QUORUM_SIGNAL_FLUSH_CONCURRENCY', kind: 'int', default: 8, min: 1, max: 64, doc: 'aggregator flushes running at once (each on its own connection)' },
  sensorAuthTimeoutMs: { env: 'QUORUM_SENSOR_AUTH_TIMEOUT_MS', kind: 'int', default: 10_000, min: 100, max: 600_000, doc: 'a sensor must authenticate within this time (close 4001)' },
  sensorPingIntervalMs: { env: 'QUORUM_SENSOR_PING_INTERVAL_MS', kind: 'int', default: 30_000, min: 100, max: 3_600_000, doc: 'ping interval; silent for two intervals = close 1000 "Heartbeat timeout"' },
  sensorMaxConnections: { env: 'QUORUM_SENSOR_MAX_CONNECTIONS', kind: 'int', default: 1000, min: 1, max: 1_000_000, doc: 'authenticated sensor sessions at most (beyond: close 1013)' },
  sensorMaxFrameBytes: { env: 'QUORUM_SENSOR_MAX_FRAME_BYTES', kind: 'int', default: 16 * 1024 * 1024, min: 1024, max: 256 * 1024 * 1024, doc: 'largest sensor frame (beyond: close 1009)' },
  sensorSource: { env: 'QUORUM_SENSOR_SOURCE', kind: 'string', default: 'synapse', doc: 'the `source` of sensor rows when the sensor names no kind' },
  sensorTtls: { env: 'QUORUM_SENSOR_TTLS', kind: 'list', default: [], doc: 'TTL overrides per signal type, e.g. RATE_ANOMALY=600,IP_THREAT=3600 (docs/sensors.md has the defaults)' },
  sensorSendBufferBytes: { env: 'QUORUM_SENSOR_SEND_BUFFER_BYTES', kind: 'int', default: 1024 * 1024, min: 1024, max: 1024 ** 3, doc: 'bytes waiting to be sent to one sensor at most (beyond: close 1008)' },
  sensorReceiptDays: { env: 'QUORUM_SENSOR_RECEIPT_DAYS', kind: 'int', default: 7, min: 1, max: 3650, doc: 'days a message receipt is kept (a resend after that is stored again)' },
  sensorStaleAfterMs: { env: 'QUORUM_SENSOR_STALE_AFTER_MS', kind: 'int', default: 60_000, min: 1000, max: 86_400_000, doc: 'a sensor without a heartbeat for this long is `stale` (two 30 s heartbeat intervals; docs/fleet.md#health)' },
  sensorOfflineAfterMs: { env: 'QUORUM_SENSOR_OFFLINE_AFTER_MS', kind: 'int', default: 300_000, min: 1000, max: 604_800_000, doc: 'a sensor without a heartbeat for this long is `offline` (taken as at least the stale threshold)' },
  sensorHealthRetentionDays: { env: 'QUORUM_SENSOR_HEALTH_RETENTION_DAYS', kind: 'int', default: 30, min: 1, max: 3650, doc: 'days of per-minute sensor health history kept (older rows pruned hourly)' },
  sensorHealthHistoryMax: { env: 'QUORUM_SENSOR_HEALTH_HISTORY_MAX', kind: 'int', default: 1440, min: 10, max: 50_000, doc: 'most per-minute rows one `GET /v1/sensors/{id}/health` returns (the newest of the range)' },
  commandDelivery: { env: 'QUORUM_COMMAND_DELIVERY', kind: 'list', default: [], doc: 'timeout per attempt (ms) and attempts per fleet command type, e.g. restart=60000:2,toggle_mtd=5000:3 (docs/fleet.md#fleet-commands has the defaults)' },
  commandMaxOpen: { env: 'QUORUM_COMMAND_MAX_OPEN', kind: 'int', default: 100, min: 1, max: 10_000, doc: 'open (pending or sent) fleet commands one sensor may have (more → 429 `command_queue_full`, nothing enqueued)' },
  commandExpiryMs: { env: 'QUORUM_COMMAND_EXPIRY_MS', kind: 'int', default: 3_600_000, min: 1000, max: 2_592_000_000, doc: 'a fleet command not delivered within this time (its sensor stayed offline) is `expired`' },
  commandSweepMs: { env: 'QUORUM_COMMAND_SWEEP_MS', kind: 'int', default: 1000, min: 50, max: 600_000, doc: 'how often each hub times out unanswered fleet commands and expires undelivered ones; also the wait before a delivery that failed on a database error is tried again' },
  commandMaxPayloadBytes: { env: 'QUORUM_COMMAND_MAX_PAYLOAD_BYTES', kind: 'int', default: 1024 * 1024, min: 1024, max: 16 * 1024 * 1024, doc: 'largest fleet command `payload` (JSON bytes) the API takes (more → 413); its nesting is bounded by QUORUM_MAX_JSON_DEPTH' },
  commandAckMaxBytes: { env: 'QUORUM_COMMAND_ACK_MAX_BYTES', kind: 'int', default: 64 * 1024, min: 1024, max: 16 * 1024 * 1024, doc: 'largest `command-ack` frame a sensor may send (beyond: INVALID_MESSAGE, the command stays open): its message and result are stored with the command' },
  sensorMaxSkewSeconds: { env: 'QUORUM_SENSOR_MAX_SKEW_SECONDS', kind: 'int', default: 300, min: 0, max: 86_400, doc: 'a sensor timestamp within this skew becomes observed_at; else the receive time' },
  sensorHeartbeatMaxBytes: { env: 'QUORUM_SENSOR_HEARTBEAT_MAX_BYTES', kind: 'int', default: 64 * 1024, min: 256, max: 16 * 1024 * 1024, doc: 'largest sensor heartbeat frame (beyond: INVALID_MESSAGE, not stored)' },
  sensorBlocklistMaxEntries: { env: 'QUORUM_SENSOR_BLOCKLIST_MAX_ENTRIES', kind: 'int', default: 0, min: 0, max: 100_000_000, doc: 'blocklist entries one sensor holds at most, by severity then recency (0: no cap); the snapshot says how many were left out' },
  sensorBlocklistMaxDelta: { env: 'QUORUM_SENSOR_BLOCKLIST_MAX_DELTA', kind: 'int', default: 1000, min: 0, max: 1_000_000, doc: 'a sensor that missed more block changes than this gets a fresh blocklist-snapshot instead of a delta' },
  rolloutDocumentMaxBytes: { env: 'QUORUM_ROLLOUT_DOCUMENT_MAX_BYTES', kind: 'int', default: 1024 * 1024, min: 1024, max: 64 * 1024 * 1024, doc: 'largest rule bundle or sensor config, canonically serialised (more → 413; docs/fleet.md#rule-and-config-rollouts)' },
  rolloutPollMs: { env: 'QUORUM_ROLLOUT_POLL_MS', kind: 'int', default: 2000, min: 50, max: 600_000, doc: 'how often a hub advances rollouts without a wake-up (scheduled starts, canary soaks, drift checks)' },
  rolloutDriftRepairs: { env: 'QUORUM_ROLLOUT_DRIFT_REPAIRS', kind: 'int', default: 3, min: 0, max: 100, doc: 'times a sensor reporting another rules/config hash than its version gets that version again before it is left drifted' },
  sensorMaxUnauthenticated: { env: 'QUORUM_SENSOR_MAX_UNAUTHENTICATED', kind: 'int', default: 64, min: 1, max: 1_000_000, doc: '/ws/sensors sockets not yet authenticated, at most (beyond: close 1013)' },
  sensorMaxPerAddress: { env: 'QUORUM_SENSOR_MAX_PER_ADDRESS', kind: 'int', default: 8, min: 1, max: 1_000_000, doc: 'unauthenticated /ws/sensors sockets from one address, at most (beyond: close 1013)' },
  dashboardAuthTimeoutMs: { env: 'QUORUM_DASHBOARD_AUTH_TIMEOUT_MS', kind: 'int', default: 10_000, min: 100, max: 600_000, doc: 'a dashboard must authenticate on /ws/dashboard within this time (close 4001)' },
  dashboardMaxConnections: { env: 'QUORUM_DASHBOARD_MAX_CONNECTIONS', kind: 'int', default: 256, min: 1, max: 100_000, doc: '/ws/dashboard sockets at most, authenticated or not (beyond: close 1013)' },
  dashboardMaxFrameBytes: { env: 'QUORUM_DASHBOARD_MAX_FRAME_BYTES', kind: 'int', default: 16_384, min: 256, max: 16 * 1024 * 1024, doc: 'largest frame a dashboard may send (beyond: close 1009)' },
  dashboardRatePerSecond: { env: 'QUORUM_DASHBOARD_RATE_PER_SECOND', kind: 'int', default: 50, min: 1, max: 100_000, doc: 'frames per second one dashboard may send (token bucket; beyond the burst: close 4029)' },
  dashboardRateBurst: { env: 'QUORUM_DASHBOARD_RATE_BURST', kind: 'int', default: 75, min: 1, max: 1_000_000, doc: 'frames a dashboard may send at once above its rate (token bucket size)' },
  dashboardSendBufferBytes: { env: 'QUORUM_DASHBOARD_SEND_BUFFER_BYTES', kind: 'int', default: 4_194_304, min: 1024, max: 1024 ** 3, doc: 'bytes waiting to be sent to one dashboard at most (beyond: close 1008; the hub never waits for a slow dashboard)' },
  dashboardSignalsPerSecond: { env: 'QUORUM_DASHBOARD_SIGNALS_PER_SECOND', kind: 'int', default: 20, min: 1, max: 100_000, doc: 'signal events (and, separately, threat events) sent to one dashboard per second at most; the live feed is sampled beyond it' },
  dashboardSignalsPerTick: { env: 'QUORUM_DASHBOARD_SIGNALS_PER_TICK', kind: 'int', default: 10, min: 1, max: 100_000, doc: 'signals read from a tenant\'s feed per tick for its dashboards at most; the rest of the tick is sampled away' },
  dashboardSignalTickMs: { env: 'QUORUM_DASHBOARD_SIGNAL_TICK_MS', kind: 'int', default: 100, min: 10, max: 60_000, doc: 'how often the signals feed is read for the tenants whose dashboards subscribed to signals or threats' },
  dashboardStateIntervalMs: { env: 'QUORUM_DASHBOARD_STATE_INTERVAL_MS', kind: 'int', default: 1000, min: 100, max: 600_000, doc: 'how often groups, sensors and the metrics counters are read for subscribed dashboards (the metrics topic\'s period)' },
  dashboardReplayEvents: { env: 'QUORUM_DASHBOARD_REPLAY_EVENTS', kind: 'int', default: 2000, min: 1, max: 1_000_000, doc: 'events kept per tenant for dashboards that reconnect with `resume` (older: a snapshot instead)' },
  dashboardResumeWindowMs: { env: 'QUORUM_DASHBOARD_RESUME_WINDOW_MS', kind: 'int', default: 120_000, min: 0, max: 86_400_000, doc: 'how long a tenant\'s event stream outlives its last dashboard, so one that reconnects within it can resume' },
  dashboardRecheckMs: { env: 'QUORUM_DASHBOARD_RECHECK_MS', kind: 'int', default: 30_000, min: 100, max: 3_600_000, doc: 'how often a dashboard\'s key or login is verified again (a revoked key is also re-checked at once; revoked or ended: close 4001)' },
  keyRatePerSecond: { env: 'QUORUM_KEY_RATE_PER_SECOND', kind: 'int', default: DEFAULT_RATE_LIMIT.perSecond, min: 1, max: 1_000_000, doc: 'writes per second per API key and hub (signal POSTs, sensor messages) unless the key has its own rate' },
  keyRateBurst: { env: 'QUORUM_KEY_RATE_BURST', kind: 'int', default: DEFAULT_RATE_LIMIT.burst, min: 1, max: 10_000_000, doc: 'writes a key may burst above its rate (token bucket size) unless the key has its own' },
  gobgpAddr: { env: 'QUORUM_GOBGP_ADDR', kind: 'string', default: null, doc: 'gRPC address (host:port) of the GoBGP daemon that announces blocks to routers as FlowSpec or RTBH routes; unset = no router enforcement (docs/enforcement.md)' },
  gobgpReconcileMs: { env: 'QUORUM_GOBGP_RECONCILE_MS', kind: 'int', default: 30_000, min: 100, max: 3_600_000, doc: 'how often the announcing hub compares GoBGP\'s routes with the active blocks and repairs both ways (also at once when GoBGP comes back)' },
  gobgpLeaseRetryMs: { env: 'QUORUM_GOBGP_LEASE_RETRY_MS', kind: 'int', default: 2000, min: 50, max: 600_000, doc: 'how often a hub that does not announce tries to take the announcer lease (one hub announces; another takes over within this when it dies)' },
  gobgpMode: { env: 'QUORUM_GOBGP_MODE', kind: 'string', default: 'flowspec', doc: 'how blocks are announced when their playbook has no `bgp.mode` (manual and automatic blocks too): flowspec, rtbh or off' },
  gobgpAction: { env: 'QUORUM_GOBGP_ACTION', kind: 'string', default: 'discard', doc: 'FlowSpec action when the playbook names none: discard or rate-limit' },
  gobgpRateLimitBps: { env: 'QUORUM_GOBGP_RATE_LIMIT_BPS', kind: 'int', default: 1_000_000, min: 1, max: BGP_MAX_RATE_BPS, doc: 'FlowSpec rate limit in bits per second when the action is rate-limit and the playbook names no rate (sent as bytes per second, RFC 8955)' },
  gobgpRtbhCommunity: { env: 'QUORUM_GOBGP_RTBH_COMMUNITY', kind: 'string', default: '65535:666', doc: 'blackhole community of RTBH routes when the playbook names none (65535:666 is BLACKHOLE, RFC 7999)' },
  gobgpRtbhNextHopV4: { env: 'QUORUM_GOBGP_RTBH_NEXT_HOP_V4', kind: 'string', default: '192.0.2.1', doc: 'next hop of IPv4 RTBH routes (routers map it to a discard interface)' },
  gobgpRtbhNextHopV6: { env: 'QUORUM_GOBGP_RTBH_NEXT_HOP_V6', kind: 'string', default: '100::1', doc: 'next hop of IPv6 RTBH routes (100::/64 is the discard-only prefix, RFC 6666)' },
  gobgpMarkCommunity: { env: 'QUORUM_GOBGP_MARK_COMMUNITY', kind: 'string', default: '64512:7700', doc: 'community on every route Quorum announces: how it tells its own routes in GoBGP from others, which it never touches' },
};

/** A setting (flag or environment variable) out of its bounds: the hub does not start. */
export class ConfigError extends QuorumError {
  constructor(message: string) {
    super('invalid_config', 400, message);
  }
}

/** Builds the configuration from explicit overrides (flags) and the environment. */
export function loadConfig(overrides: Partial<Record<keyof Config, unknown>> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(SETTINGS) as [keyof Config, Setting][]) {
    const flag = overrides[name];
    const raw = flag !== undefined ? flag : env[s.env];
    out[name] = raw === undefined || raw === '' ? s.default : parse(name, s, raw);
  }
  if (!['json', 'pretty', 'auto'].includes(out.logFormat as string)) {
    throw new ConfigError(`logFormat (${SETTINGS.logFormat.env}) must be json, pretty or auto, got ${String(out.logFormat)}`);
  }
  checkGobgpSettings(out);
  checkTrustedProxies(out.trustedProxies as string[]);
  return out as unknown as Config;
}

/** Each trusted proxy is an address, a CIDR prefix, or a name proxy-addr knows; a typo must not silently trust nobody. */
function checkTrustedProxies(list: string[]): void {
  const names = ['loopback', 'linklocal', 'uniquelocal'];
  const bad = list.find((p) => !names.includes(p) && parseCidr(p) === null);
  if (bad !== undefined) throw new ConfigError(`trustedProxies (${SETTINGS.trustedProxies.env}) must list addresses, CIDR prefixes or ${names.join(' / ')}, got ${bad}`);
}

/** The router announcer's words: modes and actions from their lists, communities `ASN:value`, next hops of their family. */
function checkGobgpSettings(out: Record<string, unknown>): void {
  const fail = (name: keyof Config, rule: string) => {
    throw new ConfigError(`${name} (${SETTINGS[name].env}) must be ${rule}, got ${String(out[name])}`);
  };
  if (!(BGP_MODES as readonly unknown[]).includes(out.gobgpMode)) fail('gobgpMode', BGP_MODES.join(', '));
  if (!(BGP_ACTIONS as readonly unknown[]).includes(out.gobgpAction)) fail('gobgpAction', BGP_ACTIONS.join(' or '));
  for (const name of ['gobgpRtbhCommunity', 'gobgpMarkCommunity'] as const) if (parseCommunity(String(out[name])) === null) fail(name, 'a community ASN:value (each 0-65535)');
  if (!isIPv4(String(out.gobgpRtbhNextHopV4))) fail('gobgpRtbhNextHopV4', 'an IPv4 address');
  if (!isIPv6(String(out.gobgpRtbhNextHopV6))) fail('gobgpRtbhNextHopV6', 'an IPv6 address');
  if (out.gobgpAddr !== null && !/^[^\s/]+:\d{1,5}$/.test(String(out.gobgpAddr))) fail('gobgpAddr', 'host:port');
}

function parse(name: string, s: Setting, raw: unknown): unknown {
  const where = `${name} (${s.env})`;
  switch (s.kind) {
    case 'string':
      return String(raw);
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (/^(1|true|yes)$/i.test(String(raw))) return true;
      if (/^(0|false|no)$/i.test(String(raw))) return false;
      throw new ConfigError(`${where} must be true or false, got ${String(raw)}`);
    case 'list':
      return Array.isArray(raw) ? raw : String(raw).split(',').map((x) => x.trim()).filter(Boolean);
    case 'int': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isInteger(n)) throw new ConfigError(`${where} must be an integer, got ${String(raw)}`);
      if ((s.min !== undefined && n < s.min) || (s.max !== undefined && n > s.max)) {
        throw new ConfigError(`${where} must be between ${s.min} and ${s.max}, got ${n}`);
      }
      return n;
    }
  }
}
