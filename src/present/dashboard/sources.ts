// Turns the durable state into dashboard events for the tenants with dashboards here: the block changes feed (mitigations,
// blocklist), the committed signals feed (signals, threats, metrics), and the group and sensor tables (groups, sensors).
// Reads only what some client subscribed to, a bounded amount per tick; never writes, never waits on a client.

import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../../db/pools.ts';
import type { BlockChange } from '../../decide/block-change-queries.ts';
import { readFeed, readFeedHead, type FeedPosition, type FeedRow } from '../../store/feed-queries.ts';
import { countFeedRange, countTenantState, listGroupsById, listOpenGroups, listSensors, type GroupState, type HealthJudge, type SensorState } from './dashboard-queries.ts';
import type { BlocklistEvent, GroupEvent, MitigationEvent, SensorEvent, SignalEvent } from './protocol.ts';
import type { StreamRegistry, TenantStream } from './stream.ts';

export interface SourceDeps {
  app: pg.Pool;
  streams: Pick<StreamRegistry, 'get' | 'all'>;
  logger: Pick<Logger, 'warn'>;
  /** How often the signals feed is sampled (ms); groups, sensors and metrics are read every `stateIntervalMs`. */
  signalTickMs: number;
  stateIntervalMs: number;
  /** Signals read from a tenant's feed per tick at most; the rest of the tick's signals are passed over (sampled). */
  signalsPerTick: number;
  /** A sensor's health at the hub's clock (silence thresholds from the settings). */
  judge: HealthJudge;
}

/** Groups and sensors listed per tick at most: changes beyond them are seen in the snapshot, not as events. */
const STATE_LIST_LIMIT = 500;
/**
 * Signals counted per metrics interval at most (`capped` above it): counting by source reads each row, so an unbounded
 * count would make a busy tenant's dashboards cost its ingest.
 */
const COUNT_CAP = 20_000;

/** Where each tenant's readers stand; forgotten with its stream. */
interface TenantPlace {
  stream: TenantStream;
  signalsAt: FeedPosition | null;
  countedAt: FeedPosition | null;
  groups: Map<string, GroupState> | null;
  sensors: Map<string, SensorState> | null;
}

export function createDashboardSources(deps: SourceDeps) {
  const places = new Map<string, TenantPlace>();
  const timers: NodeJS.Timeout[] = [];
  let signalsRunning = false;
  let stateRunning = false;

  /** The place of a live stream; a new stream (the old one went away) starts afresh. */
  function placeOf(stream: TenantStream): TenantPlace {
    let p = places.get(stream.tenantId);
    if (!p || p.stream !== stream) places.set(stream.tenantId, (p = { stream, signalsAt: null, countedAt: null, groups: null, sensors: null }));
    return p;
  }

  async function eachStream(work: (p: TenantPlace) => Promise<void>): Promise<void> {
    const live = deps.streams.all();
    for (const tenantId of places.keys()) if (!deps.streams.get(tenantId)) places.delete(tenantId);
    for (const s of live) {
      await work(placeOf(s)).catch((err) => deps.logger.warn({ err, tenantId: s.tenantId }, 'reading dashboard events failed; the next tick retries'));
    }
  }

  async function signalTick(): Promise<void> {
    if (signalsRunning) return;
    signalsRunning = true;
    try {
      await eachStream((p) => sampleSignals(deps, p));
    } finally {
      signalsRunning = false;
    }
  }

  async function stateTick(): Promise<void> {
    if (stateRunning) return;
    stateRunning = true;
    try {
      await eachStream(async (p) => {
        await pollGroups(deps, p);
        await pollSensors(deps, p);
        await publishMetrics(deps, p);
      });
    } finally {
      stateRunning = false;
    }
  }

  return {
    /** The block follower's listener: every tenant's block changes, in version order, whichever hub made them. */
    onBlockChanges(tenantId: string, changes: BlockChange[]): void {
      const stream = deps.streams.get(tenantId);
      if (stream) publishBlockChanges(stream, changes);
    },
    start(): void {
      timers.push(setInterval(() => void signalTick(), deps.signalTickMs), setInterval(() => void stateTick(), deps.stateIntervalMs));
      for (const t of timers) t.unref();
    },
    /**
     * Places the tenant's readers that a client wants and that have no place yet: the signals reader at the feed's head,
     * the first look at the open groups and at the sensors. A client told it is subscribed after this resolved misses
     * nothing committed after that moment (without it, what came before the next tick would be passed over).
     */
    async ready(stream: TenantStream): Promise<void> {
      const p = placeOf(stream);
      if (!p.signalsAt && (stream.wanted('signals') || stream.wanted('threats'))) p.signalsAt = await feedHead(deps, stream.tenantId);
      if (!p.groups) await pollGroups(deps, p);
      if (!p.sensors) await pollSensors(deps, p);
    },
    /** One round of every reader now (tests, benchmarks). */
    async tick(): Promise<void> {
      await signalTick();
      await stateTick();
    },
    stop(): void {
      for (const t of timers) clearInterval(t);
      timers.length = 0;
      places.clear();
    },
  };
}

