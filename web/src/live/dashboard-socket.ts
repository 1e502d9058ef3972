// The page's connection to /ws/dashboard: authenticates with the session cookie, keeps the wanted topics subscribed,
// and after a reconnect resumes from its last sequence (or takes a snapshot). Never reconnects after auth is refused.

import { DASHBOARD_CLOSE, DEFAULT_TOPICS, topicOf, type LiveMessage, type Snapshot, type Topic } from './protocol.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'signed-out';

/** The socket constructor (the browser's WebSocket, or a fake in tests). */
export type SocketCtor = new (url: string) => {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number): void;
  onmessage: ((ev: { data: unknown }) => unknown) | null;
  onclose: ((ev: { code: number }) => unknown) | null;
};

export interface SocketDeps {
  url: string;
  WebSocket: SocketCtor;
  onEvent: (topic: Topic, msg: LiveMessage) => void;
  onStatus: (s: LiveStatus) => void;
  onSnapshot: (s: Snapshot) => void;
  /** The topics the hub confirmed this connection is subscribed to (auth-success, subscribed, unsubscribed). */
  onTopics?: (topics: Topic[]) => void;
  /** Reconnect delay after `attempt` failures in a row. */
  backoff?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** The close code after which reconnecting cannot help: authentication refused, timed out or revoked. */
const AUTH_CLOSE = DASHBOARD_CLOSE.authentication;

/** 0.5 s, 1 s, 2 s, … capped at 15 s, with up to 30 % jitter so many pages do not return at once. */
export function defaultBackoff(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** attempt) * (1 + Math.random() * 0.3);
}

/** The URL of /ws/dashboard on the page's own origin. */
export function dashboardUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws/dashboard`;
}

export function createDashboardSocket(deps: SocketDeps) {
  const { backoff = defaultBackoff, setTimer = (f, ms) => setTimeout(f, ms), clearTimer = (t) => clearTimeout(t as number) } = deps;
  const wanted = new Set<Topic>(DEFAULT_TOPICS);
  const subscribed = new Set<Topic>();
  let ws: InstanceType<SocketCtor> | null = null;
  // The stream and the last of its events this page has seen: what `resume` asks the hub to continue from.
  let streamId: string | undefined;
  let lastSequenceId: number | undefined;
  let attempt = 0;
  let timer: unknown;
  let stopped = false;
  let authed = false;

  const send = (m: { type: string; payload?: unknown }) => { if (ws?.readyState === 1) ws.send(JSON.stringify(m)); };

  function syncTopics() {
    if (!authed) return;
    for (const t of wanted) if (!subscribed.has(t)) { subscribed.add(t); send({ type: 'subscribe', payload: { topic: t } }); }
    for (const t of [...subscribed]) if (!wanted.has(t)) { subscribed.delete(t); send({ type: 'unsubscribe', payload: { topic: t } }); }
  }

  /** After (re)authenticating: replay what was missed on the same stream, else start over from a snapshot. */
  function catchUp(newStreamId: string | undefined) {
    if (streamId !== undefined && newStreamId === streamId && lastSequenceId !== undefined) {
      send({ type: 'resume', payload: { streamId, lastSequenceId } });
    } else {
      send({ type: 'request-snapshot' });
    }
    streamId = newStreamId;
  }

  const confirmed = (m: LiveMessage) => deps.onTopics?.((m.payload as { subscriptions?: Topic[] } | undefined)?.subscriptions ?? []);

  const handlers: Record<string, (m: LiveMessage) => void> = {
    // The session cookie went with the upgrade request, so the auth message carries no key.
    'auth-required': () => send({ type: 'auth', payload: {} }),
    'auth-success': (m) => {
      authed = true;
      attempt = 0;
      subscribed.clear();
      for (const t of (m.payload as { subscriptions?: Topic[] } | undefined)?.subscriptions ?? []) subscribed.add(t);
      deps.onStatus('live');
      confirmed(m);
      syncTopics();
      catchUp((m.payload as { streamId?: string } | undefined)?.streamId);
    },
    subscribed: confirmed,
    unsubscribed: confirmed,
    snapshot: (m) => {
      // A snapshot is numbered before it is read: events after its number follow and apply on top.
      if (typeof m.sequenceId === 'number') lastSequenceId = m.sequenceId;
      deps.onSnapshot(m.payload as Snapshot);
    },
  };

  function onMessage(raw: string) {
    let m: LiveMessage;
    try { m = JSON.parse(raw) as LiveMessage; } catch { return; }
    const h = handlers[m.type];
    if (h) return h(m);
    const topic = topicOf(m);
    if (!topic) return;
    if (typeof m.sequenceId === 'number') lastSequenceId = Math.max(lastSequenceId ?? 0, m.sequenceId);
    deps.onEvent(topic, m);
  }

  function connect() {
    if (stopped) return;
    authed = false;
    deps.onStatus('connecting');
    const sock = new deps.WebSocket(deps.url);
    ws = sock;
    sock.onmessage = (ev) => { if (ws === sock) onMessage(String(ev.data)); };
    sock.onclose = (ev) => {
      if (ws !== sock) return;
      ws = null;
      authed = false;
      deps.onTopics?.([]);
      if (ev.code === AUTH_CLOSE) stopped = true;
      if (stopped) return deps.onStatus(ev.code === AUTH_CLOSE ? 'signed-out' : 'offline');
      deps.onStatus('offline');
      timer = setTimer(connect, backoff(attempt++));
    };
  }

  connect();
  return {
    /** Keeps `topic` subscribed, now and after every reconnect. */
    subscribe(topic: Topic) { wanted.add(topic); syncTopics(); },
    /** Stops asking for `topic` (the default topics stay: they drive cache invalidation). */
    unsubscribe(topic: Topic) { if (!DEFAULT_TOPICS.includes(topic)) { wanted.delete(topic); syncTopics(); } },
    requestSnapshot() { send({ type: 'request-snapshot' }); },
    close() { stopped = true; clearTimer(timer); const s = ws; ws = null; s?.close(1000); deps.onStatus('offline'); },
  };
}

export type DashboardSocket = ReturnType<typeof createDashboardSocket>;
