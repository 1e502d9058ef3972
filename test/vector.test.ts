// Attack-vector classification (src/ingest/adapters/vector.ts) without a database: every branch of the rule at its
// ties and edges, and the warning for a vector outside the shared vocabulary.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyVector, KNOWN_VECTORS, unknownVectorWarning } from '../src/ingest/adapters/vector.ts';

describe('vector classification from packet rates', () => {
  const cases: [string, { udp: number; tcp: number; syn: number; icmp: number }, string][] = [
    ['UDP dominates', { udp: 24154, tcp: 0, syn: 0, icmp: 0 }, 'udp_flood'],
    ['SYN is most of TCP and exceeds UDP', { udp: 100, tcp: 5000, syn: 4000, icmp: 0 }, 'syn_flood'],
    ['SYN exactly half of TCP does not dominate it: non-SYN TCP wins', { udp: 100, tcp: 4000, syn: 2000, icmp: 0 }, 'tcp_flood'],
    ['SYN dominates TCP but UDP is larger', { udp: 9000, tcp: 5000, syn: 4000, icmp: 0 }, 'udp_flood'],
    ['ICMP largest', { udp: 10, tcp: 10, syn: 0, icmp: 500 }, 'icmp_flood'],
    ['a tie between UDP and ICMP goes to UDP', { udp: 500, tcp: 0, syn: 0, icmp: 500 }, 'udp_flood'],
    ['no traffic at all', { udp: 0, tcp: 0, syn: 0, icmp: 0 }, 'unknown'],
  ];
  for (const [name, rates, vector] of cases) test(`${name} → ${vector}`, () => assert.equal(classifyVector(rates), vector));
});
describe('vector classification at its edges', () => {
  const cases: [string, { udp: number; tcp: number; syn: number; icmp: number }, string][] = [
    ['SYN equal to UDP does not exceed it', { udp: 4000, tcp: 5000, syn: 4000, icmp: 0 }, 'udp_flood'],
    ['SYN one more than non-SYN TCP dominates it', { udp: 0, tcp: 4001, syn: 2001, icmp: 0 }, 'syn_flood'],
    ['SYN alone, with no other TCP, is a SYN flood', { udp: 0, tcp: 0, syn: 10, icmp: 0 }, 'syn_flood'],
    ['a tie between UDP and ICMP goes to UDP', { udp: 50, tcp: 0, syn: 0, icmp: 50 }, 'udp_flood'],
    ['a tie between ICMP and non-SYN TCP goes to ICMP', { udp: 0, tcp: 50, syn: 0, icmp: 50 }, 'icmp_flood'],
    ['non-SYN TCP beats ICMP when larger', { udp: 0, tcp: 51, syn: 0, icmp: 50 }, 'tcp_flood'],
    ['ICMP beats UDP when larger', { udp: 49, tcp: 0, syn: 0, icmp: 50 }, 'icmp_flood'],
    ['SYN above TCP counts no negative non-SYN TCP', { udp: 0, tcp: 10, syn: 20, icmp: 5 }, 'syn_flood'],
    ['a little ICMP alone is still ICMP', { udp: 0, tcp: 0, syn: 0, icmp: 1 }, 'icmp_flood'],
  ];
  for (const [name, rates, vector] of cases) test(`${name} → ${vector}`, () => assert.equal(classifyVector(rates), vector));
});

describe('vectors outside the shared vocabulary', () => {
  test('every known vector has no warning', () => {
    for (const v of KNOWN_VECTORS) assert.equal(unknownVectorWarning(v), null);
  });
  test('another word is warned about with the list and what to do', () => {
    assert.equal(unknownVectorWarning('udp'), 'vector "udp" is not one of udp_flood, syn_flood, tcp_flood, icmp_flood, dns_amplification, ntp_amplification, ssdp_amplification, memcached_amplification: it groups only with reports of the same vector, so it never corroborates FastNetMon\'s; set a vector label');
  });
});
