// Renders a page the way the app does (theme, query cache, router, session) for component tests, without a hub:
// the session is given, HTTP answers come from hubAnswers (setup.ts), live frames from a FakeSocket.

import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import { SessionProvider, type SessionInfo, type UserRole } from '../app/session.tsx';
import { LiveProvider } from '../live/LiveProvider.tsx';
import type { SocketCtor } from '../live/dashboard-socket.ts';

/** A logged-in user's GET /v1/session answer. */
export function userSession(role: UserRole, username = 'alice'): SessionInfo {
  return { user: { id: 'u1', username, role, tenantId: 't1', tenantName: 'acme' }, csrfToken: 'c', expiresAt: '2030-01-01T00:00:00Z' };
}

/** A WebSocket the test drives: `sockets` holds every one opened; `receive` delivers a frame from the "hub". */
export class FakeSocket {
  static sockets: FakeSocket[] = [];
  readyState = 1;
  sent: { type: string; payload?: unknown }[] = [];
  onmessage: ((ev: { data: unknown }) => unknown) | null = null;
  onclose: ((ev: { code: number }) => unknown) | null = null;
  constructor(readonly url: string) { FakeSocket.sockets.push(this); }
  send(data: string) { this.sent.push(JSON.parse(data) as { type: string }); }
  close(code = 1000) { this.readyState = 3; this.onclose?.({ code }); }
  receive(type: string, payload: unknown = {}, sequenceId = 0) {
    this.onmessage?.({ data: JSON.stringify({ type, payload, sequenceId, timestamp: Date.now() }) });
  }
  /** Plays the hub's side of a successful login on this socket. */
  authenticate(streamId = 's1') {
    this.receive('auth-required', { methods: ['session'], timeoutMs: 10_000 });
    this.receive('auth-success', { sessionId: 'x', tenantId: 't1', subscriptions: ['threats', 'mitigations', 'blocklist'], timestamp: 0, streamId });
  }
  static get last(): FakeSocket { return FakeSocket.sockets.at(-1)!; }
}

/** Renders `element` at `path` (matched against `pattern`) inside the app's providers. */
export function renderPage(element: ReactNode, { path = '/', pattern = '*', role = 'admin' as UserRole, live = false } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const page = <Routes><Route path={pattern} element={element} /><Route path="*" element={<div>elsewhere</div>} /></Routes>;
  return render(
    <MantineProvider>
      <QueryClientProvider client={qc}>
        <MemoryRouter initialEntries={[path]}>
          <SessionProvider info={userSession(role)}>
            {live ? <LiveProvider WebSocketImpl={FakeSocket as unknown as SocketCtor}>{page}</LiveProvider> : page}
          </SessionProvider>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}
