// Starts and stops a whole hub: database, migrations, bootstrap, the HTTP server and the stage modules in pipeline order.
// Stops the modules in reverse (ingest first, see stop) and the database last, so nothing is written after it is gone.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import type { Principal } from './core/types.ts';
import { openDatabase } from './db/database.ts';
import { enableLogin, passwordFromUrl, type EmbeddedOptions } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { APP_ROLE, closePools, createPools, INGEST_ROLE, type Pools } from './db/pools.ts';
import { createDatabaseProbe } from './db/probe.ts';
import { createAvailabilityWatch } from './db/availability.ts';
import { classifyDbError } from './db/sql-errors.ts';
import { createKeyStore, type KeyStore } from './auth/key-store.ts';
import { createRateLimiter } from './auth/rate-limit.ts';
import { watchKeyRevocations } from './auth/revocation.ts';
import { bootstrapDefaultTenant, type BootstrapResult } from './auth/bootstrap.ts';
import { createSessionStore, type SessionStore } from './auth/session-store.ts';
import { createUserStore, type UserStore } from './auth/user-store.ts';
import { createLoginGate, createLoginLimiter } from './auth/login-limiter.ts';
import { createAuditLog, type AuditLog } from './auth/audit-log.ts';
import { completeSetup, createSetupCode } from './auth/setup-code.ts';
import { SqlEmitter } from './store/emitter.ts';
import type { StoredSignalBus } from './store/stored-signal-bus.ts';
import { createMetrics, watchFeedFollowers, type Metrics } from './metrics.ts';
import { buildServer, registerModuleRoutes } from './http/server.ts';
import { createPolicyFile } from './correlate/config-store.ts';
import { createPolicyStore, type PolicyStore } from './correlate/policy-store.ts';
import { createNotificationListener, type NotificationListener } from './db/notifications.ts';
import type { CorrelationEngine } from './correlate/engine.ts';
import type { RuleSet } from './correlate/routing.ts';
import type { FeedConsumer } from './store/signal-feed.ts';
import type { Reconciler } from './decide/reconciler.ts';
import { cachedSensorAddresses, type SensorAddressSource } from './decide/protected-addresses.ts';
import type { Aggregator } from './aggregate/aggregator.ts';
import { registeredSensorAddresses } from './ingest/sensor-directory.ts';
import type { SensorGateway } from './ingest/sensor-gateway.ts';
import { startModules, stopModules } from './hub/stage-module.ts';
import { createIngestModule } from './ingest/module.ts';
import { watchSensorApprovals } from './ingest/approval-watch.ts';
import { createAggregateModule } from './aggregate/module.ts';
import { createStoreModule } from './store/module.ts';
import { createCorrelateModule } from './correlate/module.ts';
import { createDecideModule } from './decide/module.ts';
import { createDistributeModule } from './distribute/module.ts';
import { currentBlockVersion } from './distribute/active-blocks.ts';
import type { BlockFollower } from './distribute/block-follower.ts';
import type { Rollouts } from './distribute/rollouts.ts';
import type { RolloutEngine } from './distribute/rollout-engine.ts';
import type { BgpAnnouncer } from './distribute/bgp/announcer.ts';
import { createScoreModule } from './score/module.ts';
import type { PointerKeeper } from './score/pointer-keeper.ts';
import type { ScoreService } from './score/score-service.ts';
import type { RecomputeLoop } from './score/recompute-loop.ts';
import { createPresentModule } from './present/module.ts';
import type { LiveDashboard } from './present/dashboard/module.ts';
import type { AuditFile } from './audit-file.ts';
import { hubFacts, reachableUrl, type HubFacts } from './hub/banner.ts';

