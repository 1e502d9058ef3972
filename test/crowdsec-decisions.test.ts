// Quorum blocks as CrowdSec LAPI decisions (src/distribute/crowdsec-decisions.ts) without a database: Go durations,
// scope and value, decision ids, the stream filters and the delta rules, each at its edges.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionId, delta, goDuration, matches, parseFilter, scopeAndValue, toDecision, type TouchedBlock } from '../src/distribute/crowdsec-decisions.ts';

describe('Go duration strings and decision values', () => {
  const cases: [number, string][] = [
    [0, '0s'], [5, '5ms'], [-9, '-9ms'], [999, '999ms'], [1000, '1s'], [1500, '1.5s'], [1050, '1.05s'], [60_000, '1m0s'],
    [117_742, '1m57.742s'], [3_600_000, '1h0m0s'], [14_398_000, '3h59m58s'], [14_396_059, '3h59m56.059s'], [-21_067, '-21.067s'],
    [90_061_001, '25h1m1.001s'],
  ];
  for (const [ms, text] of cases) test(`${ms} ms is "${text}"`, () => assert.equal(goDuration(ms), text));

  test('a /32 or /128 is scope Ip with the bare address; a wider prefix is a Range', () => {
    assert.deepEqual(scopeAndValue('203.0.113.7/32'), { scope: 'Ip', value: '203.0.113.7' });
    assert.deepEqual(scopeAndValue('2001:db8::1/128'), { scope: 'Ip', value: '2001:db8::1' });
    assert.deepEqual(scopeAndValue('5.6.7.0/24'), { scope: 'Range', value: '5.6.7.0/24' });
    assert.deepEqual(scopeAndValue('2001:db8::/32'), { scope: 'Range', value: '2001:db8::/32' });
  });

  test('a decision id is a safe integer, the same for the same block', () => {
    const id = decisionId('3f2d5c9e-a1b4-4c6f-9d2e-7b8a1c3e5f60');
    assert.equal(id, 0x3f2d5c9ea1b44);
    assert.ok(Number.isSafeInteger(id));
  });
});
describe('durations and scopes at their edges', () => {
  const cases: [number, string][] = [[0.4, '0s'], [-0.4, '0s'], [1, '1ms'], [1000.4, '1s'], [59_999, '59.999s'], [3_599_999, '59m59.999s'], [-3_600_000, '-1h0m0s'], [1010, '1.01s'], [1100, '1.1s']];
  for (const [ms, text] of cases) test(`${ms} ms is "${text}"`, () => assert.equal(goDuration(ms), text));

  test('a prefix of 32 bits in IPv6 is a Range, a bare address is an Ip as it is', () => {
    assert.deepEqual(scopeAndValue('2001:db8::/32'), { scope: 'Range', value: '2001:db8::/32' });
    assert.deepEqual(scopeAndValue('::ffff:10.0.0.5/32'), { scope: 'Range', value: '::ffff:10.0.0.5/32' });
    assert.deepEqual(scopeAndValue('203.0.113.7'), { scope: 'Ip', value: '203.0.113.7' });
    assert.deepEqual(scopeAndValue('10.0.0.0/31'), { scope: 'Range', value: '10.0.0.0/31' });
    assert.deepEqual(scopeAndValue('2001:db8::/127'), { scope: 'Range', value: '2001:db8::/127' });
  });
  test('a decision id reads the first 13 hex digits of the UUID, skipping its hyphens', () => {
    assert.equal(decisionId('00000000-0000-4000-8000-000000000000'), 4);
    assert.equal(decisionId('ffffffff-ffff-4fff-bfff-ffffffffffff'), 0xffffffffffff4);
    assert.equal(decisionId('12345678-9abc-4def-8000-000000000000'), 0x123456789abc4);
  });
});

