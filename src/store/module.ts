// The store stage as one module: the SQL emitter that writes signal_streams, daily partition maintenance, the commit
// notices that wake other hubs, and how heavy its signal writes are. Tells what was stored only after commit.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { ValidationContext } from '../core/wire-format.ts';
import type { NotificationListener } from '../db/notifications.ts';
import type { StageModule } from '../hub/stage-module.ts';
import { createCommitNotices } from './commit-notices.ts';
import { SqlEmitter } from './emitter.ts';
import { createIngestPressure, type IngestPressure } from './ingest-pressure.ts';
import { runMaintenance, startMaintenanceLoop } from './maintenance.ts';
import { createPartitionManager } from './partitions.ts';
import { compactSignalWrites } from './feed-queries.ts';
import { createStoredSignalBus } from './stored-signal-bus.ts';

export interface StoreModuleDeps {
  config: Config;
  pools: { owner: pg.Pool; app: pg.Pool; ingest: pg.Pool };
  notifications: NotificationListener;
  validation: Omit<ValidationContext, 'now'>;
  clock: () => Date;
  logger: Logger;
}

export function createStoreModule(deps: StoreModuleDeps) {
  const { config, pools, clock, logger } = deps;
  const maintenance = {
    partitions: createPartitionManager(pools.owner), retentionDays: config.retentionDays, aheadDays: config.partitionsAheadDays, clock, logger,
    compactSignalWrites: (droppedBefore: Date) => compactSignalWrites(pools.owner, droppedBefore),
  };
  const bus = createStoredSignalBus((err) => logger.error({ err }, 'a stored-signal listener failed'));
  const pressure = createIngestPressure({ heavyRows: config.feedDeferRows, maxDeferMs: config.feedDeferMs });
  const emitter = new SqlEmitter(pools.app, {
    ownerPool: pools.owner, ingestPool: pools.ingest, bus, clock, validation: deps.validation, pressure,
    groupCommit: { maxSignals: config.ingestGroupMaxSignals, maxWaitMs: config.ingestGroupWaitMs, maxWrites: config.ingestGroupWrites },
  });
  const commitNotices = createCommitNotices({ pool: pools.owner, notifications: deps.notifications, logger });
  let stopMaintenance = () => {};
  let unsubscribe = () => {};
  const module: StageModule & { emitter: SqlEmitter; bus: typeof bus; commitNotices: typeof commitNotices; pressure: IngestPressure } = {
    name: 'store',
    emitter,
    pressure,
    bus,
    commitNotices,
    async start() {
      await runMaintenance(maintenance);
      stopMaintenance = startMaintenanceLoop(maintenance);
      // Other hubs hear of this hub's commits (their consumers wake early); the feed in PostgreSQL stays the truth.
      const off = bus.subscribe((batch) => commitNotices.committed(batch.tenantId));
      unsubscribe = () => { off(); };
    },
    async stop() {
      stopMaintenance();
      unsubscribe();
      commitNotices.stop();
    },
  };
  return module;
}
