// The Signals explorer's filters as URL search parameters (so every view is a deep link) and back as the query of
// GET /v1/signals. Pure (tested in signals-query.test.ts); only the filters the route takes are kept.

import type { paths } from '../api/schema';

export type SignalsQuery = NonNullable<paths['/v1/signals']['get']['parameters']['query']>;
export type Severity = NonNullable<SignalsQuery['severity']>;

/** The filters of GET /v1/signals the explorer offers, in form order (cursor and limit are paging). */
export const FILTERS = ['source', 'subject_type', 'subject_id', 'signal_key', 'severity', 'since', 'until'] as const;
export type Filter = (typeof FILTERS)[number];
export const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
export const PAGE_SIZE = 50;

/** The query for GET /v1/signals from the page's search parameters; empty and unknown values are left out. */
export function queryFromParams(params: URLSearchParams): SignalsQuery {
  const q: SignalsQuery = { limit: PAGE_SIZE };
  for (const f of FILTERS) {
    const v = params.get(f)?.trim();
    if (!v) continue;
    if (f === 'severity') { if ((SEVERITIES as string[]).includes(v)) q.severity = v as Severity; }
    else q[f] = v;
  }
  const cursor = params.get('cursor');
  if (cursor) q.cursor = cursor;
  return q;
}

/** The search parameters for a set of filter values (a new search starts on the first page: no cursor). */
export function paramsFromFilters(values: Partial<Record<Filter, string>>): URLSearchParams {
  const p = new URLSearchParams();
  for (const f of FILTERS) { const v = values[f]?.trim(); if (v) p.set(f, v); }
  return p;
}

/** A local date-time input's value (`2026-12-02T19:30`) as RFC 3339 in UTC, or '' when empty or invalid. */
export function toRfc3339(local: string): string {
  if (!local) return '';
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? '' : t.toISOString();
}
