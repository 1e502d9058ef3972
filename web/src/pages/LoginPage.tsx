// The login form: Username and Password, posted to POST /v1/session; on success the hub sets the session cookie.
// Shows the hub's refusal (wrong password, rate limit) as it is; never stores the password.

import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useNavigate } from 'react-router';

export default function LoginPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await fetch('/v1/session', {
      method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin',
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    }).catch((err: unknown) => err as Error);
    setBusy(false);
    if (res instanceof Error) return setError(`The hub did not answer: ${res.message}`);
    if (res.ok) return navigate('/', { replace: true });
    const problem = await res.json().catch(() => ({})) as { detail?: string };
    setError(problem.detail ?? `Login refused (${res.status})`);
  }
  return (
    <Center h="100vh">
      <Paper withBorder p="xl" w={360} component="form" onSubmit={submit} aria-label="Log in">
        <Stack>
          <Title order={2}>Quorum</Title>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label="Username" name="username" autoComplete="username" required autoFocus />
          <PasswordInput label="Password" name="password" autoComplete="current-password" required />
          <Button type="submit" loading={busy}>Log in</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
