// The Fleet page's Sensors tab: every sensor of the tenant with approval, connection, health, sync state, version and
// last heartbeat, filtered by approval (the hub's ?approval=) and by health (here). Reads GET /v1/sensors only.

import { Badge, Group, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import type { FleetSensor } from '../common/answers.ts';
import { DataTable } from '../common/DataTable.tsx';
import { QueryState } from '../common/QueryState.tsx';
import { ago } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import { APPROVALS, APPROVAL_COLOR, HEALTHS, HEALTH_COLOR, SYNC_COLOR, filterSensors, healthCounts, syncSummary, type Approval, type Health } from './fleet-logic.ts';

const col = createColumnHelper<FleetSensor>();

/** A sensor's name over its id (the id alone when it has no name), and its tags. */
export function SensorName({ s }: { s: Pick<FleetSensor, 'sensor_id' | 'name'> & { tags?: string[] } }) {
  return (
    <>
      <Text size="sm" fw={600}>{s.name ?? s.sensor_id}</Text>
      {s.name && <Text size="xs" c="dimmed" ff="monospace">{s.sensor_id}</Text>}
      {s.tags && s.tags.length > 0 && <Group gap={4}>{s.tags.map((t) => <Badge key={t} size="xs" variant="outline">{t}</Badge>)}</Group>}
    </>
  );
}

function columns(now: number) {
  return [
    col.accessor('sensor_id', { header: 'Sensor', cell: (c) => <SensorName s={c.row.original} /> }),
    col.accessor('approval_status', { header: 'Approval', cell: (c) => <Badge color={APPROVAL_COLOR[c.getValue()]} variant="light">{c.getValue()}</Badge> }),
    col.accessor('state', { header: 'Connection' }),
    col.accessor('health', {
      header: 'Health',
      cell: (c) => <Badge color={HEALTH_COLOR[c.getValue()]} variant="light" title={c.row.original.health_since ? `since ${new Date(c.row.original.health_since).toLocaleString()}` : undefined}>{c.getValue()}</Badge>,
    }),
    col.display({
      id: 'sync', header: 'Sync',
      cell: (c) => { const s = syncSummary(c.row.original.sync); return <Badge color={SYNC_COLOR[s.state]} variant="light" title={s.detail}>{s.state.replace('_', ' ')}</Badge>; },
    }),
    col.accessor('version', { header: 'Version', cell: (c) => c.getValue() ?? '—' }),
    col.accessor('last_heartbeat_at', { header: 'Last heartbeat', cell: (c) => ago(c.getValue(), now) }),
    col.accessor('hub_id', { header: 'Hub', cell: (c) => <Text size="xs" ff="monospace">{c.getValue() ?? '—'}</Text> }),
  ];
}

export function SensorsTab() {
  const now = useNow(5000);
  const [params, setParams] = useSearchParams();
  const approval = (params.get('approval') || null) as Approval | null;
  const health = (params.get('health') || null) as Health | null;
  const set = (k: string, v: string | null) => { const p = new URLSearchParams(params); if (v) p.set(k, v); else p.delete(k); setParams(p, { replace: true }); };
  const sensors = useQuery({
    queryKey: ['/v1/sensors', { approval }],
    queryFn: async () => unwrap(await api.GET('/v1/sensors', { params: { query: { approval: approval ?? undefined, limit: 1000 } } })).sensors,
  });
  const counts = sensors.data ? healthCounts(sensors.data) : null;
  return (
    <>
      <Group align="flex-end" mb="sm">
        <Select label="Approval" placeholder="any" clearable data={APPROVALS} value={approval} onChange={(v) => set('approval', v)} w={180} />
        <Select label="Health" placeholder="any" clearable data={HEALTHS} value={health} onChange={(v) => set('health', v)} w={180} />
        {counts && (
          <Group gap={6} aria-label="Sensors by health">
            {HEALTHS.filter((h) => counts[h] > 0).map((h) => <Badge key={h} color={HEALTH_COLOR[h]} variant="dot">{counts[h]} {h}</Badge>)}
          </Group>
        )}
      </Group>
      <QueryState query={sensors} label="sensors" isEmpty={(d) => filterSensors(d, health).length === 0}
        empty={approval || health ? 'No sensor matches these filters.' : 'No sensor has connected to this tenant yet.'}>
        {(d) => <DataTable label="Sensors" data={filterSensors(d, health)} columns={columns(now)} rowKey={(s) => s.sensor_id} />}
      </QueryState>
    </>
  );
}
