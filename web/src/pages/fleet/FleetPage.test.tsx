import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import FleetPage from './FleetPage.tsx';
import { renderPage } from '../../test/render.tsx';
import { hubAnswers, requests } from '../../test/setup.ts';

const inSync = { expected: null, reported: 'h', state: 'in_sync', since: null };
const sensor = (id: string, over: Record<string, unknown> = {}) => ({
  sensor_id: id, name: null, kind: 'synapse', version: '2.4.1', region: null, protocol_version: '1.0', approval_status: 'approved', state: 'connected',
  hub_id: 'hub-a', last_address: '203.0.113.10', connected_at: '2026-12-03T09:00:00Z', disconnected_at: null, last_heartbeat_at: '2026-12-03T09:00:00Z',
  blocklist_version: 3, registration_token_id: null, created_at: '2026-12-03T08:00:00Z', tags: [], health: 'healthy', health_since: null,
  sync: { config: inSync, rules: inSync, blocklist: { ...inSync, state: 'behind' } }, ...over,
});
const command = (over: Record<string, unknown> = {}) => ({
  id: 'c1', sensor_id: 'edge-1', type: 'collect_diagnostics', payload: {}, status: 'succeeded', attempts: 1, max_attempts: 2, timeout_ms: 120000,
  created_at: '2026-12-03T09:00:00Z', created_by: 'user:alice', expires_at: '2026-12-03T10:00:00Z', sent_at: null, finished_at: null,
  message: 'diagnostics collected', result: { cpu: 12 }, fleet_request_id: null, rollout_id: null, ...over,
});

/** A fake hub with one approved sensor edge-1 (healthy), a stale edge-2, a pending edge-new, and the commands given. */
function fleet(commands: unknown[] = []) {
  const all = [sensor('edge-1'), sensor('edge-2', { health: 'stale' }), sensor('edge-new', { approval_status: 'pending', registration_token_id: '5b0c3c9e-8a41' })];
  hubAnswers(({ method, url }) => {
    const approval = url.searchParams.get('approval');
    if (method === 'GET' && url.pathname === '/v1/sensors') return { body: { sensors: all.filter((s) => !approval || s.approval_status === approval) } };
    const decided = /^\/v1\/sensors\/([^/]+)\/(approve|reject)$/.exec(url.pathname);
    if (method === 'POST' && decided) {
      const s = all.find((x) => x.sensor_id === decided[1])!;
      s.approval_status = decided[2] === 'approve' ? 'approved' : 'rejected';
      return { body: s };
    }
    if (method === 'GET' && url.pathname === '/v1/commands') return { body: { commands, next_cursor: null } };
    if (method === 'POST' && url.pathname === '/v1/sensors/edge-1/commands') return { status: 202, body: command({ status: 'pending', message: null, result: null }) };
    return undefined;
  });
}

