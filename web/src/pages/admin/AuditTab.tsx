// Admin → Audit log: every write made through the UI or API (who, what, when, from where) and every refused login (with
// why), newest first, paged by cursor with "Load more". Tenant-scoped by the hub; the operator may look at another tenant.

import { Alert, Badge, Code, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { LoadMore } from '../common/LoadMore.tsx';
import { problemText } from '../common/QueryState.tsx';
import { api, unwrap } from '../../api/client.ts';

/** Why a login was refused, in words (the person who tried was told none of it). */
const REASONS: Record<string, string> = { unknown_user: 'unknown username', wrong_password: 'wrong password', rate_limited: 'rate limited' };

export function AuditTab({ tenantId }: { tenantId?: string }) {
  const q = useInfiniteQuery({
    queryKey: ['/v1/audit', tenantId ?? 'own'],
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/v1/audit', { params: { query: { limit: 100, cursor: pageParam, tenant_id: tenantId } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.isPending) return <Text c="dimmed">Loading the audit log…</Text>;
  if (q.isError) return <Alert color="red" title="Could not load the audit log">{problemText(q.error)}</Alert>;
  const items = q.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text c="dimmed">Nothing has been changed in this tenant yet.</Text>;
  return (
    <Stack>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label="Audit log" striped>
          <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Who</Table.Th><Table.Th>What</Table.Th><Table.Th>Target</Table.Th><Table.Th>Result</Table.Th><Table.Th>From</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{new Date(a.at).toLocaleString()}</Table.Td>
                <Table.Td>{a.actor.name ?? a.actor.id} <Text span size="xs" c="dimmed">({a.actor.kind})</Text></Table.Td>
                <Table.Td><Code>{a.method} {a.route}</Code></Table.Td>
                <Table.Td><Text size="xs" ff="monospace">{a.target ?? ''}</Text></Table.Td>
                <Table.Td><Badge color={a.status < 400 ? 'green' : 'red'} variant="light">{a.status}</Badge>{a.reason && <Text span size="xs"> {REASONS[a.reason]}</Text>}</Table.Td>
                <Table.Td><Text size="xs" ff="monospace">{a.address ?? ''}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore query={q} shown={items.length} label="entries" />
    </Stack>
  );
}
