import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { SessionProvider, type SessionInfo, type UserRole } from '../../app/session.tsx';
import MitigationDetailPage from './MitigationDetailPage.tsx';

// The API client keeps the fetch it was created with, so a delegate is installed before any module loads.
const answer = vi.hoisted(() => {
  const box: { fetch: (input: Request | string) => Promise<Response> } = { fetch: async () => new Response(null, { status: 599 }) };
  globalThis.fetch = ((input: Request | string) => box.fetch(input)) as typeof fetch;
  return box;
});

const ID = '3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11';
const TEXT = 'Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)';
const mitigation = {
  id: ID, status: 'active', action: 'block', block_type: 'IP', indicator: '10.0.0.5/32', origin: 'correlation', created_at: '2026-12-02T08:00:00Z',
  expires_at: new Date(Date.now() + 3_600_000).toISOString(), ended_at: null, end_reason: null, ttl_seconds: 3600, extended_count: 0,
  rejection_code: null, rejection_reason: null, group_id: 'g1', created_by: null,
  correlation: { group_id: 'g1', rule: 'ddos_by_victim', playbook: 'block_victim_traffic', derived_confidence: 0.9, source_count: 2, sources: ['fastnetmon', 'alertmanager'], explanation: TEXT },
  explanation: {
    kind: 'correlation', text: TEXT, rule: 'ddos_by_victim', playbook: 'block_victim_traffic', decided_at: '2026-12-02T08:00:00Z',
    thresholds: { min_sources: 2, confidence_threshold: 0.7, window_seconds: 300, decay_half_life_seconds: 0 },
    sources: [{ source: 'fastnetmon', confidence: 0.9, weight: 1, signal_id: '1' }, { source: 'alertmanager', confidence: 0.9, weight: 0.8, signal_id: '2' }],
  },
};

/** The hub as this page sees it: the mitigation, its report, or a 404 problem. */
function hub(status = 200) {
  return async (input: Request | string) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    if (status !== 200) return Response.json({ code: 'not_found', detail: `no mitigation ${ID}` }, { status });
    if (url.pathname === '/v1/reports/incident') return new Response('# Incident report: block 10.0.0.5/32\n', { headers: { 'content-type': 'text/markdown' } });
    return Response.json(mitigation);
  };
}

function mount(role: UserRole) {
  const info: SessionInfo = { user: { id: 'u', username: 'ann', role, tenantId: 't', tenantName: 'acme' }, csrfToken: 'c', expiresAt: '2026-12-03T00:00:00Z' };
  const router = createMemoryRouter([{ path: '/mitigations/:id', element: <MitigationDetailPage /> }], { initialEntries: [`/mitigations/${ID}`] });
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <SessionProvider info={info}><RouterProvider router={router} /></SessionProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

beforeEach(() => { window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addEventListener() {}, removeEventListener() {} })) as never; });
afterEach(() => { cleanup(); });

describe('the mitigation detail page', () => {
  test('shows the stored explanation, its sources with their weights, and the incident report', async () => {
    answer.fetch = hub();
    mount('responder');
    expect(await screen.findByLabelText('Explanation')).toHaveProperty('textContent', TEXT);
    expect(screen.getByRole('table', { name: 'Contributing sources' }).textContent).toContain('alertmanager0.900.8');
    expect((await screen.findByRole('heading', { name: 'Incident report: block 10.0.0.5/32' })).tagName).toBe('H1');
  });

  test('a responder sees Extend and Withdraw; a viewer sees neither', async () => {
    answer.fetch = hub();
    mount('responder');
    expect(await screen.findByRole('button', { name: 'Withdraw' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Extend' })).toBeTruthy();
    cleanup();
    mount('viewer');
    await screen.findByLabelText('Explanation');
    expect(screen.queryByRole('button', { name: 'Withdraw' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Extend' })).toBeNull();
  });

  test("an unknown mitigation shows the hub's not found", async () => {
    answer.fetch = hub(404);
    mount('viewer');
    expect((await screen.findByRole('alert')).textContent).toContain(`Not found: no mitigation ${ID}`);
  });
});
