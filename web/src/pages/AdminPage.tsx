// Placeholder for the Admin page while it is being built.
// Replaced in the next commits.

import { Title } from '@mantine/core';

export default function AdminPage() {
  return <Title order={2}>Admin</Title>;
}
