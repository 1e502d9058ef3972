// The overview: the hub's health at a glance (readiness of the database and enforcement targets).
// Reads /readyz only; the live figures come with the /ws/dashboard feed.

import { Alert, Loader, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

interface Readiness { status?: string; enforcement?: Record<string, string> }

export default function OverviewPage() {
  const ready = useQuery({
    queryKey: ['readyz'],
    queryFn: async (): Promise<Readiness> => (await fetch('/readyz')).json(),
    refetchInterval: 5_000,
  });
  return (
    <Stack>
      <Title order={2}>Overview</Title>
      {ready.isPending && <Loader aria-label="Loading" />}
      {ready.isError && <Alert color="red" title="The hub did not answer">{String(ready.error)}</Alert>}
      {ready.data && (
        <Table aria-label="Hub readiness">
          <Table.Tbody>
            <Table.Tr><Table.Th>database</Table.Th><Table.Td>{ready.data.status ?? 'unknown'}</Table.Td></Table.Tr>
            {Object.entries(ready.data.enforcement ?? {}).map(([target, state]) => (
              <Table.Tr key={target}><Table.Th>{target}</Table.Th><Table.Td>{state}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
