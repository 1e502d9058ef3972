// Starts and stops a whole hub: database, migrations, bootstrap, maintenance and the HTTP server, in that order.
// Stops in reverse order on shutdown so nothing is written after its database is gone.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { enableLogin, passwordFromUrl, type EmbeddedOptions } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { APP_ROLE, closePools, createPools, INGEST_ROLE, type Pools } from './db/pools.ts';
import { createDatabaseProbe } from './db/probe.ts';
import { classifyDbError } from './db/sql-errors.ts';
import { createKeyStore, type KeyStore } from './auth/key-store.ts';
import { createRateLimiter } from './auth/rate-limit.ts';
import { watchKeyRevocations } from './auth/revocation.ts';
import { bootstrapDefaultTenant, type BootstrapResult } from './auth/bootstrap.ts';
import { createPartitionManager } from './store/partitions.ts';
import { runMaintenance, startMaintenanceLoop } from './store/maintenance.ts';
import { SqlEmitter } from './store/emitter.ts';
import { createStoredSignalBus, type StoredSignalBus } from './store/stored-signal-bus.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { buildServer } from './http/server.ts';
import { createPolicyFile } from './correlate/config-store.ts';
import { createPolicyStore, type PolicyStore } from './correlate/policy-store.ts';
import { createNotificationListener, type NotificationListener } from './db/notifications.ts';
import { createCorrelationEngine, type CorrelationEngine } from './correlate/engine.ts';
import { createLeaseHolder } from './db/leases.ts';
import { createFeedConsumer, type FeedConsumer } from './store/signal-feed.ts';
import { createDecider } from './decide/decider.ts';
import { createReconciler, type Reconciler } from './decide/reconciler.ts';
import { createProtectedAddresses, cachedSensorAddresses, type SensorAddressSource } from './decide/protected-addresses.ts';
import { createCommitNotices } from './store/commit-notices.ts';
import { createAggregator, type Aggregator } from './aggregate/aggregator.ts';
import { createReceiptStore } from './aggregate/receipts.ts';
import { startReceiptRetention } from './aggregate/receipt-retention.ts';
import { createSensorDirectory, registeredSensorAddresses } from './ingest/sensor-directory.ts';
import { attachSensorGateway, type SensorGateway } from './ingest/sensor-gateway.ts';
import { parseThreatTtls } from './ingest/sensor-mapping.ts';

export interface Hub {
  url: string;
  config: Config;
  pools: Pools;
  keys: KeyStore;
  emitter: SqlEmitter;
  bus: StoredSignalBus;
  metrics: Metrics;
  server: FastifyInstance;
  aggregator: Aggregator;
  sensorGateway: SensorGateway;
  bootstrap: BootstrapResult;
  /** The hub's one LISTEN connection (wake-ups for policy changes and key revocations; shared by every consumer). */
  notifications: NotificationListener;
  /** `feed` hands committed signals to `engine`; `feed.caughtUp()` waits until it has handled what was committed. */
  correlation: { policy: PolicyStore; engine: CorrelationEngine; reconciler: Reconciler; feed: FeedConsumer };
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Addresses of a tenant's registered sensors, never to be blocked by that tenant (wired by the sensor registry when present). */
  sensorAddresses?: SensorAddressSource;
}

