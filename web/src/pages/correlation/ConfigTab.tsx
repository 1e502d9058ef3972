// Correlation › Config: the tenant's effective policy, its numbers as fields and its overrides as a document, saved
// as a new version with the hub's errors shown at their field; replay of the candidate and the versions beside it.

import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, NumberInput, SimpleGrid, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { Can } from '../../app/session.tsx';
import { QueryState } from '../common/QueryState.tsx';
import { SCALARS, candidateOf, fieldErrors, formFrom, type FormValues } from './config-form.ts';
import { ReplayPanel } from './ReplayPanel.tsx';
import { usePolicy, POLICY_KEY } from './usePolicy.ts';
import { VersionsPanel } from './VersionsPanel.tsx';

function OriginBadge({ origin }: { origin: string | undefined }) {
  return origin ? <Badge size="xs" variant="light" color={origin === 'hub' ? 'gray' : 'indigo'}>{origin}</Badge> : null;
}

export function ConfigTab() {
  const policy = usePolicy();
  const qc = useQueryClient();
  const effective = formFrom(policy.data?.config);
  const [form, setForm] = useState<FormValues>({});
  const [doc, setDoc] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  useEffect(() => {
    if (!policy.data) return;
    setForm(formFrom(policy.data.config));
    setDoc(JSON.stringify(policy.data.overrides ?? {}, null, 2));
  }, [policy.data]);
  const candidate = () => {
    const c = candidateOf(doc, form, effective);
    setLocalError(c.ok ? null : c.error);
    return c.ok ? c.doc : null;
  };
  const save = useMutation({
    // The route's body schema is a bare object, which the generated type reads as an empty record.
    mutationFn: async (body: Record<string, unknown>) => unwrap(await api.PUT('/v1/config/correlation', { body })),
    onSuccess: (data) => { qc.setQueryData(POLICY_KEY, data); void qc.invalidateQueries({ queryKey: ['/v1/config/correlation/versions'] }); },
  });
  const errors = fieldErrors(save.error);
  const origins = policy.data?.origins ?? {};
  return (
    <QueryState query={policy} label="the policy">
      {(p) => (
        <Stack>
          <Text size="sm" c="dimmed">Version {p.version ?? 0} of the tenant's policy on hub defaults version {p.defaults_version ?? 0}. Saving adds a version.</Text>
          {(p.problems?.length ?? 0) > 0 && <Alert color="orange" title="Stored overrides not applied">{JSON.stringify(p.problems)}</Alert>}
          <Card withBorder>
            <Stack>
              <Switch label={<>Correlation enabled <OriginBadge origin={origins.enabled} /></>} checked={form.enabled === true}
                onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })} error={errors.fields.enabled} />
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {SCALARS.map((s) => (
                  <NumberInput key={s.key} label={<>{s.label} <OriginBadge origin={origins[s.key]} /></>} min={s.min} max={'max' in s ? s.max : undefined} step={s.step}
                    decimalScale={s.step < 1 ? 3 : 0} clampBehavior="none" value={form[s.key] as number | string | undefined ?? ''} error={errors.fields[s.key]}
                    onChange={(v) => setForm({ ...form, [s.key]: v })} />
                ))}
              </SimpleGrid>
              <Textarea label="The tenant's overrides (JSON; sources, rules, playbooks, guardrails…)" autosize minRows={6} maxRows={24}
                styles={{ input: { fontFamily: 'monospace' } }} value={doc} onChange={(e) => setDoc(e.currentTarget.value)} error={localError} />
              {errors.others.length > 0 && (
                <Alert color="red" title="The hub refused the policy"><List size="sm">{errors.others.map((e) => <List.Item key={e}>{e}</List.Item>)}</List></Alert>
              )}
              {save.isSuccess && <Text c="teal" size="sm">Saved as version {save.data.version}.</Text>}
              <Can scope="admin">
                <Group justify="flex-end">
                  <Button onClick={() => { const c = candidate(); if (c) save.mutate(c); }} loading={save.isPending}>Save as a new version</Button>
                </Group>
              </Can>
            </Stack>
          </Card>
          <Card withBorder><ReplayPanel candidate={candidate} /></Card>
          <Can scope="admin"><Card withBorder><VersionsPanel current={p.version} /></Card></Can>
          <Title order={4}>Effective policy</Title>
          <Textarea aria-label="Effective policy" readOnly autosize maxRows={16} styles={{ input: { fontFamily: 'monospace' } }} value={JSON.stringify(p.config, null, 2)} />
        </Stack>
      )}
    </QueryState>
  );
}
