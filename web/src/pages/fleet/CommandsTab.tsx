// The Fleet page's Commands tab: the tenant's fleet commands, newest first, with their status and the sensor's answer
// (read again every 2 s while one is open), Cancel for open ones, and a form to send a command to a sensor or to the fleet by tag (admins).

import { useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { Alert, Badge, Button, Checkbox, Code, Group, NativeSelect, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { Can, useSession } from '../../app/session.tsx';
import type { FleetCommand } from '../common/answers.ts';
import { DataTable } from '../common/DataTable.tsx';
import { QueryState, problemText } from '../common/QueryState.tsx';
import { ago } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import {
  COMMAND_STATUSES, COMMAND_TYPES, STATUS_COLOR, commandRequest, isOpen, selectorText, type CommandForm, type CommandStatus, type CommandType,
} from './fleet-logic.ts';

/** How often the list is read again while a command is pending or sent (the hub has no live topic for commands). */
export const OPEN_REFRESH_MS = 2000;

const col = createColumnHelper<FleetCommand>();

function CancelCommand({ c }: { c: FleetCommand }) {
  const qc = useQueryClient();
  const cancel = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/commands/{id}/cancel', { params: { path: { id: c.id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['/v1/commands'] }),
  });
  return <Button size="xs" variant="subtle" color="red" loading={cancel.isPending} onClick={() => cancel.mutate()} aria-label={`Cancel ${c.type} to ${c.sensor_id}`}>Cancel</Button>;
}

function columns(now: number, admin: boolean) {
  return [
    col.accessor('created_at', { header: 'Sent', cell: (c) => <span title={new Date(c.getValue()).toLocaleString()}>{ago(c.getValue(), now)}</span> }),
    col.accessor('sensor_id', { header: 'Sensor', cell: (c) => <Text size="sm" ff="monospace">{c.getValue()}</Text> }),
    col.accessor('type', { header: 'Type' }),
    col.accessor('status', { header: 'Status', cell: (c) => <Badge color={STATUS_COLOR[c.getValue()]} variant="light">{c.getValue().replace('_', ' ')}</Badge> }),
    col.accessor('attempts', { header: 'Attempts', cell: (c) => `${c.getValue()}/${c.row.original.max_attempts}` }),
    col.accessor('message', { header: 'Answer', enableSorting: false, cell: (c) => answerText(c.row.original) }),
    col.accessor('created_by', { header: 'By', cell: (c) => <Text size="xs">{c.getValue()}</Text> }),
    ...(admin ? [col.display({ id: 'cancel', header: '', cell: (c) => (isOpen(c.row.original) ? <CancelCommand c={c.row.original} /> : null) })] : []),
  ];
}

function answerText(c: FleetCommand) {
  if (c.message === null && c.result === null) return '—';
  const result = c.result === null ? '' : JSON.stringify(c.result);
  return (
    <Stack gap={0}>
      {c.message && <Text size="sm">{c.message}</Text>}
      {result && <Code title={result}>{result.length > 80 ? `${result.slice(0, 80)}…` : result}</Code>}
    </Stack>
  );
}

const EMPTY_FORM: CommandForm = { target: 'sensor', sensorId: '', tags: '', connectedOnly: true, type: 'collect_diagnostics', payload: '{}' };

