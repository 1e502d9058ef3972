// The three states every page shows before its content: loading, the hub's refusal or failure, and nothing to show.
// Presentation only; the query itself belongs to the page.

import type { ReactNode } from 'react';
import { Alert, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../../api/client.ts';

/** What went wrong, in words a person acts on: 403 says which role is missing, 404 that the thing is gone. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `Your role may not see this (${error.message}).`;
    if (error.status === 404) return `Not found: ${error.message}`;
    return `${error.message} (${error.status} ${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Renders `children(data)` once the query has data; a loader, the error, or `empty` (when `isEmpty(data)`) before that. */
export function QueryState<T>({ query, label, isEmpty, empty, children }: {
  query: UseQueryResult<T>; label: string; isEmpty?: (data: T) => boolean; empty?: ReactNode; children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loader aria-label={`Loading ${label}`} />;
  if (query.isError) return <Alert color="red" title={`Could not load ${label}`}>{problemText(query.error)}</Alert>;
  if (isEmpty?.(query.data)) return <Text c="dimmed">{empty ?? `No ${label}.`}</Text>;
  return <>{children(query.data)}</>;
}
