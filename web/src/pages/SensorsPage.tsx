// Placeholder for the Sensors page while it is being built.
// Replaced in the next commits.

import { Title } from '@mantine/core';

export default function SensorsPage() {
  return <Title order={2}>Sensors</Title>;
}
