import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { createInvalidator, keyMatches } from './invalidation.ts';

describe('cache invalidation on live events', () => {
  it('matches a query by the API path its key starts with, and paths under it', () => {
    expect(keyMatches(['/v1/blocks', { limit: 5 }], ['/v1/blocks'])).toBe(true);
    expect(keyMatches(['/v1/blocks/changes', 'recent'], ['/v1/blocks'])).toBe(true);
    expect(keyMatches(['/v1/blocksmith'], ['/v1/blocks'])).toBe(false);
    expect(keyMatches(['session'], ['/v1/blocks'])).toBe(false);
  });

  it('marks the topic’s queries stale at once, then at most once per interval while events keep coming', () => {
    const qc = new QueryClient();
    qc.setQueryData(['/v1/blocks', 'a'], 1);
    qc.setQueryData(['/v1/signals', 'b'], 2);
    const calls: string[] = [];
    const timers: (() => void)[] = [];
    const spy = { invalidateQueries: (f: Parameters<QueryClient['invalidateQueries']>[0]) => { calls.push('x'); return qc.invalidateQueries(f); } };
    const onEvent = createInvalidator(spy, 1000, (f) => timers.push(f));
    onEvent('blocklist');
    expect(qc.getQueryState(['/v1/blocks', 'a'])?.isInvalidated).toBe(true);
    expect(qc.getQueryState(['/v1/signals', 'b'])?.isInvalidated).toBe(false);
    onEvent('blocklist');
    onEvent('blocklist');
    expect(calls).toHaveLength(1);
    timers[0]!();
    expect(calls).toHaveLength(2);
  });

  it('does nothing for topics that change no cached answer (metrics)', () => {
    const calls: unknown[] = [];
    const onEvent = createInvalidator({ invalidateQueries: async (f) => { calls.push(f); } }, 1000, () => undefined);
    onEvent('metrics');
    expect(calls).toHaveLength(0);
  });
});
