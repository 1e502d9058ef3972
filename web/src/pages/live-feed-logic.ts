// The Live feed's list: newest first, bounded, held back while paused, filtered by kind, source, severity and text.
// Pure functions (tested in live-feed-logic.test.ts); the page only holds their state.

import type { SignalEvent } from '../live/protocol.ts';

export type FeedKind = 'signal' | 'threat';
export interface FeedItem { kind: FeedKind; event: SignalEvent; receivedAt: number; sequenceId?: number }
export interface Feed { shown: FeedItem[]; held: FeedItem[]; paused: boolean }
export interface FeedFilter { kinds: FeedKind[]; source: string | null; severity: string | null; text: string }

export const FEED_LIMIT = 500;
export const EMPTY_FEED: Feed = { shown: [], held: [], paused: false };

/** Adds an arriving item: shown at the top when running, held back when paused; both lists stay bounded. */
export function arrive(feed: Feed, item: FeedItem, limit = FEED_LIMIT): Feed {
  if (feed.shown.some((i) => i.event.id === item.event.id && i.kind === item.kind)) return feed;
  if (feed.paused) return { ...feed, held: [item, ...feed.held].slice(0, limit) };
  return { ...feed, shown: [item, ...feed.shown].slice(0, limit) };
}

/** Pauses, or resumes showing the held items on top. */
export function setPaused(feed: Feed, paused: boolean, limit = FEED_LIMIT): Feed {
  if (paused) return { ...feed, paused };
  return { paused, held: [], shown: [...feed.held, ...feed.shown].slice(0, limit) };
}

/** The items that pass the filter; `text` matches the subject, the signal key or the source, case-insensitively. */
export function applyFilter(items: FeedItem[], f: FeedFilter): FeedItem[] {
  const text = f.text.trim().toLowerCase();
  return items.filter(({ kind, event: e }) => f.kinds.includes(kind)
    && (!f.source || e.source === f.source)
    && (!f.severity || e.severity === f.severity)
    && (!text || `${e.subjectType}/${e.subjectId} ${e.key} ${e.source}`.toLowerCase().includes(text)));
}

/** The sources seen so far, for the source filter. */
export function feedSources(items: FeedItem[]): string[] {
  return [...new Set(items.map((i) => i.event.source))].sort();
}

/** The delay from a signal's commit at the hub (its `ingestedAt`) to its arrival here: p50 and p99 in ms, or null. */
export function latencyPercentiles(items: FeedItem[]): { p50: number; p99: number; n: number } | null {
  const d = items.filter((i) => i.event.ingestedAt > 0).map((i) => Math.max(0, Math.round(i.receivedAt - i.event.ingestedAt))).sort((a, b) => a - b);
  if (d.length === 0) return null;
  const at = (q: number) => d[Math.min(d.length - 1, Math.ceil(q * d.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), n: d.length };
}
