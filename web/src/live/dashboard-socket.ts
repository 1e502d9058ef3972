// The page's connection to /ws/dashboard: authenticates with the session cookie, keeps the wanted topics subscribed,
// and reconnects with its last sequence so the hub replays what was missed. Never reconnects after auth failed or revoked.

import { DEFAULT_TOPICS, topicOf, type LiveMessage, type Snapshot, type Topic } from './protocol.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'signed-out';

/** The socket constructor (the browser's WebSocket, or a fake in tests). */
export type SocketCtor = new (url: string) => Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
};

export interface SocketDeps {
  url: string;
  WebSocket: SocketCtor;
  onEvent: (topic: Topic, msg: LiveMessage) => void;
  onStatus: (s: LiveStatus) => void;
  onSnapshot: (s: Snapshot) => void;
  /** Reconnect delay after `attempt` failures in a row. */
  backoff?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** Close codes after which reconnecting cannot help: auth timeout/revoked (4001). */
const FINAL_CLOSE = new Set([4001]);

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
  let lastSequenceId: number | undefined;
  let attempt = 0;
  let timer: unknown;
  let stopped = false;
  let authed = false;

  const send = (m: Omit<LiveMessage, 'timestamp'>) => {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({ ...m, timestamp: new Date().toISOString() }));
  };

  function syncTopics() {
    if (!authed) return;
    for (const t of wanted) if (!subscribed.has(t)) { subscribed.add(t); send({ type: 'subscribe', payload: { topic: t } }); }
    for (const t of [...subscribed]) if (!wanted.has(t)) { subscribed.delete(t); send({ type: 'unsubscribe', payload: { topic: t } }); }
  }

  const handlers: Record<string, (m: LiveMessage) => void> = {
    // The cookie went with the upgrade request; the last sequence asks the hub for what this page missed.
    'auth-required': () => send({ type: 'auth', payload: lastSequenceId === undefined ? {} : { lastSequenceId } }),
    'auth-success': (m) => {
      authed = true;
      attempt = 0;
      subscribed.clear();
      for (const t of (m.payload as { subscriptions?: Topic[] } | undefined)?.subscriptions ?? []) subscribed.add(t);
      deps.onStatus('live');
      syncTopics();
      send({ type: 'request-snapshot' });
    },
    'auth-failed': () => { stopped = true; deps.onStatus('signed-out'); },
    'auth-revoked': () => { stopped = true; deps.onStatus('signed-out'); },
    snapshot: (m) => deps.onSnapshot((m.payload ?? {}) as Snapshot),
  };

  function onMessage(raw: string) {
    let m: LiveMessage;
    try { m = JSON.parse(raw) as LiveMessage; } catch { return; }
    if (typeof m.sequenceId === 'number') lastSequenceId = Math.max(lastSequenceId ?? 0, m.sequenceId);
    const h = handlers[m.type];
    if (h) return h(m);
    const topic = topicOf(m);
    if (topic) deps.onEvent(topic, m);
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
      if (FINAL_CLOSE.has(ev.code)) stopped = true;
      if (stopped) return deps.onStatus(FINAL_CLOSE.has(ev.code) ? 'signed-out' : 'offline');
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
    get lastSequenceId() { return lastSequenceId; },
    close() { stopped = true; clearTimer(timer); const s = ws; ws = null; s?.close(1000); deps.onStatus('offline'); },
  };
}

export type DashboardSocket = ReturnType<typeof createDashboardSocket>;