function publishBlockChanges(stream: TenantStream, changes: BlockChange[]): void {
  const updates: BlocklistEvent['updates'] = [];
  for (const ch of changes) {
    const m: MitigationEvent = {
      version: ch.version, change: ch.change, mitigationId: ch.mitigation_id, blockType: ch.block_type, indicator: ch.indicator, origin: ch.source,
      severity: ch.severity, status: ch.status, expiresAt: new Date(ch.expires_at).toISOString(), reason: ch.reason, changedAt: new Date(ch.changed_at).toISOString(),
    };
    stream.publish('mitigations', 'mitigation', m);
    // A rejected decision never entered the blocklist; an extension changes its expiry (an add replaces the entry).
    if (ch.change === 'rejected') continue;
    updates.push({ action: ch.status === 'active' ? 'add' : 'remove', mitigationId: m.mitigationId, blockType: m.blockType, indicator: m.indicator, expiresAt: m.expiresAt });
  }
  if (updates.length) stream.publish('blocklist', 'blocklist', { version: changes[changes.length - 1]!.version, updates } satisfies BlocklistEvent);
}

/** Reads up to `signalsPerTick` new feed entries, publishes them, and passes over whatever else the tick committed. */
async function sampleSignals(deps: SourceDeps, p: TenantPlace): Promise<void> {
  if (!p.stream.wanted('signals') && !p.stream.wanted('threats')) return void (p.signalsAt = null);
  const tenantId = p.stream.tenantId;
  const at = p.signalsAt;
  if (!at) {
    // A new reader starts at the feed's head (ready() placed it already when a client joined or subscribed): the
    // snapshot (recent threats) covers what came before.
    p.signalsAt = await feedHead(deps, tenantId);
    return;
  }
  const page = await withTenant(deps.app, tenantId, (c) => readFeed(c, tenantId, at, deps.signalsPerTick));
  for (const row of page.rows) {
    const isThreat = row.key.startsWith('threat.');
    p.stream.publish(isThreat ? 'threats' : 'signals', isThreat ? 'threat' : 'signal', signalEvent(row));
  }
  if (page.passed < deps.signalsPerTick) return void (p.signalsAt = page.last ?? at);
  // More than a tick's worth: the rest is sampled away by moving to the head.
  p.signalsAt = await withTenant(deps.app, tenantId, (c) => readFeedHead(c, tenantId)) ?? page.last!;
}

const feedHead = async (deps: SourceDeps, tenantId: string): Promise<FeedPosition> =>
  await withTenant(deps.app, tenantId, (c) => readFeedHead(c, tenantId)) ?? { xid: '0', id: '0' };

function signalEvent(row: FeedRow): SignalEvent {
  return {
    id: row.id, source: row.source, subjectType: row.subjectType, subjectId: row.subjectId, key: row.key, value: row.value,
    severity: row.severity, observedAt: row.observedAt, ingestedAt: row.ingestedMs,
  };
}

/** Compares the open groups with the last tick's: opened, updated, and closed (left the open list) become events. */
async function pollGroups(deps: SourceDeps, p: TenantPlace): Promise<void> {
  if (!p.stream.wanted('groups')) return void (p.groups = null);
  const tenantId = p.stream.tenantId;
  const open = await withTenant(deps.app, tenantId, (c) => listOpenGroups(c, tenantId, STATE_LIST_LIMIT));
  const now = new Map(open.map((g) => [g.id, g]));
  const before = p.groups;
  p.groups = now;
  if (!before) return;
  const publish = (change: GroupEvent['change'], g: GroupState) => p.stream.publish('groups', 'group', { change, ...g } satisfies GroupEvent);
  for (const g of open) {
    const was = before.get(g.id);
    if (!was) publish('opened', g);
    else if (was.signalCount !== g.signalCount || was.sourceCount !== g.sourceCount || was.derivedConfidence !== g.derivedConfidence) publish('updated', g);
  }
  const gone = [...before.keys()].filter((id) => !now.has(id));
  if (!gone.length) return;
  const closed = await withTenant(deps.app, tenantId, (c) => listGroupsById(c, tenantId, gone));
  for (const g of closed) if (g.status !== 'open') publish('closed', g);
}

/** Compares the tenant's sensors with the last tick's: connections, disconnections, health changes and heartbeats become events. */
async function pollSensors(deps: SourceDeps, p: TenantPlace): Promise<void> {
  if (!p.stream.wanted('sensors')) return void (p.sensors = null);
  const tenantId = p.stream.tenantId;
  const list = await withTenant(deps.app, tenantId, (c) => listSensors(c, tenantId, STATE_LIST_LIMIT, deps.judge));
  const before = p.sensors;
  p.sensors = new Map(list.map((s) => [s.sensorId, s]));
  if (!before) return;
  for (const s of list) {
    const was = before.get(s.sensorId);
    let change: SensorEvent['change'] | null = null;
    if (s.state !== (was?.state ?? 'disconnected') || (s.state === 'connected' && s.connectedAt !== was?.connectedAt)) change = s.state;
    else if (was && s.health !== was.health) change = 'health';
    else if (s.lastHeartbeatAt !== (was?.lastHeartbeatAt ?? null)) change = 'heartbeat';
    if (change) p.stream.publish('sensors', 'sensor', { change, ...s } satisfies SensorEvent);
  }
}

/** The tenant's counters: signals committed since the last interval (by source) and the current state counts. */
async function publishMetrics(deps: SourceDeps, p: TenantPlace): Promise<void> {
  if (!p.stream.wanted('metrics')) return void (p.countedAt = null);
  const tenantId = p.stream.tenantId;
  const { counts, signals } = await withTenant(deps.app, tenantId, async (c) => {
    const head = await readFeedHead(c, tenantId) ?? { xid: '0', id: '0' };
    const from = p.countedAt;
    p.countedAt = head;
    const range = from ? await countFeedRange(c, tenantId, from, head, COUNT_CAP) : { bySource: {}, total: 0, capped: false };
    return { counts: await countTenantState(c, tenantId), signals: range };
  });
  p.stream.publish('metrics', 'metrics', { signals: { ...signals, intervalMs: deps.stateIntervalMs }, ...counts });
}
