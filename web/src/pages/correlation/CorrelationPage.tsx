// The Correlation page: tabs Signals, Groups and Config, each a deep link (/correlation/:tab).
// Holds only the tabs; each tab fetches what it shows.

import { Stack, Tabs, Title } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { ConfigTab } from './ConfigTab.tsx';
import { GroupsTab } from './GroupsTab.tsx';
import { SignalsTab } from './SignalsTab.tsx';

const TABS = ['signals', 'groups', 'config'] as const;

export default function CorrelationPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const active = (TABS as readonly string[]).includes(tab ?? '') ? tab! : 'groups';
  return (
    <Stack>
      <Title order={2}>Correlation</Title>
      <Tabs value={active} onChange={(t) => t && navigate(`/correlation/${t}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="signals">Signals</Tabs.Tab>
          <Tabs.Tab value="groups">Groups</Tabs.Tab>
          <Tabs.Tab value="config">Config</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="signals" pt="md"><SignalsTab /></Tabs.Panel>
        <Tabs.Panel value="groups" pt="md"><GroupsTab /></Tabs.Panel>
        <Tabs.Panel value="config" pt="md"><ConfigTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