describe('the Fleet page', () => {
  it('lists sensors with health and sync, and filters them by health', async () => {
    fleet();
    renderPage(<FleetPage />, { path: '/fleet/sensors?health=stale', pattern: '/fleet/:tab' });
    const table = await screen.findByRole('table', { name: 'Sensors' });
    expect(within(table).getByText('edge-2')).toBeTruthy();
    expect(within(table).queryByText('edge-1')).toBeNull();
    expect(within(table).getByText('behind')).toBeTruthy();
    expect(screen.getByLabelText('Sensors by health').textContent).toContain('1 stale');
  });

  it('lets an admin approve a pending sensor, which then leaves the pending list', async () => {
    fleet();
    renderPage(<FleetPage />, { path: '/fleet/approvals', pattern: '/fleet/:tab' });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve edge-new' }));
    expect((await screen.findByRole('status')).textContent).toContain('edge-new approved.');
    expect(requests.some((r) => r.method === 'POST' && r.url.pathname === '/v1/sensors/edge-new/approve')).toBe(true);
    expect(await screen.findByText('No sensor waits for approval.')).toBeTruthy();
  });

  it('shows a viewer the pending sensors without Approve or Reject', async () => {
    fleet();
    renderPage(<FleetPage />, { path: '/fleet/approvals', pattern: '/fleet/:tab', role: 'viewer' });
    expect(await screen.findByRole('table', { name: 'Pending sensors' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Approve|Reject/ })).toBeNull();
    expect(screen.getByText(/An administrator approves or rejects/)).toBeTruthy();
  });

  it('lists commands with their outcome and sends one to a sensor from the form', async () => {
    fleet([command()]);
    renderPage(<FleetPage />, { path: '/fleet/commands', pattern: '/fleet/:tab' });
    const table = await screen.findByRole('table', { name: 'Commands' });
    expect(within(table).getByText('succeeded')).toBeTruthy();
    expect(within(table).getByText('diagnostics collected')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Send a command' });
    await within(form).findByRole('option', { name: 'edge-1' });
    fireEvent.change(within(form).getByLabelText('Sensor'), { target: { value: 'edge-1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send command' }));
    expect((await within(form).findByRole('status')).textContent).toBe('Command collect_diagnostics to edge-1: pending.');
    const sent = requests.find((r) => r.method === 'POST' && r.url.pathname === '/v1/sensors/edge-1/commands')!;
    expect(sent.body).toEqual({ type: 'collect_diagnostics', payload: {} });
  });

  it('keeps the send form from a viewer', async () => {
    fleet([command()]);
    renderPage(<FleetPage />, { path: '/fleet/commands', pattern: '/fleet/:tab', role: 'viewer' });
    expect(await screen.findByRole('table', { name: 'Commands' })).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Send a command' })).toBeNull();
  });
});

describe('the Fleet page rollouts', () => {
  const rollout = (over: Record<string, unknown> = {}) => ({
    id: 'r1', kind: 'rules', version: '2026.12.03-1', strategy: 'canary', targets: {}, canary: { percent: 10, soakSeconds: 300 }, at: null,
    state: 'running', phase: 'canary', reason: null, canary_acked_at: null, created_at: '2026-12-03T09:00:00Z', created_by: 'user:alice',
    started_at: '2026-12-03T09:00:00Z', promoted_at: null, finished_at: null,
    counts: { targets: 4, canaries: 1, waiting: 3, pending: 0, sent: 0, applied: 1, failed: 0, rolled_back: 0 }, ...over,
  });
  const progress = { sensor_id: 'edge-1', canary: true, status: 'applied', message: 'rules loaded', health: 'healthy', previous_version: '2026.11.20-4', command_id: null, updated_at: '2026-12-03T09:01:00Z' };

  function rollouts() {
    let current = rollout();
    hubAnswers(({ method, url }) => {
      if (method === 'GET' && url.pathname === '/v1/sensors') return { body: { sensors: [] } };
      if (method === 'GET' && url.pathname === '/v1/rollouts') return { body: { rollouts: [current], next_cursor: null } };
      if (method === 'GET' && url.pathname === '/v1/rollouts/r1') return { body: { ...current, sensors: [progress] } };
      if (method === 'POST' && url.pathname === '/v1/rollouts/r1/promote') { current = rollout({ phase: 'full', promoted_at: '2026-12-03T09:05:00Z' }); return { body: current }; }
      return undefined;
    });
  }

  it('shows a rollout with its counts, its sensors on opening it, and promotes it for an admin', async () => {
    rollouts();
    renderPage(<FleetPage />, { path: '/fleet/rollouts', pattern: '/fleet/:tab' });
    expect(await screen.findByText('1 of 4 applied')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: '2026.12.03-1: applied' }).getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText('3 waiting')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Rollout rules 2026.12.03-1' }));
    const table = await screen.findByRole('table', { name: 'Sensors of rollout 2026.12.03-1' });
    expect(within(table).getByText('rules loaded')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Promote rollout 2026.12.03-1' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.url.pathname === '/v1/rollouts/r1/promote')).toBe(true));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Promote rollout 2026.12.03-1' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Abort rollout 2026.12.03-1' })).toBeTruthy();
  });

  it('shows a viewer the rollouts without Promote or Abort', async () => {
    rollouts();
    renderPage(<FleetPage />, { path: '/fleet/rollouts', pattern: '/fleet/:tab', role: 'viewer' });
    expect(await screen.findByRole('button', { name: 'Rollout rules 2026.12.03-1' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Promote|Abort/ })).toBeNull();
  });
});
