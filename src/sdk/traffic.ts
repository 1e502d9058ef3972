// Synthetic sensor traffic for the simulator and the benchmark: realistic ThreatSignals from named scenarios.
// Generates data only; never sends anything and never uses addresses outside the documentation and private ranges.

import { THREAT_SIGNAL_TYPES, type ThreatSignalType } from '../ingest/threat-signal.ts';

export const SCENARIOS = ['mixed', 'burst', 'flood'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface TrafficGenerator {
  /** The next signal of the scenario. */
  next(): Record<string, unknown>;
}

const FINGERPRINTS = ['t13d1516h2_8daaf6152771_b0da82dd1658', 't13d1517h2_5b57614c22b0_3d5424432f57', 'q13d0310h3_55b375c5d22e_cd85d2d88918', 't12d4606h1_c866b44c5a26_2ae8d9b3a4c6'];
const SEVERITY_BY_RISK = (risk: number) => (risk >= 80 ? 'CRITICAL' : risk >= 60 ? 'HIGH' : risk >= 40 ? 'MEDIUM' : 'LOW');

/** A random, plausible private or documentation-range IPv4 address from a pool of `size`. */
const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/**
 * `mixed`: every signal type, 30 % from a small set of repeat offenders (they dedup), occasional bursts from one attacker.
 * `burst`: mostly coordinated bursts: few IPs, many repeats. `flood`: a fresh IP for every signal (nothing merges; for throughput).
 */
export function createTraffic(scenario: Scenario, random: () => number = Math.random): TrafficGenerator {
  let counter = 0;
  let burst: { ip: string; left: number } | null = null;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return {
    next() {
      counter++;
      if (scenario === 'flood') return wafBlock(ipOf(counter), 40 + (counter % 60), pick(FINGERPRINTS));
      if (!burst && random() < (scenario === 'burst' ? 0.05 : 0.002)) burst = { ip: ipOf(1 + Math.floor(random() * 50)), left: 50 + Math.floor(random() * 200) };
      if (burst) {
        burst.left--;
        const ip = burst.ip;
        if (burst.left <= 0) burst = null;
        return wafBlock(ip, 85, pick(FINGERPRINTS));
      }
      const repeat = random() < 0.3;
      const ip = ipOf(repeat ? 100 + Math.floor(random() * 20) : 10_000 + Math.floor(random() * 5_000_000));
      return typedSignal(pick(THREAT_SIGNAL_TYPES), ip, Math.floor(random() * 100), pick(FINGERPRINTS));
    },
  };
}

/** What the real WAF sends when it blocks a request. */
function wafBlock(ip: string, risk: number, fingerprint: string): Record<string, unknown> {
  return {
    signalType: 'IP_THREAT', sourceIp: ip, fingerprint, severity: SEVERITY_BY_RISK(risk), confidence: risk / 100,
    eventCount: 1, metadata: { rule_ids: [`rule_${risk % 17}`, `rule_${risk % 5}`] },
  };
}

function typedSignal(type: ThreatSignalType, ip: string, risk: number, fingerprint: string): Record<string, unknown> {
  const base = { signalType: type, sourceIp: ip, severity: SEVERITY_BY_RISK(risk), confidence: risk / 100, eventCount: 1 + (risk % 3) };
  switch (type) {
    case 'CREDENTIAL_STUFFING':
      return { ...base, metadata: { latitude: 52.52, longitude: 13.4, city: 'Berlin', countryCode: 'DE', userId: `user-${risk}` } };
    case 'IMPOSSIBLE_TRAVEL':
      return { ...base, metadata: { latitude: -33.87, longitude: 151.21, city: 'Sydney', countryCode: 'AU', userId: `user-${risk}` } };
    case 'FINGERPRINT_THREAT':
    case 'BOT_SIGNATURE':
      return { ...base, fingerprint, metadata: { ja4: fingerprint } };
    case 'TEMPLATE_DISCOVERY':
    case 'SCHEMA_VIOLATION':
      return { ...base, metadata: { path: `/api/v1/items/${risk}`, method: 'POST' } };
    default:
      return { ...base, metadata: { rule_ids: [`rule_${risk}`] } };
  }
}
