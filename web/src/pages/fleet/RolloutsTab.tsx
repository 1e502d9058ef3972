// The Fleet page's Rollouts tab: the tenant's rule and config rollouts, newest first, with counts per push state and
// progress, each one's per-sensor progress on opening it, and Promote / Abort for admins. Read again every 2 s while one is active.

import { useState } from 'react';
import { Accordion, Alert, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { api, unwrap } from '../../api/client.ts';
import { useSession } from '../../app/session.tsx';
import type { Rollout, RolloutSensor } from '../common/answers.ts';
import { DataTable } from '../common/DataTable.tsx';
import { QueryState, problemText } from '../common/QueryState.tsx';
import { ago } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import { HEALTH_COLOR, PUSH_COLOR, ROLLOUT_COLOR, isActive, progressOf, rolloutActions } from './fleet-logic.ts';

/** How often rollouts are read again while one is scheduled or running (the hub has no live topic for them). */
export const ACTIVE_REFRESH_MS = 2000;

const col = createColumnHelper<RolloutSensor>();
const sensorColumns = [
  col.accessor('sensor_id', { header: 'Sensor', cell: (c) => <Text size="sm" ff="monospace">{c.getValue()}</Text> }),
  col.accessor('canary', { header: 'Wave', cell: (c) => (c.getValue() ? <Badge variant="outline">canary</Badge> : 'rest') }),
  col.accessor('status', { header: 'Push', cell: (c) => <Badge color={PUSH_COLOR[c.getValue()]} variant="light">{c.getValue().replace('_', ' ')}</Badge> }),
  col.accessor('health', { header: 'Health now', cell: (c) => <Badge color={HEALTH_COLOR[c.getValue()]} variant="light">{c.getValue()}</Badge> }),
  col.accessor('message', { header: 'Sensor says', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  col.accessor('previous_version', { header: 'Previous version', cell: (c) => c.getValue() ?? '—' }),
];

function RolloutSensors({ id, active }: { id: string; active: boolean }) {
  const detail = useQuery({
    queryKey: ['/v1/rollouts', id],
    queryFn: async () => unwrap(await api.GET('/v1/rollouts/{id}', { params: { path: { id } } })),
    // Polled while the detail itself shows the rollout active: the list may see it finish before the detail's last read.
    refetchInterval: (q) => ((q.state.data ? isActive(q.state.data) : active) ? ACTIVE_REFRESH_MS : false),
  });
  return (
    <QueryState query={detail} label="the rollout's sensors" isEmpty={(d) => d.sensors.length === 0} empty="No sensor matched its targets.">
      {(d) => <DataTable label={`Sensors of rollout ${d.version}`} data={d.sensors} columns={sensorColumns} rowKey={(s) => s.sensor_id} />}
    </QueryState>
  );
}

function RolloutActions({ r }: { r: Rollout }) {
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: async (verb: 'promote' | 'abort') =>
      unwrap(await api.POST(verb === 'promote' ? '/v1/rollouts/{id}/promote' : '/v1/rollouts/{id}/abort', { params: { path: { id: r.id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['/v1/rollouts'] }),
  });
  const may = rolloutActions(r);
  if (!may.promote && !may.abort) return null;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {may.promote && <Button size="xs" loading={act.isPending && act.variables === 'promote'} onClick={() => act.mutate('promote')} aria-label={`Promote rollout ${r.version}`}>Promote</Button>}
        {may.abort && <Button size="xs" color="red" variant="light" loading={act.isPending && act.variables === 'abort'} onClick={() => act.mutate('abort')} aria-label={`Abort rollout ${r.version}`}>Abort</Button>}
      </Group>
      {act.isError && <Alert color="red" p="xs">{problemText(act.error)}</Alert>}
    </Stack>
  );
}

function RolloutHead({ r, now }: { r: Rollout; now: number }) {
  const p = progressOf(r.counts);
  return (
    <Stack gap={4} w="100%">
      <Group gap="xs">
        <Text fw={600}>{r.kind} {r.version}</Text>
        <Badge color={ROLLOUT_COLOR[r.state]} variant="light">{r.state.replace('_', ' ')}</Badge>
        <Text size="sm" c="dimmed">{r.strategy}{r.phase !== 'done' ? `, ${r.phase} phase` : ''} · {r.created_by} · {ago(r.created_at, now)}</Text>
      </Group>
      <Progress.Root size="lg">
        <Progress.Section value={p.appliedPct} color="green" aria-label={`${r.version}: applied`} />
        <Progress.Section value={p.failedPct} color="red" aria-label={`${r.version}: failed or rolled back`} />
      </Progress.Root>
      <Group gap={6}>
        <Text size="sm" fw={600}>{p.applied} of {p.targets} applied</Text>
        {p.states.map(([k, n]) => <Badge key={k} size="sm" variant="dot" color={PUSH_COLOR[k]}>{n} {k.replace('_', ' ')}</Badge>)}
      </Group>
      {r.reason && <Text size="sm">{r.reason}</Text>}
    </Stack>
  );
}

export function RolloutsTab() {
  const now = useNow(5000);
  const admin = useSession().can('admin');
  const [open, setOpen] = useState<string | null>(null);
  const rollouts = useQuery({
    queryKey: ['/v1/rollouts', 'list'],
    queryFn: async () => unwrap(await api.GET('/v1/rollouts', { params: { query: { limit: 50 } } })).rollouts,
    refetchInterval: (q) => (q.state.data?.some(isActive) ? ACTIVE_REFRESH_MS : false),
  });
  return (
    <QueryState query={rollouts} label="rollouts" isEmpty={(d) => d.length === 0}
      empty="No rollout yet: upload a rule bundle or sensor config and roll it out (quorum rollouts create, docs/fleet.md).">
      {(d) => (
        <Accordion variant="separated" value={open} onChange={setOpen} aria-label="Rollouts">
          {d.map((r) => (
            <Accordion.Item key={r.id} value={r.id}>
              <Group wrap="nowrap" align="flex-start" pr="sm">
                <Accordion.Control aria-label={`Rollout ${r.kind} ${r.version}`}><RolloutHead r={r} now={now} /></Accordion.Control>
                {admin && <RolloutActions r={r} />}
              </Group>
              <Accordion.Panel>{open === r.id && <RolloutSensors id={r.id} active={isActive(r)} />}</Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </QueryState>
  );
}
