import { describe, expect, test } from 'vitest';
import { ago, countdown } from './time.ts';

const NOW = Date.parse('2026-12-02T08:00:00Z');

describe('countdown', () => {
  test.each([
    ['2026-12-02T08:00:05Z', '0m 05s'],
    ['2026-12-02T08:42:05Z', '42m 05s'],
    ['2026-12-02T11:12:00Z', '3h 12m'],
    ['2026-12-04T12:00:00Z', '2d 4h'],
    ['2026-12-02T08:00:00Z', 'expired'],
    ['2026-12-02T07:59:00Z', 'expired'],
  ])('counts down to %s as %s', (until, text) => expect(countdown(until, NOW)).toBe(text));
});

describe('ago', () => {
  test.each([
    ['2026-12-02T07:59:48Z', '12 s ago'],
    ['2026-12-02T07:55:00Z', '5 min ago'],
    ['2026-12-02T05:00:00Z', '3 h ago'],
    ['2026-11-30T08:00:00Z', '2 d ago'],
  ])('writes %s as %s', (at, text) => expect(ago(at, NOW)).toBe(text));

  test('says never without a time', () => expect(ago(null, NOW)).toBe('never'));
});
