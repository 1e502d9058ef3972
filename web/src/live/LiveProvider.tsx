// The live feed for React: one /ws/dashboard connection per signed-in page, its status and latest snapshot, a hook to
// receive a topic's events, and TanStack Query invalidation on every event so pages update without reloading.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createDashboardSocket, dashboardUrl, type DashboardSocket, type LiveStatus, type SocketCtor } from './dashboard-socket.ts';
import { createInvalidator } from './invalidation.ts';
import type { LiveMessage, Snapshot, Topic } from './protocol.ts';

type Handler = (msg: LiveMessage) => void;

interface Live {
  status: LiveStatus;
  /** The topics the hub has confirmed for this page's connection. */
  topics: readonly Topic[];
  snapshot: Snapshot | null;
  /** Calls `handler` for each event of `topic` until the returned function is called; subscribes while anyone listens. */
  listen: (topic: Topic, handler: Handler) => () => void;
  requestSnapshot: () => void;
}

const OFFLINE: Live = { status: 'offline', topics: [], snapshot: null, listen: () => () => undefined, requestSnapshot: () => undefined };
const LiveContext = createContext<Live>(OFFLINE);

export function LiveProvider({ children, WebSocketImpl }: { children: ReactNode; WebSocketImpl?: SocketCtor }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [topics, setTopics] = useState<readonly Topic[]>([]);
  const handlers = useRef(new Map<Topic, Set<Handler>>());
  const socket = useRef<DashboardSocket | null>(null);

  useEffect(() => {
    const invalidate = createInvalidator(qc);
    const s = createDashboardSocket({
      url: dashboardUrl(),
      WebSocket: WebSocketImpl ?? (window.WebSocket as unknown as SocketCtor),
      onStatus: (st) => {
        setStatus(st);
        // The hub ended the session: let the guard ask again and send the user to the login page.
        if (st === 'signed-out') void qc.invalidateQueries({ queryKey: ['session'] });
      },
      onSnapshot: setSnapshot,
      onTopics: setTopics,
      onEvent: (topic, msg) => {
        invalidate(topic);
        for (const h of handlers.current.get(topic) ?? []) h(msg);
      },
    });
    socket.current = s;
    for (const t of handlers.current.keys()) s.subscribe(t);
    return () => { socket.current = null; s.close(); };
  }, [qc, WebSocketImpl]);

  // Stable across renders, so a page's subscription survives status changes.
  const listen = useCallback((topic: Topic, handler: Handler) => {
    const set = handlers.current.get(topic) ?? new Set<Handler>();
    handlers.current.set(topic, set);
    set.add(handler);
    socket.current?.subscribe(topic);
    return () => {
      set.delete(handler);
      if (set.size === 0) { handlers.current.delete(topic); socket.current?.unsubscribe(topic); }
    };
  }, []);
  const requestSnapshot = useCallback(() => socket.current?.requestSnapshot(), []);
  const live = useMemo<Live>(() => ({ status, topics, snapshot, listen, requestSnapshot }), [status, topics, snapshot, listen, requestSnapshot]);

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

/** The live connection's state: connecting, live, offline or signed-out. */
export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}

/** True once the hub confirmed the page's connection receives `topic`'s events (events before that are not sent). */
export function useLiveTopicReady(topic: Topic): boolean {
  return useContext(LiveContext).topics.includes(topic);
}

/** The latest snapshot the hub sent (on connect and on request), or null before the first. */
export function useLiveSnapshot(): { snapshot: Snapshot | null; refresh: () => void } {
  const live = useContext(LiveContext);
  return { snapshot: live.snapshot, refresh: live.requestSnapshot };
}

/** Subscribes to `topic` while the component is mounted and calls `onEvent` for each of its events. */
export function useLiveTopic(topic: Topic, onEvent: Handler): void {
  const live = useContext(LiveContext);
  const latest = useRef(onEvent);
  latest.current = onEvent;
  const { listen } = live;
  useEffect(() => listen(topic, (m) => latest.current(m)), [listen, topic]);
}
