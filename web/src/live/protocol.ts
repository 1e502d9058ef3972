// The /ws/dashboard protocol as the page sees it (issue 11 part 1; the hub's src/present/dashboard/protocol.ts):
// message shapes, topics, and which topic an event is. Plain types and pure functions; the socket is dashboard-socket.ts.

/** Topics a dashboard can subscribe to; the hub subscribes a new client to DEFAULT_TOPICS. */
export const TOPICS = ['signals', 'threats', 'groups', 'mitigations', 'blocklist', 'sensors', 'metrics', 'campaigns'] as const;
export type Topic = (typeof TOPICS)[number];
export const DEFAULT_TOPICS: readonly Topic[] = ['threats', 'mitigations', 'blocklist'];

/** The event type sent on each topic. */
export const EVENT_TYPE_OF_TOPIC = {
  signals: 'signal', threats: 'threat', groups: 'group', mitigations: 'mitigation', blocklist: 'blocklist', sensors: 'sensor',
  metrics: 'metrics', campaigns: 'campaign',
} as const satisfies Record<Topic, string>;

/** Every frame from the hub: `sequenceId` numbers the tenant's stream; `timestamp` is epoch ms of publication. */
export interface LiveMessage<P = unknown> {
  type: string;
  payload?: P;
  sequenceId?: number;
  timestamp?: number;
}

export interface SignalEvent {
  id: string; source: string; subjectType: string; subjectId: string; key: string; value: unknown;
  severity: string | null; observedAt: string; ingestedAt: number;
}
export interface GroupEvent {
  change: 'opened' | 'updated' | 'closed'; id: string; rule: string; status: 'open' | 'corroborated' | 'expired';
  subjectType: string; subjectId: string; signalCount: number; sourceCount: number; derivedConfidence: number | null;
  openedAt: string; windowEndsAt: string; mitigationId: string | null;
}
export interface MitigationEvent {
  version: number; change: 'created' | 'extended' | 'withdrawn' | 'expired' | 'lifted' | 'rejected'; mitigationId: string;
  blockType: string; indicator: string; origin: string; severity: string | null;
  status: 'active' | 'withdrawn' | 'expired' | 'rejected'; expiresAt: string; reason: string | null; changedAt: string;
}
export interface SensorEvent {
  change: 'connected' | 'disconnected' | 'heartbeat'; sensorId: string; name: string | null; kind: string;
  state: 'connected' | 'disconnected'; connectedAt: string | null; lastHeartbeatAt: string | null;
}
export interface MetricsEvent {
  signals: { total: number; bySource: Record<string, number>; capped: boolean; intervalMs: number };
  openGroups: number; activeBlocks: number; connectedSensors: number;
}
export interface Snapshot {
  counts: { openGroups: number; activeBlocks: number; connectedSensors: number };
  openGroups: Omit<GroupEvent, 'change'>[];
  activeBlocks: { mitigationId: string; blockType: string; indicator: string; origin: string; severity: string | null; expiresAt: string }[];
  sensors: Omit<SensorEvent, 'change'>[];
  recentThreats: SignalEvent[];
  blockVersion: number;
  truncated: boolean;
}

/** Control frames of the protocol; anything else is an event of a topic. */
const CONTROL = new Set(['auth-required', 'auth-success', 'auth-failed', 'auth-revoked', 'subscribed', 'unsubscribed',
  'snapshot', 'resumed', 'error', 'pong']);

const TOPIC_OF_TYPE = Object.fromEntries(Object.entries(EVENT_TYPE_OF_TOPIC).map(([t, type]) => [type, t])) as Record<string, Topic>;

/** The topic an event belongs to, or undefined for a control frame or a type the page does not know. */
export function topicOf(msg: LiveMessage): Topic | undefined {
  return CONTROL.has(msg.type) ? undefined : TOPIC_OF_TYPE[msg.type];
}
