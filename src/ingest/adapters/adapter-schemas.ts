// OpenAPI schemas and examples of the adapters' bodies and answers, written from payloads real senders produced.
// Documentation only and as permissive as the senders: the mappers (alertmanager.ts, fastnetmon.ts) judge a body.

import { FASTNETMON_ACTIONS } from './fastnetmon.ts';
import { KNOWN_VECTORS } from './vector.ts';

const labels = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** Alertmanager's webhook (version 4), as Alertmanager 0.25 sends it; unknown members are kept in `raw`. */
export const alertmanagerBodySchema = {
  type: 'object', required: ['alerts'], additionalProperties: true,
  properties: {
    version: { type: 'string', enum: ['4'] }, receiver: { type: 'string' }, status: { type: 'string', enum: ['firing', 'resolved'] },
    alerts: {
      type: 'array',
      items: {
        type: 'object', required: ['status', 'labels'], additionalProperties: true,
        properties: {
          status: { type: 'string', description: '`firing` reports, `resolved` ends; anything else is skipped with a reason' },
          labels: {
            ...labels,
            description: `victim from \`victim_ip\`, else \`instance\` without its port; vector from \`vector\`, else \`alertname\` — use one of ${KNOWN_VECTORS.join(', ')} so it corroborates other detectors; confidence from \`severity\``,
          },
          annotations: { ...labels, description: '`bps` and `pps` (numbers as text) are kept as numbers' },
          startsAt: { type: 'string' }, endsAt: { type: 'string' }, generatorURL: { type: 'string' },
          fingerprint: { type: 'string', description: 'the external id; a repeated resolved notification of it is a duplicate' },
        },
      },
    },
    groupLabels: labels, commonLabels: labels, commonAnnotations: labels, externalURL: { type: 'string' }, groupKey: { type: 'string' },
    truncatedAlerts: { type: 'integer' },
  },
  // Captured from Alertmanager 0.25 (test fixtures: alertmanager/webhook-firing.json).
  examples: [{
    receiver: 'signals-hub', status: 'firing',
    alerts: [{
      status: 'firing',
      labels: { alertname: 'DDoSAttack', instance: '10.0.0.5:9100', job: 'node', severity: 'critical', vector: 'udp_flood', victim_ip: '10.0.0.5' },
      annotations: { bps: '1200000000', pps: '950000', summary: 'UDP flood toward 10.0.0.5' },
      startsAt: '2026-11-22T03:25:10Z', endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph?g0.expr=rate(node_network_receive_packets_total%5B1m%5D)', fingerprint: '4e0c60ebf55257b7',
    }],
    groupLabels: { alertname: 'DDoSAttack', victim_ip: '10.0.0.5' },
    commonLabels: { alertname: 'DDoSAttack', instance: '10.0.0.5:9100', job: 'node', severity: 'critical', vector: 'udp_flood', victim_ip: '10.0.0.5' },
    commonAnnotations: { bps: '1200000000', pps: '950000', summary: 'UDP flood toward 10.0.0.5' },
    externalURL: 'http://alertmanager:9093', version: '4', groupKey: '{}:{alertname="DDoSAttack", victim_ip="10.0.0.5"}', truncatedAlerts: 0,
  }],
} as const;

const rate = { oneOf: [{ type: 'number' }, { type: 'string' }], description: 'a number, or a number as text' } as const;

/** FastNetMon's JSON notification (scripts/fastnetmon-notify builds it from the free edition's notify call). */
export const fastnetmonBodySchema = {
  type: 'object', required: ['action', 'ip'], additionalProperties: true,
  properties: {
    action: { type: 'string', enum: [...FASTNETMON_ACTIONS], description: '`unban` ends the attack (withdraws); the others report it' },
    ip: { type: 'string', description: 'the victim, IPv4 or IPv6' },
    alert_scope: { type: 'string' },
    attack_details: {
      type: 'object', additionalProperties: true,
      description: `the vector is classified from the per-protocol rates (${KNOWN_VECTORS.slice(0, 4).join(', ')}), else taken from attack_type`,
      properties: {
        attack_uuid: { type: 'string', description: 'the external id; a resend with the same uuid and action is a duplicate' },
        attack_type: { type: 'string' }, attack_direction: { type: 'string' }, attack_protocol: { type: 'string' },
        incoming_udp_pps: rate, incoming_tcp_pps: rate, incoming_syn_tcp_pps: rate, incoming_icmp_pps: rate,
        total_incoming_pps: rate, total_incoming_traffic_bits: rate, total_incoming_traffic: rate,
      },
    },
  },
  // What scripts/fastnetmon-notify sends for FastNetMon 1.2.4's ban of a UDP flood (test fixtures: fastnetmon/ban.*).
  examples: [{
    action: 'ban', ip: '10.0.0.5', alert_scope: 'host',
    attack_details: {
      attack_direction: 'incoming', attack_type: 'udp_flood', attack_protocol: 'udp', initial_attack_power: 24154, peak_attack_power: 24154,
      total_incoming_pps: 24154, total_incoming_traffic_bits: 231000000, total_incoming_flows: 0, incoming_udp_pps: 24154, incoming_tcp_pps: 0,
      incoming_syn_tcp_pps: 0, incoming_icmp_pps: 0, incoming_ip_fragmented_pps: 0, average_incoming_pps: 24154,
      attack_uuid: '569a0ada-1f69-49b1-9dd5-2818c926b256',
    },
  }],
} as const;

/** Any JSON: one event or an array of events, read through the webhook's configured JSONPath mapping. */
export const webhookBodySchema = {
  description: 'one event or an array of events; the fields are whatever the configured mapping reads (see the `scrubber` webhook in the PUT /v1/config/correlation example)',
  oneOf: [{ type: 'object', additionalProperties: true }, { type: 'array', items: { type: 'object', additionalProperties: true } }],
  examples: [{ id: 'evt-20261201-0042', event: 'attack', target: { ip: '203.0.113.7' }, attack: { kind: 'udp_flood' }, score: 90 }],
} as const;

const outcome = {
  type: 'object', additionalProperties: true,
  properties: {
    index: { type: 'integer' }, outcome: { type: 'string', enum: ['stored', 'duplicate', 'skipped'] },
    reason: { type: 'string', description: 'why it was skipped, or what default was used' },
    warning: { type: 'string', description: 'stored, but will not corroborate: e.g. a vector outside the shared vocabulary' },
    subject_id: { type: 'string' }, vector: { type: 'string' }, confidence: { type: 'number' }, ended: { type: 'boolean' },
  },
} as const;

/** The answer of every adapter: counts, and one result per alert or event in the order sent. */
export const adapterResultsSchema = {
  type: 'object',
  properties: {
    stored: { type: 'integer' }, duplicates: { type: 'integer' }, skipped: { type: 'integer' },
    results: { type: 'array', items: outcome },
  },
  examples: [{
    stored: 1, duplicates: 0, skipped: 0,
    results: [{ index: 0, fingerprint: '4e0c60ebf55257b7', status: 'firing', outcome: 'stored', subject_id: '10.0.0.5', vector: 'udp_flood', confidence: 0.9 }],
  }],
} as const;
