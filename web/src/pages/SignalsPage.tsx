// The Signals explorer: every filter of GET /v1/signals, kept in the URL (deep links), cursor paging forward and back,
// and each subject one click away. Refetched when live signal events mark the list stale.

import { useState, type FormEvent } from 'react';
import { Button, Code, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client.ts';
import type { Answer } from './common/answers.ts';
import { DataTable } from './common/DataTable.tsx';
import { QueryState } from './common/QueryState.tsx';
import { SubjectLink } from './common/SubjectLink.tsx';
import { FILTERS, SEVERITIES, paramsFromFilters, queryFromParams, toRfc3339, type Filter } from './signals-query.ts';

type Signal = NonNullable<Answer<'/v1/signals', 'get'>['signals']>[number];

const col = createColumnHelper<Signal>();
const COLUMNS = [
  col.accessor('observed_at', { header: 'Observed', cell: (c) => <Text size="sm" ff="monospace">{c.getValue() ? new Date(c.getValue()!).toLocaleString() : ''}</Text> }),
  col.accessor('source', { header: 'Source' }),
  col.display({ id: 'subject', header: 'Subject', cell: (c) => <SubjectLink type={c.row.original.subject_type ?? ''} id={c.row.original.subject_id ?? ''} /> }),
  col.accessor('signal_key', { header: 'Key', cell: (c) => <Code>{c.getValue()}</Code> }),
  col.accessor('signal_value', { header: 'Value', enableSorting: false, cell: (c) => <Text size="sm" ff="monospace" lineClamp={1}>{JSON.stringify(c.getValue()?.value ?? c.getValue())}</Text> }),
  col.accessor('severity', { header: 'Severity' }),
];

const LABELS: Record<Filter, string> = {
  source: 'Source', subject_type: 'Subject type', subject_id: 'Subject id', signal_key: 'Signal key', severity: 'Severity',
  since: 'Since', until: 'Until',
};

/** An RFC 3339 time as a local date-time input's value; '' when absent or not a time (the hub then says what is wrong). */
function localValue(iso: string | null): string {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? '' : new Date(t - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function FilterForm({ params, onSearch }: { params: URLSearchParams; onSearch: (p: URLSearchParams) => void }) {
  const [severity, setSeverity] = useState<string | null>(params.get('severity'));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const values: Partial<Record<Filter, string>> = {};
    for (const f of FILTERS) values[f] = String(form.get(f) ?? '');
    values.severity = severity ?? '';
    values.since = toRfc3339(values.since ?? '');
    values.until = toRfc3339(values.until ?? '');
    onSearch(paramsFromFilters(values));
  }
  return (
    <form onSubmit={submit} aria-label="Filter signals">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {(['source', 'subject_type', 'subject_id', 'signal_key'] as const).map((f) => (
          <TextInput key={f} label={LABELS[f]} name={f} defaultValue={params.get(f) ?? ''} />
        ))}
        <Select label="Severity" placeholder="Any" clearable data={SEVERITIES} value={severity} onChange={setSeverity} />
        <TextInput label="Since" name="since" type="datetime-local" defaultValue={localValue(params.get('since'))} />
        <TextInput label="Until" name="until" type="datetime-local" defaultValue={localValue(params.get('until'))} />
        <Group align="end"><Button type="submit">Search</Button><Button variant="default" onClick={() => onSearch(new URLSearchParams())}>Reset</Button></Group>
      </SimpleGrid>
    </form>
  );
}

export default function SignalsPage() {
  const [params, setParams] = useSearchParams();
  // The cursors of the pages before this one, so "Previous" goes back without the hub keeping state.
  const [back, setBack] = useState<string[]>([]);
  const query = queryFromParams(params);
  const q = useQuery({
    queryKey: ['/v1/signals', query],
    queryFn: async () => unwrap(await api.GET('/v1/signals', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const go = (cursor: string | undefined, history: string[]) => {
    const p = new URLSearchParams(params);
    if (cursor) p.set('cursor', cursor); else p.delete('cursor');
    setBack(history);
    setParams(p);
  };
  return (
    <Stack>
      <Title order={2}>Signals</Title>
      <FilterForm key={params.toString().replace(/(^|&)cursor=[^&]*/, '')} params={params} onSearch={(p) => { setBack([]); setParams(p); }} />
      <QueryState query={q} label="signals" isEmpty={(d) => !d.signals?.length} empty="No signals match these filters.">
        {(d) => (
          <>
            <DataTable label="Signals" data={d.signals ?? []} columns={COLUMNS} rowKey={(s) => s.id ?? ''} />
            <Group justify="space-between">
              <Text size="sm" c="dimmed">{d.signals?.length} signals on this page</Text>
              <Group>
                <Button variant="default" disabled={back.length === 0 && !params.get('cursor')}
                  onClick={() => go(back.at(-1), back.slice(0, -1))}>Previous</Button>
                <Button variant="default" disabled={!d.next_cursor}
                  onClick={() => go(d.next_cursor ?? undefined, [...back, params.get('cursor') ?? ''])}>Next</Button>
              </Group>
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
