// The guardrails (src/decide/guardrails.ts) without a database: each limit tried exactly at its bound and one past it,
// the reason a rejection gives, the order the checks run in, and the block types that are not IP addresses.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GUARDRAILS } from '../src/correlate/correlation-config.ts';
import { checkGuardrails, checkTtl, type GuardrailFacts } from '../src/decide/guardrails.ts';

const g = { ...DEFAULT_GUARDRAILS, max_active_per_tenant: 5, max_new_per_minute: 3 };
const facts: GuardrailFacts = { safelist: [], protectedAddresses: [], activeCount: 0, newInLastMinute: 0, extendsExisting: false };
const check = (indicator: string, over: Partial<GuardrailFacts> = {}, ttl = 600, guardrails = g) => checkGuardrails(indicator, ttl, guardrails, { ...facts, ...over });

describe('bounds, exactly at and one past', () => {
  test('the IPv4 prefix minimum /24 is allowed and /23 is too broad', () => {
    assert.equal(check('10.0.0.0/24'), null);
    assert.deepEqual(check('10.0.0.0/23'), { code: 'prefix_too_broad', reason: '/23 is broader than the IPv4 minimum /24' });
  });
  test('the IPv4 prefix maximum is allowed and one more bit is too narrow', () => {
    const narrow = { ...g, ipv4_prefix_max: 30 };
    assert.equal(check('10.0.0.0/30', {}, 600, narrow), null);
    assert.deepEqual(check('10.0.0.0/31', {}, 600, narrow), { code: 'prefix_too_narrow', reason: '/31 is narrower than the IPv4 maximum /30' });
  });
  test('the IPv6 prefix bounds /48 and the maximum hold at their edge', () => {
    assert.equal(check('2001:db8::/48'), null);
    assert.deepEqual(check('2001:db8::/47'), { code: 'prefix_too_broad', reason: '/47 is broader than the IPv6 minimum /48' });
    const narrow = { ...g, ipv6_prefix_max: 64 };
    assert.equal(check('2001:db8::/64', {}, 600, narrow), null);
    assert.deepEqual(check('2001:db8::/65', {}, 600, narrow), { code: 'prefix_too_narrow', reason: '/65 is narrower than the IPv6 maximum /64' });
  });
  test('IPv4 and IPv6 each use their own bounds', () => {
    const v6only = { ...g, ipv4_prefix_min: 8, ipv6_prefix_min: 64 };
    assert.equal(check('10.0.0.0/16', {}, 600, v6only), null);
    assert.equal(check('2001:db8::/56', {}, 600, v6only)?.code, 'prefix_too_broad');
  });
  test('TTL 60 s and 86,400 s are allowed; 59 s and 86,401 s are refused with the bound in the reason', () => {
    assert.equal(checkTtl(60, g), null);
    assert.equal(checkTtl(86_400, g), null);
    assert.deepEqual(checkTtl(59, g), { code: 'ttl_too_short', reason: 'TTL 59 s is below the minimum 60 s' });
    assert.deepEqual(checkTtl(86_401, g), { code: 'ttl_too_long', reason: 'TTL 86401 s is above the maximum 86400 s' });
  });
  test('one below the active and per-minute maxima passes; reaching them is refused with the figures', () => {
    assert.equal(check('10.0.0.5', { activeCount: 4, newInLastMinute: 2 }), null);
    assert.deepEqual(check('10.0.0.5', { activeCount: 5 }), { code: 'max_active', reason: '5 active mitigations reach the tenant maximum 5' });
    assert.deepEqual(check('10.0.0.5', { newInLastMinute: 3 }), { code: 'rate_limited', reason: '3 new mitigations in the last minute reach the limit 3' });
  });
});

