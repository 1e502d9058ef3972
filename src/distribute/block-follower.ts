// Follows every tenant's block changes feed for this hub's enforcement targets: woken by NOTIFY quorum_blocks, backed
// by a poll, it reads the changes after the last version it handed on and gives them to each listener in version order.

import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../db/pools.ts';
import type { NotificationListener } from '../db/notifications.ts';
import { BLOCKS_CHANNEL, listBlockChanges, listBlockVersions, type BlockChange } from '../decide/block-change-queries.ts';

/** Receives a tenant's changes after the version it was last handed, oldest first; `version` is the last one given. */
export type BlockChangeListener = (tenantId: string, changes: BlockChange[], version: number) => void | Promise<void>;

export interface BlockFollowerDeps {
  owner: pg.Pool;
  app: pg.Pool;
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  /** Safety net for missed notifications: every tenant's version is compared this often (one statement). */
  pollIntervalMs: number;
  logger: Pick<Logger, 'warn'>;
}

const PAGE = 1000;

export function createBlockFollower(deps: BlockFollowerDeps) {
  const listeners: BlockChangeListener[] = [];
  // The last version handed on, per tenant; a tenant first seen after start had no change before it (position 0).
  const positions = new Map<string, number>();
  // One catch-up at a time per tenant, so listeners see each tenant's versions in order and once: `running` is the
  // latest catch-up asked for, `queued` one that has not started yet (later wake-ups join it instead of queueing more).
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let started = false;

  async function catchUp(tenantId: string): Promise<void> {
    for (;;) {
      const since = positions.get(tenantId) ?? 0;
      const page = await withTenant(deps.app, tenantId, (c) => listBlockChanges(c, tenantId, since, PAGE));
      if (page.version < since) positions.set(tenantId, page.version); // the database was replaced: follow it from here
      if (!page.changes.length) return;
      const last = page.changes[page.changes.length - 1]!.version;
      for (const listen of listeners) await listen(tenantId, page.changes, last);
      positions.set(tenantId, last);
    }
  }

  /** Resolves after a catch-up that started after the call: every change committed before it has been handed on. */
  function wake(tenantId: string): Promise<void> {
    const waiting = queued.get(tenantId);
    if (waiting) return waiting;
    const next: Promise<void> = (running.get(tenantId) ?? Promise.resolve())
      .then(() => { queued.delete(tenantId); return catchUp(tenantId); })
      .catch((err) => deps.logger.warn({ err, tenantId }, 'reading the block changes feed failed; the next wake-up or poll retries'))
      .finally(() => { if (running.get(tenantId) === next) running.delete(tenantId); });
    queued.set(tenantId, next);
    running.set(tenantId, next);
    return next;
  }

  /** Catches up the tenants whose version moved (either way) since the last one handed on: an unchanged one costs nothing. */
  async function wakeAll(): Promise<void> {
    const versions = await listBlockVersions(deps.owner);
    const moved = [...new Set([...versions.keys(), ...positions.keys()])].filter((t) => (versions.get(t) ?? 0) !== (positions.get(t) ?? 0));
    await Promise.all(moved.map(wake));
  }

  return {
    /** Adds a listener; add them all before start(). */
    onChanges(listener: BlockChangeListener): void { listeners.push(listener); },

    /** Positions every tenant at its current version (targets load the state itself from a snapshot), then follows. */
    async start(): Promise<void> {
      for (const [tenantId, version] of await listBlockVersions(deps.owner)) positions.set(tenantId, version);
      started = true;
      deps.notifications.on(BLOCKS_CHANNEL, (payload) => { if (started) void wake(payload.split(' ')[0]!); });
      deps.notifications.onReconnect(() => { if (started) void wakeAll().catch(() => undefined); });
      timer = setInterval(() => void wakeAll().catch((err) => deps.logger.warn({ err }, 'block feed poll failed')), deps.pollIntervalMs);
      timer.unref();
    },

    /** Resolves once every change of the tenant committed before the call has been handed to the listeners. */
    caughtUpWith: (tenantId: string): Promise<void> => wake(tenantId),

    /** Resolves once every change committed before the call has been handed to the listeners. */
    async caughtUp(): Promise<void> {
      await wakeAll();
    },

    async stop(): Promise<void> {
      started = false;
      if (timer) clearInterval(timer);
      await Promise.all([...running.values()]);
    },
  };
}

export type BlockFollower = ReturnType<typeof createBlockFollower>;
