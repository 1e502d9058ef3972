// Admin → Tenants (the operator only): every tenant of the hub and a form to add one. A tenant's admins are then
// created under Users with that tenant chosen.

import type { FormEvent } from 'react';
import { Alert, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { QueryState, problemText } from '../common/QueryState.tsx';

/** GET /v1/tenants, every page (1,000 tenants a page), shared with the tenant picker of the Admin page. */
export const tenantsQuery = {
  queryKey: ['/v1/tenants'],
  queryFn: async () => {
    const tenants = [];
    let cursor: string | undefined;
    do {
      const page = unwrap(await api.GET('/v1/tenants', { params: { query: { limit: 1000, cursor } } }));
      tenants.push(...page.tenants);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return { tenants };
  },
};

export function TenantsTab() {
  const qc = useQueryClient();
  const tenants = useQuery(tenantsQuery);
  const create = useMutation({
    mutationFn: async (name: string) => unwrap(await api.POST('/v1/tenants', { body: { name } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['/v1/tenants'] }),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(String(new FormData(form).get('name')).trim(), { onSuccess: () => form.reset() });
  }
  return (
    <Stack>
      <form onSubmit={submit} aria-label="Add a tenant">
        <Group align="end">
          <TextInput label="Tenant name" name="name" required w={240} />
          <Button type="submit" loading={create.isPending}>Add tenant</Button>
        </Group>
      </form>
      {create.isError && <Alert color="red" role="alert">{problemText(create.error)}</Alert>}
      <QueryState query={tenants} label="tenants" isEmpty={(d) => !d.tenants?.length}>
        {(d) => (
          <Table aria-label="Tenants" striped>
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Id</Table.Th><Table.Th>Created</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {(d.tenants ?? []).map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td><Text size="xs" ff="monospace">{t.id}</Text></Table.Td>
                  <Table.Td>{t.created_at ? new Date(t.created_at).toLocaleString() : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