describe('what a rejection says', () => {
  test('a safelisted block names the normalised block and the safelist entry it overlaps', () => {
    assert.deepEqual(check('192.168.1.77', { safelist: ['10.0.0.0/8', '192.168.0.0/16'] }), { code: 'safelisted', reason: '192.168.1.77/32 overlaps safelisted 192.168.0.0/16' });
  });
  test('a protected address names itself and why it is protected', () => {
    assert.deepEqual(check('198.51.100.0/24', { protectedAddresses: [{ cidr: '198.51.100.7', why: 'a registered sensor' }] }),
      { code: 'protected_address', reason: '198.51.100.0/24 would block 198.51.100.7 (a registered sensor)' });
  });
  test('an indicator that is not an address says so', () => {
    assert.deepEqual(check('udp_flood'), { code: 'invalid_indicator', reason: 'indicator "udp_flood" is not an IP address or CIDR prefix' });
  });
  test('an unparseable safelist or protected entry is skipped, never taken as covering everything', () => {
    assert.equal(check('10.0.0.5', { safelist: ['not-a-prefix', ''], protectedAddresses: [{ cidr: 'garbage', why: 'x' }] }), null);
    assert.equal(check('10.0.0.5', { safelist: ['garbage', '10.0.0.0/24'] })?.code, 'safelisted');
  });
});

describe('the order of the checks', () => {
  test('safelist before protected addresses before prefix bounds before TTL before volume', () => {
    const all = { safelist: ['10.0.0.0/8'], protectedAddresses: [{ cidr: '10.0.0.1', why: 'hub' }], activeCount: 9, newInLastMinute: 9 };
    assert.equal(checkGuardrails('10.0.0.0/16', 1, g, { ...facts, ...all })?.code, 'safelisted');
    assert.equal(checkGuardrails('10.0.0.0/16', 1, g, { ...facts, ...all, safelist: [] })?.code, 'protected_address');
    assert.equal(checkGuardrails('10.0.0.0/16', 1, g, { ...facts, ...all, safelist: [], protectedAddresses: [] })?.code, 'prefix_too_broad');
    assert.equal(checkGuardrails('10.0.0.5', 1, g, { ...facts, ...all, safelist: [], protectedAddresses: [] })?.code, 'ttl_too_short');
    assert.equal(checkGuardrails('10.0.0.5', 600, g, { ...facts, ...all, safelist: [], protectedAddresses: [] })?.code, 'max_active');
  });
  test('protected addresses are ignored when protect_hub_addresses is off, the safelist never is', () => {
    const off = { ...g, protect_hub_addresses: false };
    assert.equal(check('10.0.0.1', { protectedAddresses: [{ cidr: '10.0.0.1', why: 'hub' }] }, 600, off), null);
    assert.equal(check('10.0.0.1', { safelist: ['10.0.0.1'] }, 600, off)?.code, 'safelisted');
  });
});

describe('block types other than IP', () => {
  const fp = 't13d1516h2_8daaf6152771_02713d6af862';
  test('a valid fingerprint, ASN or user agent passes, and the safelist (IP prefixes) does not apply to them', () => {
    assert.equal(checkGuardrails(fp, 600, g, { ...facts, safelist: ['0.0.0.0/0'] }, 'FINGERPRINT'), null);
    assert.equal(checkGuardrails('AS64500', 600, g, facts, 'ASN'), null);
    assert.equal(checkGuardrails('curl/8.0', 600, g, facts, 'USER_AGENT'), null);
  });
  test('a malformed one is refused with the rule of its type', () => {
    const r = checkGuardrails('AS0', 600, g, facts, 'ASN');
    assert.equal(r?.code, 'invalid_indicator');
    assert.match(r!.reason, /^a ASN indicator must be /);
  });
  test('TTL and volume still apply to them', () => {
    assert.equal(checkGuardrails(fp, 59, g, facts, 'FINGERPRINT')?.code, 'ttl_too_short');
    assert.equal(checkGuardrails(fp, 600, g, { ...facts, activeCount: 5 }, 'FINGERPRINT')?.code, 'max_active');
  });
});
