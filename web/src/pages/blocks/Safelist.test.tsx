import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Safelist, expiryFrom } from './Safelist.tsx';
import { renderPage } from '../../test/render.tsx';
import { hubAnswers, requests } from '../../test/setup.ts';

const HOUR = 3_600_000;

describe('the safelist on the Blocks page', () => {
  it('sends the chosen expiry as expiresAt, and none when the entry never expires', async () => {
    hubAnswers(({ method, url }) => {
      if (url.pathname !== '/v1/safelist') return undefined;
      return method === 'GET' ? { body: { entries: [] } } : { status: 201, body: { id: 'e1', cidr: '198.51.100.7/32', expiresAt: null, withdrawn: [] } };
    });
    renderPage(<Safelist />);
    await screen.findByText(/The safelist is empty/);
    fireEvent.change(screen.getByLabelText('Address or prefix'), { target: { value: '198.51.100.7' } });
    fireEvent.change(screen.getByLabelText('Expires'), { target: { value: '24' } });
    const before = Date.now();
    fireEvent.click(screen.getByRole('button', { name: 'Safelist' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    const sent = requests.find((r) => r.method === 'POST')!.body as { cidr: string; expiresAt: string };
    expect(sent.cidr).toBe('198.51.100.7');
    expect(Date.parse(sent.expiresAt) - before).toBeGreaterThanOrEqual(24 * HOUR);
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    expect(await screen.findByText(/Safelisted 198\.51\.100\.7\/32/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Address or prefix'), { target: { value: '192.0.2.0/24' } });
    fireEvent.click(screen.getByRole('button', { name: 'Safelist' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect((requests.filter((r) => r.method === 'POST')[1]!.body as Record<string, unknown>).expiresAt).toBeUndefined();
  });

  it('shows each entry’s expiry counting down, and “never” for one without', async () => {
    const soon = new Date(Date.now() + 2 * HOUR + 5 * 60_000 + 30_000).toISOString();
    hubAnswers(({ url }) => (url.pathname === '/v1/safelist' ? { body: { entries: [
      { id: 'a', cidr: '192.0.2.0/24', reason: 'office', created_at: '2026-12-02T08:00:00Z', expiresAt: null },
      { id: 'b', cidr: '198.51.100.7/32', reason: 'pen test', created_at: '2026-12-02T08:00:00Z', expiresAt: soon },
    ] } } : undefined));
    renderPage(<Safelist />);
    const table = await screen.findByRole('table', { name: 'Safelist' });
    expect(table.textContent).toMatch(/192\.0\.2\.0\/24office.*never/);
    expect(table.textContent).toMatch(/198\.51\.100\.7\/32pen test.*2h 05m/);
  });

  it('turns a choice of hours into an RFC 3339 time, and no choice into no expiry', () => {
    expect(expiryFrom('8', Date.parse('2026-12-03T00:00:00Z'))).toBe('2026-12-03T08:00:00.000Z');
    expect(expiryFrom('', Date.now())).toBeUndefined();
  });
});
