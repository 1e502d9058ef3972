// Maps a FastNetMon JSON notification ({action, ip, attack_details}) to an attack report.
// A notification without a valid ip or a known action is malformed (400); `unban` ends the attack and withdraws.

import { InvalidRequestError } from '../../core/errors.ts';
import { normalizeIp } from '../../core/cidr.ts';
import { toRate, type AttackReport } from './attack-signal.ts';
import { classifyVector } from './vector.ts';

export const FASTNETMON_ACTIONS = ['ban', 'unban', 'partial_block', 'alert', 'attack_details'] as const;

export function mapFastnetmonNotification(body: unknown, confidenceMapping: Record<string, number>): AttackReport {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidRequestError('the body must be a FastNetMon notification object');
  const b = body as Record<string, unknown>;
  const action = b.action;
  if (typeof action !== 'string' || !(FASTNETMON_ACTIONS as readonly string[]).includes(action)) {
    throw new InvalidRequestError(`"action" must be one of ${FASTNETMON_ACTIONS.join(', ')}`, { field: 'action' });
  }
  const victim = typeof b.ip === 'string' ? normalizeIp(b.ip) : null;
  if (!victim) throw new InvalidRequestError('"ip" must be an IPv4 or IPv6 address', { field: 'ip' });
  const details = (typeof b.attack_details === 'object' && b.attack_details !== null ? b.attack_details : {}) as Record<string, unknown>;
  const rates = {
    udp: toRate(details.incoming_udp_pps) ?? 0, tcp: toRate(details.incoming_tcp_pps) ?? 0,
    syn: toRate(details.incoming_syn_tcp_pps) ?? 0, icmp: toRate(details.incoming_icmp_pps) ?? 0,
  };
  let vector = classifyVector(rates);
  if (vector === 'unknown' && typeof details.attack_type === 'string' && /^[a-z0-9_]+$/.test(details.attack_type)) vector = details.attack_type;
  const uuid = typeof details.attack_uuid === 'string' && details.attack_uuid ? details.attack_uuid : null;
  // attack_details follows a ban of the same attack and carries the same certainty unless mapped on its own.
  const confidence = confidenceMapping[action] ?? (action === 'attack_details' ? confidenceMapping.ban : undefined) ?? 0.5;
  return {
    source: 'fastnetmon', victim, confidence, vector: action === 'unban' && vector === 'unknown' ? null : vector,
    bps: toRate(details.total_incoming_traffic_bits) ?? toRate(details.total_incoming_traffic), pps: toRate(details.total_incoming_pps),
    externalId: uuid, ended: action === 'unban', severity: action === 'unban' ? null : confidence >= 0.8 ? 'critical' : 'high',
    extra: { action, ...(typeof b.alert_scope === 'string' ? { alert_scope: b.alert_scope } : {}) },
    raw: body,
    dedupKey: uuid ? `${victim}\n${uuid}\n${action}` : null,
  };
}
