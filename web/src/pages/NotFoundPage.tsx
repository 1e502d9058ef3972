// The page for a path the dashboard does not know: says so and links home.
// Never redirects silently, so a broken deep link is visible.

import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';

export default function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Stack>
      <Title order={2}>Not found</Title>
      <Text>There is no page at <code>{pathname}</code>.</Text>
      <Anchor component={Link} to="/">Back to the overview</Anchor>
    </Stack>
  );
}
