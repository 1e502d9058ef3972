import { describe, expect, it } from 'vitest';
import { createDashboardSocket, type LiveStatus, type SocketCtor } from './dashboard-socket.ts';
import type { LiveMessage, Snapshot, Topic } from './protocol.ts';
import { FakeSocket } from '../test/render.tsx';

function setup() {
  FakeSocket.sockets = [];
  const statuses: LiveStatus[] = [];
  const events: [Topic, LiveMessage][] = [];
  const snapshots: Snapshot[] = [];
  const timers: (() => void)[] = [];
  const socket = createDashboardSocket({
    url: 'ws://hub/ws/dashboard', WebSocket: FakeSocket as unknown as SocketCtor,
    onStatus: (s) => statuses.push(s), onEvent: (t, m) => events.push([t, m]), onSnapshot: (s) => snapshots.push(s),
    backoff: () => 10, setTimer: (f) => timers.push(f), clearTimer: () => undefined,
  });
  return { socket, statuses, events, snapshots, timers };
}

describe('the /ws/dashboard client', () => {
  it('authenticates with the cookie (no key), subscribes what pages want and asks for a snapshot', () => {
    const { socket, statuses } = setup();
    socket.subscribe('metrics');
    FakeSocket.last.authenticate();
    expect(FakeSocket.last.sent).toEqual([
      { type: 'auth', payload: {} },
      { type: 'subscribe', payload: { topic: 'metrics' } },
      { type: 'request-snapshot' },
    ]);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('hands each event to its topic and keeps the snapshot', () => {
    const { events, snapshots } = setup();
    FakeSocket.last.authenticate();
    FakeSocket.last.receive('snapshot', { counts: { openGroups: 1, activeBlocks: 2, connectedSensors: 3 } }, 4);
    FakeSocket.last.receive('threat', { id: 'a' }, 5);
    FakeSocket.last.receive('blocklist', { version: 9, updates: [] }, 6);
    FakeSocket.last.receive('subscribed', { topic: 'metrics' }, 6);
    expect(snapshots[0]?.counts.activeBlocks).toBe(2);
    expect(events.map(([t, m]) => [t, m.sequenceId])).toEqual([['threats', 5], ['blocklist', 6]]);
  });

  it('after a dropped connection reconnects and resumes from the last event it saw on the same stream', () => {
    const { timers } = setup();
    FakeSocket.last.authenticate('stream-1');
    FakeSocket.last.receive('snapshot', {}, 10);
    FakeSocket.last.receive('threat', { id: 'a' }, 12);
    FakeSocket.last.close(1006);
    expect(timers).toHaveLength(1);
    timers[0]!();
    FakeSocket.last.authenticate('stream-1');
    expect(FakeSocket.last.sent.at(-1)).toEqual({ type: 'resume', payload: { streamId: 'stream-1', lastSequenceId: 12 } });
  });

  it('takes a snapshot instead of resuming when the hub numbers a different stream', () => {
    const { timers } = setup();
    FakeSocket.last.authenticate('stream-1');
    FakeSocket.last.receive('threat', { id: 'a' }, 3);
    FakeSocket.last.close(1001);
    timers[0]!();
    FakeSocket.last.authenticate('stream-2');
    expect(FakeSocket.last.sent.at(-1)).toEqual({ type: 'request-snapshot' });
  });

  it('re-subscribes the wanted topics on a new connection', () => {
    const { socket, timers } = setup();
    socket.subscribe('signals');
    FakeSocket.last.authenticate();
    FakeSocket.last.close(1006);
    timers[0]!();
    FakeSocket.last.authenticate();
    expect(FakeSocket.last.sent).toContainEqual({ type: 'subscribe', payload: { topic: 'signals' } });
  });

  it('stops for good when the hub refuses or revokes the session (close 4001)', () => {
    const { statuses, timers } = setup();
    FakeSocket.last.receive('auth-required');
    FakeSocket.last.receive('auth-failed', { code: 'UNAUTHENTICATED', message: 'no session' });
    FakeSocket.last.close(4001);
    expect(statuses.at(-1)).toBe('signed-out');
    expect(timers).toHaveLength(0);
  });

  it('reports the topics the hub confirmed, and none once the connection drops', () => {
    FakeSocket.sockets = [];
    const seen: string[][] = [];
    createDashboardSocket({
      url: 'ws://hub/ws/dashboard', WebSocket: FakeSocket as unknown as SocketCtor, onStatus: () => undefined, onEvent: () => undefined,
      onSnapshot: () => undefined, onTopics: (t) => seen.push([...t]), setTimer: () => undefined,
    });
    FakeSocket.last.authenticate();
    FakeSocket.last.receive('subscribed', { topic: 'signals', subscriptions: ['threats', 'mitigations', 'blocklist', 'signals'] });
    FakeSocket.last.close(1006);
    expect(seen).toEqual([['threats', 'mitigations', 'blocklist'], ['threats', 'mitigations', 'blocklist', 'signals'], []]);
  });

  it('never unsubscribes a default topic: they drive cache invalidation', () => {
    const { socket } = setup();
    FakeSocket.last.authenticate();
    socket.unsubscribe('mitigations');
    socket.subscribe('groups');
    socket.unsubscribe('groups');
    expect(FakeSocket.last.sent.filter((m) => m.type === 'unsubscribe')).toEqual([{ type: 'unsubscribe', payload: { topic: 'groups' } }]);
  });
});
