// The mitigations list: status, indicator, origin and the expiry counting down; filtered by status, newest first, read
// in cursor pages of 200 ("Load more"). Reads GET /v1/mitigations only; each row links to its detail (/mitigations/:id).

import { Anchor, Badge, Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import type { Mitigation } from '../common/answers.ts';
import { DataTable } from '../common/DataTable.tsx';
import { LoadMore } from '../common/LoadMore.tsx';
import { QueryState } from '../common/QueryState.tsx';
import { countdown } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';

const STATUSES = ['active', 'withdrawn', 'expired', 'rejected'] as const;
type Status = (typeof STATUSES)[number];

export const STATUS_COLOR: Record<string, string> = { active: 'red', withdrawn: 'gray', expired: 'gray', rejected: 'orange' };

/** The query the live feed invalidates on a `mitigations` event. */
export const mitigationsKey = (status: Status) => ['/v1/mitigations', status] as const;

/** Rows per page read from the hub; "Load more" reads the next. */
export const PAGE = 200;

const col = createColumnHelper<Mitigation>();

function columns(now: number) {
  return [
    col.accessor('indicator', { header: 'Indicator', cell: (c) => <Anchor component={Link} to={`/mitigations/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
    col.accessor('status', { header: 'Status', cell: (c) => <Badge color={STATUS_COLOR[c.getValue()]}>{c.getValue()}</Badge> }),
    col.accessor('origin', { header: 'Origin' }),
    col.accessor((m) => m.correlation?.sources?.join(', ') ?? '', { id: 'sources', header: 'Sources' }),
    col.accessor('expires_at', {
      header: 'Expires',
      cell: (c) => c.row.original.status === 'active' ? <span aria-label="expires in">{countdown(c.getValue(), now)}</span> : (c.row.original.ended_at ? `ended ${new Date(c.row.original.ended_at).toLocaleString()}` : '—'),
    }),
    col.accessor('created_at', { header: 'Created', cell: (c) => new Date(c.getValue()).toLocaleString() }),
  ];
}

/** `pageSize`: rows per read from the hub (PAGE; smaller in component tests). */
export default function MitigationsPage({ pageSize = PAGE }: { pageSize?: number }) {
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? params.get('status') as Status : 'active';
  const now = useNow();
  const list = useInfiniteQuery({
    queryKey: [...mitigationsKey(status), pageSize],
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/v1/mitigations', { params: { query: { status, limit: pageSize, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    select: (d) => d.pages.flatMap((p) => p.mitigations),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Mitigations</Title>
        <SegmentedControl aria-label="Status" value={status} data={[...STATUSES]} onChange={(v) => setParams({ status: v })} />
      </Group>
      <QueryState query={list} label="mitigations" isEmpty={(d) => d.length === 0} empty={`No ${status} mitigations.`}>
        {(d) => (
          <>
            <DataTable label="Mitigations" data={d} columns={columns(now)} rowKey={(m) => m.id} />
            <LoadMore query={list} shown={d.length} label={`${status} mitigations`} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
