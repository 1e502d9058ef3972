// One mitigation: its state, the explanation stored at decision time (thresholds, sources, signals), its group, and
// the actions a responder may take. Reads GET /v1/mitigations/{id}; deep link /mitigations/:id.

import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { Can } from '../../app/session.tsx';
import type { MitigationDetail } from '../common/answers.ts';
import { QueryState } from '../common/QueryState.tsx';
import { countdown } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import { IncidentReport } from './IncidentReport.tsx';
import { MitigationActions } from './MitigationActions.tsx';
import { STATUS_COLOR } from './MitigationsPage.tsx';

function Facts({ m, now }: { m: MitigationDetail; now: number }) {
  const rows: [string, React.ReactNode][] = [
    ['Status', <Badge color={STATUS_COLOR[m.status]}>{m.status}</Badge>],
    ['Origin', m.origin],
    ['Block type', m.block_type],
    ['Created', new Date(m.created_at).toLocaleString()],
    ['Expires', m.status === 'active' ? `in ${countdown(m.expires_at, now)}` : new Date(m.expires_at).toLocaleString()],
    ['Extended', `${m.extended_count} time(s)`],
    ['Ended', m.ended_at ? `${new Date(m.ended_at).toLocaleString()}: ${m.end_reason ?? ''}` : '—'],
    ['Group', m.group_id ? <Anchor component={Link} to={`/groups/${m.group_id}`}>{m.correlation?.rule ?? 'group'}</Anchor> : '—'],
  ];
  if (m.rejection_code) rows.push(['Rejected', `${m.rejection_code}: ${m.rejection_reason ?? ''}`]);
  return (
    <Table aria-label="Mitigation" variant="vertical">
      <Table.Tbody>{rows.map(([k, v]) => <Table.Tr key={k}><Table.Th w={140}>{k}</Table.Th><Table.Td>{v}</Table.Td></Table.Tr>)}</Table.Tbody>
    </Table>
  );
}

function Explanation({ e }: { e: MitigationDetail['explanation'] }) {
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3}>Explanation</Title>
        <Text aria-label="Explanation">{e.text}</Text>
        {e.thresholds && (
          <Text size="sm" c="dimmed">
            Rule {e.rule}, playbook {e.playbook}: min {e.thresholds.min_sources} sources, threshold {e.thresholds.confidence_threshold},
            window {e.thresholds.window_seconds} s, decay half-life {e.thresholds.decay_half_life_seconds} s; decided {new Date(e.decided_at).toLocaleString()}.
          </Text>
        )}
        {e.sources && e.sources.length > 0 && (
          <Table aria-label="Contributing sources">
            <Table.Thead><Table.Tr><Table.Th>Source</Table.Th><Table.Th>Confidence</Table.Th><Table.Th>Weight</Table.Th><Table.Th>Signal</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {e.sources.map((s) => (
                <Table.Tr key={s.source}><Table.Td>{s.source}</Table.Td><Table.Td>{s.confidence?.toFixed(2)}</Table.Td><Table.Td>{s.weight?.toFixed(1)}</Table.Td><Table.Td>{s.signal_id}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

export default function MitigationDetailPage() {
  const { id = '' } = useParams();
  const now = useNow();
  const detail = useQuery({
    queryKey: ['/v1/mitigations', 'detail', id],
    queryFn: async () => unwrap(await api.GET('/v1/mitigations/{id}', { params: { path: { id } } })),
  });
  return (
    <Stack>
      <QueryState query={detail} label="the mitigation">
        {(m) => (
          <>
            <Group justify="space-between">
              <Title order={2}>Mitigation {m.indicator}</Title>
              {m.status === 'active' && <Can scope="mitigation:write"><MitigationActions id={m.id} /></Can>}
            </Group>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Facts m={m} now={now} />
              <Explanation e={m.explanation} />
            </SimpleGrid>
            <IncidentReport mitigationId={m.id} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
