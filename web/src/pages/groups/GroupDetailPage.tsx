// One signal group: its signals on a timeline by source, the per-source confidence and weight, the gate as bars, and
// the mitigation it decided. Reads GET /v1/signal-groups/{id} (and the weights the decision stored, else the policy's); deep link /groups/:id.

import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { useLiveTopic } from '../../live/LiveProvider.tsx';
import type { GroupDetail } from '../common/answers.ts';
import { QueryState } from '../common/QueryState.tsx';
import { GateBars, SignalTimeline } from './GroupCharts.tsx';
import { sourceWeights } from '../correlation/config-form.ts';
import { usePolicy } from '../correlation/usePolicy.ts';
import { gateBars, sourceColor, sourceRows, timelineSeries } from './group-logic.ts';

export const GROUP_STATUS_COLOR: Record<string, string> = { open: 'blue', corroborated: 'red', expired: 'gray' };

function SourceTable({ g, mitigationId }: { g: GroupDetail; mitigationId: string | null }) {
  const mitigation = useQuery({
    queryKey: ['/v1/mitigations', 'detail', mitigationId],
    enabled: mitigationId !== null,
    queryFn: async () => unwrap(await api.GET('/v1/mitigations/{id}', { params: { path: { id: mitigationId! } } })),
  });
  const policy = usePolicy();
  const seen = [...new Set(g.signals.map((s) => s.source ?? ''))];
  const now = new Map(policy.data ? sourceWeights(policy.data.config, seen).map((w) => [w.source, w.weight]) : []);
  const rows = sourceRows(g, mitigation.data?.explanation, now);
  return (
    <Table aria-label="Sources of the group">
      <Table.Thead><Table.Tr><Table.Th>Source</Table.Th><Table.Th>Signals</Table.Th><Table.Th>Best confidence</Table.Th><Table.Th>Weight</Table.Th><Table.Th>Ended</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.source}>
            <Table.Td><Badge color={sourceColor(r.source)} variant="dot">{r.source}</Badge></Table.Td>
            <Table.Td>{r.signals}</Table.Td>
            <Table.Td>{r.best.toFixed(2)}</Table.Td>
            <Table.Td>{r.weight === null ? '—' : r.weight.toFixed(1)}{r.weight !== null && r.weightFrom === 'policy' && <Text span size="xs" c="dimmed"> (policy now)</Text>}</Table.Td>
            <Table.Td>{r.ended ? 'yes' : 'no'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function GroupView({ g }: { g: GroupDetail }) {
  return (
    <>
      <Group justify="space-between">
        <Title order={2}>Group {g.rule} · {g.subject_id}</Title>
        <Badge size="lg" color={GROUP_STATUS_COLOR[g.status]}>{g.status}</Badge>
      </Group>
      <Text aria-label="Decision reason">{g.decision_reason ?? 'Not evaluated yet.'}</Text>
      <Text size="sm" c="dimmed">
        Opened {new Date(g.opened_at).toLocaleString()}, window until {new Date(g.window_ends_at).toLocaleString()}; playbook {g.playbook ?? '—'}
        {g.end_reason ? `; ended: ${g.end_reason}` : ''}
      </Text>
      <Card withBorder><Title order={3} mb="xs">Gate</Title><GateBars bars={gateBars(g)} /></Card>
      <Card withBorder><Title order={3} mb="xs">Signals</Title><SignalTimeline series={timelineSeries(g)} /></Card>
      <Card withBorder><Title order={3} mb="xs">Sources</Title><SourceTable g={g} mitigationId={g.mitigation_id} /></Card>
      <Card withBorder>
        <Title order={3} mb="xs">Mitigation</Title>
        {g.mitigation_id
          ? <Anchor component={Link} to={`/mitigations/${g.mitigation_id}`}>Open the mitigation</Anchor>
          : <Text c="dimmed">No mitigation: {g.guardrail_rejections.length ? g.guardrail_rejections.map((r) => `${r.code}: ${r.reason}`).join('; ') : 'the gate has not passed.'}</Text>}
      </Card>
    </>
  );
}

export default function GroupDetailPage() {
  const { id = '' } = useParams();
  // Subscribed while shown: a new signal or the decision refreshes the group through the live client's invalidation.
  useLiveTopic('groups', () => undefined);
  const group = useQuery({
    queryKey: ['/v1/signal-groups', 'detail', id],
    queryFn: async () => unwrap(await api.GET('/v1/signal-groups/{id}', { params: { path: { id } } })),
  });
  return <Stack><QueryState query={group} label="the group">{(g) => <GroupView g={g} />}</QueryState></Stack>;
}
