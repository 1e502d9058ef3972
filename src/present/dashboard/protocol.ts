// The /ws/dashboard protocol as types: every frame the hub sends and takes (docs/dashboard.md explains each with examples).
// Types and constant lists only, importing nothing: the web app (web/src/live/) imports this file as is.

/** Topics a dashboard may subscribe to. `campaigns` is reserved: subscribable, nothing is sent on it yet. */
export const DASHBOARD_TOPICS = ['signals', 'threats', 'groups', 'mitigations', 'blocklist', 'sensors', 'metrics', 'campaigns'] as const;
export type DashboardTopic = (typeof DASHBOARD_TOPICS)[number];

/** What a new session is subscribed to until it says otherwise. */
export const DEFAULT_TOPICS: readonly DashboardTopic[] = ['threats', 'mitigations', 'blocklist'];

/** The event type sent on each topic (`campaign` is reserved). */
export const EVENT_TYPE_OF_TOPIC = {
  signals: 'signal', threats: 'threat', groups: 'group', mitigations: 'mitigation', blocklist: 'blocklist', sensors: 'sensor',
  metrics: 'metrics', campaigns: 'campaign',
} as const satisfies Record<DashboardTopic, string>;

/** WebSocket close codes the hub uses on /ws/dashboard. */
export const DASHBOARD_CLOSE = {
  normal: 1000, shuttingDown: 1001, policy: 1008, tooLarge: 1009, tryAgainLater: 1013, authentication: 4001, rateLimited: 4029,
} as const;

// ---- client → hub ----

export type ClientMessage =
  | { type: 'auth'; payload: { apiKey?: string; tenantId?: string } }
  | { type: 'subscribe'; payload: { topic: DashboardTopic } }
  | { type: 'unsubscribe'; payload: { topic: DashboardTopic } }
  | { type: 'request-snapshot'; payload?: Record<string, never> }
  | { type: 'resume'; payload: { streamId: string; lastSequenceId: number } }
  | { type: 'ping'; payload?: Record<string, never> };

export type ClientMessageType = ClientMessage['type'];

// ---- hub → client ----

/** Every frame from the hub: `sequenceId` is the tenant stream's number (an event's own, else the last event's). */
export interface Frame<T extends string, P> {
  type: T;
  payload: P;
  sequenceId: number;
  /** Epoch milliseconds when the hub sent (or, for an event, first published) the frame. */
  timestamp: number;
}

export interface AuthSuccess {
  sessionId: string;
  tenantId: string;
  subscriptions: DashboardTopic[];
  timestamp: number;
  /** Names this hub's numbering of the tenant's events; `resume` needs it (another stream → a snapshot instead). */
  streamId: string;
  /** How the session authenticated. */
  principal: { kind: 'key' | 'session'; id: string; scopes: string[]; username?: string };
}

export interface ErrorPayload {
  /** A catalogue code, upper-cased (INVALID_MESSAGE, UNKNOWN_TYPE, UNAUTHENTICATED, …). */
  code: string;
  message: string;
  /** The type of the frame refused, when it had one. */
  refused?: string;
}

/** A stored signal as the `signals` and `threats` topics send it (threats are sensor ThreatSignals: key `threat.*`). */
export interface SignalEvent {
  id: string;
  source: string;
  subjectType: string;
  subjectId: string;
  key: string;
  value: unknown;
  severity: string | null;
  observedAt: string;
  ingestedAt: number;
}

export interface GroupEvent {
  change: 'opened' | 'updated' | 'closed';
  id: string;
  rule: string;
  status: 'open' | 'corroborated' | 'expired';
  subjectType: string;
  subjectId: string;
  signalCount: number;
  sourceCount: number;
  derivedConfidence: number | null;
  openedAt: string;
  windowEndsAt: string;
  mitigationId: string | null;
}

/** One change of the block changes feed (docs/blocks.md): what happened to a mitigation. */
export interface MitigationEvent {
  version: number;
  change: 'created' | 'extended' | 'withdrawn' | 'expired' | 'lifted' | 'rejected';
  mitigationId: string;
  blockType: string;
  indicator: string;
  origin: string;
  severity: string | null;
  status: 'active' | 'withdrawn' | 'expired' | 'rejected';
  expiresAt: string;
  reason: string | null;
  changedAt: string;
}

/** The blocklist after a run of block changes: what entered and what left it. */
export interface BlocklistEvent {
  version: number;
  updates: { action: 'add' | 'remove'; mitigationId: string; blockType: string; indicator: string; expiresAt: string }[];
}

export interface SensorEvent {
  /** `health`: the derived health changed (reported degraded/unhealthy/healthy, or silent: stale/offline) — it wins over `heartbeat`. */
  change: 'connected' | 'disconnected' | 'heartbeat' | 'health';
  sensorId: string;
  name: string | null;
  kind: string;
  state: 'connected' | 'disconnected';
  connectedAt: string | null;
  lastHeartbeatAt: string | null;
  /** Derived at read time from the stored heartbeat time and status (docs/fleet.md#health). */
  health: 'healthy' | 'degraded' | 'unhealthy' | 'stale' | 'offline' | 'unknown';
  /** The status the last heartbeat reported; null before the first. */
  reportedStatus: 'healthy' | 'degraded' | 'unhealthy' | null;
}

export interface MetricsEvent {
  /** Signals committed in the last interval, by source; `capped` = more than the hub counts per interval. */
  signals: { total: number; bySource: Record<string, number>; capped: boolean; intervalMs: number };
  openGroups: number;
  activeBlocks: number;
  connectedSensors: number;
}

export interface Snapshot {
  counts: { openGroups: number; activeBlocks: number; connectedSensors: number };
  openGroups: Omit<GroupEvent, 'change'>[];
  activeBlocks: { mitigationId: string; blockType: string; indicator: string; origin: string; severity: string | null; expiresAt: string }[];
  sensors: Omit<SensorEvent, 'change'>[];
  recentThreats: SignalEvent[];
  /** The tenant's block feed version the snapshot reflects. */
  blockVersion: number;
  /** True when a list was longer than the snapshot carries (see docs/dashboard.md for the bounds). */
  truncated: boolean;
}

export type ServerMessage =
  | Frame<'auth-required', { methods: ('apiKey' | 'session')[]; timeoutMs: number }>
  | Frame<'auth-success', AuthSuccess>
  | Frame<'auth-failed', ErrorPayload>
  | Frame<'auth-revoked', ErrorPayload>
  | Frame<'subscribed', { topic: DashboardTopic; subscriptions: DashboardTopic[] }>
  | Frame<'unsubscribed', { topic: DashboardTopic; subscriptions: DashboardTopic[] }>
  | Frame<'snapshot', Snapshot>
  | Frame<'resumed', { streamId: string; fromSequenceId: number; replayed: number }>
  | Frame<'pong', Record<string, never>>
  | Frame<'error', ErrorPayload>
  | Frame<'signal', SignalEvent>
  | Frame<'threat', SignalEvent>
  | Frame<'group', GroupEvent>
  | Frame<'mitigation', MitigationEvent>
  | Frame<'blocklist', BlocklistEvent>
  | Frame<'sensor', SensorEvent>
  | Frame<'metrics', MetricsEvent>;

export type ServerMessageType = ServerMessage['type'];
