// How an incident looks over HTTP: its view (a TTL that passed reads closed even before the sweep writes it), the JSON
// schemas of the list and the detail, and their examples. Pure shaping; never reads or writes.

import { quietReason, type IncidentRow } from '../correlate/incident-queries.ts';

/** An incident as the API shows it at `now`. */
export function incidentView(i: IncidentRow, now: Date) {
  // The sweep closes it at expires_at with this reason; a read before the sweep says the same.
  const lapsed = i.status === 'open' && Date.parse(i.expires_at) <= now.getTime();
  return {
    id: i.id, group_id: i.group_id, rule: i.rule, playbook: i.playbook, subject_type: i.subject_type, subject_id: i.subject_id,
    status: lapsed ? 'closed' as const : i.status, opened_at: i.opened_at, last_signal_at: i.last_signal_at, ttl_seconds: i.ttl_seconds,
    expires_at: i.expires_at, closed_at: lapsed ? i.expires_at : i.closed_at, close_reason: lapsed ? quietReason(i.ttl_seconds) : i.close_reason,
    source_count: i.explanation.distinct_sources ?? 0, sources: (i.explanation.sources ?? []).map((s) => s.source), explanation_text: i.explanation_text,
  };
}

export type IncidentView = ReturnType<typeof incidentView>;

const incidentProperties = {
  id: { type: 'string', format: 'uuid' },
  group_id: { type: 'string', format: 'uuid', description: 'the corroborated signal group (GET /v1/signal-groups/{id})' },
  rule: { type: 'string' },
  playbook: { type: 'string' },
  subject_type: { type: 'string' },
  subject_id: { type: 'string' },
  status: { type: 'string', enum: ['open', 'closed'] },
  opened_at: { type: 'string', format: 'date-time' },
  last_signal_at: { type: 'string', format: 'date-time', description: 'when the last report of the subject joined it' },
  ttl_seconds: { type: 'integer', description: 'it closes this long after its last report' },
  expires_at: { type: 'string', format: 'date-time', description: 'when it closes unless another report arrives' },
  closed_at: { type: ['string', 'null'], format: 'date-time' },
  close_reason: { type: ['string', 'null'], description: '"no new report for <ttl> s", or its sources ended it ("all sources ended: …")' },
  source_count: { type: 'integer', description: 'distinct sources when it opened' },
  sources: { type: 'array', items: { type: 'string' } },
  explanation_text: { type: 'string' },
} as const;

export const incidentSchema = { type: 'object', required: Object.keys(incidentProperties), properties: incidentProperties } as const;

/** A group's signal as the group reads list it. */
export const memberSchema = {
  type: 'object',
  properties: {
    signal_id: { type: 'string' }, source: { type: 'string' }, subject_type: { type: 'string' }, subject_id: { type: 'string' },
    signal_key: { type: 'string' }, severity: { type: ['string', 'null'] }, confidence: { type: 'number' },
    observed_at: { type: 'string', format: 'date-time' }, added_at: { type: 'string', format: 'date-time' },
    ended_at: { type: ['string', 'null'], format: 'date-time' }, ended_by: { type: ['string', 'null'] },
  },
} as const;

export const exampleIncident = {
  id: '6b1d3f0e-2c4a-4e8b-9a51-7f20c3d4e5a6', group_id: '0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f', rule: 'subject_anomaly', playbook: 'subject_anomaly',
  subject_type: 'host', subject_id: 'web-01', status: 'open', opened_at: '2026-12-02T08:07:00Z', last_signal_at: '2026-12-02T08:07:00Z',
  ttl_seconds: 600, expires_at: '2026-12-02T08:17:00Z', closed_at: null, close_reason: null, source_count: 3,
  sources: ['vuln_scan', 'disk_monitor', 'file_integrity'],
  explanation_text: 'Corroboration met: 3 distinct sources (min 3), derived confidence 0.60 (threshold 0.00). Sources: vuln_scan (0.60, w 1.0), disk_monitor (0.60, w 1.0), file_integrity (0.60, w 1.0)',
};

export const incidentDetailSchema = {
  type: 'object',
  required: [...Object.keys(incidentProperties), 'explanation', 'signals'],
  properties: {
    ...incidentProperties,
    explanation: { type: 'object', additionalProperties: true, description: 'as stored when it opened: rule, playbook, thresholds, derived confidence, every signal' },
    signals: { type: 'array', items: memberSchema, description: "the group's signals, those that joined after it opened too" },
  },
  examples: [{
    ...exampleIncident,
    explanation: {
      kind: 'correlation', text: exampleIncident.explanation_text, rule: 'subject_anomaly', playbook: 'subject_anomaly',
      thresholds: { min_sources: 3, confidence_threshold: 0, window_seconds: 600, decay_half_life_seconds: 0 }, derived_confidence: 0.6, distinct_sources: 3,
    },
    signals: [{
      signal_id: '41', source: 'vuln_scan', subject_type: 'host', subject_id: 'web-01', signal_key: 'vuln.cve', severity: 'medium', confidence: 0.6,
      observed_at: '2026-12-02T08:01:00Z', added_at: '2026-12-02T08:01:00Z', ended_at: null, ended_by: null,
    }],
  }],
} as const;
