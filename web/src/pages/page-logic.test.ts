import { describe, expect, it } from 'vitest';
import { addRatePoint, decisionsByHour, lagMs, sourcesOf, withAllSources, type BlockChange } from './overview-logic.ts';
import { EMPTY_FEED, applyFilter, arrive, feedSources, latencyPercentiles, setPaused, type FeedItem } from './live-feed-logic.ts';
import { paramsFromFilters, queryFromParams, toRfc3339 } from './signals-query.ts';
import { deltaText, lossesByCategory, paretoRows, trendPoints, type Loss } from './trust-logic.ts';
import type { MetricsEvent, SignalEvent } from '../live/protocol.ts';

const metrics = (bySource: Record<string, number>, intervalMs = 1000): MetricsEvent => ({
  signals: { total: Object.values(bySource).reduce((a, b) => a + b, 0), bySource, capped: false, intervalMs },
  openGroups: 0, activeBlocks: 0, connectedSensors: 0,
});

describe('the Overview', () => {
  it('turns each metrics event into signals per second by source, keeping the last points', () => {
    let pts = addRatePoint([], metrics({ fastnetmon: 5 }, 500), 1);
    pts = addRatePoint(pts, metrics({ alertmanager: 3 }), 2);
    pts = addRatePoint(pts, metrics({}), 3, 2);
    expect(pts).toEqual([{ t: 2, alertmanager: 3 }, { t: 3 }]);
    expect(addRatePoint([], metrics({ a: 5 }, 500), 1)).toEqual([{ t: 1, a: 10 }]);
    expect(sourcesOf([{ t: 1, b: 1 } as never, { t: 2, a: 1 } as never])).toEqual(['a', 'b']);
    expect(withAllSources([{ t: 1 } as never, { t: 2, a: 3 } as never], ['a', 'b'])).toEqual([{ t: 1, a: 0, b: 0 }, { t: 2, a: 3, b: 0 }]);
  });

  it('counts the last 24 hours of block changes per hour and kind, empty hours kept', () => {
    const now = Date.parse('2026-12-02T12:30:00Z');
    const change = (at: string, change: BlockChange['change']) => ({ changed_at: at, change }) as BlockChange;
    const b = decisionsByHour([
      change('2026-12-02T12:10:00Z', 'created'), change('2026-12-02T12:20:00Z', 'created'),
      change('2026-12-02T11:59:00Z', 'withdrawn'), change('2026-12-01T12:59:00Z', 'expired'), change('2026-12-01T11:00:00Z', 'created'),
    ], now);
    expect(b).toHaveLength(24);
    expect(b[23]).toMatchObject({ hour: Date.parse('2026-12-02T12:00:00Z'), created: 2 });
    expect(b[22]).toMatchObject({ withdrawn: 1 });
    expect(b[0]).toMatchObject({ hour: Date.parse('2026-12-01T13:00:00Z'), expired: 0, created: 0 });
  });

  it('measures feed lag from the frame’s publication, never negative', () => {
    expect(lagMs(1000, 1040)).toBe(40);
    expect(lagMs(1000, 990)).toBe(0);
    expect(lagMs(undefined, 5)).toBeNull();
  });
});

const sig = (id: string, over: Partial<SignalEvent> = {}): SignalEvent => ({
  id, source: 'fastnetmon', subjectType: 'host', subjectId: '203.0.113.7', key: 'ddos.pps', value: 1, severity: 'high',
  observedAt: '2026-12-02T12:00:00Z', ingestedAt: 0, ...over,
});
const item = (id: string, over: Partial<SignalEvent> = {}, kind: FeedItem['kind'] = 'signal'): FeedItem => ({ kind, event: sig(id, over), receivedAt: 0 });

