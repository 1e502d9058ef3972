// The Fleet page's Pending approvals tab: sensors enrolled by a registration token that wait for an administrator,
// with Approve / Reject for admins (others see the list only; the hub refuses them anyway).

import { useState } from 'react';
import { Alert, Button, Group, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { api, unwrap } from '../../api/client.ts';
import { useSession } from '../../app/session.tsx';
import type { FleetSensor } from '../common/answers.ts';
import { DataTable } from '../common/DataTable.tsx';
import { QueryState, problemText } from '../common/QueryState.tsx';
import { ago } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import { SensorName } from './SensorsTab.tsx';

const col = createColumnHelper<FleetSensor>();

/** The pending sensors (shared by the Fleet page's tab count and this tab: one query key, one request). */
export function usePendingSensors() {
  return useQuery({
    queryKey: ['/v1/sensors', { approval: 'pending' }],
    queryFn: async () => unwrap(await api.GET('/v1/sensors', { params: { query: { approval: 'pending', limit: 1000 } } })).sensors,
  });
}


function Decide({ s, onDone }: { s: FleetSensor; onDone: (text: string) => void }) {
  const qc = useQueryClient();
  const decide = useMutation({
    mutationFn: async (verb: 'approve' | 'reject') =>
      unwrap(await api.POST(verb === 'approve' ? '/v1/sensors/{id}/approve' : '/v1/sensors/{id}/reject', { params: { path: { id: s.sensor_id } } })),
    onSuccess: (row) => { onDone(`${row.sensor_id} ${row.approval_status}.`); void qc.invalidateQueries({ queryKey: ['/v1/sensors'] }); },
    onError: (err) => onDone(`${s.sensor_id}: ${problemText(err)}`),
  });
  const label = s.name ?? s.sensor_id;
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" color="green" loading={decide.isPending && decide.variables === 'approve'} onClick={() => decide.mutate('approve')} aria-label={`Approve ${label}`}>Approve</Button>
      <Button size="xs" color="red" variant="light" loading={decide.isPending && decide.variables === 'reject'} onClick={() => decide.mutate('reject')} aria-label={`Reject ${label}`}>Reject</Button>
    </Group>
  );
}

export function ApprovalsTab() {
  const now = useNow(5000);
  const admin = useSession().can('admin');
  const pending = usePendingSensors();
  const [said, setSaid] = useState<string | null>(null);
  const columns = [
    col.accessor('sensor_id', { header: 'Sensor', cell: (c) => <SensorName s={c.row.original} /> }),
    col.accessor('state', { header: 'Connection' }),
    col.accessor('last_address', { header: 'Address', cell: (c) => c.getValue() ?? '—' }),
    col.accessor('version', { header: 'Version', cell: (c) => c.getValue() ?? '—' }),
    col.accessor('created_at', { header: 'Enrolled', cell: (c) => ago(c.getValue(), now) }),
    col.accessor('registration_token_id', { header: 'Token', cell: (c) => <Text size="xs" ff="monospace">{c.getValue()?.slice(0, 8) ?? 'key'}</Text> }),
    ...(admin ? [col.display({ id: 'decide', header: '', cell: (c) => <Decide s={c.row.original} onDone={setSaid} /> })] : []),
  ];
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        A pending sensor may send signals but gets no blocklist and no commands; approved, it gets them on its next auth, rejected it is closed at once.
        {!admin && ' An administrator approves or rejects.'}
      </Text>
      {said && <Alert color="blue" mb="sm" role="status" withCloseButton onClose={() => setSaid(null)}>{said}</Alert>}
      <QueryState query={pending} label="pending sensors" isEmpty={(d) => d.length === 0} empty="No sensor waits for approval.">
        {(d) => <DataTable label="Pending sensors" data={d} columns={columns} rowKey={(s) => s.sensor_id} />}
      </QueryState>
    </>
  );
}