export async function startHub(config: Config, logger: Logger, clock: () => Date = () => new Date(), options: HubOptions = {}): Promise<Hub> {
  const dataDir = path.resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  const hubPidFile = path.join(dataDir, 'hub.pid');
  refuseSecondHub(hubPidFile);
  await writeFile(hubPidFile, String(process.pid));

  const db = await openDatabase(config, (line) => logger.debug({ pg: line }), false, supervision(config, logger, () => metrics));
  const pools = createPools({
    ownerUrl: db.ownerUrl, appUrl: db.appUrl ?? undefined, ingestUrl: db.ingestUrl ?? undefined, appPoolSize: config.dbPoolSize,
    statementTimeoutMs: config.dbStatementTimeoutMs, connectTimeoutMs: config.dbConnectTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    onConnectionError: (err) => {
      metrics.dbErrors.inc({ kind: classifyDbError(err) ?? 'other' });
      logger.warn({ err }, 'a database connection failed; the work on it fails and the pool replaces it');
    },
  });
  const metrics = createMetrics(pools);
  const dbProbe = createDatabaseProbe({
    url: db.appUrl ?? db.ownerUrl, options: db.appUrl ? undefined : `-c role=${APP_ROLE}`, timeoutMs: config.dbReadyTimeoutMs,
    onResult: (up) => metrics.dbUp.set(up ? 1 : 0),
  });
  const notifications = createNotificationListener({ url: db.ownerUrl, logger });
  try {
    if (config.migrate) {
      const applied = await migrate(pools.owner);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    if (db.embedded && db.appUrl) await enableLogin(pools.owner, APP_ROLE, passwordFromUrl(db.appUrl));
    if (db.embedded && db.ingestUrl) await enableLogin(pools.owner, INGEST_ROLE, passwordFromUrl(db.ingestUrl));

    const rateDefaults = { perSecond: config.keyRatePerSecond, burst: config.keyRateBurst };
    const keys = createKeyStore(pools.owner, { authCacheMs: config.authCacheMs });
    const rateLimiter = createRateLimiter({ defaults: rateDefaults });
    const bootstrap = await bootstrapDefaultTenant(keys, dataDir);
    if (bootstrap.adminKey) {
      logger.info({ tenantId: bootstrap.tenantId, keyFile: bootstrap.keyFile }, 'created tenant "default" and its operator key (shown once below, also saved to the key file)');
      process.stdout.write(`\nQuorum operator API key (shown once): ${bootstrap.adminKey}\n\n`);
    }

    const partitions = createPartitionManager(pools.owner);
    const maintenance = { partitions, retentionDays: config.retentionDays, aheadDays: config.partitionsAheadDays, clock, logger };
    await runMaintenance(maintenance);
    const stopMaintenance = startMaintenanceLoop(maintenance);

    const bus = createStoredSignalBus((err) => logger.error({ err }, 'a stored-signal listener failed'));
    const validation = { maxValueBytes: config.maxValueBytes, maxFutureSeconds: config.maxFutureSeconds, retentionDays: config.retentionDays, maxJsonDepth: config.maxJsonDepth };
    const emitter = new SqlEmitter(pools.app, {
      ownerPool: pools.owner, ingestPool: pools.ingest, bus, clock, validation,
      groupCommit: { maxSignals: config.ingestGroupMaxSignals, maxWaitMs: config.ingestGroupWaitMs, maxWrites: config.ingestGroupWrites },
    });
    const policy = await createPolicyStore({
      owner: pools.owner, app: pools.app, file: await createPolicyFile({ dataDir }), notifications, logger, metrics, checkIntervalMs: config.policyCheckIntervalMs,
    });
    // Registered sensors are never blocked, whichever hub they are connected to. The gateway is created below, with the
    // server; decisions (which ask) come after.
    const protectedAddresses = createProtectedAddresses({
      listenHost: config.host,
      sensorAddresses: options.sensorAddresses ?? cachedSensorAddresses({
        registered: registeredSensorAddresses(pools.owner, clock), connectedHere: (tenantId) => gateway.sensorAddresses(tenantId), cacheMs: SENSOR_ADDRESS_CACHE_MS,
      }),
    });
    const decider = createDecider({ guardrails: async (tenantId) => (await policy.forTenant(tenantId)).config.guardrails, protectedAddresses, metrics, clock });
    const engine = createCorrelationEngine({ pool: pools.app, policy, decider, metrics, clock, logger });
    // The feed in PostgreSQL is the truth; commits only wake the consumer early: this hub's own in process, other hubs'
    // by a notice to whichever hub holds the tenant's lease (the others would only fail to take it).
    const leases = createLeaseHolder({ url: db.ownerUrl, namespace: 'quorum.feed.correlation', logger });
    const feed = createFeedConsumer({
      name: 'correlation', owner: pools.owner, app: pools.app, handle: engine.onBatch, metrics, logger, leases,
      pollIntervalMs: config.feedPollIntervalMs, batchSize: config.feedBatchSize,
    });
    const commitNotices = createCommitNotices({ pool: pools.owner, notifications, logger });
    commitNotices.onOtherHubCommit((tenantId) => { if (leases.holds(tenantId)) feed.wake(tenantId); });
    const unsubscribe = bus.subscribe((batch) => { feed.wake(batch.tenantId); commitNotices.committed(batch.tenantId); });
    if (config.feedConsume) feed.start();
    const reconciler = createReconciler({
      owner: pools.owner, app: pools.app, decider, metrics, clock, logger, safelist: async (tenantId) => (await policy.forTenant(tenantId)).config.guardrails.safelist,
    });
    const stopReconciler = reconciler.start(config.reconcileIntervalMs);
    const server = await buildServer({
      config, appPool: pools.app, dbProbe, keys, emitter, metrics, logger, rateLimiter,
      correlation: { policy, decider, protectedAddresses, clock },
    });
    const aggregator = createAggregator({
      store: emitter, receipts: createReceiptStore(pools.app), metrics, logger,
      config: {
        batchSize: config.signalBatchSize, batchTimeoutMs: config.signalBatchTimeoutMs, maxQueue: config.signalMaxQueue,
        maxConcurrentFlushes: config.signalFlushConcurrency, retryBaseMs: 100, retryMaxMs: 5000,
      },
    });
    const stopReceiptRetention = startReceiptRetention({ owner: pools.owner, days: config.sensorReceiptDays, clock, logger });
    const gateway = attachSensorGateway(server.server, {
      keys, sensors: createSensorDirectory(pools.app, clock), aggregator, rateLimiter, metrics, logger, clock,
      authTimeoutMs: config.sensorAuthTimeoutMs, pingIntervalMs: config.sensorPingIntervalMs,
      maxConnections: config.sensorMaxConnections, maxUnauthenticated: config.sensorMaxUnauthenticated, maxPerAddress: config.sensorMaxPerAddress,
      maxFrameBytes: config.sensorMaxFrameBytes, sendBufferLimit: config.sensorSendBufferBytes, defaultKind: config.sensorSource,
      limits: { maxJsonDepth: config.maxJsonDepth, heartbeatMaxBytes: config.sensorHeartbeatMaxBytes },
      rules: {
        nativeValidation: validation, maxJsonDepth: config.maxJsonDepth,
        mapping: { ttls: parseThreatTtls(config.sensorTtls), maxSkewMs: config.sensorMaxSkewSeconds * 1000, validation },
      },
    });
    watchKeyRevocations({ notifications, keys, sessions: gateway });
    const url = await server.listen({ host: config.host, port: config.port });
    logger.info({ url, embeddedDatabase: db.embedded }, 'quorum hub listening');

    let stopping: Promise<void> | null = null;
    const stop = () => (stopping ??= (async () => {
      stopMaintenance();
      stopReconciler();
      stopReceiptRetention();
      // Sensors first: the aggregator's last flushes are committed (the feed keeps them for whichever hub correlates next).
      await gateway.close(() => aggregator.stop());
      await server.close();
      unsubscribe();
      commitNotices.stop();
      await feed.stop(config.shutdownTimeoutMs);
      policy.stop();
      await notifications.stop();
      await dbProbe.stop();
      await closePools(pools);
      await db.stop();
      await rm(hubPidFile, { force: true });
      logger.info('quorum hub stopped');
    })());
    return {
      url, config, pools, keys, emitter, bus, metrics, server, aggregator, sensorGateway: gateway, bootstrap, notifications,
      correlation: { policy, engine, reconciler, feed }, stop,
    };
  } catch (err) {
    await notifications.stop();
    await dbProbe.stop();
    await closePools(pools).catch(() => undefined);
    await db.stop().catch(() => undefined);
    await rm(hubPidFile, { force: true });
    throw err;
  }
}

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
