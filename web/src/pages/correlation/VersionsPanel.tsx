// The tenant's policy versions (who, when, what changed) and a rollback to any of them, which adds a new version.
// Reads GET /v1/config/correlation/versions, writes POST /v1/config/correlation/rollback (admin; the hub checks).

import { Alert, Button, Stack, Table, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { QueryState, problemText } from '../common/QueryState.tsx';
import { POLICY_KEY } from './usePolicy.ts';

export function VersionsPanel({ current }: { current: number | undefined }) {
  const qc = useQueryClient();
  const versions = useQuery({
    queryKey: ['/v1/config/correlation/versions'],
    queryFn: async () => unwrap(await api.GET('/v1/config/correlation/versions', { params: { query: { limit: 20 } } })),
  });
  const rollback = useMutation({
    mutationFn: async (version: number) => unwrap(await api.POST('/v1/config/correlation/rollback', { body: { version } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: POLICY_KEY }),
  });
  return (
    <Stack>
      <Title order={3}>Versions</Title>
      {rollback.isError && <Alert color="red" title="Rollback refused">{problemText(rollback.error)}</Alert>}
      <QueryState query={versions} label="versions" isEmpty={(d) => !d.versions?.length} empty="No version yet: the tenant runs on the hub defaults (version 0).">
        {(d) => (
          <Table aria-label="Policy versions">
            <Table.Thead><Table.Tr><Table.Th>Version</Table.Th><Table.Th>When</Table.Th><Table.Th>What</Table.Th><Table.Th>Changed</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {(d.versions ?? []).map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td>{v.version}</Table.Td>
                  <Table.Td>{v.created_at ? new Date(v.created_at).toLocaleString() : ''}</Table.Td>
                  <Table.Td>{v.action}{v.rolled_back_to ? ` to ${v.rolled_back_to}` : ''}</Table.Td>
                  <Table.Td>{(v.changed ?? []).join(', ')}</Table.Td>
                  <Table.Td>
                    {v.version !== current && v.version !== undefined &&
                      <Button size="xs" variant="default" loading={rollback.isPending && rollback.variables === v.version} onClick={() => rollback.mutate(v.version!)}>Roll back to {v.version}</Button>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
