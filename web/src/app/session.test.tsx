import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { Can, RequireSession, loginPath, safeNext, scopesAllow, toSession, useSession } from './session.tsx';
import { hubAnswers } from '../test/setup.ts';
import { userSession } from '../test/render.tsx';

function Where() {
  const l = useLocation();
  return <div>at {l.pathname}{l.search}</div>;
}
function Who() {
  const s = useSession();
  return <div>hello {s.name} ({s.role}) <Can scope="mitigation:write"><button>Withdraw</button></Can></div>;
}
function app(path: string) {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/login" element={<Where />} />
            <Route path="*" element={<RequireSession><Who /></RequireSession>} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('the session guard', () => {
  it('sends a caller without a session to the login page, keeping the deep link', async () => {
    hubAnswers(({ url }) => (url.pathname === '/v1/session' ? { status: 401, body: { code: 'unauthenticated' } } : undefined));
    app('/subjects/host/203.0.113.7?range=7d');
    expect(await screen.findByText(`at /login?next=${encodeURIComponent('/subjects/host/203.0.113.7?range=7d')}`)).toBeTruthy();
  });

  it('shows the page to a signed-in user and hides what the role cannot do', async () => {
    hubAnswers(({ url }) => (url.pathname === '/v1/session' ? { body: userSession('viewer', 'vera') } : undefined));
    app('/');
    expect(await screen.findByText(/hello vera \(viewer\)/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Withdraw' })).toBeNull();
  });

  it('shows a responder the buttons of mitigation:write', async () => {
    hubAnswers(({ url }) => (url.pathname === '/v1/session' ? { body: userSession('responder', 'rita') } : undefined));
    app('/');
    expect(await screen.findByRole('button', { name: 'Withdraw' })).toBeTruthy();
  });
});

describe('roles and scopes', () => {
  it('follows the hub: operator passes everything, admin all but operator, others their own scopes', () => {
    expect(scopesAllow(['operator'], 'admin')).toBe(true);
    expect(scopesAllow(['admin'], 'mitigation:write')).toBe(true);
    expect(scopesAllow(['admin'], 'operator')).toBe(false);
    expect(scopesAllow(['signal:read', 'dashboard:read', 'blocklist:read'], 'mitigation:write')).toBe(false);
  });

  it('maps a role to the scopes of the contract, and a key to its own', () => {
    expect(toSession(userSession('responder')).scopes).toContain('mitigation:write');
    expect(toSession(userSession('viewer')).can('admin')).toBe(false);
    const key = toSession({ key: { id: 'k1', tenantId: 't1', scopes: ['signal:read'] } });
    expect([key.name, key.role, key.can('signal:read'), key.isUser]).toEqual(['key k1', null, true, false]);
  });

  it('returns after login only to a path of this app', () => {
    expect(safeNext('/signals?source=x')).toBe('/signals?source=x');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('/login')).toBe('/');
    expect(safeNext(null)).toBe('/');
    expect(loginPath({ pathname: '/', search: '', hash: '' })).toBe('/login');
  });
});