export interface Hub {
  url: string;
  config: Config;
  pools: Pools;
  keys: KeyStore;
  /** Users and their sessions (`sessions.authenticate(cookie)` resolves a `quorum_session` cookie). */
  people: { users: UserStore; sessions: SessionStore; audit: AuditLog };
  emitter: SqlEmitter;
  bus: StoredSignalBus;
  metrics: Metrics;
  server: FastifyInstance;
  aggregator: Aggregator;
  sensorGateway: SensorGateway;
  /** /ws/dashboard: `gateway` holds the connections, `sources.tick()` reads every source now. */
  dashboard: LiveDashboard;
  bootstrap: BootstrapResult;
  /** The operator's one-time setup code when this start made it (printed once), else null. */
  setupCode: string | null;
  /** Where everything is (the start banner's facts): read when asked, so only `quorum start` pays for them. */
  facts(): Promise<HubFacts>;
  /** The hub's one LISTEN connection (wake-ups for policy changes and key revocations; shared by every consumer). */
  notifications: NotificationListener;
  /**
   * `feeds` hand committed signals to `engine`, one consumer for the rules that decide and one for those that only record;
   * `caughtUp()` waits until both have handled what was committed.
   */
  correlation: { policy: PolicyStore; engine: CorrelationEngine; reconciler: Reconciler; feeds: Record<RuleSet, FeedConsumer>; caughtUp: () => Promise<void> };
  /** `feed` hands committed signals to the auto-blocklist; `feed.caughtUp()` waits until it has handled what was committed. */
  autoBlocklist: { feed: FeedConsumer };
  /** `follower` hands each tenant's block changes to the enforcement targets; `follower.caughtUp()` waits for it. */
  distribute: { follower: BlockFollower; bgp: BgpAnnouncer | null; rollouts: Rollouts; rolloutEngine: RolloutEngine };
  /**
   * The Trust Score: `service` computes and reads scores, `loop` recomputes tenants (`loop.runPass()` runs a round now),
   * `pointers` keeps the current-signal pointers (`pointers.caughtUp()` waits for it).
   */
  score: { service: ScoreService; loop: RecomputeLoop; pointers: PointerKeeper };
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Addresses of a tenant's registered sensors, never to be blocked by that tenant (wired by the sensor registry when present). */
  sensorAddresses?: SensorAddressSource;
  /** Resolves the quorum_session cookie of a dashboard's upgrade request; absent: the hub's session store (tests put a double here). */
  authenticateSession?: (token: string) => Promise<Principal>;
  /** QUORUM_AUDIT_LOG, opened by the caller (whose logger also feeds it): every audit log entry is appended to it too. */
  auditFile?: Pick<AuditFile, 'append' | 'dropped'> | null;
}

export async function startHub(config: Config, logger: Logger, clock: () => Date = () => new Date(), options: HubOptions = {}): Promise<Hub> {
  const dataDir = path.resolve(config.dataDir);
  const pidFile = await claimDataDir(dataDir);
  const base = await openFoundation(config, logger, clock, options);
  try {
    await prepareDatabase(config, base, logger);
    const trust = await openTrust(config, base, dataDir, clock, logger, options);
    const stages = await createStages(config, base, trust, clock, logger, options);
    const { server, modules, ingest, present } = stages;
    registerModuleRoutes(server, modules, clock);
    await startModules(modules);
    watchSessions(base, trust.keys, [ingest.gateway, present.dashboard.gateway], ingest.gateway);
    const url = await server.listen({ host: config.host, port: config.port });
    logger.info({ url }, 'quorum hub listening');
    if (trust.setupCode) announceSetup(logger, url, trust.setupCode);
    let stopping: Promise<void> | null = null;
    const stop = () => (stopping ??= stopHub(config, base, trust, stages, pidFile, logger));
    return hubOf(url, config, base, trust, stages, stop);
  } catch (err) {
    await closeFoundation(base, true);
    await rm(pidFile, { force: true });
    throw err;
  }
}

/** Takes the data dir for this process (refusing one a live hub holds) and returns its pid file. */
async function claimDataDir(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'hub.pid');
  refuseSecondHub(pidFile);
  await writeFile(pidFile, String(process.pid));
  return pidFile;
}

