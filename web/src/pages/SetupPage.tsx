// The first start's page (/setup?code=…): the operator chooses a username and password with the one-time code the hub
// printed; POST /v1/setup creates the operator user. The code is single-use: a second try is refused by the hub.

import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate, useSearchParams } from 'react-router';

/** The problem with a chosen password the page can see (a typo in the confirmation); the hub judges its strength. */
export function passwordProblem(password: string, confirm: string): string | null {
  return password === confirm ? null : 'The two passwords differ.';
}

export default function SetupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const code = params.get('code') ?? '';
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password'));
    const problem = passwordProblem(password, String(form.get('confirm')));
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    const res = await fetch('/v1/setup', {
      method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin',
      body: JSON.stringify({ code: form.get('code'), username: form.get('username'), password }),
    }).catch((err: unknown) => err as Error);
    setBusy(false);
    if (res instanceof Error) return setError(`The hub did not answer: ${res.message}`);
    if (res.ok) return navigate('/login?setup=done', { replace: true });
    const p = await res.json().catch(() => ({})) as { detail?: string };
    setError(p.detail ?? `Setup refused (${res.status})`);
  }
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={420} maw="100%" component="form" onSubmit={submit} aria-label="Set up the operator account">
        <Stack>
          <Title order={1} size="h2">Set up Quorum</Title>
          <Text size="sm">Choose the operator's username and password. The setup code was printed by the hub at its first start and works once.</Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label="Setup code" name="code" defaultValue={code} required autoComplete="off" />
          <TextInput label="Username" name="username" autoComplete="username" required autoFocus defaultValue="operator" />
          <PasswordInput label="Password" name="password" autoComplete="new-password" required />
          <PasswordInput label="Confirm password" name="confirm" autoComplete="new-password" required />
          <Button type="submit" loading={busy}>Create the operator account</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
