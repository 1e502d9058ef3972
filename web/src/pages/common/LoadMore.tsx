// The "Load more" of a list read in cursor pages (useInfiniteQuery): how many rows are shown, and the button while the
// hub has another page. Presentation only; the query belongs to the page.

import { Button, Group, Text } from '@mantine/core';
import type { UseInfiniteQueryResult } from '@tanstack/react-query';

export function LoadMore({ query, shown, label }: { query: UseInfiniteQueryResult; shown: number; label: string }) {
  return (
    <Group>
      <Text size="sm" c="dimmed">{shown} {label}{query.hasNextPage ? ' shown; more on the hub' : ''}</Text>
      {query.hasNextPage && <Button variant="default" size="xs" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>Load more</Button>}
    </Group>
  );
}
