// Admin (/admin/:tab): users, API keys and the audit log of the tenant; the operator also sees every tenant and picks
// the tenant the other tabs act in. Shown only to admin and operator (the hub refuses everyone else anyway).

import { useState } from 'react';
import { Alert, Group, Select, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../app/session.tsx';
import { AuditTab } from './admin/AuditTab.tsx';
import { KeysTab } from './admin/KeysTab.tsx';
import { TenantsTab, tenantsQuery } from './admin/TenantsTab.tsx';
import { UsersTab } from './admin/UsersTab.tsx';

const TABS = ['users', 'keys', 'audit', 'tenants'] as const;

function TenantPicker({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const tenants = useQuery(tenantsQuery);
  return (
    <Select label="Tenant" placeholder="My own" clearable w={260} value={value} onChange={onChange}
      data={(tenants.data?.tenants ?? []).map((t) => ({ value: t.id ?? '', label: t.name ?? t.id ?? '' }))} />
  );
}

export default function AdminPage() {
  const session = useSession();
  const navigate = useNavigate();
  const { tab = 'users' } = useParams();
  const operator = session.can('operator');
  const [tenantId, setTenantId] = useState<string | null>(null);
  if (!session.can('admin')) return <Alert color="yellow" title="Admins only">Your role ({session.role ?? 'this key'}) cannot manage users, keys or the audit log.</Alert>;
  const current = (TABS as readonly string[]).includes(tab) && (tab !== 'tenants' || operator) ? tab : 'users';
  const acting = tenantId ?? undefined;
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>Admin</Title>
        {operator && current !== 'tenants' && <TenantPicker value={tenantId} onChange={setTenantId} />}
      </Group>
      <Tabs value={current} onChange={(v) => navigate(`/admin/${v ?? 'users'}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="keys">API keys</Tabs.Tab>
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
          {operator && <Tabs.Tab value="tenants">Tenants</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="users" pt="md"><UsersTab tenantId={acting} /></Tabs.Panel>
        <Tabs.Panel value="keys" pt="md"><KeysTab tenantId={acting} /></Tabs.Panel>
        <Tabs.Panel value="audit" pt="md"><AuditTab tenantId={acting} /></Tabs.Panel>
        {operator && <Tabs.Panel value="tenants" pt="md"><TenantsTab /></Tabs.Panel>}
      </Tabs>
    </Stack>
  );
}
