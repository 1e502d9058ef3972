// Sensors: every sensor of the tenant from the live snapshot, kept current by `sensors` events; connection state,
// health from its heartbeats, and the tenant's blocklist version the sensors are brought to.

import { useEffect, useState } from 'react';
import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useLiveSnapshot, useLiveStatus, useLiveTopic } from '../live/LiveProvider.tsx';
import type { MitigationEvent, SensorEvent } from '../live/protocol.ts';
import { ago } from './common/time.ts';
import { useNow } from './common/useNow.ts';
import { HEALTH_COLOR, applySensorEvent, healthOf, type Sensor } from './sensors-logic.ts';

export default function SensorsPage() {
  const status = useLiveStatus();
  const { snapshot } = useLiveSnapshot();
  const now = useNow(5000);
  const [sensors, setSensors] = useState<Sensor[] | null>(null);
  const [blockVersion, setBlockVersion] = useState<number | null>(null);
  useEffect(() => {
    if (!snapshot) return;
    setSensors(snapshot.sensors);
    setBlockVersion(snapshot.blockVersion);
  }, [snapshot]);
  useLiveTopic('sensors', (m) => setSensors((s) => applySensorEvent(s ?? [], m.payload as SensorEvent)));
  useLiveTopic('mitigations', (m) => setBlockVersion((v) => Math.max(v ?? 0, (m.payload as MitigationEvent).version)));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Sensors</Title>
        <Text size="sm">Blocklist version: <b data-testid="block-version">{blockVersion ?? '…'}</b></Text>
      </Group>
      {sensors === null ? (
        <Text c="dimmed" role="status">{status === 'live' || status === 'connecting' ? 'Loading sensors…' : `Live updates are ${status}.`}</Text>
      ) : sensors.length === 0 ? (
        <Text c="dimmed">No sensor has connected to this tenant yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Sensors" striped>
            <Table.Thead><Table.Tr><Table.Th>Sensor</Table.Th><Table.Th>Kind</Table.Th><Table.Th>State</Table.Th><Table.Th>Health</Table.Th>
              <Table.Th>Last heartbeat</Table.Th><Table.Th>Connected</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {sensors.map((s) => {
                const health = healthOf(s, now);
                return (
                  <Table.Tr key={s.sensorId}>
                    <Table.Td><Text size="sm" fw={600}>{s.name ?? s.sensorId}</Text>{s.name && <Text size="xs" c="dimmed" ff="monospace">{s.sensorId}</Text>}</Table.Td>
                    <Table.Td>{s.kind}</Table.Td>
                    <Table.Td>{s.state}</Table.Td>
                    <Table.Td><Badge color={HEALTH_COLOR[health]} variant="light">{health}</Badge></Table.Td>
                    <Table.Td>{ago(s.lastHeartbeatAt, now)}</Table.Td>
                    <Table.Td>{s.connectedAt ? new Date(s.connectedAt).toLocaleString() : '—'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