/** What every stage stands on: the database and its pools, the metrics, the database probe and the LISTEN connection. */
async function openFoundation(config: Config, logger: Logger, clock: () => Date, options: HubOptions) {
  const db = await openDatabase(config, (line) => logger.debug({ pg: line }), false, supervision(config, logger, () => metrics));
  const pools = createPools({
    ownerUrl: db.ownerUrl, appUrl: db.appUrl ?? undefined, ingestUrl: db.ingestUrl ?? undefined, appPoolSize: config.dbPoolSize,
    statementTimeoutMs: config.dbStatementTimeoutMs, connectTimeoutMs: config.dbConnectTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    onConnectionError: (err) => {
      metrics.dbErrors.inc({ kind: classifyDbError(err) ?? 'other' });
      logger.warn({ err }, 'a database connection failed; the work on it fails and the pool replaces it');
      availability.suspect();
    },
  });
  const metrics = createMetrics(pools, {
    tenantLabel: config.metricsTenantLabel, sensorHealth: { clock, thresholds: { staleAfterMs: config.sensorStaleAfterMs, offlineAfterMs: config.sensorOfflineAfterMs } }, auditFileDropped: () => options.auditFile?.dropped() ?? 0 });
  metrics.aggregatorQueueCapacity.set(config.signalMaxQueue);
  const dbProbe = createDatabaseProbe({
    url: db.appUrl ?? db.ownerUrl, options: db.appUrl ? undefined : `-c role=${APP_ROLE}`, timeoutMs: config.dbReadyTimeoutMs,
    onResult: (up) => {
      metrics.dbUp.set(up ? 1 : 0);
      availability.observe(up);
    },
  });
  const availability = createAvailabilityWatch({ probe: dbProbe, logger, intervalMs: AVAILABILITY_PROBE_MS });
  const notifications = createNotificationListener({ url: db.ownerUrl, logger });
  return { db, pools, metrics, dbProbe, availability, notifications };
}

type Foundation = Awaited<ReturnType<typeof openFoundation>>;

/** Closes the foundation, the database last; `quiet` (a start that failed) lets the pools and the database fail to close silently. */
async function closeFoundation(base: Foundation, quiet: boolean): Promise<void> {
  await base.notifications.stop();
  base.availability.stop();
  await base.dbProbe.stop();
  const settle = (closing: Promise<unknown>) => (quiet ? closing.catch(() => undefined) : closing);
  await settle(closePools(base.pools));
  await settle(base.db.stop());
}

/** Migrations (unless switched off), and on the embedded database the logins of the hub's own roles. */
async function prepareDatabase(config: Config, { db, pools }: Foundation, logger: Logger): Promise<void> {
  if (config.migrate) {
    const applied = await migrate(pools.owner);
    if (applied.length) logger.info({ count: applied.length, latest: applied.at(-1) }, 'migrations applied');
  }
  if (db.embedded && db.appUrl) await enableLogin(pools.owner, APP_ROLE, passwordFromUrl(db.appUrl));
  if (db.embedded && db.ingestUrl) await enableLogin(pools.owner, INGEST_ROLE, passwordFromUrl(db.ingestUrl));
}

/** The trust boundary: keys and their rate limits, the default tenant and its operator key, people, the policy store. */
async function openTrust(config: Config, { pools, metrics, notifications }: Foundation, dataDir: string, clock: () => Date, logger: Logger, options: HubOptions) {
  const keys = createKeyStore(pools.owner, { authCacheMs: config.authCacheMs });
  const rateLimiter = createRateLimiter({ defaults: { perSecond: config.keyRatePerSecond, burst: config.keyRateBurst } });
  const bootstrap = await bootstrapDefaultTenant(keys, dataDir);
  if (bootstrap.adminKey) {
    logger.info({ tenantId: bootstrap.tenantId, keyFile: bootstrap.keyFile }, 'created tenant "default" and its operator key (shown once below, also saved to the key file)');
    process.stdout.write(`\nQuorum operator API key (shown once): ${bootstrap.adminKey}\n\n`);
  }
  const policy = await createPolicyStore({
    owner: pools.owner, app: pools.app, file: await createPolicyFile({ dataDir }), notifications, logger, metrics, checkIntervalMs: config.policyCheckIntervalMs,
  });
  const people = createPeople(config, pools, clock, bootstrap.tenantId, options.auditFile ?? null);
  const setupCode = await createSetupCode(pools.owner, bootstrap.tenantId);
  return { keys, rateLimiter, bootstrap, policy, people, setupCode };
}

