// Classifies a DDoS attack vector from FastNetMon's per-protocol packet rates.
// Pure; the rule is documented in docs/correlation.md and pinned by table-driven tests: change both together.

/**
 * The attack vectors the adapters share: what FastNetMon's rates classify as, plus the amplification vectors that
 * FlowSpec can match. Reports group by (victim, vector), so a report only corroborates others of the same word.
 */
export const KNOWN_VECTORS = [
  'udp_flood', 'syn_flood', 'tcp_flood', 'icmp_flood',
  'dns_amplification', 'ntp_amplification', 'ssdp_amplification', 'memcached_amplification',
] as const;

/** Why a vector will not corroborate reports of the shared vocabulary, or null when it is one of them. */
export function unknownVectorWarning(vector: string): string | null {
  if ((KNOWN_VECTORS as readonly string[]).includes(vector)) return null;
  return `vector "${vector}" is not one of ${KNOWN_VECTORS.join(', ')}: it groups only with reports of the same vector, so it never corroborates FastNetMon's; set a vector label`;
}

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
  // nonSyn ≥ 0, so winning over it means SYN > 0.
  if (r.syn > nonSyn && r.syn > r.udp) return 'syn_flood';
  const ranked: [string, number][] = [['udp_flood', r.udp], ['icmp_flood', r.icmp], ['tcp_flood', nonSyn]];
  let best: [string, number] = ['unknown', 0];
  for (const candidate of ranked) if (candidate[1] > best[1]) best = candidate;
  return best[0];
}