function SendCommand() {
  const qc = useQueryClient();
  const [form, setForm] = useState<CommandForm>(EMPTY_FORM);
  const set = <K extends keyof CommandForm>(k: K, v: CommandForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const approved = useQuery({
    queryKey: ['/v1/sensors', { approval: 'approved' }],
    queryFn: async () => unwrap(await api.GET('/v1/sensors', { params: { query: { approval: 'approved', limit: 1000 } } })).sensors,
  });
  const request = commandRequest(form);
  const send = useMutation({
    mutationFn: async () => {
      if ('error' in request) throw new Error(request.error);
      if (request.kind === 'sensor') {
        const c = unwrap(await api.POST('/v1/sensors/{id}/commands', { params: { path: { id: request.sensorId } }, body: request.body }));
        return `Command ${c.type} to ${c.sensor_id}: ${c.status}.`;
      }
      const a = unwrap(await api.POST('/v1/commands', { body: request.body }));
      return a.commands.length ? `Command ${request.body.type} to ${a.commands.length} sensor(s).` : 'No approved sensor matched: nothing was sent.';
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['/v1/commands'] }),
  });
  return (
    <Stack gap="xs" component="form" aria-label="Send a command" onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
      <Group align="flex-end">
        <SegmentedControl aria-label="Send to" value={form.target} onChange={(v) => set('target', v as CommandForm['target'])}
          data={[{ value: 'sensor', label: 'One sensor' }, { value: 'fleet', label: 'Fleet by tag' }]} />
        {form.target === 'sensor' ? (
          <NativeSelect label="Sensor" w={240} value={form.sensorId} onChange={(e) => set('sensorId', e.currentTarget.value)}
            data={[{ value: '', label: 'an approved sensor…' }, ...(approved.data ?? []).map((s) => ({ value: s.sensor_id, label: s.name ? `${s.name} (${s.sensor_id})` : s.sensor_id }))]} />
        ) : (
          <>
            <TextInput label="Tags (all of them)" placeholder="edge, eu" value={form.tags} onChange={(e) => set('tags', e.currentTarget.value)} />
            <Checkbox label="connected now only" checked={form.connectedOnly} onChange={(e) => set('connectedOnly', e.currentTarget.checked)} mb={8} />
          </>
        )}
        <NativeSelect label="Command" data={COMMAND_TYPES} value={form.type} onChange={(e) => set('type', e.currentTarget.value as CommandType)} w={200} />
      </Group>
      <Textarea label="Payload (JSON object, given to the sensor as is)" rows={2} styles={{ input: { fontFamily: 'monospace' } }}
        value={form.payload} onChange={(e) => set('payload', e.currentTarget.value)} />
      <Group>
        <Button type="submit" loading={send.isPending} disabled={'error' in request}>Send command</Button>
        <Text size="sm" c="dimmed">
          {'error' in request ? request.error : request.kind === 'fleet' ? `Reaches ${selectorText(request.body.selector)}.` : 'Queued while the sensor is offline, delivered on its reconnect.'}
        </Text>
      </Group>
      {send.isError && <Alert color="red" title="Refused">{problemText(send.error)}</Alert>}
      {send.isSuccess && <Text size="sm" c="teal" role="status">{send.data}</Text>}
    </Stack>
  );
}

export function CommandsTab() {
  const now = useNow(5000);
  const admin = useSession().can('admin');
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') || null) as CommandStatus | null;
  const [sensor] = useDebouncedValue(params.get('sensor') ?? '', 300);
  const set = (k: string, v: string | null) => { const p = new URLSearchParams(params); if (v) p.set(k, v); else p.delete(k); setParams(p, { replace: true }); };
  const commands = useQuery({
    queryKey: ['/v1/commands', { status, sensor }],
    queryFn: async () => unwrap(await api.GET('/v1/commands', { params: { query: { status: status ?? undefined, sensor: sensor || undefined, limit: 200 } } })).commands,
    refetchInterval: (q) => (q.state.data?.some(isOpen) ? OPEN_REFRESH_MS : false),
  });
  return (
    <Stack>
      <Can scope="admin"><SendCommand /></Can>
      <Group align="flex-end">
        <Select label="Status" placeholder="any" clearable data={COMMAND_STATUSES} value={status} onChange={(v) => set('status', v)} w={180} />
        <TextInput label="Sensor" placeholder="any" value={params.get('sensor') ?? ''} onChange={(e) => set('sensor', e.currentTarget.value || null)} />
      </Group>
      <QueryState query={commands} label="commands" isEmpty={(d) => d.length === 0} empty={status || sensor ? 'No command matches these filters.' : 'No command has been sent yet.'}>
        {(d) => <DataTable label="Commands" data={d} columns={columns(now, admin)} rowKey={(c) => c.id} />}
      </QueryState>
    </Stack>
  );
}
