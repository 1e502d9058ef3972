// Which cached API answers a live event makes stale: queries are keyed by their API path first (['/v1/blocks', …]),
// and each topic names the paths it changes. Invalidation is throttled per topic so a busy feed does not refetch per event.

import type { QueryClient } from '@tanstack/react-query';
import type { Topic } from './protocol.ts';

/** The API paths whose answers an event of the topic may change (a query key's first element starts with one). */
export const INVALIDATES: Record<Topic, string[]> = {
  signals: ['/v1/signals', '/v1/subjects'],
  threats: ['/v1/signals', '/v1/subjects'],
  groups: ['/v1/signal-groups'],
  mitigations: ['/v1/mitigations', '/v1/blocks', '/v1/incidents', '/v1/decisions', '/v1/signal-groups', '/v1/trust-score'],
  blocklist: ['/v1/blocks', '/v1/decisions', '/v1/bouncers', '/v1/safelist'],
  sensors: ['/v1/sensors'],
  metrics: [],
  campaigns: [],
};

/** True when a query key belongs to one of the paths. */
export function keyMatches(key: readonly unknown[], paths: readonly string[]): boolean {
  const head = key[0];
  return typeof head === 'string' && paths.some((p) => head === p || head.startsWith(`${p}/`));
}

/**
 * Returns `onEvent(topic)`: marks the topic's queries stale at once for the first event, then at most once per
 * `intervalMs` while events keep coming (a trailing call catches the last ones).
 */
export function createInvalidator(qc: Pick<QueryClient, 'invalidateQueries'>, intervalMs = 1000,
  setTimer: (f: () => void, ms: number) => unknown = (f, ms) => setTimeout(f, ms)) {
  const waiting = new Map<Topic, boolean>();
  const run = (topic: Topic) => {
    const paths = INVALIDATES[topic];
    if (paths.length) void qc.invalidateQueries({ predicate: (q) => keyMatches(q.queryKey, paths) });
  };
  return (topic: Topic) => {
    if (waiting.has(topic)) { waiting.set(topic, true); return; }
    run(topic);
    waiting.set(topic, false);
    setTimer(() => { const again = waiting.get(topic); waiting.delete(topic); if (again) run(topic); }, intervalMs);
  };
}
