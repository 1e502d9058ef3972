// Admin → API keys: the tenant's keys (scopes, revoked or not), create one (its secret is shown once, here, and never
// again), and revoke. Typed by GET/POST/DELETE /v1/keys of the hub's OpenAPI document.

import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, MultiSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useSession } from '../../app/session.tsx';
import type { Answer } from '../common/answers.ts';
import { QueryState, problemText } from '../common/QueryState.tsx';
import { ConfirmDelete } from './ConfirmDelete.tsx';

type KeyScope = paths['/v1/keys']['post']['requestBody']['content']['application/json']['scopes'][number];
type CreatedKey = Answer<'/v1/keys', 'post'>;

/** The scopes a key may be given from here: the operator scope only by the operator. */
export function grantableScopes(isOperator: boolean): KeyScope[] {
  const all: KeyScope[] = ['signal:write', 'signal:read', 'agent:write', 'dashboard:read', 'blocklist:read', 'admin'];
  return isOperator ? [...all, 'operator'] : all;
}

function SecretOnce({ created, onClose }: { created: CreatedKey | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="The new key's secret" closeOnClickOutside={false}>
      <Stack>
        <Text size="sm">Copy it now: the hub keeps only its hash and will never show it again.</Text>
        <Code block data-testid="new-key-secret">{created?.key}</Code>
        <Group justify="space-between">
          <CopyButton value={created?.key ?? ''}>{({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          <Button variant="default" onClick={onClose}>I have stored it</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function KeysTab({ tenantId }: { tenantId?: string }) {
  const session = useSession();
  const qc = useQueryClient();
  const [scopes, setScopes] = useState<string[]>(['signal:write']);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const keys = useQuery({
    queryKey: ['/v1/keys', tenantId ?? 'own'],
    queryFn: async () => unwrap(await api.GET('/v1/keys', { params: { query: tenantId ? { tenant_id: tenantId } : {} } })),
  });
  const create = useMutation({
    mutationFn: async (b: { name: string; scopes: KeyScope[] }) =>
      unwrap(await api.POST('/v1/keys', { body: { ...b, ...(tenantId ? { tenantId } : {}) } })),
    onSuccess: (k) => { setCreated(k); void qc.invalidateQueries({ queryKey: ['/v1/keys'] }); },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => { const r = await api.DELETE('/v1/keys/{id}', { params: { path: { id } } }); if (!r.response.ok) unwrap(r); },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['/v1/keys'] }),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name')).trim();
    create.mutate({ name, scopes: scopes as KeyScope[] });
  }
  return (
    <Stack>
      <form onSubmit={submit} aria-label="Create an API key">
        <Group align="end">
          <TextInput label="Name" name="name" required placeholder="edge-sensor-1" w={200} />
          <MultiSelect label="Scopes" data={grantableScopes(session.can('operator'))} value={scopes} onChange={setScopes} w={360} required />
          <Button type="submit" loading={create.isPending} disabled={scopes.length === 0}>Create key</Button>
        </Group>
      </form>
      {create.isError && <Alert color="red" role="alert">{problemText(create.error)}</Alert>}
      {revoke.isError && <Alert color="red" role="alert">{problemText(revoke.error)}</Alert>}
      <SecretOnce created={created} onClose={() => setCreated(null)} />
      <QueryState query={keys} label="API keys" isEmpty={(d) => !d.keys?.length} empty="No API keys in this tenant.">
        {(d) => (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="API keys" striped>
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Id</Table.Th><Table.Th>Scopes</Table.Th><Table.Th>Created</Table.Th><Table.Th>State</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {(d.keys ?? []).map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>{k.name ?? '—'}</Table.Td>
                    <Table.Td><Text size="xs" ff="monospace">{k.id}</Text></Table.Td>
                    <Table.Td>{(k.scopes ?? []).map((s) => <Badge key={s} variant="light" mr={4}>{s}</Badge>)}</Table.Td>
                    <Table.Td>{k.created_at ? new Date(k.created_at).toLocaleString() : ''}</Table.Td>
                    <Table.Td>{k.revoked_at ? <Badge color="gray">revoked</Badge> : <Badge color="green" variant="light">active</Badge>}</Table.Td>
                    <Table.Td>
                      {!k.revoked_at && k.id && (
                        <ConfirmDelete label="Revoke" name={`Revoke key ${k.name ?? k.id}`} question={`Revoke ${k.name ?? k.id}? Clients using it are refused at once.`}
                          onConfirm={() => revoke.mutate(k.id!)} />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
