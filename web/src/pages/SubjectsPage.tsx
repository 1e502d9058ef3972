// Placeholder for the Subjects page while it is being built.
// Replaced in the next commits.

import { Title } from '@mantine/core';

export default function SubjectsPage() {
  return <Title order={2}>Subjects</Title>;
}
