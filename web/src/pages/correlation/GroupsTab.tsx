// Correlation › Groups: the tenant's signal groups filtered by status, rule and subject, newest first, live.
// Reads GET /v1/signal-groups; each row opens its group (/groups/:id).

import { Anchor, Badge, Group, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { useLiveTopic } from '../../live/LiveProvider.tsx';
import type { SignalGroup } from '../common/answers.ts';
import { DataTable } from '../common/DataTable.tsx';
import { QueryState } from '../common/QueryState.tsx';
import { GROUP_STATUS_COLOR } from '../groups/GroupDetailPage.tsx';

const col = createColumnHelper<SignalGroup>();
const columns = [
  col.accessor('subject_id', { header: 'Subject', cell: (c) => <Anchor component={Link} to={`/groups/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
  col.accessor('rule', { header: 'Rule' }),
  col.accessor('status', { header: 'Status', cell: (c) => <Badge color={GROUP_STATUS_COLOR[c.getValue()]}>{c.getValue()}</Badge> }),
  col.accessor('source_count', { header: 'Sources', cell: (c) => `${c.getValue()} (min ${c.row.original.min_sources ?? '—'})` }),
  col.accessor('derived_confidence', { header: 'Derived confidence', cell: (c) => `${c.getValue()?.toFixed(2) ?? '—'} (≥ ${c.row.original.confidence_threshold?.toFixed(2) ?? '—'})` }),
  col.accessor('signal_count', { header: 'Signals' }),
  col.accessor('opened_at', { header: 'Opened', cell: (c) => new Date(c.getValue()).toLocaleString() }),
];

type Status = 'open' | 'corroborated' | 'expired';

export function GroupsTab() {
  const [params, setParams] = useSearchParams();
  const status = (['open', 'corroborated', 'expired'].includes(params.get('status') ?? '') ? params.get('status') : undefined) as Status | undefined;
  const [rule] = useDebouncedValue(params.get('rule') ?? '', 300);
  const [subject] = useDebouncedValue(params.get('subject') ?? '', 300);
  const set = (k: string, v: string | null) => { const p = new URLSearchParams(params); if (v) p.set(k, v); else p.delete(k); setParams(p, { replace: true }); };
  // Subscribed while shown: the live client then marks the group queries stale as groups change.
  useLiveTopic('groups', () => undefined);
  const groups = useQuery({
    queryKey: ['/v1/signal-groups', { status, rule, subject }],
    queryFn: async () => unwrap(await api.GET('/v1/signal-groups', { params: { query: { status, rule: rule || undefined, subject: subject || undefined, limit: 200 } } })),
  });
  return (
    <Stack>
      <Group>
        <Select label="Status" placeholder="any" clearable data={['open', 'corroborated', 'expired']} value={status ?? null} onChange={(v) => set('status', v)} />
        <TextInput label="Rule" value={params.get('rule') ?? ''} onChange={(e) => set('rule', e.currentTarget.value)} />
        <TextInput label="Subject" value={params.get('subject') ?? ''} onChange={(e) => set('subject', e.currentTarget.value)} />
      </Group>
      <QueryState query={groups} label="groups" isEmpty={(d) => d.signal_groups.length === 0} empty="No group matches.">
        {(d) => <DataTable label="Signal groups" data={d.signal_groups} columns={columns} rowKey={(g) => g.id} />}
      </QueryState>
    </Stack>
  );
}
