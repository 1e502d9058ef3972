// The Live feed: signals and threats as the hub commits them (topics `signals` and `threats` of /ws/dashboard),
// pausable (arrivals are held, not lost), filterable by kind, source, severity and text; each subject one click away.

import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Chip, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useLiveSnapshot, useLiveStatus, useLiveTopic, useLiveTopicReady } from '../live/LiveProvider.tsx';
import type { LiveMessage, SignalEvent } from '../live/protocol.ts';
import { SubjectLink } from './common/SubjectLink.tsx';
import { EMPTY_FEED, applyFilter, arrive, feedSources, latencyPercentiles, setPaused, type Feed, type FeedFilter, type FeedKind } from './live-feed-logic.ts';

const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];
const SEVERITY_COLOR: Record<string, string> = { info: 'gray', low: 'blue', medium: 'yellow', high: 'orange', critical: 'red' };

function valueText(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

export default function LiveFeedPage() {
  const status = useLiveStatus();
  const ready = useLiveTopicReady('signals');
  const { snapshot } = useLiveSnapshot();
  const [feed, setFeed] = useState<Feed>(EMPTY_FEED);
  const [filter, setFilter] = useState<FeedFilter>({ kinds: ['signal', 'threat'], source: null, severity: null, text: '' });
  const add = (kind: FeedKind) => (m: LiveMessage) =>
    setFeed((f) => arrive(f, { kind, event: m.payload as SignalEvent, receivedAt: Date.now(), sequenceId: m.sequenceId }));
  useLiveTopic('signals', add('signal'));
  useLiveTopic('threats', add('threat'));
  // The snapshot's recent threats seed the list so the page is not blank until the next one.
  useEffect(() => {
    if (!snapshot) return;
    setFeed((f) => [...snapshot.recentThreats].reverse().reduce((acc, e) => arrive(acc, { kind: 'threat', event: e, receivedAt: Date.now() }), f));
  }, [snapshot]);
  const all = useMemo(() => [...feed.shown, ...feed.held], [feed]);
  const rows = applyFilter(feed.shown, filter);
  // Only items that arrived live: the snapshot's seeds were committed long before.
  const latency = latencyPercentiles(all.filter((i) => i.sequenceId !== undefined));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Live feed</Title>
        <Group>
          {latency && <Text size="sm" c="dimmed" data-testid="feed-latency" data-p50={latency.p50} data-p99={latency.p99} data-n={latency.n}>
            commit → page: p50 {latency.p50} ms · p99 {latency.p99} ms ({latency.n})</Text>}
          {feed.paused && <Badge color="yellow" variant="light" role="status">{feed.held.length} new while paused</Badge>}
          <Button variant={feed.paused ? 'filled' : 'default'} onClick={() => setFeed((f) => setPaused(f, !f.paused))}>
            {feed.paused ? 'Resume' : 'Pause'}
          </Button>
          <Button variant="subtle" onClick={() => setFeed(EMPTY_FEED)}>Clear</Button>
        </Group>
      </Group>
      <Group align="end" role="search" aria-label="Filter the live feed">
        <Chip.Group multiple value={filter.kinds} onChange={(v) => setFilter({ ...filter, kinds: v as FeedKind[] })}>
          <Group gap="xs" role="group" aria-label="Kinds">
            <Chip value="signal">Signals</Chip>
            <Chip value="threat">Threats</Chip>
          </Group>
        </Chip.Group>
        <Select label="Source" placeholder="Any" clearable data={feedSources(all)} value={filter.source}
          onChange={(v) => setFilter({ ...filter, source: v })} w={180} />
        <Select label="Severity" placeholder="Any" clearable data={SEVERITIES} value={filter.severity}
          onChange={(v) => setFilter({ ...filter, severity: v })} w={150} />
        <TextInput label="Search" placeholder="subject, key or source" value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.currentTarget.value })} w={240} />
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" role="status">
          {status !== 'live' ? `Live updates are ${status}.` : feed.shown.length ? 'Nothing matches the filter.' : ready ? 'Waiting for signals…' : 'Subscribing…'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label="Live signals and threats" striped>
            <Table.Thead>
              <Table.Tr><Table.Th>Observed</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Source</Table.Th><Table.Th>Subject</Table.Th>
                <Table.Th>Key</Table.Th><Table.Th>Value</Table.Th><Table.Th>Severity</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ kind, event: e }) => (
                <Table.Tr key={`${kind}:${e.id}`}>
                  <Table.Td><Text size="sm" ff="monospace">{new Date(e.observedAt).toLocaleTimeString()}</Text></Table.Td>
                  <Table.Td>{kind}</Table.Td>
                  <Table.Td>{e.source}</Table.Td>
                  <Table.Td><SubjectLink type={e.subjectType} id={e.subjectId} /></Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{e.key}</Text></Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{valueText(e.value)}</Text></Table.Td>
                  <Table.Td>{e.severity && <Badge color={SEVERITY_COLOR[e.severity] ?? 'gray'} variant="light">{e.severity}</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
