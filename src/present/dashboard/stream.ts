// A tenant's live event stream on this hub: numbers each event, keeps the last ones for resuming clients, fans them out.
// Never waits on a client: a frame is serialised once and handed to each subscribed client's non-blocking deliver().

import { randomUUID } from 'node:crypto';
import type { DashboardTopic } from './protocol.ts';

/** A connected dashboard as the stream sees it. */
export interface StreamClient {
  wants(topic: DashboardTopic): boolean;
  /** Sends the frame or drops it (sampling, a full send buffer); never blocks. */
  deliver(topic: DashboardTopic, text: string): void;
}

interface Entry {
  sequenceId: number;
  topic: DashboardTopic;
  text: string;
}

// Metrics are superseded every second: replaying old ones after a reconnect would only show stale numbers.
const NOT_REPLAYED: ReadonlySet<DashboardTopic> = new Set(['metrics']);

export function createTenantStream(tenantId: string, bufferSize: number, now: () => number) {
  const streamId = randomUUID();
  const clients = new Set<StreamClient>();
  const ring: (Entry | undefined)[] = new Array(bufferSize);
  let sequence = 0;
  // The oldest sequenceId the ring still holds (every event after it is in the ring).
  let oldest = 1;

  return {
    tenantId,
    streamId,
    clients,
    sequence: () => sequence,
    /** True when some client of the stream is subscribed to `topic` (sources read only what someone wants). */
    wanted: (topic: DashboardTopic): boolean => [...clients].some((c) => c.wants(topic)),
    /** Numbers the event, keeps it for resumes and hands it to the clients subscribed to its topic. */
    publish(topic: DashboardTopic, type: string, payload: unknown): void {
      const sequenceId = ++sequence;
      const text = `{"type":${JSON.stringify(type)},"payload":${JSON.stringify(payload)},"sequenceId":${sequenceId},"timestamp":${now()}}`;
      ring[sequenceId % bufferSize] = NOT_REPLAYED.has(topic) ? undefined : { sequenceId, topic, text };
      oldest = Math.max(oldest, sequenceId - bufferSize + 1);
      for (const c of clients) if (c.wants(topic)) c.deliver(topic, text);
    },
    /**
     * The kept events after `lastSequenceId` on the client's topics, oldest first, or null when some were already
     * dropped from the buffer (or the number is not one this stream gave): the client needs a snapshot then.
     */
    since(lastSequenceId: number, wants: (topic: DashboardTopic) => boolean): Entry[] | null {
      if (lastSequenceId > sequence || lastSequenceId + 1 < oldest) return null;
      const out: Entry[] = [];
      for (let s = lastSequenceId + 1; s <= sequence; s++) {
        const e = ring[s % bufferSize];
        if (e && e.sequenceId === s && wants(e.topic)) out.push(e);
      }
      return out;
    },
  };
}

export type TenantStream = ReturnType<typeof createTenantStream>;

/**
 * The streams of the tenants with dashboards on this hub. A stream outlives its last client by `keepMs`, so a client
 * that reconnects within it resumes from the buffer; after that the stream (and its numbering) is gone.
 */
export function createStreamRegistry(deps: { bufferSize: number; keepMs: number; now: () => number }) {
  const streams = new Map<string, TenantStream>();
  const timers = new Map<string, NodeJS.Timeout>();
  return {
    /** The tenant's stream, created (with a new streamId) when it has none; `client` joins it. */
    join(tenantId: string, client: StreamClient): TenantStream {
      clearTimeout(timers.get(tenantId));
      timers.delete(tenantId);
      let s = streams.get(tenantId);
      if (!s) streams.set(tenantId, (s = createTenantStream(tenantId, deps.bufferSize, deps.now)));
      s.clients.add(client);
      return s;
    },
    leave(stream: TenantStream, client: StreamClient): void {
      stream.clients.delete(client);
      if (stream.clients.size > 0 || streams.get(stream.tenantId) !== stream) return;
      const timer = setTimeout(() => {
        timers.delete(stream.tenantId);
        if (stream.clients.size === 0) streams.delete(stream.tenantId);
      }, deps.keepMs);
      timer.unref();
      timers.set(stream.tenantId, timer);
    },
    get: (tenantId: string): TenantStream | undefined => streams.get(tenantId),
    all: (): TenantStream[] => [...streams.values()],
    stop(): void {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      streams.clear();
    },
  };
}

export type StreamRegistry = ReturnType<typeof createStreamRegistry>;
