import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import MitigationsPage from './mitigations/MitigationsPage.tsx';
import BlocksPage from './blocks/BlocksPage.tsx';

// Pages of 20 rows: the logic is the same as with the pages' 200 and 500, and jsdom draws 40 rows quickly.
const MITIGATION_PAGE = 20;
const BLOCK_PAGE = 20;
import { renderPage } from '../test/render.tsx';
import { hubAnswers, requests } from '../test/setup.ts';

const expires = new Date(Date.now() + 3_600_000).toISOString();
const mitigation = (i: number) => ({
  id: `m${i}`, status: 'active', action: 'block', block_type: 'IP', indicator: `10.0.${Math.floor(i / 250)}.${i % 250}/32`, origin: 'manual',
  created_at: '2026-12-02T08:00:00Z', expires_at: expires, ended_at: null, end_reason: null, ttl_seconds: 3600, extended_count: 0,
  rejection_code: null, rejection_reason: null, correlation: null,
});
const block = (i: number) => ({
  id: `b${i}`, block_type: 'IP', indicator: `10.1.${Math.floor(i / 250)}.${i % 250}/32`, source: 'manual', severity: null, status: 'active',
  reason: 'test', created_at: '2026-12-02T08:00:00Z', expires_at: expires, extended_count: 0,
});

/** A hub holding `total` rows, answered `limit` at a time; the cursor is the next row's index. */
function paged<T>(total: number, row: (i: number) => T, url: URL) {
  const from = Number(url.searchParams.get('cursor') ?? 0);
  const limit = Number(url.searchParams.get('limit'));
  const rows = Array.from({ length: Math.min(limit, total - from) }, (_, k) => row(from + k));
  return { rows, next: from + limit < total ? String(from + limit) : null };
}

const rowsOf = (name: string) => within(screen.getByRole('table', { name })).getAllByRole('row').length - 1;

describe('lists longer than a page', () => {
  it('the Mitigations page reads the next page with “Load more” until the hub has none', async () => {
    const total = MITIGATION_PAGE + 3;
    hubAnswers(({ url }) => {
      if (url.pathname !== '/v1/mitigations') return undefined;
      const p = paged(total, mitigation, url);
      return { body: { mitigations: p.rows, next_cursor: p.next } };
    });
    renderPage(<MitigationsPage pageSize={MITIGATION_PAGE} />, { path: '/mitigations' });
    expect(await screen.findByText(`${MITIGATION_PAGE} active mitigations shown; more on the hub`)).toBeTruthy();
    expect(rowsOf('Mitigations')).toBe(MITIGATION_PAGE);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText(`${total} active mitigations`)).toBeTruthy();
    expect(rowsOf('Mitigations')).toBe(total);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(requests.filter((r) => r.url.pathname === '/v1/mitigations').map((r) => r.url.searchParams.get('cursor'))).toEqual([null, String(MITIGATION_PAGE)]);
  });

  it('the Blocks page reads the next page with “Load more” until the hub has none', async () => {
    const total = 2 * BLOCK_PAGE + 2;
    hubAnswers(({ url }) => {
      if (url.pathname === '/v1/safelist') return { body: { entries: [] } };
      if (url.pathname !== '/v1/blocks') return undefined;
      const p = paged(total, block, url);
      return { body: { blocks: p.rows, next_cursor: p.next } };
    });
    renderPage(<BlocksPage pageSize={BLOCK_PAGE} />, { path: '/blocks' });
    expect(await screen.findByText(`${BLOCK_PAGE} active blocks shown; more on the hub`, {}, { timeout: 5000 })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText(`${2 * BLOCK_PAGE} active blocks shown; more on the hub`, {}, { timeout: 5000 })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText(`${total} active blocks`, {}, { timeout: 5000 })).toBeTruthy();
    await waitFor(() => expect(rowsOf('Active blocks')).toBe(total));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  }, 20_000); // the whole Blocks page (enforcement card, forms, safelist) draws slowly in jsdom
});
