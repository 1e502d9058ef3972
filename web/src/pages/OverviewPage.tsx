// The overview: signals per second by source, open groups, active blocks, connected sensors, feed lag (all live from
// /ws/dashboard), the last 24 h of decisions (GET /v1/blocks/changes) and the feed's consumers (GET /v1/feed/consumers).

import { useRef, useState } from 'react';
import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../api/client.ts';
import { useLiveSnapshot, useLiveTopic } from '../live/LiveProvider.tsx';
import type { MetricsEvent } from '../live/protocol.ts';
import { QueryState } from './common/QueryState.tsx';
import { SubjectLink } from './common/SubjectLink.tsx';
import { CHANGE_KINDS, addRatePoint, decisionsByHour, lagMs, sourcesOf, withAllSources, type BlockChange, type RatePoint } from './overview-logic.ts';

const COLORS = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#be4bdb', '#15aabf', '#fd7e14', '#82c91e'];
const clock = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hourLabel = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The last (at most) 1000 block changes: asks for the feed's version, then reads back from it. */
async function recentChanges(): Promise<BlockChange[]> {
  const head = unwrap(await api.GET('/v1/blocks/changes', { params: { query: { since: 0, limit: 1 } } }));
  const since = Math.max(0, head.version - 1000);
  return unwrap(await api.GET('/v1/blocks/changes', { params: { query: { since, limit: 1000 } } })).changes;
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={label}>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text fz={28} fw={700} data-testid={`stat-${label}`}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Card>
  );
}

