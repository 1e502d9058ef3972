// The Markdown incident report of a mitigation: rendered, its source a tab away, and downloadable as a .md file.
// Reads GET /v1/reports/incident?mitigation_id=; rendered by react-markdown, which never passes raw HTML through.

import { Button, Code, Group, Paper, Stack, Tabs, Title, Typography } from '@mantine/core';
import Markdown from 'react-markdown';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { QueryState } from '../common/QueryState.tsx';

/** Offers `text` as a file download named `name`. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

export function IncidentReport({ mitigationId }: { mitigationId: string }) {
  const report = useQuery({
    queryKey: ['/v1/mitigations', mitigationId, 'report'],
    queryFn: async () => unwrap(await api.GET('/v1/reports/incident', { params: { query: { mitigation_id: mitigationId } }, parseAs: 'text' })) as string,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Incident report</Title>
        {report.data && <Button variant="default" onClick={() => download(report.data, `incident-${mitigationId}.md`)}>Download Markdown</Button>}
      </Group>
      <QueryState query={report} label="the incident report">
        {(text) => (
          <Tabs defaultValue="rendered">
            <Tabs.List><Tabs.Tab value="rendered">Report</Tabs.Tab><Tabs.Tab value="markdown">Markdown</Tabs.Tab></Tabs.List>
            <Tabs.Panel value="rendered" pt="sm">
              <Paper withBorder p="md" aria-label="Incident report"><Typography><Markdown>{text}</Markdown></Typography></Paper>
            </Tabs.Panel>
            <Tabs.Panel value="markdown" pt="sm"><Code block aria-label="Incident report source" style={{ whiteSpace: 'pre-wrap' }}>{text}</Code></Tabs.Panel>
          </Tabs>
        )}
      </QueryState>
    </Stack>
  );
}
