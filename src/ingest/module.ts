// The ingest stage as one module: the HTTP signal routes (native, agent, adapters), the sensor gateway on /ws/sensors and its enrolment API.
// Hands signals on only through the ports it is given (SignalWriter, MessageSink); never stores anything itself.

import type http from 'node:http';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { KeyStore } from '../auth/key-store.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { ValidationContext } from '../core/wire-format.ts';
import type { Metrics } from '../metrics.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { AdapterSettings } from './adapters/adapter-settings.ts';
import { registerAdapterRoutes } from './adapters/adapter-routes.ts';
import { registerAgentSignals } from './agent-signals.ts';
import { registerHttpSignals } from './http-signals.ts';
import type { BlockFeedVersion, BlocklistSource, CommandSource, MessageSink, SignalWriter } from './ports.ts';
import { registerEnrolmentRoutes } from './enrolment-routes.ts';
import { createSensorDirectory } from './sensor-directory.ts';
import { attachSensorGateway } from './sensor-gateway.ts';
import { parseThreatTtls } from './sensor-mapping.ts';
import { startHealthWatch } from './health-watch.ts';

export interface IngestModuleDeps {
  config: Config;
  /** The HTTP server the sensor gateway takes its WebSocket upgrades from. */
  server: http.Server;
  app: pg.Pool;
  /** Sweeps silent sensors and prunes health history across tenants (migration 023's functions). */
  owner: pg.Pool;
  keys: KeyStore;
  rateLimiter: Pick<RateLimiter, 'take'>;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
  validation: Omit<ValidationContext, 'now'>;
  writer: SignalWriter;
  sink: MessageSink;
  /** Answers blocklist-sync and heartbeat reports (the distribute stage's sensor target). */
  blocklists: BlocklistSource;
  /** The tenant's block-feed version, for the fleet list's blocklist sync state. */
  feedVersion: BlockFeedVersion;
  /** Delivers fleet commands to approved sessions and closes them on command-ack (the distribute stage's command delivery). */
  commands: CommandSource;
  /** The sink's final flush: run while sensors are still connected, so their last committed messages are acknowledged. */
  drain: () => Promise<void>;
  /** The calling tenant's webhooks and confidence mappings (from its correlation policy). */
  adapterSettings: (tenantId: string) => Promise<AdapterSettings>;
}

export function createIngestModule(deps: IngestModuleDeps) {
  const { config, validation } = deps;
  // Names this hub process in the sensors it holds (several hubs share a database; a restart is a new process).
  const hubId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const gateway = attachSensorGateway(deps.server, {
    keys: deps.keys, sensors: createSensorDirectory(deps.app, deps.clock, hubId), aggregator: deps.sink, blocklists: deps.blocklists, commands: deps.commands, rateLimiter: deps.rateLimiter,
    metrics: deps.metrics, logger: deps.logger, clock: deps.clock,
    authTimeoutMs: config.sensorAuthTimeoutMs, pingIntervalMs: config.sensorPingIntervalMs,
    maxConnections: config.sensorMaxConnections, maxUnauthenticated: config.sensorMaxUnauthenticated, maxPerAddress: config.sensorMaxPerAddress,
    maxFrameBytes: config.sensorMaxFrameBytes, sendBufferLimit: config.sensorSendBufferBytes, defaultKind: config.sensorSource,
    limits: { maxJsonDepth: config.maxJsonDepth, heartbeatMaxBytes: config.sensorHeartbeatMaxBytes, commandAckMaxBytes: config.commandAckMaxBytes },
    rules: {
      nativeValidation: validation, maxJsonDepth: config.maxJsonDepth,
      mapping: { ttls: parseThreatTtls(config.sensorTtls), maxSkewMs: config.sensorMaxSkewSeconds * 1000, validation },
    },
  });
  let stopWatch = () => {};
  const module: StageModule & { gateway: typeof gateway } = {
    name: 'ingest',
    gateway,
    routes(app: FastifyInstance) {
      const ingestDeps = { emitter: deps.writer, metrics: deps.metrics, maxBatchSignals: config.maxBatchSignals };
      registerHttpSignals(app, ingestDeps);
      registerAgentSignals(app, { ...ingestDeps, policy: { sources: config.agentSources, subjectTypes: config.agentSubjectTypes } });
      registerEnrolmentRoutes(app, {
        app: deps.app, clock: deps.clock, feedVersion: deps.feedVersion,
        thresholds: { staleAfterMs: config.sensorStaleAfterMs, offlineAfterMs: config.sensorOfflineAfterMs },
      });
      registerAdapterRoutes(app, {
        emitter: deps.writer, metrics: deps.metrics, policy: deps.adapterSettings, clock: deps.clock, maxJsonDepth: config.maxJsonDepth,
      });
    },
    start() {
      stopWatch = startHealthWatch({
        owner: deps.owner, clock: deps.clock, logger: deps.logger, retentionDays: config.sensorHealthRetentionDays,
        thresholds: { staleAfterMs: config.sensorStaleAfterMs, offlineAfterMs: config.sensorOfflineAfterMs },
      });
    },
    // Stops taking connections and frames, drains the sink while sensors can still be acknowledged, then closes them.
    stop: () => {
      stopWatch();
      return gateway.close(deps.drain);
    },
  };
  return module;
}

export type IngestModule = ReturnType<typeof createIngestModule>;
