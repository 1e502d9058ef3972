// The tenant's safelist: addresses never blocked (until an optional expiry, counting down); adding one lifts the active
// blocks it overlaps (the hub says which). Reads GET /v1/safelist, writes POST/DELETE /v1/safelist for who may respond.

import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { Can, useSession } from '../../app/session.tsx';
import { QueryState, problemText } from '../common/QueryState.tsx';
import { countdown } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';

/** The expiries offered, in hours ('' = none); the hub refuses more than a year. */
const EXPIRY_CHOICES = [
  { value: '', label: 'Never' }, { value: '1', label: '1 hour' }, { value: '8', label: '8 hours' }, { value: '24', label: '1 day' },
  { value: '168', label: '7 days' }, { value: '720', label: '30 days' }, { value: '2160', label: '90 days' },
];

/** The RFC 3339 expiry `hours` from `now`, or undefined for an entry without expiry. */
export const expiryFrom = (hours: string, now: number) => (hours ? new Date(now + Number(hours) * 3_600_000).toISOString() : undefined);

export function Safelist() {
  const qc = useQueryClient();
  const may = useSession().can('mitigation:write');
  const [cidr, setCidr] = useState('');
  const [reason, setReason] = useState('');
  const [expiry, setExpiry] = useState('');
  const now = useNow();
  const list = useQuery({ queryKey: ['/v1/safelist'], queryFn: async () => unwrap(await api.GET('/v1/safelist')) });
  const refresh = () => { for (const k of ['/v1/safelist', '/v1/blocks', '/v1/mitigations']) void qc.invalidateQueries({ queryKey: [k] }); };
  const add = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/safelist', { body: { cidr, reason: reason || undefined, expiresAt: expiryFrom(expiry, Date.now()) } })),
    onSuccess: () => { setCidr(''); setReason(''); setExpiry(''); refresh(); },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => { const r = await api.DELETE('/v1/safelist/{id}', { params: { path: { id } } }); if (!r.response.ok) unwrap(r); },
    onSuccess: refresh,
  });
  const failed = add.error ?? remove.error;
  return (
    <Stack>
      <Title order={3}>Safelist</Title>
      <Can scope="mitigation:write">
        <Group align="flex-end">
          <TextInput label="Address or prefix" placeholder="192.0.2.0/24" value={cidr} onChange={(e) => setCidr(e.currentTarget.value)} />
          <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <NativeSelect label="Expires" data={EXPIRY_CHOICES} value={expiry} onChange={(e) => setExpiry(e.currentTarget.value)} w={130} />
          <Button variant="default" onClick={() => add.mutate()} loading={add.isPending} disabled={!cidr}>Safelist</Button>
        </Group>
      </Can>
      {failed && <Alert color="red" title="Refused">{problemText(failed)}</Alert>}
      <QueryState query={list} label="safelist entries" isEmpty={(d) => (d.entries ?? []).length === 0} empty="The safelist is empty (the policy's guardrails.safelist applies as well).">
        {(d) => (
          <Table aria-label="Safelist">
            <Table.Thead><Table.Tr><Table.Th>Prefix</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Added</Table.Th><Table.Th>Expires in</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {(d.entries ?? []).map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.cidr}</Table.Td><Table.Td>{e.reason ?? ''}</Table.Td>
                  <Table.Td>{e.created_at ? new Date(e.created_at).toLocaleString() : ''}</Table.Td>
                  <Table.Td>{e.expiresAt ? <span title={new Date(e.expiresAt).toLocaleString()}>{countdown(e.expiresAt, now)}</span> : 'never'}</Table.Td>
                  <Table.Td>{may && e.id && <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(e.id!)}>Remove</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      {add.data && <Text size="sm" c="teal">Safelisted {add.data.cidr}{add.data.withdrawn.length ? `; lifted ${add.data.withdrawn.length} block(s)` : ''}.</Text>}
    </Stack>
  );
}
