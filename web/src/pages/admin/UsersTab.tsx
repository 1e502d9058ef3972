// Admin → Users: the tenant's users with their roles, a form to add one, and delete (which ends its sessions).
// An admin grants viewer, responder or admin; only the operator grants operator (the hub refuses otherwise).

import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, PasswordInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession, type UserRole } from '../../app/session.tsx';
import { QueryState, problemText } from '../common/QueryState.tsx';
import { ConfirmDelete } from './ConfirmDelete.tsx';
import { api, unwrap } from '../../api/client.ts';

/** The roles the caller may grant: the operator any, an admin all but operator. */
export function grantableRoles(isOperator: boolean): UserRole[] {
  return isOperator ? ['viewer', 'responder', 'admin', 'operator'] : ['viewer', 'responder', 'admin'];
}

export function UsersTab({ tenantId }: { tenantId?: string }) {
  const session = useSession();
  const qc = useQueryClient();
  const key = ['/v1/users', tenantId ?? 'own'];
  const users = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET('/v1/users', { params: { query: tenantId ? { tenant_id: tenantId } : {} } })),
  });
  const [role, setRole] = useState<string | null>('viewer');
  const create = useMutation({
    mutationFn: async (body: { username: string; password: string; role: UserRole; tenantId?: string }) => unwrap(await api.POST('/v1/users', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['/v1/users'] }),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => { const r = await api.DELETE('/v1/users/{id}', { params: { path: { id } } }); if (!r.response.ok) unwrap(r); },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['/v1/users'] }) });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    create.mutate({ username: String(f.get('username')), password: String(f.get('password')), role: role as UserRole, ...(tenantId ? { tenantId } : {}) },
      { onSuccess: () => form.reset() });
  }
  return (
    <Stack>
      <form onSubmit={submit} aria-label="Add a user">
        <Group align="end">
          <TextInput label="Username" name="username" required autoComplete="off" w={180} />
          <PasswordInput label="Password" name="password" required autoComplete="new-password" w={220} />
          <Select label="Role" data={grantableRoles(session.can('operator'))} value={role} onChange={setRole} allowDeselect={false} w={150} />
          <Button type="submit" loading={create.isPending}>Add user</Button>
        </Group>
      </form>
      {create.isError && <Alert color="red" role="alert">{problemText(create.error)}</Alert>}
      {remove.isError && <Alert color="red" role="alert">{problemText(remove.error)}</Alert>}
      <QueryState query={users} label="users" isEmpty={(d) => d.users.length === 0} empty="No users in this tenant yet.">
        {(d) => (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Users" striped>
              <Table.Thead><Table.Tr><Table.Th>Username</Table.Th><Table.Th>Role</Table.Th><Table.Th>Created</Table.Th><Table.Th>By</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {d.users.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{u.username}</Table.Td>
                    <Table.Td>{u.role}</Table.Td>
                    <Table.Td>{new Date(u.createdAt).toLocaleString()}</Table.Td>
                    <Table.Td><Text size="xs" ff="monospace">{u.createdBy}</Text></Table.Td>
                    <Table.Td>
                      {u.username !== session.name && (
                        <ConfirmDelete label="Delete" name={`Delete user ${u.username}`} question={`Delete ${u.username} and end their sessions?`}
                          onConfirm={() => remove.mutate(u.id)} />
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
