// The pure rules of sensor blocklists, table-driven with exact values: a block as a protocol entry, the cap's priority,
// the hash, and the SDK's local copy (which pushes it applies, what isBlocked matches).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blocklistHash } from '../src/core/blocklist-hash.ts';
import {
  byPriority, cappedSet, isoMillis, snapshotEntry, snapshotEntryText, toEntry, updateEntry, wireIndicator, type BlockFacts, type SensorEntry,
} from '../src/distribute/sensor-entries.ts';
import { LocalBlocklist } from '../src/sdk/local-blocklist.ts';
import { blocklistDialect } from '../src/ingest/sensor-connection.ts';

test('a block becomes the protocol entry: one address is IP without a prefix, a wider prefix is IP_RANGE', () => {
  const cases: [Parameters<typeof wireIndicator>, ReturnType<typeof wireIndicator>][] = [
    [['IP', '203.0.113.7/32'], { blockType: 'IP', indicator: '203.0.113.7' }],
    [['IP', '2001:db8::1/128'], { blockType: 'IP', indicator: '2001:db8::1' }],
    [['IP', '198.51.100.0/24'], { blockType: 'IP_RANGE', indicator: '198.51.100.0/24' }],
    [['IP', '2001:db8::/48'], { blockType: 'IP_RANGE', indicator: '2001:db8::/48' }],
    [['FINGERPRINT', 't13d1516h2_8daaf6152771_b0da82dd1658'], { blockType: 'FINGERPRINT', indicator: 't13d1516h2_8daaf6152771_b0da82dd1658' }],
    [['ASN', 'AS64500'], { blockType: 'ASN', indicator: 'AS64500' }],
    [['USER_AGENT', 'BadBot/1.0'], { blockType: 'USER_AGENT', indicator: 'BadBot/1.0' }],
  ];
  for (const [args, expected] of cases) assert.deepEqual(wireIndicator(...args), expected, args.join(' '));
  const e = toEntry({ mitigation_id: 'm1', block_type: 'IP', indicator: '10.0.0.1/32', source: 'correlation', severity: 'high', reason: 'r', expires_at: '2026-12-02T09:00:00Z' }, 'c');
  assert.deepEqual(e, { mitigationId: 'm1', blockType: 'IP', indicator: '10.0.0.1', expiresAt: '2026-12-02T09:00:00.000Z', source: 'AUTOMATIC', reason: 'r', severityRank: 4, createdAt: 'c' });
  assert.deepEqual(['manual', 'automatic', 'fleet'].map((source) => toEntry({ ...e, mitigation_id: 'x', block_type: 'IP', indicator: '10.0.0.1/32', source: source as 'manual', severity: null, reason: null, expires_at: e.expiresAt }, 'c').source),
    ['MANUAL', 'AUTOMATIC', 'FLEET_INTEL']);
});

test('a snapshot entry made as text from a block is what JSON.stringify makes of its entry, for every type and source', () => {
  const blocks: BlockFacts[] = [
    { mitigation_id: 'a', block_type: 'IP', indicator: '203.0.113.7/32', source: 'correlation', severity: 'high', reason: 'r', expires_at: '2026-12-02 09:00:00.123456+00' },
    { mitigation_id: 'b', block_type: 'IP', indicator: '2001:db8::/48', source: 'manual', severity: null, reason: null, expires_at: '2026-12-02T09:00:00.5Z' },
    { mitigation_id: 'c', block_type: 'FINGERPRINT', indicator: 't13d1516h2_8daaf6152771_b0da82dd1658', source: 'automatic', severity: 'low', reason: 'x', expires_at: new Date(Date.UTC(2027, 0, 1)) },
    { mitigation_id: 'd', block_type: 'USER_AGENT', indicator: 'Bad "Bot" \\ ünï/1.0\u2028', source: 'fleet', severity: 'critical', reason: 'y', expires_at: '2026-12-02 09:00:00+00' },
    { mitigation_id: 'e', block_type: 'ASN', indicator: 'AS64500', source: 'manual', severity: 'info', reason: 'z', expires_at: '2026-12-02 09:00:00.1+00' },
  ];
  for (const b of blocks) {
    const text = snapshotEntryText(b);
    assert.equal(text, JSON.stringify(snapshotEntry(toEntry(b, 'c'))), b.mitigation_id);
    assert.deepEqual(JSON.parse(text), snapshotEntry(toEntry(b, 'c')));
  }
});

