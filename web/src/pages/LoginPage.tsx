// The login form: Username and Password, posted to POST /v1/session; on success the hub sets the session cookie and
// the page returns to the deep link it came from (`?next=`). Shows the hub's refusal as it is; never stores the password.

import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import { SESSION_KEY, safeNext } from '../app/session.tsx';

/** The message for a refused login: the hub's detail, and when to retry after a rate limit. */
export function refusalMessage(status: number, problem: { detail?: string }, retryAfter: string | null): string {
  if (status === 429) return `Too many attempts; try again in ${retryAfter ?? 'a few'} seconds.`;
  if (status === 401) return problem.detail ?? 'Wrong username or password.';
  return problem.detail ?? `Login refused (${status})`;
}

export default function LoginPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await api.POST('/v1/session', { body: { username: String(form.get('username')), password: String(form.get('password')) } })
      .catch((err: unknown) => err as Error);
    setBusy(false);
    if (res instanceof Error) return setError(`The hub did not answer: ${res.message}`);
    if (res.data) {
      qc.setQueryData(SESSION_KEY, res.data);
      return navigate(safeNext(params.get('next')), { replace: true });
    }
    setError(refusalMessage(res.response.status, (res.error ?? {}) as { detail?: string }, res.response.headers.get('retry-after')));
  }
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={360} maw="100%" component="form" onSubmit={submit} aria-label="Log in">
        <Stack>
          <Title order={1} size="h2">Quorum</Title>
          {params.get('setup') === 'done' && <Text size="sm">The operator account is ready; log in with it.</Text>}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label="Username" name="username" autoComplete="username" required autoFocus />
          <PasswordInput label="Password" name="password" autoComplete="current-password" required />
          <Button type="submit" loading={busy}>Log in</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
