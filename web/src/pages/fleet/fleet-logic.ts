// The Fleet page's pure logic: which sensors a filter keeps, one word for a sensor's sync state, the colours of health,
// command and rollout states, how a send-command form becomes a request, a rollout's progress and what may be done to it. Pure (fleet-logic.test.ts); no fetching here.

import type { FleetCommand, FleetSensor, Rollout, RolloutSensor } from '../common/answers.ts';

export type Health = FleetSensor['health'];
export type Approval = FleetSensor['approval_status'];
export type SyncState = FleetSensor['sync']['config']['state'];
export type CommandType = FleetCommand['type'];
export type CommandStatus = FleetCommand['status'];

export const HEALTHS: Health[] = ['healthy', 'degraded', 'unhealthy', 'stale', 'offline', 'unknown'];
export const APPROVALS: Approval[] = ['pending', 'approved', 'rejected', 'decommissioned'];
export const COMMAND_TYPES: CommandType[] = ['push_config', 'push_rules', 'restart', 'collect_diagnostics', 'update', 'sync_blocklist', 'toggle_chaos', 'toggle_mtd'];
export const COMMAND_STATUSES: CommandStatus[] = ['pending', 'sent', 'succeeded', 'failed', 'timed_out', 'expired', 'cancelled'];

export const HEALTH_COLOR: Record<Health, string> = { healthy: 'green', degraded: 'yellow', unhealthy: 'red', stale: 'orange', offline: 'gray', unknown: 'gray' };
export const APPROVAL_COLOR: Record<Approval, string> = { pending: 'yellow', approved: 'green', rejected: 'red', decommissioned: 'gray' };
export const SYNC_COLOR: Record<SyncState, string> = { in_sync: 'green', behind: 'yellow', drifted: 'red', unknown: 'gray' };
export const STATUS_COLOR: Record<CommandStatus, string> = {
  pending: 'gray', sent: 'blue', succeeded: 'green', failed: 'red', timed_out: 'orange', expired: 'orange', cancelled: 'gray',
};

/** A command still waiting for its sensor: the list is read again while any is. */
export const isOpen = (c: Pick<FleetCommand, 'status'>) => c.status === 'pending' || c.status === 'sent';

/** The sensors of one health (none given: all). The approval filter is the hub's (`?approval=`). */
export function filterSensors(sensors: FleetSensor[], health: Health | null): FleetSensor[] {
  return health === null ? sensors : sensors.filter((s) => s.health === health);
}

const SYNC_ORDER: SyncState[] = ['drifted', 'behind', 'unknown', 'in_sync'];

/** The worst of config, rules and blocklist (drifted, then behind, then unknown), and which parts are not in sync. */
export function syncSummary(sync: FleetSensor['sync']): { state: SyncState; detail: string } {
  const parts = (['config', 'rules', 'blocklist'] as const).map((k) => [k, sync[k]] as const);
  const state = SYNC_ORDER.find((w) => parts.some(([, i]) => i.state === w)) ?? 'unknown';
  const off = parts.filter(([, i]) => i.state !== 'in_sync').map(([k, i]) => `${k} ${i.state.replace('_', ' ')}`);
  return { state, detail: off.length ? off.join(', ') : 'config, rules and blocklist in sync' };
}

/** Counts per health, every health present (0 when none). */
export function healthCounts(sensors: FleetSensor[]): Record<Health, number> {
  const out = Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<Health, number>;
  for (const s of sensors) out[s.health] += 1;
  return out;
}

/** What the send-command form holds: one sensor, or the fleet by tags (comma-separated), and the payload as JSON text. */
export interface CommandForm {
  target: 'sensor' | 'fleet';
  sensorId: string;
  tags: string;
  connectedOnly: boolean;
  type: CommandType;
  payload: string;
}

export type CommandRequest =
  | { kind: 'sensor'; sensorId: string; body: { type: CommandType; payload: Record<string, unknown> } }
  | { kind: 'fleet'; body: { type: CommandType; payload: Record<string, unknown>; selector: { tags?: string[]; connected?: boolean } } };

/** The request the form stands for, or why it cannot be sent (said next to the form; the hub checks the rest). */
export function commandRequest(f: CommandForm): CommandRequest | { error: string } {
  let payload: unknown;
  try {
    payload = f.payload.trim() === '' ? {} : JSON.parse(f.payload);
  } catch {
    return { error: 'The payload is not JSON.' };
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return { error: 'The payload must be a JSON object, e.g. {"enabled": false}.' };
  const body = { type: f.type, payload: payload as Record<string, unknown> };
  if (f.target === 'sensor') return f.sensorId ? { kind: 'sensor', sensorId: f.sensorId, body } : { error: 'Choose a sensor.' };
  const tags = [...new Set(f.tags.split(',').map((t) => t.trim()).filter(Boolean))];
  return { kind: 'fleet', body: { ...body, selector: { ...(tags.length ? { tags } : {}), ...(f.connectedOnly ? { connected: true } : {}) } } };
}

/** Who the fleet form reaches, in words: shown on the button's confirmation. */
export function selectorText(selector: { tags?: string[]; connected?: boolean }): string {
  const who = selector.tags?.length ? `approved sensors tagged ${selector.tags.join(' and ')}` : 'every approved sensor';
  return selector.connected ? `${who} connected now` : who;
}

export type RolloutState = Rollout['state'];
export type PushStatus = RolloutSensor['status'];

export const ROLLOUT_COLOR: Record<RolloutState, string> = { scheduled: 'gray', running: 'blue', completed: 'green', rolled_back: 'red', aborted: 'orange' };
export const PUSH_COLOR: Record<PushStatus, string> = { waiting: 'gray', pending: 'gray', sent: 'blue', applied: 'green', failed: 'red', rolled_back: 'orange' };
const PUSH_STATES: PushStatus[] = ['waiting', 'pending', 'sent', 'applied', 'failed', 'rolled_back'];

/** A rollout still moving: the list is read again while any is. */
export const isActive = (r: Pick<Rollout, 'state'>) => r.state === 'scheduled' || r.state === 'running';

/** What an admin may do now: promote a running rollout in its canary phase, abort one scheduled or running (the hub decides again). */
export function rolloutActions(r: Pick<Rollout, 'state' | 'phase'>): { promote: boolean; abort: boolean } {
  return { promote: r.state === 'running' && r.phase === 'canary', abort: isActive(r) };
}

/** Applied and failed as shares of the targets, and the push states that hold any sensor, in pipeline order. */
export function progressOf(c: Rollout['counts']) {
  const pct = (n: number) => (c.targets > 0 ? Math.round((n / c.targets) * 1000) / 10 : 0);
  return {
    targets: c.targets, applied: c.applied, appliedPct: pct(c.applied), failedPct: pct(c.failed + c.rolled_back),
    states: PUSH_STATES.filter((k) => c[k] > 0).map((k) => [k, c[k]] as const),
  };
}
