// Placeholder for the LiveFeed page while it is being built.
// Replaced in the next commits.

import { Title } from '@mantine/core';

export default function LiveFeedPage() {
  return <Title order={2}>LiveFeed</Title>;
}