type Trust = Awaited<ReturnType<typeof openTrust>>;

/**
 * The HTTP server and the stage modules, in pipeline order. Each module is built after those it is handed (ingest
 * writes through store and aggregate, correlate hands on to decide); the hub starts them in this order.
 */
async function createStages(config: Config, base: Foundation, trust: Trust, clock: () => Date, logger: Logger, options: HubOptions) {
  const { db, pools, metrics, dbProbe, notifications } = base;
  const { keys, rateLimiter, policy, people } = trust;
  const validation = { maxValueBytes: config.maxValueBytes, maxFutureSeconds: config.maxFutureSeconds, retentionDays: config.retentionDays, maxJsonDepth: config.maxJsonDepth };
  // /readyz reports the enforcement targets' state once the distribute module exists (below).
  let enforcement = (): Record<string, string> => ({});
  const server = await buildServer({ config, dbProbe, keys, people, clock, metrics, logger, rateLimiter, enforcement: () => enforcement() });
  const store = createStoreModule({ config, pools, notifications, validation, clock, logger });
  const aggregate = createAggregateModule({ config, pools, writer: store.emitter, metrics, logger, clock });
  // Distribute serves blocklist-sync to ingest's sessions and pushes to them: each is handed the other's port (the
  // sessions are looked up only once the hub runs, after both exist).
  const distribute = createDistributeModule({
    config, ownerUrl: db.ownerUrl, pools, notifications, policy, metrics, clock, logger,
    sensorSessions: { sessionsOf: (tenantId) => ingest.gateway.sessionsOf(tenantId) },
    commandSessions: {
      commandSessionsOf: (tenantId, sensorId) => ingest.gateway.commandSessionsOf(tenantId, sensorId),
      allCommandSessions: () => ingest.gateway.allCommandSessions(),
    },
  });
  enforcement = distribute.enforcement;
  const ingest = createIngestModule({
    config, server: server.server, app: pools.app, owner: pools.owner, keys, rateLimiter, metrics, logger, clock, validation,
    writer: store.emitter, sink: aggregate.aggregator, blocklists: distribute.sensorBlocklists.source, commands: distribute.commands.delivery.source,
    feedVersion: currentBlockVersion, drain: () => aggregate.aggregator.stop(),
    adapterSettings: async (tenantId) => (await policy.forTenant(tenantId)).config,
  });
  const commits = { bus: store.bus, notices: store.commitNotices };
  // The feed's consumers hold back while this hub's ingest is heavy: a burst commits first (bounded, docs/architecture.md).
  const ingestFirst = store.pressure.deferred;
  // Registered sensors are never blocked, whichever hub they are connected to.
  const decide = createDecideModule({
    config, ownerUrl: db.ownerUrl, pools, policy, metrics, clock, logger, commits, ingestFirst,
    sensorAddresses: options.sensorAddresses ?? cachedSensorAddresses({
      registered: registeredSensorAddresses(pools.owner, clock), connectedHere: (tenantId) => ingest.gateway.sensorAddresses(tenantId), cacheMs: SENSOR_ADDRESS_CACHE_MS,
    }),
  });
  const correlate = createCorrelateModule({ config, ownerUrl: db.ownerUrl, pools, policy, decisions: decide.decider, commits, ingestFirst, metrics, clock, logger });
  const score = createScoreModule({ config, ownerUrl: db.ownerUrl, pools, policy, ingestFirst, metrics, clock, logger });
  const feedFollowers = [correlate.feeds.deciding, correlate.feeds.recording, decide.autoBlockFeed, score.pointers];
  const present = createPresentModule({
    config, app: pools.app, policy, decider: decide.decider, protectedAddresses: decide.protectedAddresses, metrics, clock, audit: people.audit,
    server: server.server, owner: pools.owner, keys, authenticateSession: options.authenticateSession ?? ((token: string) => people.sessions.authenticate(token)), blockFollower: distribute.follower,
    commands: distribute.commands.service, rollouts: distribute.rollouts, logger, feedFollowers,
  });
  watchFeedFollowers(metrics, pools.owner, feedFollowers);
  const modules = [ingest, aggregate, store, correlate, decide, distribute, score, present];
  return { server, store, aggregate, distribute, ingest, decide, correlate, score, present, modules };
}

