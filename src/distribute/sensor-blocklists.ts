// The sensor enforcement target: keeps the blocklist of every sensor connected to this hub in step with its tenant's
// active blocks (snapshot, pushes in version order, a delta after a gap, a re-sync on drift, an optional cap). Reads only.

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.ts';
import { withTenant } from '../db/pools.ts';
import { listBlockChanges, type BlockChange } from '../decide/block-change-queries.ts';
import type { BlocklistHeld, BlocklistSession, BlocklistSessions, BlocklistSource } from '../ingest/ports.ts';
import { blocklistHash } from '../core/blocklist-hash.ts';
import { readBlocklistUnordered, type ActiveBlockText } from './active-blocks.ts';
import {
  cappedSet, inView, isoMillis, snapshotEntry, snapshotEntryText, snapshotFields, toEntry, updateEntry, type BlocklistView, type SensorEntry,
  type UpdateKind,
} from './sensor-entries.ts';

export interface SensorBlocklistDeps {
  app: pg.Pool;
  sessions: BlocklistSessions;
  /** Entries one sensor holds at most, 0 = no cap (QUORUM_SENSOR_BLOCKLIST_MAX_ENTRIES). */
  maxEntries: number;
  /** A sensor more changes behind than this gets a snapshot instead of a delta (QUORUM_SENSOR_BLOCKLIST_MAX_DELTA). */
  maxDelta: number;
  /** Resolves once the tenant's changes committed so far reached onChanges: answers come from durable state, not from a lagging copy. */
  caughtUpWith: (tenantId: string) => Promise<void>;
  metrics: Pick<Metrics, 'sensorBlocklistMessages' | 'sensorBlocklistResyncs' | 'sensorBlocklistOmitted' | 'enforcementDeliveries' | 'enforcementOutOfStep'>;
  clock: () => Date;
  logger: Pick<Logger, 'warn' | 'info'>;
}

/** A tenant's active blocks as this hub's sensors of that tenant hold them, after `version` of its feed. */
interface TenantList {
  ready: Promise<void>;
  version: number;
  entries: Map<string, SensorEntry>;
  /** Rows of the load not made entries yet (see entriesOf). */
  unmapped: ActiveBlockText[][];
  /** With a cap: the mitigation ids sensors of each view hold, and how many were left out. */
  kept: Map<BlocklistView, Set<string>>;
  omitted: Map<BlocklistView, number>;
  /** The hash of what each view holds at `version`, computed when a heartbeat asks. */
  hashes: Map<BlocklistView, string>;
  /** The snapshot of each view at `version` as message text: a fleet reconnecting at once is serialised once. */
  snapshots: Map<BlocklistView, string>;
}

interface Update {
  kind: UpdateKind;
  entry: SensorEntry;
}

type Resync = 'gap' | 'drift' | 'ahead';

const VIEWS: BlocklistView[] = ['all', 'legacy'];
// Rows fetched at a time while the previous page is mapped (a cold 100,000-block load is 20 fetches).
const READ_PAGE = 5000;
const ENDING: ReadonlySet<string> = new Set(['withdrawn', 'expired', 'lifted']);
const viewOf = (s: BlocklistSession): BlocklistView => (s.dialect === 'update' ? 'legacy' : 'all');
const pushJson = (ups: Update[]) => JSON.stringify(ups.map((u) => updateEntry(u.kind, u.entry, 'type')));
const legacyJson = (ups: Update[]) => JSON.stringify(ups.map((u) => updateEntry(u.kind, u.entry, 'action')));

/** The change a feed entry makes to a sensor's list; null for a rejected decision (never a block). */
function changeUpdate(ch: BlockChange, createdAt: string): Update | null {
  if (ch.change === 'rejected') return null;
  return { kind: ENDING.has(ch.change) ? 'remove' : 'add', entry: toEntry(ch, createdAt) };
}

