// Keeps GoBGP's RIB equal to every tenant's active IP blocks as routes: follows the block feed for speed, reconciles
// the RIB both ways on a timer and on reconnect. Only the hub holding the lease writes; never touches unmarked routes.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { BlockChange } from '../../decide/block-change-queries.ts';
import type { Playbook } from '../../correlate/correlation-config.ts';
import type { PolicyStore } from '../../correlate/policy-store.ts';
import type { LeaseHolder } from '../../db/leases.ts';
import { withTenant } from '../../db/pools.ts';
import type { Metrics } from '../../metrics.ts';
import type { GobgpClient } from './gobgp-client.ts';
import { createRouteSet, holderOf, type RouteChange, type RouteSet } from './route-set.ts';
import { findActiveRouteBlocks, listActiveRouteBlocks, listTenantsWithRouteBlocks, type RouteBlockRow } from './route-queries.ts';
import { attributesKey, ROUTE_FAMILIES, routeForBlock, routeKey, type AnnounceDefaults, type Route } from './routes.ts';

export interface AnnouncerDeps {
  gobgp: Pick<GobgpClient, 'addPath' | 'deletePath' | 'listPaths' | 'watch' | 'close'>;
  leases: Pick<LeaseHolder, 'tryHold' | 'holds' | 'stop'>;
  pools: { owner: pg.Pool; app: pg.Pool };
  policy: Pick<PolicyStore, 'forTenant'>;
  defaults: AnnounceDefaults;
  reconcileMs: number;
  leaseRetryMs: number;
  metrics: Pick<Metrics, 'bgpUp' | 'bgpAnnouncer' | 'bgpRoutes' | 'bgpAnnounce' | 'bgpRepairs' | 'bgpReconcileSeconds' | 'enforcementDeliveries' | 'enforcementOutOfStep'>;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
}

/** What /readyz reports: `ok`, `degraded` (this hub announces but GoBGP is unreachable or out of step) or `standby`. */
export type AnnouncerState = 'ok' | 'degraded' | 'standby';

const LEASE_KEY = 'announcer';
const ENDED = new Set<BlockChange['change']>(['withdrawn', 'expired', 'lifted', 'rejected']);
const STARTED = new Set<BlockChange['change']>(['created', 'extended']);
const PAGE = 1000;
/** GoBGP calls in flight at once during a reconcile. */
const CONCURRENCY = 32;
const FIRST_RETRY_MS = 250;

