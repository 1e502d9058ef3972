// Classifies a DDoS attack vector from FastNetMon's per-protocol packet rates.
// Pure; the rule is documented in docs/correlation.md and pinned by table-driven tests: change both together.

export interface ProtocolRates {
  udp: number;
  tcp: number;
  syn: number;
  icmp: number;
}

/**
 * SYN flood when SYN packets dominate TCP (more SYN than non-SYN TCP) and exceed UDP; otherwise the largest of
 * UDP, ICMP and non-SYN TCP (`udp_flood`, `icmp_flood`, `tcp_flood`; ties go in that order); `unknown` when all are 0.
 */
export function classifyVector(r: ProtocolRates): string {
  const nonSyn = Math.max(0, r.tcp - r.syn);
  if (r.syn > 0 && r.syn > nonSyn && r.syn > r.udp) return 'syn_flood';
  const ranked: [string, number][] = [['udp_flood', r.udp], ['icmp_flood', r.icmp], ['tcp_flood', nonSyn]];
  let best: [string, number] = ['unknown', 0];
  for (const candidate of ranked) if (candidate[1] > best[1]) best = candidate;
  return best[0];
}
