import { describe, expect, it } from 'vitest';
import { createSequence, isTyping } from './shortcuts.ts';

describe('navigation shortcuts', () => {
  it('goes to a page on g then its letter', () => {
    let t = 0;
    const seq = createSequence({ o: '/', l: '/live' }, () => t);
    expect(seq('g')).toBeUndefined();
    t = 500;
    expect(seq('l')).toBe('/live');
  });

  it('ignores a letter without g, and a letter after the g timed out', () => {
    let t = 0;
    const seq = createSequence({ l: '/live' }, () => t, 1500);
    expect(seq('l')).toBeUndefined();
    seq('g');
    t = 1501;
    expect(seq('l')).toBeUndefined();
  });

  it('forgets the g after one letter, even an unknown one', () => {
    const seq = createSequence({ l: '/live' }, () => 0);
    seq('g');
    expect(seq('x')).toBeUndefined();
    expect(seq('l')).toBeUndefined();
  });

  it('never fires while the user types in a field', () => {
    expect(isTyping(document.createElement('input'))).toBe(true);
    expect(isTyping(document.createElement('textarea'))).toBe(true);
    expect(isTyping(document.createElement('button'))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
