import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import LiveFeedPage from './LiveFeedPage.tsx';
import SignalsPage from './SignalsPage.tsx';
import AdminPage from './AdminPage.tsx';
import LoginPage from './LoginPage.tsx';
import SetupPage from './SetupPage.tsx';
import { FakeSocket, renderPage } from '../test/render.tsx';
import { hubAnswers, requests } from '../test/setup.ts';

const signalEvent = (id: string, subjectId: string) => ({
  id, source: 'fastnetmon', subjectType: 'host', subjectId, key: 'ddos.pps', value: 90000, severity: 'high',
  observedAt: '2026-12-02T12:00:00Z', ingestedAt: 0,
});

describe('the Live feed page', () => {
  it('shows signals as they arrive, with the subject one click away', async () => {
    FakeSocket.sockets = [];
    renderPage(<LiveFeedPage />, { live: true });
    act(() => FakeSocket.last.authenticate());
    expect(FakeSocket.last.sent).toContainEqual({ type: 'subscribe', payload: { topic: 'signals' } });
    act(() => FakeSocket.last.receive('signal', signalEvent('s1', '203.0.113.7'), 1));
    const link = await screen.findByRole('link', { name: 'host/203.0.113.7' });
    expect(link.getAttribute('href')).toBe('/subjects/host/203.0.113.7');
  });

  it('holds arrivals while paused and shows them on resume', async () => {
    FakeSocket.sockets = [];
    renderPage(<LiveFeedPage />, { live: true });
    act(() => FakeSocket.last.authenticate());
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => FakeSocket.last.receive('threat', signalEvent('t1', '198.51.100.9'), 2));
    expect(await screen.findByText('1 new while paused')).toBeTruthy();
    expect(screen.queryByText('host/198.51.100.9')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(await screen.findByText('host/198.51.100.9')).toBeTruthy();
  });
});

describe('the Signals explorer', () => {
  it('asks GET /v1/signals with the URL’s filters and says so when nothing matches', async () => {
    hubAnswers(({ url }) => (url.pathname === '/v1/signals' ? { body: { signals: [], next_cursor: null } } : undefined));
    renderPage(<SignalsPage />, { path: '/signals?source=fastnetmon&severity=high' });
    expect(await screen.findByText('No signals match these filters.')).toBeTruthy();
    const q = requests.find((r) => r.url.pathname === '/v1/signals')!.url.searchParams;
    expect([q.get('source'), q.get('severity'), q.get('limit')]).toEqual(['fastnetmon', 'high', '50']);
  });

  it('shows the hub’s refusal as an error', async () => {
    hubAnswers(() => ({ status: 400, body: { code: 'invalid_request', detail: 'since: must be a date-time' } }));
    renderPage(<SignalsPage />, { path: '/signals?since=x' });
    expect(await screen.findByText(/since: must be a date-time/)).toBeTruthy();
  });

  it('pages forward with the next cursor', async () => {
    hubAnswers(({ url }) => ({ body: {
      signals: [{ id: url.searchParams.get('cursor') ?? 'first', source: 'fastnetmon', subject_type: 'host', subject_id: '203.0.113.7', signal_key: 'ddos.pps', signal_value: { value: 1 }, observed_at: '2026-12-02T12:00:00Z' }],
      next_cursor: url.searchParams.get('cursor') ? null : 'c2',
    } }));
    renderPage(<SignalsPage />, { path: '/signals' });
    expect(await screen.findByRole('link', { name: 'host/203.0.113.7' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(requests.some((r) => r.url.searchParams.get('cursor') === 'c2')).toBe(true));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true));
  });
});

describe('the Admin page', () => {
  it('is closed to a viewer', async () => {
    renderPage(<AdminPage />, { role: 'viewer' });
    expect(await screen.findByText('Admins only')).toBeTruthy();
  });

  it('shows a new key’s secret once, from the answer of POST /v1/keys', async () => {
    hubAnswers(({ method, url }) => {
      if (url.pathname === '/v1/users') return { body: { users: [] } };
      if (url.pathname === '/v1/keys' && method === 'GET') return { body: { keys: [] } };
      if (url.pathname === '/v1/keys' && method === 'POST') return { status: 201, body: { id: 'k9', key: 'qk_secret_once', scopes: ['signal:write'] } };
      return undefined;
    });
    renderPage(<AdminPage />, { path: '/admin/keys', pattern: '/admin/:tab' });
    fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: 'edge-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect((await screen.findByTestId('new-key-secret')).textContent).toBe('qk_secret_once');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'edge-1', scopes: ['signal:write'] });
  });
});

describe('the Admin page’s tenants (operator)', () => {
  it('lists every tenant, following the list’s pages', async () => {
    hubAnswers(({ method, url }) => {
      if (url.pathname !== '/v1/tenants' || method !== 'GET') return undefined;
      return url.searchParams.get('cursor') === 'p2'
        ? { body: { tenants: [{ id: 't2', name: 'globex', created_at: '2026-12-02T00:00:00Z' }], next_cursor: null } }
        : { body: { tenants: [{ id: 't1', name: 'acme', created_at: '2026-12-01T00:00:00Z' }], next_cursor: 'p2' } };
    });
    renderPage(<AdminPage />, { path: '/admin/tenants', pattern: '/admin/:tab', role: 'operator' });
    expect(await screen.findByText('globex')).toBeTruthy();
    expect(screen.getByText('acme')).toBeTruthy();
    expect(requests.filter((r) => r.url.pathname === '/v1/tenants').map((r) => r.url.searchParams.get('cursor'))).toEqual([null, 'p2']);
  });
});

describe('the login and setup pages', () => {
  it('shows a wrong password’s refusal and a rate limit with its wait', async () => {
    let status = 401;
    hubAnswers(() => ({ status, body: { code: 'x', detail: 'wrong username or password' }, headers: { 'retry-after': '30' } }));
    renderPage(<LoginPage />, { path: '/login' });
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('wrong username or password')).toBeTruthy();
    status = 429;
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('Too many attempts; try again in 30 seconds.')).toBeTruthy();
  });

  it('sends the setup code from the link with the chosen name and password, refusing a mistyped confirmation first', async () => {
    hubAnswers(({ url }) => (url.pathname === '/v1/setup' ? { status: 201, body: {} } : undefined));
    renderPage(<SetupPage />, { path: '/setup?code=abc123', pattern: '/setup' });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'a long passphrase' } });
    fireEvent.change(screen.getByLabelText(/^Confirm password/), { target: { value: 'a long passphrasx' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create the operator account' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Confirm password/), { target: { value: 'a long passphrase' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create the operator account' }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(requests.find((r) => r.url.pathname === '/v1/setup')?.body).toEqual({ code: 'abc123', username: 'operator', password: 'a long passphrase' });
  });
});
