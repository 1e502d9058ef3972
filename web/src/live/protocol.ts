// The /ws/dashboard protocol as the page sees it (issue 11 part 1): message shapes, topics, and which topic an event is.
// Plain types and pure functions; the socket itself is in dashboard-socket.ts.

/** Topics a dashboard can subscribe to; the hub subscribes a new client to DEFAULT_TOPICS. */
export const TOPICS = ['signals', 'threats', 'groups', 'mitigations', 'blocklist', 'sensors', 'metrics', 'campaigns'] as const;
export type Topic = (typeof TOPICS)[number];
export const DEFAULT_TOPICS: readonly Topic[] = ['threats', 'mitigations', 'blocklist'];

/** Every message either way: JSON `{type, payload?, sequenceId?, timestamp}`. */
export interface LiveMessage {
  type: string;
  payload?: unknown;
  sequenceId?: number;
  timestamp?: string | number;
  topic?: string;
}

/** The hub's answer to `request-snapshot` (fields the page reads; absent ones are shown as unknown). */
export interface Snapshot {
  counts?: Record<string, number>;
  openGroups?: unknown[];
  activeBlocks?: unknown[];
  connectedSensors?: unknown[];
  recentThreats?: unknown[];
  [key: string]: unknown;
}

/** Control messages of the protocol; anything else is an event of a topic. */
const CONTROL = new Set(['auth-required', 'auth-success', 'auth-failed', 'auth-revoked', 'subscribed', 'unsubscribed',
  'snapshot', 'error', 'pong', 'resync']);

// An event may name its topic, or be typed by it (plural or singular: `signal`, `block`, …).
const BY_TYPE: Record<string, Topic> = {
  signal: 'signals', threat: 'threats', group: 'groups', mitigation: 'mitigations', block: 'blocklist',
  sensor: 'sensors', metric: 'metrics', campaign: 'campaigns',
};

function asTopic(s: unknown): Topic | undefined {
  if (typeof s !== 'string') return undefined;
  const base = s.split(/[.:/]/)[0]!;
  return (TOPICS as readonly string[]).includes(base) ? base as Topic : BY_TYPE[base];
}

/** The topic an event belongs to, or undefined for a control message or one the page does not know. */
export function topicOf(msg: LiveMessage): Topic | undefined {
  if (CONTROL.has(msg.type)) return undefined;
  const payloadTopic = (msg.payload as { topic?: unknown } | undefined)?.topic;
  return asTopic(msg.topic) ?? asTopic(payloadTopic) ?? asTopic(msg.type);
}

/** An event's own data: the payload's `data`/`event` when wrapped, else the payload. */
export function eventData(msg: LiveMessage): unknown {
  const p = msg.payload as { data?: unknown; event?: unknown } | undefined;
  return p?.data ?? p?.event ?? p;
}

/** The event's time in ms since the epoch (for latency and ordering), or now when the hub sent none. */
export function messageTime(msg: LiveMessage, now = Date.now()): number {
  const t = typeof msg.timestamp === 'number' ? msg.timestamp : Date.parse(msg.timestamp ?? '');
  return Number.isFinite(t) ? t : now;
}