const entry = (id: string, severityRank: number, second: number, blockType: SensorEntry['blockType'] = 'IP'): SensorEntry => ({
  mitigationId: id, blockType, indicator: id, expiresAt: '2030-01-01T00:00:00.000Z', source: 'MANUAL', reason: null, severityRank,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
});

test('timestamps become ISO with milliseconds, from PostgreSQL text or a Date', () => {
  const cases: [string | Date, string][] = [
    ['2026-12-02T09:00:00Z', '2026-12-02T09:00:00.000Z'], ['2026-12-02T09:00:00.5Z', '2026-12-02T09:00:00.500Z'],
    ['2026-12-02T09:00:00.123456Z', '2026-12-02T09:00:00.123Z'], ['2026-12-02T10:00:00+01:00', '2026-12-02T09:00:00.000Z'],
    [new Date(Date.UTC(2026, 11, 2, 9)), '2026-12-02T09:00:00.000Z'],
    // PostgreSQL's own UTC text (the list's load reads times as text): trailing zeros of the fraction are left out.
    ['2026-12-02 09:00:00.123456+00', '2026-12-02T09:00:00.123Z'], ['2026-12-02 09:00:00.9+00', '2026-12-02T09:00:00.900Z'],
    ['2026-12-02 09:00:00+00', '2026-12-02T09:00:00.000Z'], ['2026-12-02 09:00:00.999999+00:00', '2026-12-02T09:00:00.999Z'],
  ];
  for (const [v, iso] of cases) assert.equal(isoMillis(v), iso, String(v));
});

test('the cap keeps higher severity first, then the more recent, then the lower mitigation id', () => {
  const list = [entry('a', 2, 10), entry('b', 5, 1), entry('c', 4, 3), entry('d', 2, 20), entry('e', 0, 99), entry('f', 2, 20)];
  assert.deepEqual([...list].sort(byPriority).map((e) => e.mitigationId), ['b', 'c', 'd', 'f', 'a', 'e']);
  const capped = cappedSet(list, 'all', 3);
  assert.deepEqual([capped.kept.map((e) => e.mitigationId), capped.omitted], [['b', 'c', 'd'], 3]);
  assert.deepEqual(cappedSet(list, 'all', 0).omitted, 0);
  assert.deepEqual(cappedSet(list, 'all', 6).omitted, 0);
  // The legacy view holds IP and FINGERPRINT only, and the cap applies after that filter.
  const mixed = [entry('r', 5, 1, 'IP_RANGE'), entry('s', 5, 2, 'ASN'), entry('t', 1, 3, 'FINGERPRINT'), entry('u', 1, 4)];
  assert.deepEqual(cappedSet(mixed, 'legacy', 1).kept.map((e) => e.mitigationId), ['u']);
  assert.deepEqual(cappedSet(mixed, 'legacy', 0).kept.map((e) => e.mitigationId), ['t', 'u']);
});

