// One subject (/subjects/:type/:id): its current state (latest signals), its Trust Score with the trend chart, the
// point-by-point explanation of what it lost, and the Pareto of those losses by category, source or signal key.

import { useState } from 'react';
import { Anchor, Badge, Card, Code, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../api/client.ts';
import { ParetoChart } from './common/ParetoChart.tsx';
import { QueryState } from './common/QueryState.tsx';
import { RANGES, deltaText, lossesByCategory, scoreColor, trendPoints, type Range, type SubjectScore } from './trust-logic.ts';

const day = (t: number) => new Date(t).toLocaleDateString();

function TrendChart({ score }: { score: SubjectScore }) {
  const points = trendPoints(score);
  if (points.length < 2) return <Text c="dimmed">Not enough history for a trend yet.</Text>;
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={points}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={day} minTickGap={30} />
        <YAxis domain={[0, 100]} width={36} />
        <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} />
        <Line dataKey="score" stroke="#4c6ef5" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

function Explanation({ score }: { score: SubjectScore }) {
  const groups = lossesByCategory(score.losses ?? []);
  if (groups.length === 0) return <Text c="dimmed">Nothing cost this subject points.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Points lost, finding by finding">
        <Table.Thead><Table.Tr><Table.Th>Category</Table.Th><Table.Th>Finding</Table.Th><Table.Th>Source</Table.Th><Table.Th>Severity</Table.Th><Table.Th>Observed</Table.Th><Table.Th>Points lost</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {groups.flatMap((g) => g.losses.map((l, i) => (
            <Table.Tr key={`${g.category}:${l.finding?.id ?? i}`}>
              <Table.Td>{i === 0 ? <Text fw={600} size="sm">{g.category} (−{g.points})</Text> : null}</Table.Td>
              <Table.Td><Code>{l.finding?.signal_key ?? l.finding?.kind}</Code></Table.Td>
              <Table.Td>{l.finding?.source}</Table.Td>
              <Table.Td>{l.finding?.severity}</Table.Td>
              <Table.Td>{l.finding?.observed_at ? new Date(l.finding.observed_at).toLocaleString() : ''}</Table.Td>
              <Table.Td>−{l.points_lost}</Table.Td>
            </Table.Tr>
          )))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CurrentState({ type, id }: { type: string; id: string }) {
  const q = useQuery({
    queryKey: ['/v1/subjects', type, id],
    queryFn: async () => unwrap(await api.GET('/v1/subjects/{subject_type}/{subject_id}', { params: { path: { subject_type: type, subject_id: id } } })),
  });
  return (
    <QueryState query={q} label="the subject's signals" isEmpty={(d) => !d.signals?.length} empty="No signals about this subject are stored.">
      {(d) => (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Current signals">
            <Table.Thead><Table.Tr><Table.Th>Key</Table.Th><Table.Th>Value</Table.Th><Table.Th>Source</Table.Th><Table.Th>Severity</Table.Th><Table.Th>Observed</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {(d.signals ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td><Code>{s.signal_key}</Code></Table.Td>
                  <Table.Td><Text size="sm" ff="monospace" lineClamp={1}>{JSON.stringify(s.signal_value?.value ?? s.signal_value)}</Text></Table.Td>
                  <Table.Td>{s.source}</Table.Td>
                  <Table.Td>{s.severity}</Table.Td>
                  <Table.Td>{s.observed_at ? new Date(s.observed_at).toLocaleString() : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryState>
  );
}

export default function SubjectPage() {
  const { type = '', id = '' } = useParams();
  const [range, setRange] = useState<Range>('30d');
  const [by, setBy] = useState<'category' | 'source' | 'signal_key'>('category');
  const score = useQuery({
    queryKey: ['/v1/trust-score/subjects', type, id, range],
    queryFn: async () => unwrap(await api.GET('/v1/trust-score/subjects/{type}/{id}', { params: { path: { type, id }, query: { range } } })),
  });
  const pareto = useQuery({
    queryKey: ['/v1/trust-score/pareto', type, id, range, by],
    queryFn: async () => unwrap(await api.GET('/v1/trust-score/pareto', { params: { query: { subject_type: type, subject_id: id, by, range } } })),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Anchor component={Link} to="/subjects" size="sm">Subjects</Anchor>
          <Title order={2}><Text span c="dimmed" inherit>{type}/</Text>{id}</Title>
        </div>
        <SegmentedControl data={[...RANGES]} value={range} onChange={(v) => setRange(v as Range)} aria-label="Range" />
      </Group>
      <Card withBorder component="section" aria-label="Trust Score">
        <QueryState query={score} label="the Trust Score">
          {(s) => (
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <Stack gap={4}>
                <Text size="sm" c="dimmed">Trust Score</Text>
                <Group gap="xs"><Badge size="xl" color={scoreColor(s.score)} variant="filled" data-testid="trust-score">{s.score}</Badge>
                  <Text size="sm">{deltaText(s.trend?.delta)} over {range}</Text></Group>
                <Text size="xs" c="dimmed">computed {s.computed_at ? new Date(s.computed_at).toLocaleString() : 'never'} · formula {s.formula_version}</Text>
                {(s.categories ?? []).map((c) => <Text key={c.name} size="sm">{c.name}: {c.score} (weight {c.weight}, {c.findings} findings)</Text>)}
              </Stack>
              <div style={{ gridColumn: 'span 2' }}><TrendChart score={s} /></div>
            </SimpleGrid>
          )}
        </QueryState>
      </Card>
      <Card withBorder component="section" aria-label="Why it lost points">
        <Title order={3} size="h4" mb="sm">Why it lost points</Title>
        <QueryState query={score} label="the explanation">{(s) => <Explanation score={s} />}</QueryState>
      </Card>
      <Card withBorder component="section" aria-label="Pareto of lost points">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">Pareto of lost points</Title>
          <SegmentedControl size="xs" value={by} onChange={(v) => setBy(v as typeof by)} aria-label="Group by"
            data={[{ value: 'category', label: 'Category' }, { value: 'source', label: 'Source' }, { value: 'signal_key', label: 'Signal key' }]} />
        </Group>
        <QueryState query={pareto} label="the Pareto">{(p) => <ParetoChart pareto={p} />}</QueryState>
      </Card>
      <Card withBorder component="section" aria-label="Current state">
        <Title order={3} size="h4" mb="sm">Current state</Title>
        <CurrentState type={type} id={id} />
      </Card>
    </Stack>
  );
}