describe('a decision', () => {
  const source = { mitigation_id: '3f2d5c9e-a1b4-4c6f-9d2e-7b8a1c3e5f60', indicator: '198.51.100.7/32', source: 'manual' as const, scenario: 'quorum/manual: abuse', ends_at: '2026-12-03T04:00:00.000Z' };
  test('carries every field in CrowdSec order, its duration counted from now', () => {
    const d = toDecision(source, Date.parse('2026-12-03T03:00:00.000Z'));
    assert.deepEqual(Object.keys(d), ['duration', 'id', 'origin', 'scenario', 'scope', 'type', 'uuid', 'value']);
    assert.deepEqual(d, { duration: '1h0m0s', id: 0x3f2d5c9ea1b44, origin: 'manual', scenario: 'quorum/manual: abuse', scope: 'Ip', type: 'ban', uuid: source.mitigation_id, value: '198.51.100.7' });
  });
  test('an ended block has a negative duration; a Date end is read like text', () => {
    assert.equal(toDecision({ ...source, ends_at: new Date('2026-12-03T02:59:59.000Z') }, Date.parse('2026-12-03T03:00:00.000Z')).duration, '-1s');
  });
});

describe('stream filters', () => {
  const d = { scope: 'Ip' as const, origin: 'correlation', scenario: 'Quorum/DDoS: UDP flood' };
  test('without parameters: ip and range scopes, every origin, every scenario', () => {
    const f = parseFilter({});
    assert.deepEqual([...f.scopes], ['ip', 'range']);
    assert.equal(f.origins, null);
    assert.equal(matches(d, f), true);
    assert.equal(matches({ ...d, scope: 'Range' }, f), true);
  });
  test('lists are comma-separated, trimmed, empty items dropped; scopes and scenarios ignore case, origins do not', () => {
    const f = parseFilter({ scopes: ' Range ,,', origins: 'manual, correlation', scenarios_containing: 'DDOS', scenarios_not_containing: ' ' });
    assert.deepEqual([...f.scopes], ['range']);
    assert.deepEqual([...f.origins!], ['manual', 'correlation']);
    assert.deepEqual(f.scenariosContaining, ['ddos']);
    assert.deepEqual(f.scenariosNotContaining, []);
    assert.equal(matches(d, f), false, 'an Ip is not asked for');
    assert.equal(matches({ ...d, scope: 'Range' }, f), true);
    assert.equal(matches({ ...d, scope: 'Range', origin: 'Manual' }, f), false);
  });
  test('a scenario must contain one of the wanted words and none of the unwanted', () => {
    assert.equal(matches(d, parseFilter({ scenarios_containing: 'ssh,udp' })), true);
    assert.equal(matches(d, parseFilter({ scenarios_containing: 'ssh,http' })), false);
    assert.equal(matches(d, parseFilter({ scenarios_not_containing: 'flood' })), false);
    assert.equal(matches(d, parseFilter({ scenarios_not_containing: 'ssh' })), true);
    assert.equal(matches(d, parseFilter({ origins: 'manual' })), false);
  });
});

describe('deltas', () => {
  const now = Date.parse('2026-12-03T03:00:00.000Z');
  const block = (indicator: string, over: Partial<TouchedBlock>): TouchedBlock => ({
    mitigation_id: `00000000-0000-4000-8000-${indicator.replace(/\D/g, '').padStart(12, '0').slice(-12)}`, indicator, source: 'manual', scenario: 's',
    ends_at: '2026-12-03T04:00:00.000Z', active: true, createdSince: false, ...over,
  });
  test('a block in force is added; one whose end has passed is not', () => {
    const r = delta([block('10.0.0.1/32', {}), block('10.0.0.2/32', { ends_at: '2026-12-03T03:00:00.000Z' })], now);
    assert.deepEqual(r.added.map((b) => b.indicator), ['10.0.0.1/32']);
    assert.deepEqual(r.deleted, []);
  });
  test('an ended block the bouncer received is deleted; one added and ended between two pulls is neither', () => {
    const r = delta([block('10.0.0.3/32', { active: false }), block('10.0.0.4/32', { active: false, createdSince: true })], now);
    assert.deepEqual(r.deleted.map((b) => b.indicator), ['10.0.0.3/32']);
    assert.deepEqual(r.added, []);
  });
  test('an ended block is not deleted while another block in force covers the same value', () => {
    const r = delta([block('10.0.0.5/32', { active: false }), block('10.0.0.5/32', { mitigation_id: '11111111-0000-4000-8000-000000000000' })], now);
    assert.deepEqual(r.deleted, []);
    assert.equal(r.added.length, 1);
  });
});
