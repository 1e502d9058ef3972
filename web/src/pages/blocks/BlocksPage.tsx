// The Blocks page: every active block (live, in cursor pages of 500 with "Load more"), where blocks are enforced,
// add / remove / import for who may respond, and the safelist. Reads GET /v1/blocks and the feed version; the forms
// write through the hub's guardrails.

import { Accordion, Badge, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Anchor } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { Can, useSession } from '../../app/session.tsx';
import type { Block } from '../common/answers.ts';
import { DataTable } from '../common/DataTable.tsx';
import { LoadMore } from '../common/LoadMore.tsx';
import { QueryState } from '../common/QueryState.tsx';
import { countdown } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import { AddBlock, ImportBlocks, RemoveBlock } from './BlockForms.tsx';
import { EnforcementCard } from './EnforcementCard.tsx';
import { Safelist } from './Safelist.tsx';

/** Rows per page read from the hub; "Load more" reads the next. */
export const PAGE = 500;

const col = createColumnHelper<Block>();

function columns(now: number, may: boolean) {
  return [
    col.accessor('indicator', { header: 'Indicator', cell: (c) => <Anchor component={Link} to={`/mitigations/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
    col.accessor('block_type', { header: 'Type' }),
    col.accessor('source', { header: 'Origin' }),
    col.accessor('severity', { header: 'Severity', cell: (c) => c.getValue() ? <Badge variant="light">{c.getValue()}</Badge> : '—' }),
    col.accessor('expires_at', { header: 'Expires in', cell: (c) => countdown(c.getValue(), now) }),
    col.accessor('reason', { header: 'Reason', enableSorting: false, cell: (c) => <span title={c.getValue()}>{c.getValue().length > 80 ? `${c.getValue().slice(0, 80)}…` : c.getValue()}</span> }),
    ...(may ? [col.display({ id: 'remove', header: '', cell: (c) => <RemoveBlock id={c.row.original.id} indicator={c.row.original.indicator} /> })] : []),
  ];
}

type BlockType = Block['block_type'];

/** `pageSize`: rows per read from the hub (PAGE; smaller in component tests). */
export default function BlocksPage({ pageSize = PAGE }: { pageSize?: number }) {
  const now = useNow();
  const may = useSession().can('mitigation:write');
  const [params, setParams] = useSearchParams();
  const type = (params.get('type') || undefined) as BlockType | undefined;
  const [contains] = useDebouncedValue(params.get('contains') ?? '', 300);
  const set = (k: string, v: string | null) => { const p = new URLSearchParams(params); if (v) p.set(k, v); else p.delete(k); setParams(p, { replace: true }); };
  const blocks = useInfiniteQuery({
    queryKey: ['/v1/blocks', { type, contains, pageSize }],
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/v1/blocks', {
      params: { query: { block_type: type, indicator_contains: contains || undefined, limit: pageSize, cursor: pageParam } },
    })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    select: (d) => d.pages.flatMap((p) => p.blocks),
  });
  const feed = useQuery({
    queryKey: ['/v1/blocks/changes', 'version'],
    queryFn: async () => unwrap(await api.GET('/v1/blocks/changes', { params: { query: { since: 0, limit: 1 } } })).version,
  });
  return (
    <Stack>
      <Title order={2}>Blocks</Title>
      <EnforcementCard version={feed.data} now={now} />
      <Can scope="mitigation:write">
        <Accordion variant="contained">
          <Accordion.Item value="add"><Accordion.Control>Add a block</Accordion.Control><Accordion.Panel><AddBlock /></Accordion.Panel></Accordion.Item>
          <Accordion.Item value="import"><Accordion.Control>Import a list</Accordion.Control><Accordion.Panel><ImportBlocks /></Accordion.Panel></Accordion.Item>
        </Accordion>
      </Can>
      <Group>
        <Select label="Type" placeholder="any" clearable data={['IP', 'FINGERPRINT', 'ASN', 'USER_AGENT']} value={type ?? null} onChange={(v) => set('type', v)} />
        <TextInput label="Indicator contains" value={params.get('contains') ?? ''} onChange={(e) => set('contains', e.currentTarget.value)} />
      </Group>
      <QueryState query={blocks} label="active blocks" isEmpty={(d) => d.length === 0} empty="No active block.">
        {(d) => (
          <>
            <DataTable label="Active blocks" data={d} columns={columns(now, may)} rowKey={(b) => b.id} />
            <LoadMore query={blocks} shown={d.length} label="active blocks" />
          </>
        )}
      </QueryState>
      <Safelist />
    </Stack>
  );
}
