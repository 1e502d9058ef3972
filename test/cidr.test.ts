// Addresses and prefixes (src/core/cidr.ts) without a database: parsing every written form, RFC 5952 output, masking,
// containment and overlap at the bounds. These decide safelist membership and block indicators.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contains, formatCidr, normalizeIp, overlaps, parseCidr } from '../src/core/cidr.ts';

const format = (text: string) => {
  const c = parseCidr(text);
  return c ? formatCidr(c) : null;
};
const cidr = (text: string) => {
  const c = parseCidr(text);
  assert.ok(c, `${text} parses`);
  return c;
};

describe('parsing addresses', () => {
  const cases: Array<[string, string | null]> = [
    ['2001:db8::1', '2001:db8::1/128'],
    ['2001:db8:0:1::2:3', '2001:db8:0:1::2:3/128'],
    ['1::8', '1::8/128'],
    ['::', '::/128'],
    ['::/0', '::/0'],
    ['fe80::1%eth0', 'fe80::1/128'],
    [' 10.0.0.5 ', '10.0.0.5/32'],
    ['255.255.255.255', '255.255.255.255/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['10.1.2.3/0', '0.0.0.0/0'],
    ['10.1.2.3/31', '10.1.2.2/31'],
    ['10.0.0.5/32', '10.0.0.5/32'],
    ['2001:db8::1/127', '2001:db8::/127'],
    ['2001:db8::ffff/128', '2001:db8::ffff/128'],
    ['[2001:db8::1]/64', '2001:db8::/64'],
    ['10.0.0.0/24/8', null],
    ['10.0.0.0/', null],
    ['10.0.0.0/2a', null],
    ['10.0.0.0/-1', null],
    ['10.0.0.0/0024', null],
    ['2001:db8::/129', null],
    ['10.0.0', null],
    ['', null],
    ['2001:db8:::1', null],
    ['a[::1]', null],
    ['[::1]a', null],
    ['::ffff:10.0.0.5%eth0', '::ffff:10.0.0.5/128'],
    ['::ffff:1.22.33.44', '::ffff:1.22.33.44/128'],
    ['::10.0.0.5', '::10.0.0.5/128'],
    ['::0.0.0.1', '::1/128'],
    ['::ffff:0:0', '::ffff:0.0.0.0/128'],
    ['::1:0:0', '::1:0:0/128'],
    ['0:0:0:0:1:ffff:1:2', '::1:ffff:1:2/128'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0/128'],
  ];
  for (const [input, out] of cases) test(`${JSON.stringify(input)} is ${out ?? 'refused'}`, () => assert.equal(format(input), out));

  test('an IPv4-mapped address stays IPv6 and keeps its IPv4 part', () => {
    const c = cidr('::ffff:10.0.0.5');
    assert.equal(c.version, 6);
    assert.equal(c.network, (0xffffn << 32n) | (10n << 24n) | 5n);
    assert.equal(formatCidr(c), '::ffff:10.0.0.5/128');
  });

  test('a compressed IPv6 address keeps the groups on both sides of ::', () => {
    assert.equal(cidr('2001:db8::1').network, (0x2001n << 112n) | (0xdb8n << 96n) | 1n);
    assert.equal(cidr('a:b::c:d').network, (0xan << 112n) | (0xbn << 96n) | (0xcn << 16n) | 0xdn);
  });

  test('host bits are cleared from the network', () => {
    const c = cidr('10.0.0.77/24');
    assert.deepEqual(c, { version: 4, network: (10n << 24n), prefix: 24 });
  });
});

describe('RFC 5952 output', () => {
  const cases: Array<[string, string]> = [
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1/128'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1/128'],
    ['1:0:0:0:0:0:0:0', '1::/128'],
    ['0:0:0:0:0:0:0:1', '::1/128'],
    ['ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789/128'],
    ['1:0:2:0:0:3:0:4', '1:0:2::3:0:4/128'],
  ];
  for (const [input, out] of cases) test(`${input} is written ${out}`, () => assert.equal(format(input), out));
});

describe('normalizeIp', () => {
  test('writes one address canonically, without a prefix', () => {
    assert.equal(normalizeIp('10.0.0.5'), '10.0.0.5');
    assert.equal(normalizeIp('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(normalizeIp('[::1]'), '::1');
  });
  test('refuses a prefix, even a host-sized one, and anything that is not an address', () => {
    assert.equal(normalizeIp('10.0.0.5/32'), null);
    assert.equal(normalizeIp('example.com'), null);
  });
});

describe('containment and overlap', () => {
  test('a prefix contains its own first and last address and nothing just outside', () => {
    const net = cidr('10.0.0.0/24');
    assert.equal(contains(net, cidr('10.0.0.0')), true);
    assert.equal(contains(net, cidr('10.0.0.255')), true);
    assert.equal(contains(net, cidr('10.0.1.0')), false);
    assert.equal(contains(net, cidr('9.255.255.255')), false);
  });
  test('a prefix contains itself and its sub-prefixes, never a wider one', () => {
    assert.equal(contains(cidr('10.0.0.0/24'), cidr('10.0.0.0/24')), true);
    assert.equal(contains(cidr('10.0.0.0/24'), cidr('10.0.0.128/25')), true);
    assert.equal(contains(cidr('10.0.0.0/24'), cidr('10.0.0.0/23')), false);
  });
  test('/0 contains every address of its own version only', () => {
    assert.equal(contains(cidr('0.0.0.0/0'), cidr('255.255.255.255')), true);
    assert.equal(contains(cidr('::/0'), cidr('2001:db8::1')), true);
    assert.equal(contains(cidr('0.0.0.0/0'), cidr('::1')), false);
  });
  test('overlap holds either way round and fails for disjoint prefixes', () => {
    assert.equal(overlaps(cidr('10.0.0.0/8'), cidr('10.2.0.0/16')), true);
    assert.equal(overlaps(cidr('10.2.0.0/16'), cidr('10.0.0.0/8')), true);
    assert.equal(overlaps(cidr('10.0.0.0/16'), cidr('10.1.0.0/16')), false);
    assert.equal(overlaps(cidr('2001:db8::/32'), cidr('10.0.0.0/8')), false);
  });
});