export function createBgpAnnouncer(deps: AnnouncerDeps) {
  const { gobgp, leases, metrics, logger } = deps;
  let routes: RouteSet = createRouteSet();
  let leader = false;
  let connected = false;
  let inStep = false;
  /** When GoBGP fell out of step with the blocks (logged once), null while in step or never yet reconciled. */
  let outOfStepSince: number | null = null;
  let stopped = false;

  /** GoBGP may now lag the blocks: the operator's `enforcement.out_of_step` line, once until it is repaired. */
  function outOfStep(reason: string): void {
    inStep = false;
    if (outOfStepSince !== null) return;
    outOfStepSince = Date.now();
    metrics.enforcementOutOfStep.inc({ target: 'bgp' });
    logger.warn({ event: 'enforcement.out_of_step', target: 'bgp', reason }, 'enforcement target out of step: GoBGP may lag the active blocks');
  }

  function backInStep(): void {
    inStep = true;
    if (outOfStepSince === null) return;
    logger.info({ event: 'enforcement.repaired', target: 'bgp', outOfStepSeconds: Math.round((Date.now() - outOfStepSince) / 1000) }, 'enforcement target repaired: GoBGP holds the active blocks again');
    outOfStepSince = null;
  }
  let tail: Promise<void> = Promise.resolve();
  let reconcileQueued = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryMs = FIRST_RETRY_MS;
  const timers: NodeJS.Timeout[] = [];

  /** Runs work one item at a time: feed changes and reconciles never interleave, so neither undoes the other. */
  function enqueue(work: () => Promise<void>): Promise<void> {
    tail = tail.then(work).catch((err) => {
      // A block read that failed (database away): GoBGP may now lag the blocks, a reconcile with backoff repairs it.
      outOfStep('applying block changes failed');
      logger.warn({ err }, 'router announcer: applying block changes failed; reconciling with backoff');
      scheduleRetry();
    });
    return tail;
  }

  function routeFor(row: RouteBlockRow, playbooks: Playbook[]): Route | null {
    const bgp = row.playbook ? playbooks.find((p) => p.name === row.playbook)?.bgp ?? null : null;
    return routeForBlock({ prefix: row.prefix, bgp, vector: row.vector }, deps.defaults);
  }

  /** Applies route changes to GoBGP, `CONCURRENCY` at a time; false (and a retry scheduled) when GoBGP failed one. */
  async function push(changes: RouteChange[]): Promise<boolean> {
    for (let i = 0; i < changes.length; i += CONCURRENCY) {
      if (!leases.holds(LEASE_KEY)) return false;
      const results = await Promise.all(changes.slice(i, i + CONCURRENCY).map(pushOne));
      if (results.includes(false)) {
        outOfStep('GoBGP refused a route update');
        scheduleRetry();
        return false;
      }
    }
    return true;
  }

  async function pushOne(c: RouteChange): Promise<boolean> {
    try {
      if (c.route) await gobgp.addPath(c.route);
      else await gobgp.deletePath(c.previous!);
      metrics.bgpAnnounce.inc({ outcome: c.route ? 'announced' : 'withdrawn' });
      metrics.enforcementDeliveries.inc({ target: 'bgp' });
      return true;
    } catch (err) {
      metrics.bgpAnnounce.inc({ outcome: 'failed' });
      logger.warn({ err: (err as Error).message, route: c.key }, 'GoBGP refused or did not answer a route update; retrying with backoff');
      return false;
    }
  }

  function countRoutes(): void {
    for (const [family, n] of Object.entries(routes.countByFamily())) metrics.bgpRoutes.set({ family }, n);
  }

  /** A tenant's block changes, in version order: ended blocks drop their route, new ones get theirs. */
  async function applyChanges(tenantId: string, changes: BlockChange[]): Promise<void> {
    if (!leases.holds(LEASE_KEY)) return;
    const ip = changes.filter((c) => c.block_type === 'IP');
    const out: RouteChange[] = [];
    for (const c of ip) if (ENDED.has(c.change)) out.push(...routes.remove(holderOf(tenantId, c.mitigation_id)));
    const ids = [...new Set(ip.filter((c) => STARTED.has(c.change) && !routes.has(holderOf(tenantId, c.mitigation_id))).map((c) => c.mitigation_id))];
    if (ids.length) {
      const [rows, policy] = await Promise.all([
        withTenant(deps.pools.app, tenantId, (c) => findActiveRouteBlocks(c, tenantId, ids, deps.clock())),
        deps.policy.forTenant(tenantId),
      ]);
      for (const row of rows) {
        const route = routeFor(row, policy.config.playbooks);
        if (route) out.push(...routes.add(holderOf(tenantId, row.mitigation_id), route));
      }
    }
    countRoutes();
    if (out.length) await push(out);
  }

  /** Every tenant's active IP blocks as a route set, each tenant that has one read under its own RLS. */
  async function desiredRoutes(): Promise<RouteSet> {
    const set = createRouteSet();
    const now = deps.clock();
    for (const tenantId of await listTenantsWithRouteBlocks(deps.pools.owner, now)) {
      const { config } = await deps.policy.forTenant(tenantId);
      await withTenant(deps.pools.app, tenantId, async (c) => {
        for (let after: string | null = null; ;) {
          const page = await listActiveRouteBlocks(c, tenantId, now, PAGE, after);
          for (const row of page) {
            const route = routeFor(row, config.playbooks);
            if (route) set.add(holderOf(tenantId, row.mitigation_id), route);
          }
          if (page.length < PAGE) break;
          after = page[page.length - 1]!.mitigation_id;
        }
      });
    }
    return set;
  }

  /** Quorum's routes in GoBGP (local and marked), by key. */
  async function announcedRoutes(): Promise<Map<string, Route>> {
    const out = new Map<string, Route>();
    for (const family of ROUTE_FAMILIES) {
      for (const p of await gobgp.listPaths(family)) {
        if (p.local && p.route.communities.includes(deps.defaults.markCommunity)) out.set(routeKey(p.route), p.route);
      }
    }
    return out;
  }

  /** Reads the desired set and GoBGP's RIB, announces what is missing or different and withdraws Quorum's stale routes. */
  async function reconcile(trigger: string): Promise<void> {
    reconcileQueued = false;
    if (stopped || !leases.holds(LEASE_KEY)) return;
    const started = performance.now();
    let outcome = 'failed';
    try {
      routes = await desiredRoutes();
      countRoutes();
      const announced = await announcedRoutes();
      const desired = routes.routes();
      const missing: RouteChange[] = [];
      const stale: RouteChange[] = [];
      for (const [key, route] of desired) {
        const there = announced.get(key);
        if (!there || attributesKey(there) !== attributesKey(route)) missing.push({ key, route, previous: there ?? null });
      }
      for (const [key, route] of announced) if (!desired.has(key)) stale.push({ key, route: null, previous: route });
      if (!(await push([...missing, ...stale]))) return;
      metrics.bgpRepairs.inc({ kind: 'missing' }, missing.length);
      metrics.bgpRepairs.inc({ kind: 'stale' }, stale.length);
      const drift = missing.length + stale.length > 0;
      const log = drift ? logger.info.bind(logger) : logger.debug.bind(logger);
      log({ event: drift ? 'enforcement.drift_repaired' : undefined, target: 'bgp', trigger, routes: desired.size, announced: missing.length, withdrawn: stale.length }, 'GoBGP reconciled with the active blocks');
      backInStep();
      retryMs = FIRST_RETRY_MS;
      outcome = 'ok';
    } catch (err) {
      outOfStep('reconciling failed');
      logger.warn({ err: (err as Error).message, trigger }, 'reconciling GoBGP failed; retrying with backoff');
      scheduleRetry();
    } finally {
      metrics.bgpReconcileSeconds.observe({ outcome }, (performance.now() - started) / 1000);
    }
  }

  /** Queues one reconcile (requests while one waits to start join it). */
  function requestReconcile(trigger: string): Promise<void> {
    if (stopped || reconcileQueued) return tail;
    reconcileQueued = true;
    return enqueue(() => reconcile(trigger));
  }

  function scheduleRetry(): void {
    if (retryTimer || stopped) return;
    retryTimer = setTimeout(() => { retryTimer = null; void requestReconcile('retry'); }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, deps.reconcileMs);
  }

  async function checkLease(): Promise<void> {
    if (stopped) return;
    const holds = await leases.tryHold(LEASE_KEY);
    if (stopped || holds === leader) return;
    leader = holds;
    metrics.bgpAnnouncer.set(holds ? 1 : 0);
    if (holds) {
      logger.info('this hub now announces blocks to GoBGP (announcer lease taken)');
      void requestReconcile('lease');
    } else {
      inStep = false;
      routes = createRouteSet();
      countRoutes();
      logger.warn('this hub lost the announcer lease; another hub announces to GoBGP');
    }
  }

  function onConnection(up: boolean): void {
    connected = up;
    metrics.bgpUp.set(up ? 1 : 0);
    if (up) {
      logger.info('GoBGP connection ready');
      void requestReconcile('reconnect');
    } else {
      outOfStep('GoBGP connection lost');
      logger.warn('GoBGP connection lost; routes are repaired when it is back (IP blocks still reach other targets)');
    }
  }

  return {
    /** The block follower's listener: queues the changes and returns at once (GoBGP's pace never slows other targets). */
    onChanges(tenantId: string, changes: BlockChange[]): void {
      if (!stopped && leader) void enqueue(() => applyChanges(tenantId, changes));
    },

    start(): void {
      metrics.bgpUp.set(0);
      metrics.bgpAnnouncer.set(0);
      gobgp.watch(onConnection);
      const lease = () => void checkLease().catch((err) => logger.warn({ err }, 'announcer lease check failed'));
      lease();
      timers.push(setInterval(lease, deps.leaseRetryMs), setInterval(() => void requestReconcile('interval'), deps.reconcileMs));
      for (const t of timers) t.unref();
    },

    /** Resolves when the work queued so far (changes, reconciles) is done. */
    settled: (): Promise<void> => tail,

    /** Reconciles now (tests, benchmarks); resolves when done. */
    reconcile: (): Promise<void> => requestReconcile('request'),

    state(): AnnouncerState {
      if (!leader) return 'standby';
      return connected && inStep ? 'ok' : 'degraded';
    },

    /** Stops announcing and gives up the lease; the routes stay in GoBGP for the next announcer to reconcile. */
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers) clearInterval(t);
      if (retryTimer) clearTimeout(retryTimer);
      await tail;
      leader = false;
      metrics.bgpAnnouncer.set(0);
      await leases.stop();
      gobgp.close();
    },
  };
}

export type BgpAnnouncer = ReturnType<typeof createBgpAnnouncer>;
