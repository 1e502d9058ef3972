// Where the tenant's blocks are enforced: the feed version, sensors with the version they hold, CrowdSec bouncers with their last pull and
// version, and the enforcement targets' states (the BGP announcer among them). Reads; never changes a target.

import { Alert, Badge, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { Can } from '../../app/session.tsx';
import { useLiveTopic } from '../../live/LiveProvider.tsx';
import { QueryState } from '../common/QueryState.tsx';
import { ago } from '../common/time.ts';
import { stepText, targetStates } from './enforcement.ts';

const STATE_COLOR: Record<string, string> = { ok: 'teal', degraded: 'orange', standby: 'gray' };

function Bouncers({ now }: { now: number }) {
  const bouncers = useQuery({ queryKey: ['/v1/bouncers'], queryFn: async () => unwrap(await api.GET('/v1/bouncers')) });
  return (
    <QueryState query={bouncers} label="bouncers" isEmpty={(d) => d.bouncers.length === 0} empty="No CrowdSec bouncer has pulled yet.">
      {(d) => (
        <Table aria-label="CrowdSec bouncers">
          <Table.Thead><Table.Tr><Table.Th>Bouncer</Table.Th><Table.Th>Address</Table.Th><Table.Th>Last pull</Table.Th><Table.Th>State</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {d.bouncers.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>{b.user_agent}</Table.Td><Table.Td>{b.address}</Table.Td><Table.Td>{ago(b.last_pull_at, now)}</Table.Td>
                <Table.Td>{stepText(b.version, d.version)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryState>
  );
}

function Sensors({ now }: { now: number }) {
  const sensors = useQuery({ queryKey: ['/v1/blocks/sensors'], queryFn: async () => unwrap(await api.GET('/v1/blocks/sensors')) });
  // A sensor's heartbeat moves its version without a block change: the live `sensors` topic refreshes this list, at
  // most every 2 s however many sensors beat.
  useLiveTopic('sensors', () => { if (Date.now() - sensors.dataUpdatedAt > 2000) void sensors.refetch(); });
  return (
    <QueryState query={sensors} label="sensors" isEmpty={(d) => d.sensors.length === 0} empty="No sensor is registered.">
      {(d) => (
        <Table aria-label="Sensors">
          <Table.Thead><Table.Tr><Table.Th>Sensor</Table.Th><Table.Th>State</Table.Th><Table.Th>Last heartbeat</Table.Th><Table.Th>Blocklist</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {d.sensors.map((s) => (
              <Table.Tr key={s.sensor_id}>
                <Table.Td>{s.name ?? s.sensor_id}</Table.Td>
                <Table.Td><Badge color={s.state === 'connected' ? 'teal' : 'gray'}>{s.state}</Badge></Table.Td>
                <Table.Td>{ago(s.last_heartbeat_at, now)}</Table.Td>
                <Table.Td>{stepText(s.blocklist_version, d.version)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryState>
  );
}

export function EnforcementCard({ version, now }: { version: number | undefined; now: number }) {
  // A 503 (database down) is an answer too: it lists no target.
  const ready = useQuery({ queryKey: ['/readyz'], queryFn: async () => { const r = await api.GET('/readyz'); return r.data ?? r.error; }, refetchInterval: 10_000 });
  const targets = targetStates(ready.data);
  return (
    <Card withBorder>
      <Stack>
        <Title order={3}>Where blocks are enforced</Title>
        <Text size="sm">Block feed version <b aria-label="Block feed version">{version ?? '…'}</b>: every target applies the changes up to it.</Text>
        <SimpleGrid cols={{ base: 1, lg: 3 }}>
          <Stack gap="xs"><Title order={4}>Sensors</Title><Sensors now={now} /></Stack>
          <Stack gap="xs">
            <Title order={4}>CrowdSec bouncers</Title>
            <Can scope="admin"><Bouncers now={now} /></Can>
          </Stack>
          <Stack gap="xs">
            <Title order={4}>Targets (BGP announcer, exports)</Title>
            {ready.isError && <Alert color="red">/readyz did not answer</Alert>}
            {ready.data !== undefined && targets.length === 0 && <Text c="dimmed" size="sm">No enforcement target is enabled on this hub.</Text>}
            {targets.map(([t, s]) => <Text key={t} size="sm">{t}: <Badge color={STATE_COLOR[s] ?? 'gray'}>{s}</Badge></Text>)}
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