describe('the Live feed', () => {
  it('shows arrivals newest first, bounded, without duplicates', () => {
    let f = arrive(EMPTY_FEED, item('1'), 2);
    f = arrive(f, item('2'), 2);
    f = arrive(f, item('2'), 2);
    f = arrive(f, item('3'), 2);
    expect(f.shown.map((i) => i.event.id)).toEqual(['3', '2']);
  });

  it('holds arrivals while paused and shows them on top when resumed', () => {
    let f = arrive(EMPTY_FEED, item('1'));
    f = setPaused(f, true);
    f = arrive(f, item('2'));
    expect(f.shown.map((i) => i.event.id)).toEqual(['1']);
    expect(f.held).toHaveLength(1);
    f = setPaused(f, false);
    expect(f.shown.map((i) => i.event.id)).toEqual(['2', '1']);
    expect(f.held).toHaveLength(0);
  });

  it('filters by kind, source, severity and text in the subject, key or source', () => {
    const items = [item('1'), item('2', { source: 'alertmanager', severity: 'low' }), item('3', { subjectId: '198.51.100.1' }, 'threat')];
    const all = { kinds: ['signal', 'threat'] as FeedItem['kind'][], source: null, severity: null, text: '' };
    expect(applyFilter(items, { ...all, kinds: ['threat'] }).map((i) => i.event.id)).toEqual(['3']);
    expect(applyFilter(items, { ...all, source: 'alertmanager' }).map((i) => i.event.id)).toEqual(['2']);
    expect(applyFilter(items, { ...all, severity: 'high' }).map((i) => i.event.id)).toEqual(['1', '3']);
    expect(applyFilter(items, { ...all, text: '198.51' }).map((i) => i.event.id)).toEqual(['3']);
    expect(feedSources(items)).toEqual(['alertmanager', 'fastnetmon']);
  });
});

describe('the Live feed’s delay from commit', () => {
  it('gives p50 and p99 of arrival minus commit, leaving out events without a commit time', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ ...item(String(i), { ingestedAt: 1000 }), receivedAt: 1000 + i + 1 }));
    expect(latencyPercentiles([...items, item('x', { ingestedAt: 0 })])).toEqual({ p50: 50, p99: 99, n: 100 });
    expect(latencyPercentiles([])).toBeNull();
  });
});

describe('the Signals explorer', () => {
  it('reads the filters of GET /v1/signals from the URL, leaving out empty and invalid ones', () => {
    const q = queryFromParams(new URLSearchParams('source=fastnetmon&subject_id=&severity=bogus&signal_key=ddos.pps&cursor=abc&other=1'));
    expect(q).toEqual({ limit: 50, source: 'fastnetmon', signal_key: 'ddos.pps', cursor: 'abc' });
    expect(queryFromParams(new URLSearchParams('severity=high')).severity).toBe('high');
  });

  it('writes a new search without a cursor, so it starts on the first page', () => {
    expect(paramsFromFilters({ source: ' fastnetmon ', subject_type: '', severity: 'low' }).toString()).toBe('source=fastnetmon&severity=low');
  });

  it('turns a local date-time into RFC 3339', () => {
    expect(toRfc3339('')).toBe('');
    expect(toRfc3339('nonsense')).toBe('');
    expect(toRfc3339('2026-12-02T10:00')).toBe(new Date('2026-12-02T10:00').toISOString());
  });
});

describe('the Subjects pages', () => {
  it('orders the trend by time and drops incomplete points', () => {
    expect(trendPoints({ trend: { points: [{ at: '2026-12-02T00:00:00Z', score: 70 }, { at: '2026-12-01T00:00:00Z', score: 80 }, { score: 1 }] } }))
      .toEqual([{ t: Date.parse('2026-12-01T00:00:00Z'), score: 80 }, { t: Date.parse('2026-12-02T00:00:00Z'), score: 70 }]);
  });

  it('gives the Pareto its bars and cumulative percentage', () => {
    expect(paretoRows({ causes: [{ key: 'tls', points: 12.345, cumulative_share: 0.6123 }, { key: 'ddos', points: 8, cumulative_share: 1 }] }))
      .toEqual([{ key: 'tls', points: 12.3, cumulative: 61.2 }, { key: 'ddos', points: 8, cumulative: 100 }]);
  });

  it('groups the explanation by category, costliest first, each by rank', () => {
    const l = (category: string, points_lost: number, rank: number): Loss => ({ category, points_lost, rank });
    expect(lossesByCategory([l('tls', 5, 2), l('ddos', 20, 1), l('tls', 6, 3)]).map((g) => [g.category, g.points, g.losses.map((x) => x.rank)]))
      .toEqual([['ddos', 20, [1]], ['tls', 11, [2, 3]]]);
  });

  it('writes the change over the range with its sign', () => {
    expect([deltaText(3.46), deltaText(-12), deltaText(0), deltaText(null)]).toEqual(['+3.5', '−12', 'no change', 'no history']);
  });
});
