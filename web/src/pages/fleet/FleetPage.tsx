// The Fleet page: the tenant's sensors with health and sync state, pending approvals, fleet commands with their outcomes
// and rollouts with their progress, each tab a deep link (/fleet/:tab). Holds only the tabs and the live subscription.

import { Badge, Stack, Tabs, Title } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { useLiveTopic } from '../../live/LiveProvider.tsx';
import { ApprovalsTab, usePendingSensors } from './ApprovalsTab.tsx';
import { CommandsTab } from './CommandsTab.tsx';
import { RolloutsTab } from './RolloutsTab.tsx';
import { SensorsTab } from './SensorsTab.tsx';

const TABS = ['sensors', 'approvals', 'commands', 'rollouts'] as const;

const ignore = () => undefined;

export default function FleetPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const active = (TABS as readonly string[]).includes(tab ?? '') ? tab! : 'sensors';
  // Subscribing is enough: every `sensors` event (connected, disconnected, health) marks the /v1/sensors answers stale.
  useLiveTopic('sensors', ignore);
  const pending = usePendingSensors().data?.length ?? 0;
  return (
    <Stack>
      <Title order={2}>Fleet</Title>
      <Tabs value={active} onChange={(t) => t && navigate(`/fleet/${t}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sensors">Sensors</Tabs.Tab>
          <Tabs.Tab value="approvals" rightSection={pending > 0 ? <Badge size="sm" color="yellow" aria-label={`${pending} pending`}>{pending}</Badge> : null}>
            Pending approvals
          </Tabs.Tab>
          <Tabs.Tab value="commands">Commands</Tabs.Tab>
          <Tabs.Tab value="rollouts">Rollouts</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sensors" pt="md"><SensorsTab /></Tabs.Panel>
        <Tabs.Panel value="approvals" pt="md"><ApprovalsTab /></Tabs.Panel>
        <Tabs.Panel value="commands" pt="md"><CommandsTab /></Tabs.Panel>
        <Tabs.Panel value="rollouts" pt="md"><RolloutsTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