function SignalsChart({ points }: { points: RatePoint[] }) {
  const sources = sourcesOf(points);
  if (points.length === 0) return <Text c="dimmed">Waiting for the hub's first figures…</Text>;
  if (sources.length === 0) return <Text c="dimmed">No signals in the last {points.length} s.</Text>;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <AreaChart data={withAllSources(points, sources)} margin={{ left: 0, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="t" tickFormatter={clock} minTickGap={40} />
        <YAxis allowDecimals={false} width={40} />
        <Tooltip labelFormatter={(t) => clock(Number(t))} />
        <Legend />
        {sources.map((s, i) => (
          <Area key={s} type="monotone" dataKey={s} stackId="1" stroke={COLORS[i % COLORS.length]} fill={COLORS[i % COLORS.length]}
            isAnimationActive={false} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}

/** Where each consumer of the committed signals feed stands in the tenant's feed, every hub's, read again every 5 s. */
function FeedConsumers() {
  const q = useQuery({ queryKey: ['/v1/feed/consumers'], queryFn: async () => unwrap(await api.GET('/v1/feed/consumers')).consumers, refetchInterval: 5000 });
  return (
    <QueryState query={q} label="feed consumers" isEmpty={(c) => c.length === 0} empty="This hub runs no feed consumers.">
      {(consumers) => (
        <Table.ScrollContainer minWidth={500}>
          <Table aria-label="Feed consumers">
            <Table.Thead><Table.Tr><Table.Th>Consumer</Table.Th><Table.Th>Followed by a hub</Table.Th><Table.Th>Signals waiting</Table.Th><Table.Th>Oldest waiting</Table.Th><Table.Th>Lag</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {consumers.map((c) => (
                <Table.Tr key={c.consumer}>
                  <Table.Td>{c.consumer}</Table.Td>
                  <Table.Td>{c.followed ? 'yes' : <Text span c="red" fw={700} size="sm">no hub follows it</Text>}</Table.Td>
                  <Table.Td>{c.pending_signals.toLocaleString()}{c.pending_more ? '+' : ''}</Table.Td>
                  <Table.Td>{c.oldest_pending_at ? new Date(c.oldest_pending_at).toLocaleTimeString() : '—'}</Table.Td>
                  <Table.Td>{c.lag_seconds.toFixed(1)} s</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryState>
  );
}

function DecisionsTimeline() {
  const q = useQuery({ queryKey: ['/v1/blocks/changes', 'recent'], queryFn: recentChanges, refetchInterval: 60_000 });
  return (
    <QueryState query={q} label="decisions" isEmpty={(c) => c.length === 0} empty="No decisions yet.">
      {(changes) => (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={decisionsByHour(changes, Date.now())}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
            <XAxis dataKey="hour" tickFormatter={hourLabel} minTickGap={30} />
            <YAxis allowDecimals={false} width={40} />
            <Tooltip labelFormatter={(t) => hourLabel(Number(t))} />
            <Legend />
            {CHANGE_KINDS.map((k, i) => <Bar key={k} dataKey={k} stackId="1" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />)}
          </BarChart>
        </ResponsiveContainer>
      )}
    </QueryState>
  );
}

export default function OverviewPage() {
  const { snapshot, refresh } = useLiveSnapshot();
  // The open groups list comes from a snapshot: a group event asks for a new one, at most every 2 s.
  const lastRefresh = useRef(0);
  useLiveTopic('groups', () => {
    if (Date.now() - lastRefresh.current < 2000) return;
    lastRefresh.current = Date.now();
    refresh();
  });
  const [metrics, setMetrics] = useState<MetricsEvent | null>(null);
  const [points, setPoints] = useState<RatePoint[]>([]);
  const [lag, setLag] = useState<number | null>(null);
  useLiveTopic('metrics', (m) => {
    const e = m.payload as MetricsEvent;
    const now = Date.now();
    setMetrics(e);
    setLag(lagMs(m.timestamp, now));
    setPoints((p) => addRatePoint(p, e, m.timestamp ?? now));
  });
  const counts = metrics ?? snapshot?.counts;
  const show = (n: number | undefined) => (n === undefined ? '…' : String(n));
  return (
    <Stack>
      <Title order={2}>Overview</Title>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Open groups" value={show(counts?.openGroups)} />
        <Stat label="Active blocks" value={show(counts?.activeBlocks)} />
        <Stat label="Connected sensors" value={show(counts?.connectedSensors)} />
        <Stat label="Feed lag" value={lag === null ? '…' : `${lag} ms`} hint="from the hub's publication to this page" />
      </SimpleGrid>
      <Card withBorder component="section" aria-label="Signals per second by source">
        <Title order={3} size="h4" mb="sm">Signals per second by source</Title>
        <SignalsChart points={points} />
      </Card>
      <Card withBorder component="section" aria-label="Decisions in the last 24 hours">
        <Title order={3} size="h4" mb="sm">Decisions in the last 24 hours</Title>
        <DecisionsTimeline />
      </Card>
      <Card withBorder component="section" aria-label="Feed consumers">
        <Title order={3} size="h4" mb="sm">Feed consumers</Title>
        <Text size="xs" c="dimmed" mb="xs">Where correlation, the auto-blocklist and the current-signal pointers stand in this tenant's committed signals feed.</Text>
        <FeedConsumers />
      </Card>
      <Card withBorder component="section" aria-label="Open groups">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">Open groups</Title>
          <Anchor component={Link} to="/correlation/groups" size="sm">All groups</Anchor>
        </Group>
        {!snapshot ? <Text c="dimmed">Waiting for the hub…</Text> : snapshot.openGroups.length === 0 ? <Text c="dimmed">No open groups.</Text> : (
          <Table.ScrollContainer minWidth={500}>
            <Table aria-label="Open groups">
              <Table.Thead><Table.Tr><Table.Th>Subject</Table.Th><Table.Th>Rule</Table.Th><Table.Th>Sources</Table.Th><Table.Th>Signals</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {snapshot.openGroups.slice(0, 10).map((g) => (
                  <Table.Tr key={g.id}>
                    <Table.Td><SubjectLink type={g.subjectType} id={g.subjectId} /></Table.Td>
                    <Table.Td><Anchor component={Link} to={`/groups/${g.id}`} size="sm">{g.rule}</Anchor></Table.Td>
                    <Table.Td>{g.sourceCount}</Table.Td>
                    <Table.Td>{g.signalCount}</Table.Td>
                    <Table.Td>{g.status}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