type Stages = Awaited<ReturnType<typeof createStages>>;

/** A revoked key closes its sensor sessions and its dashboards alike; a rejected or decommissioned sensor is closed wherever it is connected. */
function watchSessions({ notifications }: Foundation, keys: KeyStore, gateways: Pick<SensorGateway, 'recheckKey' | 'recheckAll'>[], sensors: SensorGateway): void {
  watchKeyRevocations({
    notifications, keys,
    sessions: { recheckKey: (keyId) => gateways.forEach((g) => g.recheckKey(keyId)), recheckAll: () => gateways.forEach((g) => g.recheckAll()) },
  });
  watchSensorApprovals({ notifications, gateway: sensors });
}

/**
 * Ingest stops first, out of reverse order: the sensor gateway stops reading, then the aggregator's last flushes commit
 * while sensors are still connected to be acknowledged (the feed keeps those signals for whichever hub correlates
 * next). Then no request is in flight, and the other modules stop in reverse pipeline order, the database last.
 */
async function stopHub(config: Config, base: Foundation, trust: Trust, stages: Stages, pidFile: string, logger: Logger): Promise<void> {
  const deadline = Date.now() + config.shutdownTimeoutMs;
  await stages.ingest.stop(deadline);
  // Dashboards are told at once (1001) and reconnect elsewhere; their sockets must not hold the server's close.
  await stages.present.dashboard.stop();
  await closeServer(stages.server, deadline);
  await stopModules(stages.modules.slice(1), deadline);
  trust.policy.stop();
  await closeFoundation(base, false);
  await rm(pidFile, { force: true });
  logger.info('quorum hub stopped');
}

/**
 * Closes the HTTP server once the requests in flight are answered; an answer still streaming at the deadline (a client
 * reading a blocklist export slowly, or not at all) is cut rather than hold the stop.
 */
async function closeServer(server: FastifyInstance, deadline: number): Promise<void> {
  const cut = setTimeout(() => server.server.closeAllConnections(), Math.max(0, deadline - Date.now()));
  try {
    await server.close();
  } finally {
    clearTimeout(cut);
  }
}

/** The running hub as its callers (the CLI, tests, benchmarks) see it. */
function hubOf(url: string, config: Config, base: Foundation, trust: Trust, s: Stages, stop: () => Promise<void>): Hub {
  const { pools, metrics, notifications } = base;
  const { keys, people, policy, bootstrap, setupCode } = trust;
  return {
    url, config, pools, keys, people: { users: people.users, sessions: people.sessions, audit: people.audit }, emitter: s.store.emitter, bus: s.store.bus, metrics,
    server: s.server, aggregator: s.aggregate.aggregator, sensorGateway: s.ingest.gateway, dashboard: s.present.dashboard, bootstrap, setupCode, notifications,
    facts: async () => hubFacts({ url, config, correlationEnabled: await correlationSwitches(keys, policy) }),
    correlation: { policy, engine: s.correlate.engine, reconciler: s.decide.reconciler, feeds: s.correlate.feeds, caughtUp: s.correlate.caughtUp }, autoBlocklist: { feed: s.decide.autoBlockFeed },
    distribute: { follower: s.distribute.follower, bgp: s.distribute.bgp, rollouts: s.distribute.rollouts, rolloutEngine: s.distribute.rolloutEngine },
    score: { service: s.score.service, loop: s.score.loop, pointers: s.score.pointers }, stop,
  };
}

/**
 * Users, their sessions and the login rate limit, as the settings say. The people services; `operatorTenantId` keeps the audit entries of refused logins of unknown usernames, and every
 * audit entry also goes to the audit file when there is one.
 */
