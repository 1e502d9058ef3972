// Extend and withdraw of one active mitigation, each with a reason or a TTL, shown only to who may respond.
// Writes through the hub (POST /v1/blocks/{id}/extend, POST /v1/mitigations/{id}/withdraw); the hub checks the role again.

import { useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { problemText } from '../common/QueryState.tsx';

type Dialog = 'extend' | 'withdraw' | null;

export function MitigationActions({ id }: { id: string }) {
  const [open, setOpen] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [ttl, setTtl] = useState<number | string>(3600);
  const qc = useQueryClient();
  const done = () => { setOpen(null); setReason(''); void qc.invalidateQueries({ queryKey: ['/v1/mitigations'] }); void qc.invalidateQueries({ queryKey: ['/v1/blocks'] }); };
  const withdraw = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/mitigations/{id}/withdraw', { params: { path: { id } }, body: reason ? { reason } : {} })),
    onSuccess: done,
  });
  const extend = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/blocks/{id}/extend', { params: { path: { id } }, body: { ttl_seconds: Number(ttl) } })),
    onSuccess: done,
  });
  const failed = withdraw.error ?? extend.error;
  return (
    <>
      <Group>
        <Button variant="default" onClick={() => setOpen('extend')}>Extend</Button>
        <Button color="red" onClick={() => setOpen('withdraw')}>Withdraw</Button>
      </Group>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open === 'extend' ? 'Extend the mitigation' : 'Withdraw the mitigation'}>
        <Stack>
          {open === 'extend'
            ? <NumberInput label="TTL from now (seconds)" min={1} value={ttl} onChange={setTtl} />
            : <TextInput label="Reason" placeholder="false positive" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={512} data-autofocus />}
          {failed && <Alert color="red" title="Refused">{problemText(failed)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(null)}>Cancel</Button>
            {open === 'extend'
              ? <Button loading={extend.isPending} onClick={() => extend.mutate()}>Extend</Button>
              : <Button color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>Confirm withdraw</Button>}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