test('the hash is SHA-256 of the distinct `blockType|indicator` lines sorted by UTF-8 bytes', () => {
  const cases: [{ blockType: string; indicator: string }[], string][] = [
    [[], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    // printf 'IP|10.0.0.1\n' | sha256sum
    [[{ blockType: 'IP', indicator: '10.0.0.1' }], '823fe417accfff2aa61e42fb3e36ae182fda744356a30c7a5e883ef6041e2c49'],
    // printf 'IP_RANGE|10.1.0.0/16\nIP|10.0.0.1\n' | sha256sum: '_' (0x5f) sorts before '|' (0x7c)
    [[{ blockType: 'IP', indicator: '10.0.0.1' }, { blockType: 'IP_RANGE', indicator: '10.1.0.0/16' }, { blockType: 'IP', indicator: '10.0.0.1' }],
      '0326978eed9db9854762926136ff75b25d16545c89c55d496e9ff416527ab180'],
  ];
  for (const [entries, hash] of cases) assert.equal(blocklistHash(entries), hash, JSON.stringify(entries));
});

test('the sensor dialect follows what the sensor declared; a sensor that said nothing gets both forms', () => {
  assert.deepEqual([null, [], ['blocklist-push'], ['blocklist-update'], ['blocklist-push', 'blocklist-update'], ['signal']].map((c) => blocklistDialect(c)),
    ['both', 'both', 'push', 'update', 'both', 'both']);
});

test('the SDK applies a push that follows the version it holds, ignores a stale one and reports a gap', () => {
  const l = new LocalBlocklist();
  const add = (indicator: string, blockType = 'IP') => ({ type: 'add', blockType, indicator, expiresAt: '2030-01-01T00:00:00Z', source: 'MANUAL' });
  const remove = (indicator: string, blockType = 'IP') => ({ ...add(indicator, blockType), type: 'remove' });
  assert.equal(l.push([add('10.0.0.1')], 0, 1), 'stale', 'nothing applies before the first snapshot');
  l.replace([{ blockType: 'IP', indicator: '10.0.0.1', expiresAt: null, source: 'MANUAL' }], 4);
  assert.equal(l.push([add('10.0.0.2')], 4, 5), 'applied');
  assert.equal(l.push([add('10.0.0.3')], 4, 5), 'stale');
  assert.equal(l.push([add('10.0.0.9')], 6, 7), 'gap');
  // A delta that overlaps what is held applies whole: its last operation per entry wins.
  assert.equal(l.push([add('10.0.0.2'), remove('10.0.0.2'), add('10.0.0.4')], 4, 7), 'applied');
  assert.deepEqual(l.list().map((e) => e.indicator).sort(), ['10.0.0.1', '10.0.0.4']);
  assert.equal(l.version, 7);
  assert.equal(l.hash(), blocklistHash([{ blockType: 'IP', indicator: '10.0.0.1' }, { blockType: 'IP', indicator: '10.0.0.4' }]));
});

test('isBlocked matches addresses however written, ranges by containment (v4 and v6), values exactly, never expired entries', () => {
  const l = new LocalBlocklist();
  const soon = new Date(Date.now() + 60_000).toISOString();
  l.replace([
    { blockType: 'IP', indicator: '2001:db8::1', expiresAt: soon, source: 'MANUAL' },
    { blockType: 'IP', indicator: '192.0.2.9', expiresAt: '2000-01-01T00:00:00Z', source: 'MANUAL' },
    { blockType: 'IP_RANGE', indicator: '198.51.100.0/24', expiresAt: null, source: 'AUTOMATIC' },
    { blockType: 'IP_RANGE', indicator: '2001:db8:5::/48', expiresAt: soon, source: 'AUTOMATIC' },
    { blockType: 'USER_AGENT', indicator: 'BadBot/1.0', expiresAt: soon, source: 'MANUAL' },
  ], 1);
  const cases: [string, boolean][] = [
    ['2001:db8::1', true], ['2001:0db8:0000::0001', true], ['2001:db8::2', false],
    ['192.0.2.9', false], // expired
    ['198.51.100.0', true], ['198.51.100.255', true], ['198.51.101.0', false],
    ['2001:db8:5:ffff::1', true], ['2001:db8:6::1', false],
    ['not an ip', false], ['198.51.100.0/24', false],
  ];
  for (const [ip, blocked] of cases) assert.equal(l.isIpBlocked(ip), blocked, ip);
  assert.equal(l.isValueBlocked('USER_AGENT', 'BadBot/1.0'), true);
  assert.equal(l.isValueBlocked('USER_AGENT', 'badbot/1.0'), false);
  assert.equal(l.isValueBlocked('ASN', 'BadBot/1.0'), false);
});

test('a timestamp that is not one is refused (RangeError), never turned into a date by a partial match', () => {
  for (const v of ['x2026-12-02T09:00:00Z', '2026-12-02T09:00:00Zx', 'soon']) assert.throws(() => isoMillis(v), RangeError, v);
});

test('the cap order falls through severity, then recency, then id, each in both directions', () => {
  const a = entry('a', 3, 5);
  const b = entry('b', 3, 5);
  assert.equal(byPriority(a, b), -1);
  assert.equal(byPriority(b, a), 1);
  assert.equal(byPriority(a, { ...a }), 0);
  assert.equal(byPriority(entry('z', 3, 6), a), -1, 'the more recent first, whatever its id');
  assert.equal(byPriority(a, entry('z', 3, 6)), 1);
  assert.equal(byPriority(entry('z', 4, 0), a), -1, 'the higher severity first, whatever its age');
});

test('a set exactly at the cap is kept whole and in its own order', () => {
  const list = [entry('a', 1, 1), entry('b', 5, 2)];
  assert.deepEqual(cappedSet(list, 'all', 2), { kept: list, omitted: 0 });
  assert.deepEqual(cappedSet(list, 'all', 1), { kept: [list[1]], omitted: 1 });
});

test('snapshot entries and pushed updates carry exactly the protocol fields', () => {
  const e = { ...entry('m1', 4, 1, 'IP_RANGE'), indicator: '10.0.0.0/24', reason: 'ddos' };
  assert.deepEqual(snapshotEntry(e), { blockType: 'IP_RANGE', indicator: '10.0.0.0/24', expiresAt: '2030-01-01T00:00:00.000Z', source: 'MANUAL' });
  assert.deepEqual(updateEntry('add', e, 'type'), { type: 'add', blockType: 'IP_RANGE', indicator: '10.0.0.0/24', reason: 'ddos', expiresAt: '2030-01-01T00:00:00.000Z', source: 'MANUAL' });
  assert.deepEqual(updateEntry('remove', e, 'action'), { action: 'remove', blockType: 'IP_RANGE', indicator: '10.0.0.0/24', reason: 'ddos', expiresAt: '2030-01-01T00:00:00.000Z', source: 'MANUAL' });
});

test('a timestamp with anything but a digit where the pattern wants one, or another date-time separator, is refused', () => {
  const bad = [
    'x026-12-02T09:00:00Z', 'abcd-12-02T09:00:00Z', '2x26-12-02T09:00:00Z', '6-12-02T09:00:00Z', '2026-x2-02T09:00:00Z', '2026-1x-02T09:00:00Z',
    '2026-12-x2T09:00:00Z', '2026-12-0xT09:00:00Z', '2026-12-02X09:00:00Z', '2026-12-02Tx9:00:00Z', '2026-12-02T0x:00:00Z',
    '2026-12-02T09:x0:00Z', '2026-12-02T09:0x:00Z', '2026-12-02T09:00:x0Z', '2026-12-02T09:00:0xZ', '2026-12-02T09:00:00.abcZ',
  ];
  for (const v of bad) assert.throws(() => isoMillis(v), RangeError, v);
});

test('the full view holds every block type; the legacy view only IP and FINGERPRINT', () => {
  const types: SensorEntry['blockType'][] = ['IP', 'IP_RANGE', 'FINGERPRINT', 'ASN', 'USER_AGENT'];
  const list = types.map((t, i) => entry(`m${i}`, 1, i, t));
  assert.deepEqual(cappedSet(list, 'all', 0).kept.map((e) => e.blockType), types);
  assert.deepEqual(cappedSet(list, 'legacy', 0).kept.map((e) => e.blockType), ['IP', 'FINGERPRINT']);
});
