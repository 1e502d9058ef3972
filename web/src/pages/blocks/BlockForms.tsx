// The writes of the Blocks page, for who may respond: add one block, import a list, remove a block with a reason.
// Each goes through the hub's guardrails; a refusal is shown as the hub words it (422 names the guardrail).

import { useState } from 'react';
import { Alert, Button, Group, NumberInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { problemText } from '../common/QueryState.tsx';

const TYPES = ['IP', 'FINGERPRINT', 'ASN', 'USER_AGENT'] as const;
type BlockType = (typeof TYPES)[number];

function useRefresh() {
  const qc = useQueryClient();
  return () => { void qc.invalidateQueries({ queryKey: ['/v1/blocks'] }); void qc.invalidateQueries({ queryKey: ['/v1/mitigations'] }); };
}

export function AddBlock() {
  const refresh = useRefresh();
  const [type, setType] = useState<BlockType>('IP');
  const [indicator, setIndicator] = useState('');
  const [ttl, setTtl] = useState<number | string>(3600);
  const [reason, setReason] = useState('');
  const add = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/blocks', { body: { block_type: type, indicator, ttl_seconds: Number(ttl), reason: reason || undefined } })),
    onSuccess: () => { setIndicator(''); refresh(); },
  });
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <Select label="Type" data={[...TYPES]} value={type} onChange={(v) => setType((v ?? 'IP') as BlockType)} w={150} allowDeselect={false} />
        <TextInput label="Indicator" placeholder="203.0.113.7" value={indicator} onChange={(e) => setIndicator(e.currentTarget.value)} />
        <NumberInput label="TTL (seconds)" min={1} value={ttl} onChange={setTtl} w={140} />
        <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!indicator}>Block</Button>
      </Group>
      {add.isError && <Alert color="red" title="Refused">{problemText(add.error)}</Alert>}
      {add.isSuccess && <Text size="sm" c="teal">{add.data.outcome === 'created' ? 'Blocked' : 'Extended'} {add.data.block?.indicator}.</Text>}
    </Stack>
  );
}

export function ImportBlocks() {
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const [ttl, setTtl] = useState<number | string>(3600);
  const run = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/blocks/import', {
      params: { query: { ttl_seconds: Number(ttl) } },
      body: text, bodySerializer: (b: string) => b, headers: { 'content-type': text.startsWith('indicator') ? 'text/csv' : 'text/plain' },
    })),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      <Textarea label="One indicator a line, or CSV with a header (indicator,block_type,ttl_seconds,reason)" autosize minRows={3} maxRows={10}
        styles={{ input: { fontFamily: 'monospace' } }} value={text} onChange={(e) => setText(e.currentTarget.value)} />
      <Group align="flex-end">
        <NumberInput label="Default TTL (seconds)" min={1} value={ttl} onChange={setTtl} w={180} />
        <Button variant="default" onClick={() => run.mutate()} loading={run.isPending} disabled={!text.trim()}>Import</Button>
      </Group>
      {run.isError && <Alert color="red" title="Import refused">{problemText(run.error)}</Alert>}
      {run.data && (
        <Text size="sm" aria-label="Import result">
          {run.data.created} created, {run.data.extended} extended, {run.data.rejected} rejected
          {run.data.lines.filter((l) => l.outcome === 'rejected').map((l) => `; line ${l.line}: ${l.guardrail ?? ''} ${l.reason ?? ''}`).join('')}
        </Text>
      )}
    </Stack>
  );
}

export function RemoveBlock({ id, indicator }: { id: string; indicator: string }) {
  const refresh = useRefresh();
  const remove = useMutation({
    mutationFn: async (reason: string) => unwrap(await api.DELETE('/v1/blocks/{id}', { params: { path: { id }, query: { reason } } })),
    onSuccess: refresh,
  });
  const ask = () => {
    const reason = window.prompt(`Why remove the block of ${indicator}?`, 'false positive');
    if (reason !== null) remove.mutate(reason);
  };
  return (
    <>
      <Button size="xs" color="red" variant="light" onClick={ask} loading={remove.isPending} aria-label={`Remove ${indicator}`}>Remove</Button>
      {remove.isError && <Text size="xs" c="red">{problemText(remove.error)}</Text>}
    </>
  );
}
