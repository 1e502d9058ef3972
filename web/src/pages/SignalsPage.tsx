// Placeholder for the Signals page while it is being built.
// Replaced in the next commits.

import { Title } from '@mantine/core';

export default function SignalsPage() {
  return <Title order={2}>Signals</Title>;
}
