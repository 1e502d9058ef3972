// Placeholder for the Subject page while it is being built.
// Replaced in the next commits.

import { Title } from '@mantine/core';

export default function SubjectPage() {
  return <Title order={2}>Subject</Title>;
}
