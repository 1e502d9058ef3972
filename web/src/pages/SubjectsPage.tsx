// Subjects: the riskiest subjects (lowest Trust Score first, with what cost them most), the tenant's Pareto of lost
// points, and a form to open any subject's page by type and id.

import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client.ts';
import type { Answer } from './common/answers.ts';
import { DataTable } from './common/DataTable.tsx';
import { ParetoChart } from './common/ParetoChart.tsx';
import { QueryState } from './common/QueryState.tsx';
import { SubjectLink, subjectPath } from './common/SubjectLink.tsx';
import { RANGES, scoreColor, type Range } from './trust-logic.ts';

type Risky = NonNullable<Answer<'/v1/trust-score/subjects', 'get'>['subjects']>[number];
const col = createColumnHelper<Risky>();
const COLUMNS = [
  col.display({ id: 'subject', header: 'Subject', cell: (c) => <SubjectLink type={c.row.original.subject_type ?? ''} id={c.row.original.subject_id ?? ''} /> }),
  col.accessor('score', { header: 'Trust Score', cell: (c) => <Badge color={scoreColor(c.getValue())} variant="light">{c.getValue()}</Badge> }),
  col.accessor((r) => r.top_loss?.category ?? '', { id: 'top', header: 'Costliest category' }),
  col.accessor((r) => r.top_loss?.points_lost ?? 0, { id: 'lost', header: 'Points it lost' }),
  col.accessor((r) => r.top_loss?.finding?.signal_key ?? '', { id: 'finding', header: 'Finding' }),
];

function OpenSubject() {
  const navigate = useNavigate();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    navigate(subjectPath(String(f.get('type')).trim(), String(f.get('id')).trim()));
  };
  return (
    <form onSubmit={submit} aria-label="Open a subject">
      <Group align="end">
        <TextInput label="Subject type" name="type" required placeholder="host" w={160} />
        <TextInput label="Subject id" name="id" required placeholder="203.0.113.7" w={240} />
        <Button type="submit">Open</Button>
      </Group>
    </form>
  );
}

export default function SubjectsPage() {
  const [range, setRange] = useState<Range>('30d');
  const risky = useQuery({
    queryKey: ['/v1/trust-score/subjects', 'worst'],
    queryFn: async () => unwrap(await api.GET('/v1/trust-score/subjects', { params: { query: { order: 'worst', limit: 50 } } })),
  });
  const pareto = useQuery({
    queryKey: ['/v1/trust-score/pareto', 'tenant', range],
    queryFn: async () => unwrap(await api.GET('/v1/trust-score/pareto', { params: { query: { by: 'category', range, limit: 12 } } })),
  });
  return (
    <Stack>
      <Title order={2}>Subjects</Title>
      <OpenSubject />
      <Card withBorder component="section" aria-label="Riskiest subjects">
        <Title order={3} size="h4" mb="sm">Riskiest subjects</Title>
        <QueryState query={risky} label="scored subjects" isEmpty={(d) => !d.subjects?.length}
          empty="No subject has a Trust Score yet (scores are computed from signals, blocks and incidents).">
          {(d) => <DataTable label="Riskiest subjects" data={d.subjects ?? []} columns={COLUMNS} rowKey={(r) => `${r.subject_type}/${r.subject_id}`} />}
        </QueryState>
      </Card>
      <Card withBorder component="section" aria-label="Lost points by category">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">Where the tenant loses points</Title>
          <SegmentedControl size="xs" data={[...RANGES]} value={range} onChange={(v) => setRange(v as Range)} aria-label="Range" />
        </Group>
        <QueryState query={pareto} label="lost points">
          {(p) => (
            <>
              <ParetoChart pareto={p} />
              {p.causes_for_80_percent !== undefined && (p.causes?.length ?? 0) > 0 &&
                <Text size="sm" c="dimmed">{p.causes_for_80_percent} of {p.causes_total} categories make up 80 % of the {Math.round(p.total_points ?? 0)} points lost over {p.subjects} subjects.</Text>}
            </>
          )}
        </QueryState>
      </Card>
    </Stack>
  );
}
