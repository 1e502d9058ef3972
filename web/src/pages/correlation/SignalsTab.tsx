// Correlation › Signals: every source the policy weighs or that reported lately, its weight and when it was last seen.
// Reads the effective policy and GET /v1/signals (one newest signal per source).

import { Badge, Stack, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { api, unwrap } from '../../api/client.ts';
import { DataTable } from '../common/DataTable.tsx';
import { QueryState } from '../common/QueryState.tsx';
import { ago } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import { sourceWeights } from './config-form.ts';
import { usePolicy } from './usePolicy.ts';

interface Row { source: string; weight: number; configured: boolean; lastSeen: string | null | undefined }
const col = createColumnHelper<Row>();

export function SignalsTab() {
  const now = useNow(5000);
  const policy = usePolicy();
  const recent = useQuery({
    queryKey: ['/v1/signals', 'recent-sources'],
    // Not live: the signals topic would refetch this page of signals every second on a busy hub.
    refetchInterval: 30_000,
    queryFn: async () => unwrap(await api.GET('/v1/signals', { params: { query: { limit: 500 } } })),
  });
  const seen = [...new Set((recent.data?.signals ?? []).map((s) => s.source).filter((s): s is string => !!s))];
  const weights = policy.data ? sourceWeights(policy.data.config, seen) : [];
  const last = useQueries({
    queries: weights.map((w) => ({
      queryKey: ['/v1/signals', 'last-of', w.source],
      queryFn: async () => unwrap(await api.GET('/v1/signals', { params: { query: { source: w.source, limit: 1 } } })).signals?.[0]?.observed_at ?? null,
    })),
  });
  const rows: Row[] = weights.map((w, i) => ({ ...w, lastSeen: last[i]?.data }));
  const columns = [
    col.accessor('source', { header: 'Source' }),
    col.accessor('weight', { header: 'Weight', cell: (c) => <>{c.getValue().toFixed(2)} {!c.row.original.configured && <Badge size="xs" variant="light">default</Badge>}</> }),
    col.accessor((r) => (r.lastSeen ? Date.parse(r.lastSeen) : 0), { id: 'last', header: 'Last seen', cell: (c) => (c.row.original.lastSeen === undefined ? '…' : ago(c.row.original.lastSeen, now)) }),
  ];
  return (
    <Stack>
      <Text size="sm" c="dimmed">A source counts once per group, with its best signal, weighted as below (docs/correlation.md, the arithmetic).</Text>
      <QueryState query={policy} label="the sources" isEmpty={() => rows.length === 0} empty="No source is configured and none has reported yet.">
        {() => <DataTable label="Sources" data={rows} columns={columns} rowKey={(r) => r.source} />}
      </QueryState>
    </Stack>
  );
}