function createPeople(config: Config, pools: Pools, clock: () => Date, operatorTenantId: string, auditFile: Pick<AuditFile, 'append'> | null) {
  const passwordCost = config.passwordScryptLog2N;
  const users = createUserStore({ app: pools.app, owner: pools.owner, passwordCost });
  const audit = createAuditLog({ app: pools.app });
  return {
    users,
    completeSetup: (input: Parameters<typeof completeSetup>[1]) => completeSetup({ owner: pools.owner, users, clock }, input),
    audit: auditFile ? { ...audit, record: appendingTo(auditFile, audit.record) } : audit,
    sessions: createSessionStore({
      owner: pools.owner, clock, passwordCost, idleTimeoutMs: config.sessionIdleTimeoutMs, absoluteTimeoutMs: config.sessionAbsoluteTimeoutMs,
    }),
    loginLimiter: createLoginLimiter({
      perUsername: config.loginMaxFailuresPerUsername, perAddress: config.loginMaxFailuresPerAddress, windowMs: config.loginFailureWindowMs,
    }, () => clock().getTime()),
    loginGate: createLoginGate(config.loginMaxConcurrent),
    operatorTenantId,
  };
}

/** An audit log whose entries also go to the audit file, once stored (the file says what the database holds). */
function appendingTo(file: Pick<AuditFile, 'append'>, record: AuditLog['record']): AuditLog['record'] {
  return async (e) => {
    await record(e);
    file.append({
      event: e.reason ? 'login.refused' : 'api.write', tenantId: e.tenantId, actor: { kind: e.actor_kind, id: e.actor_id, name: e.actor_name },
      method: e.method, route: e.route, target: e.target, status: e.status, address: e.address, ...(e.reason ? { reason: e.reason } : {}),
    });
  };
}

/** Every tenant's correlation switch, for the banner (a policy per tenant, as the engine sees it; read when the banner is asked for). */
async function correlationSwitches(keys: Pick<KeyStore, 'listTenants'>, policy: Pick<PolicyStore, 'forTenant'>): Promise<boolean[]> {
  return Promise.all((await keys.listTenants()).map(async (t) => (await policy.forTenant(t.id)).config.enabled));
}

/** Prints the operator's setup link once (the code is not kept: only its hash is stored). */
function announceSetup(logger: Logger, url: string, code: string): void {
  const link = `${reachableUrl(url)}/setup?code=${code}`;
  logger.info('no operator user yet: the one-time setup link (shown once below) creates one; the operator API key keeps working');
  process.stdout.write(`\nSet up the operator's dashboard login (one-time link, shown once): ${link}\n\n`);
}

/** While the database is away, how often the hub probes it to say when it is back. */
const AVAILABILITY_PROBE_MS = 1000;

/** How stale another hub's view of a tenant's sensors may be when deciding (one read per tenant per second at most). */
const SENSOR_ADDRESS_CACHE_MS = 1000;

/** What the hub does when its embedded PostgreSQL dies: log, count, restart; exit 1 when it cannot come back. */
function supervision(config: Config, logger: Logger, metrics: () => Metrics): EmbeddedOptions['supervise'] {
  return {
    maxRestarts: config.embeddedPgMaxRestarts,
    log: {
      died: (info) => logger.error(info, 'the embedded PostgreSQL exited unexpectedly; restarting it on the same data dir'),
      restarted: (info) => {
        metrics().embeddedPgRestarts.inc({ outcome: 'restarted' });
        logger.warn(info, 'the embedded PostgreSQL was restarted; the hub carries on');
      },
      failed: ({ err, ...info }) => {
        metrics().embeddedPgRestarts.inc({ outcome: 'failed' });
        logger.error({ ...info, err }, 'restarting the embedded PostgreSQL failed');
      },
    },
    onGiveUp: (err) => {
      logger.fatal({ err }, `${err.message}; the hub cannot run without its database and exits with status 1`);
      // Also unbuffered on stderr: a log transport may not flush before exit.
      process.stderr.write(`quorum: database_lost: ${err.message}\n`);
      process.exit(1);
    },
  };
}

function refuseSecondHub(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (!Number.isInteger(pid) || pid === process.pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  throw new Error(`another Quorum hub (pid ${pid}) is running on this data dir; stop it or use another --data-dir`);
}
