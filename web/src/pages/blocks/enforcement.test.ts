import { describe, expect, test } from 'vitest';
import { stepText, targetStates } from './enforcement.ts';

describe('where blocks are enforced', () => {
  test.each([[42, 42, 'in step'], [41, 42, '1 change behind'], [39, 42, '3 changes behind'], [null, 42, 'unknown']] as const)(
    'a target at %s of %s is %s', (held, current, text) => expect(stepText(held, current)).toBe(text));

  test("reads the targets' states from /readyz, none when it lists none", () => {
    expect(targetStates({ status: 'ready', enforcement: { bgp: 'degraded', sensors: 'ok' } })).toEqual([['bgp', 'degraded'], ['sensors', 'ok']]);
    expect(targetStates({ status: 'ready' })).toEqual([]);
    expect(targetStates('nonsense')).toEqual([]);
  });
});
