// Replay of a candidate policy over a chosen range: the decisions it adds, removes and changes, side by side with
// the live policy's, before anything is saved. Calls POST /v1/config/correlation/replay; acts on nothing.

import { useState } from 'react';
import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { problemText } from '../common/QueryState.tsx';
import { decisionText, diffRows } from './replay-rows.ts';

const KIND_COLOR = { added: 'green', removed: 'red', changed: 'yellow' } as const;

/** `datetime-local` text for an instant, in the browser's zone. */
function local(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function ReplayPanel({ candidate }: { candidate: () => Record<string, unknown> | null }) {
  const [since, setSince] = useState(() => local(Date.now() - 86_400_000));
  const [until, setUntil] = useState(() => local(Date.now() + 60_000));
  const replay = useMutation({
    mutationFn: async (config: Record<string, unknown>) => unwrap(await api.POST('/v1/config/correlation/replay', {
      // `config` is a bare object in the route's schema, typed as an empty record.
      body: { config, since: new Date(since).toISOString(), until: new Date(until).toISOString(), limit: 200 },
    })),
  });
  const run = () => { const c = candidate(); if (c) replay.mutate(c); };
  const rows = replay.data ? diffRows(replay.data) : [];
  return (
    <Stack>
      <Title order={3}>Replay</Title>
      <Group align="flex-end">
        <TextInput type="datetime-local" label="From" value={since} onChange={(e) => setSince(e.currentTarget.value)} />
        <TextInput type="datetime-local" label="Until" value={until} onChange={(e) => setUntil(e.currentTarget.value)} />
        <Button variant="default" onClick={run} loading={replay.isPending}>Replay the candidate</Button>
      </Group>
      {replay.isError && <Alert color="red" title="Replay refused">{problemText(replay.error)}</Alert>}
      {replay.data && (
        <>
          <Text aria-label="Replay totals">
            {replay.data.signals} signals replayed: {replay.data.totals.added ?? 0} added, {replay.data.totals.removed ?? 0} removed,
            {' '}{replay.data.totals.changed ?? 0} changed, {replay.data.unchanged} unchanged{replay.data.truncated ? ' (lists cut at 200)' : ''}.
          </Text>
          {rows.length === 0 ? <Text c="dimmed">The candidate decides exactly as the live policy over this range.</Text> : (
            <Table aria-label="Replay differences" striped>
              <Table.Thead><Table.Tr><Table.Th>Change</Table.Th><Table.Th>Live policy</Table.Th><Table.Th>Candidate</Table.Th><Table.Th>Differs in</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={`${r.kind}:${r.key}`}>
                    <Table.Td><Badge color={KIND_COLOR[r.kind]}>{r.kind}</Badge></Table.Td>
                    <Table.Td>{decisionText(r.current)}</Table.Td>
                    <Table.Td>{decisionText(r.candidate)}</Table.Td>
                    <Table.Td>{r.differences.join(', ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