export function createSensorBlocklists(deps: SensorBlocklistDeps) {
  const lists = new Map<string, TenantList>();
  /** The version each session's list is at; absent until it got a snapshot or a delta (or reported being in step). */
  const positions = new WeakMap<BlocklistSession, number>();
  /** blocklist-syncs being answered, per session: its heartbeat reports wait for the answers. */
  const syncing = new WeakMap<BlocklistSession, number>();

  /** The tenant's list, loaded from one snapshot of its active blocks the first time a sensor of it needs it. */
  function list(tenantId: string): Promise<TenantList> {
    let t = lists.get(tenantId);
    if (!t) {
      const fresh: TenantList = {
        ready: Promise.resolve(), version: 0, entries: new Map(), unmapped: [], kept: new Map(), omitted: new Map(), hashes: new Map(), snapshots: new Map(),
      };
      fresh.ready = load(tenantId, fresh).catch((err) => {
        if (lists.get(tenantId) === fresh) lists.delete(tenantId);
        throw err;
      });
      lists.set(tenantId, fresh);
      t = fresh;
    }
    const found = t;
    return found.ready.then(() => found);
  }

  /**
   * Loads the list from one snapshot of the tenant's blocks. Without a cap, the `all` snapshot's text is made from the
   * rows as they arrive, and the rows become entries only when first needed (a change, a hash, the legacy view): the
   * first sensor's snapshot does not wait for 100,000 entries to be built.
   */
  async function load(tenantId: string, t: TenantList): Promise<void> {
    const texts: string[] = [];
    let count = 0;
    t.version = await readBlocklistUnordered(deps.app, tenantId, deps.clock(), READ_PAGE, (page) => {
      t.unmapped.push(page);
      count += page.length;
      if (!deps.maxEntries) texts.push(page.map(snapshotEntryText).join(','));
    });
    if (deps.maxEntries) return refreshCaps(t);
    t.snapshots.set('all', snapshotFields(`[${texts.join(',')}]`, t.version, count, 0, 0));
  }

  /** The list's entries; the rows its load left unmapped are made entries the first time they are asked for. */
  function entriesOf(t: TenantList): Map<string, SensorEntry> {
    for (const page of t.unmapped) for (const b of page) t.entries.set(b.mitigation_id, toEntry(b, isoMillis(b.created_at)));
    t.unmapped = [];
    return t.entries;
  }

  function drop(tenantId: string): void {
    if (lists.delete(tenantId) && deps.maxEntries) countOmitted();
  }

  /** With a cap, recomputes what each view keeps: a block that leaves the kept set lets the next one in. */
  function refreshCaps(t: TenantList): void {
    if (!deps.maxEntries) return;
    for (const view of VIEWS) {
      const { kept, omitted } = cappedSet(entriesOf(t).values(), view, deps.maxEntries);
      t.kept.set(view, new Set(kept.map((e) => e.mitigationId)));
      t.omitted.set(view, omitted);
    }
    countOmitted();
  }

  function countOmitted(): void {
    for (const view of VIEWS) {
      let n = 0;
      for (const t of lists.values()) n += t.omitted.get(view) ?? 0;
      deps.metrics.sensorBlocklistOmitted.set({ view }, n);
    }
  }

  /** The entries sensors of `view` hold now. */
  function held(t: TenantList, view: BlocklistView): SensorEntry[] {
    const entries = entriesOf(t);
    const kept = t.kept.get(view);
    if (kept) return [...kept].map((id) => entries.get(id)!);
    const out: SensorEntry[] = [];
    for (const e of entries.values()) if (inView(view, e)) out.push(e);
    return out;
  }

  function expectedHash(t: TenantList, view: BlocklistView): string {
    let h = t.hashes.get(view);
    if (h === undefined) t.hashes.set(view, h = blocklistHash(held(t, view)));
    return h;
  }

  function sendSnapshot(s: BlocklistSession, t: TenantList, resync: Resync | null): void {
    if (resync) {
      deps.metrics.sensorBlocklistResyncs.inc({ reason: resync });
      deps.metrics.enforcementOutOfStep.inc({ target: 'sensors' });
      deps.logger.info({ event: 'sensor.resynced', target: 'sensors', tenantId: s.tenantId, sensorId: s.sensorId, reason: resync }, 'sensor blocklist out of step; re-synced with a snapshot');
    }
    const view = viewOf(s);
    let fields = t.snapshots.get(view);
    if (fields === undefined) {
      const entries = held(t, view);
      const omitted = t.omitted.get(view) ?? 0;
      // One JSON.stringify of the entries per version and view, whatever the number of sensors asking.
      fields = snapshotFields(JSON.stringify(entries.map(snapshotEntry)), t.version, entries.length, omitted, deps.maxEntries);
      t.snapshots.set(view, fields);
    }
    if (s.sendRaw('blocklist-snapshot', fields, true)) positions.set(s, t.version);
    deps.metrics.sensorBlocklistMessages.inc({ type: 'snapshot' });
    deps.metrics.enforcementDeliveries.inc({ target: 'sensors' });
  }

  /** Sends `ups` (taking the list from `from` to `version`) in the session's dialect. */
  function sendUpdates(s: BlocklistSession, from: number, version: number, push: () => string, legacy: () => string | null): void {
    if (s.dialect !== 'update') s.sendRaw('blocklist-push', `{"updates":${push()},"fromVersion":${from},"version":${version}}`);
    const old = s.dialect === 'push' ? null : legacy();
    if (old !== null) s.sendRaw('blocklist-update', `{"updates":${old},"version":${version}}`);
  }

  /**
   * Sends the changes after `from` as one push, when there are at most maxDelta and the feed still has them all; false
   * otherwise (the caller sends a snapshot). Reads until the list's version: a change handed on meanwhile is included.
   */
  async function sendDelta(s: BlocklistSession, t: TenantList, from: number): Promise<boolean> {
    const changes: BlockChange[] = [];
    let at = from;
    while (at < t.version) {
      const target = t.version;
      const page = await withTenant(deps.app, s.tenantId, (c) => listBlockChanges(c, s.tenantId, at, deps.maxDelta + 1 - changes.length));
      const within = page.changes.filter((ch) => ch.version <= target);
      changes.push(...within);
      if (changes.length > deps.maxDelta || within.length === 0) return false;
      at = within[within.length - 1]!.version;
    }
    if (lists.get(s.tenantId) !== t || at !== t.version) return false;
    const view = viewOf(s);
    const ups = changes.map((ch) => changeUpdate(ch, isoMillis(ch.changed_at))).filter((u): u is Update => u !== null && inView(view, u.entry));
    const legacy = ups.filter((u) => inView('legacy', u.entry));
    sendUpdates(s, from, t.version, () => pushJson(ups), () => (legacy.length ? legacyJson(legacy) : null));
    positions.set(s, t.version);
    deps.metrics.sensorBlocklistMessages.inc({ type: 'delta' });
    deps.metrics.enforcementDeliveries.inc({ target: 'sensors' });
    return true;
  }

  /** Brings a session to the list's version from what it says it holds: nothing, a delta, or a snapshot. */
  async function catchUp(s: BlocklistSession, holds: BlocklistHeld | null, answer: boolean): Promise<void> {
    // A sensor that comes from another hub may hold versions this hub's copy has not applied yet.
    await deps.caughtUpWith(s.tenantId);
    const t = await list(s.tenantId);
    if (holds === null) return sendSnapshot(s, t, null);
    if (holds.version > t.version) return sendSnapshot(s, t, 'ahead');
    if (holds.version === t.version) {
      if (holds.hash !== null && holds.hash !== expectedHash(t, viewOf(s))) return sendSnapshot(s, t, 'drift');
      positions.set(s, t.version);
      // A sync is always answered, here with an empty push that confirms the version.
      if (answer) sendUpdates(s, t.version, t.version, () => '[]', () => null);
      return;
    }
    if (!deps.maxEntries && await sendDelta(s, t, holds.version)) return;
    // With a cap, what enters the kept set depends on the whole list: a sensor behind always gets a snapshot.
    sendSnapshot(s, await list(s.tenantId), 'gap');
  }

  /** Applies the tenant's new changes to its list; returns the updates for each view. */
  function apply(t: TenantList, fresh: BlockChange[]): Record<BlocklistView, Update[]> {
    const entries = entriesOf(t);
    const before = deps.maxEntries ? new Map(VIEWS.map((v) => [v, t.kept.get(v) ?? new Set<string>()])) : null;
    const gone = new Map<string, SensorEntry>();
    const extended = new Set<string>();
    const direct: Update[] = [];
    for (const ch of fresh) {
      const old = entries.get(ch.mitigation_id);
      const u = changeUpdate(ch, old?.createdAt ?? isoMillis(ch.changed_at));
      if (!u || (u.kind === 'remove' && !old)) continue;
      if (u.kind === 'remove') {
        entries.delete(ch.mitigation_id);
        gone.set(ch.mitigation_id, old!);
        direct.push({ kind: 'remove', entry: old! });
      } else {
        entries.set(ch.mitigation_id, u.entry);
        if (old) extended.add(ch.mitigation_id);
        direct.push(u);
      }
    }
    t.hashes.clear();
    t.snapshots.clear();
    if (!before) return { all: direct, legacy: direct.filter((u) => inView('legacy', u.entry)) };
    refreshCaps(t);
    const diff = (view: BlocklistView): Update[] => {
      const was = before.get(view)!;
      const now = t.kept.get(view)!;
      const ups: Update[] = [];
      for (const id of was) if (!now.has(id)) ups.push({ kind: 'remove', entry: entries.get(id) ?? gone.get(id)! });
      for (const id of now) if (!was.has(id) || extended.has(id)) ups.push({ kind: 'add', entry: entries.get(id)! });
      return ups;
    };
    return { all: diff('all'), legacy: diff('legacy') };
  }

  /** Every session of the tenant on this hub gets the updates, serialised once per form. */
  function broadcast(sessions: BlocklistSession[], ups: Record<BlocklistView, Update[]>, from: number, version: number): void {
    let push: string | undefined;
    let projected: string | null | undefined;
    let legacy: string | null | undefined;
    const pushText = () => (push ??= pushJson(ups.all));
    const projectedText = () => {
      if (projected === undefined) {
        const old = ups.all.filter((u) => inView('legacy', u.entry));
        projected = old.length ? legacyJson(old) : null;
      }
      return projected;
    };
    const legacyText = () => (legacy ??= ups.legacy.length ? legacyJson(ups.legacy) : null);
    for (const s of sessions) {
      sendUpdates(s, from, version, pushText, s.dialect === 'update' ? legacyText : projectedText);
      if (positions.has(s)) positions.set(s, version);
    }
    deps.metrics.sensorBlocklistMessages.inc({ type: 'push' }, sessions.length);
    deps.metrics.enforcementDeliveries.inc({ target: 'sensors' }, sessions.length);
  }

  /** The follower's listener: a tenant's changes, in version order. */
  async function onChanges(tenantId: string, changes: BlockChange[]): Promise<void> {
    if (deps.sessions.sessionsOf(tenantId).length === 0) return drop(tenantId);
    let t = await list(tenantId);
    const fresh = changes.filter((ch) => ch.version > t.version);
    if (!fresh.length) return;
    if (fresh[0]!.version !== t.version + 1) {
      // The list missed versions (never expected: the follower hands every one); start again from a snapshot.
      deps.logger.warn({ tenantId, listVersion: t.version, next: fresh[0]!.version }, 'sensor blocklist missed block changes; re-syncing its sensors');
      drop(tenantId);
      t = await list(tenantId);
      for (const s of deps.sessions.sessionsOf(tenantId)) if (positions.has(s)) sendSnapshot(s, t, 'gap');
      return;
    }
    const from = t.version;
    const ups = apply(t, fresh);
    t.version = fresh[fresh.length - 1]!.version;
    broadcast(deps.sessions.sessionsOf(tenantId), ups, from, t.version);
  }

  const source: BlocklistSource = {
    async opened(s) { await list(s.tenantId); },
    async sync(s, holds) {
      syncing.set(s, (syncing.get(s) ?? 0) + 1);
      try {
        await catchUp(s, holds, true);
      } finally {
        const left = syncing.get(s)! - 1;
        if (left) syncing.set(s, left);
        else syncing.delete(s);
      }
    },
    async report(s, holds) {
      if (syncing.has(s)) return;
      const at = positions.get(s);
      // Never placed yet (a sensor back after a reconnect that only heartbeats): its report is where it stands.
      if (at === undefined) return catchUp(s, holds, false);
      if (holds.version > at) await deps.caughtUpWith(s.tenantId);
      const t = await list(s.tenantId);
      if (holds.version > positions.get(s)!) return sendSnapshot(s, t, 'ahead');
      // Behind what was sent: the pushes in between are on their way (one socket keeps their order).
      if (holds.version < at || at !== t.version || holds.hash === null) return;
      if (holds.hash !== expectedHash(t, viewOf(s))) sendSnapshot(s, t, 'drift');
    },
  };

  return {
    source,
    onChanges,
    /** How many tenants' lists this hub holds in memory (tenants with a sensor connected here). */
    tenants: () => lists.size,
  };
}

export type SensorBlocklists = ReturnType<typeof createSensorBlocklists>;
