// Response schemas (with examples) of the mitigation, signal-group and replay reads: what the dashboard is typed by.
// Documentation and serialisation only; free-form parts (a stored explanation, a group key) keep every member.

import { memberSchema } from './incident-view.ts';

const ID = '3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11';
/** The mitigation id the document's examples use (paths and query parameters). */
export const EXAMPLE_MITIGATION_ID = ID;
/** The signal group id the document's examples use. */
export const EXAMPLE_GROUP_ID = '0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f';
const GROUP_ID = EXAMPLE_GROUP_ID;
const TEXT = 'Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)';
const NULLABLE_TIME = { type: ['string', 'null'], format: 'date-time' } as const;
const FREE = { type: 'object', additionalProperties: true } as const;

const mitigationProperties = {
  id: { type: 'string', format: 'uuid' },
  status: { type: 'string', enum: ['active', 'withdrawn', 'expired', 'rejected'] },
  action: { type: 'string' },
  block_type: { type: 'string' },
  indicator: { type: 'string' },
  origin: { type: 'string', description: 'correlation, manual, automatic or fleet' },
  created_at: { type: 'string', format: 'date-time' },
  expires_at: { type: 'string', format: 'date-time' },
  ended_at: NULLABLE_TIME,
  end_reason: { type: ['string', 'null'] },
  ttl_seconds: { type: 'integer' },
  extended_count: { type: 'integer' },
  rejection_code: { type: ['string', 'null'] },
  rejection_reason: { type: ['string', 'null'] },
  correlation: {
    type: ['object', 'null'],
    description: 'the correlation summary of a correlated mitigation; null for the other origins',
    properties: {
      group_id: { type: ['string', 'null'] }, rule: { type: ['string', 'null'] }, playbook: { type: ['string', 'null'] },
      derived_confidence: { type: ['number', 'null'] }, source_count: { type: ['integer', 'null'] },
      sources: { type: 'array', items: { type: 'string' } }, explanation: { type: 'string' },
    },
  },
} as const;

export const mitigationSchema = { type: 'object', required: Object.keys(mitigationProperties), properties: mitigationProperties } as const;

const exampleMitigation = {
  id: ID, status: 'active', action: 'block', block_type: 'IP', indicator: '10.0.0.5/32', origin: 'correlation',
  created_at: '2026-12-02T08:00:00Z', expires_at: '2026-12-02T09:00:00Z', ended_at: null, end_reason: null, ttl_seconds: 3600,
  extended_count: 0, rejection_code: null, rejection_reason: null,
  correlation: { group_id: GROUP_ID, rule: 'ddos_by_victim', playbook: 'block_victim_traffic', derived_confidence: 0.9, source_count: 2, sources: ['fastnetmon', 'alertmanager'], explanation: TEXT },
};

const explanationSchema = {
  type: 'object', additionalProperties: true, required: ['kind', 'text', 'decided_at'],
  description: 'as stored at decision time; later policy changes never rewrite it',
  properties: {
    kind: { type: 'string' }, text: { type: 'string' }, rule: { type: 'string' }, playbook: { type: 'string' }, group_id: { type: 'string' },
    group_key: FREE, reason: { type: 'string' }, decided_at: { type: 'string', format: 'date-time' },
    thresholds: {
      type: 'object',
      properties: { min_sources: { type: 'integer' }, confidence_threshold: { type: 'number' }, window_seconds: { type: 'integer' }, decay_half_life_seconds: { type: 'integer' } },
    },
    derived_confidence: { type: 'number' }, distinct_sources: { type: 'integer' },
    sources: {
      type: 'array',
      items: { type: 'object', properties: { source: { type: 'string' }, confidence: { type: 'number' }, weight: { type: 'number' }, signal_id: { type: 'string' } } },
    },
    signals: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' }, source: { type: 'string' }, confidence: { type: 'number' }, decayed_confidence: { type: 'number' },
          weight: { type: 'number' }, observed_at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

export const mitigationListSchema = {
  type: 'object', required: ['mitigations', 'next_cursor'],
  properties: { mitigations: { type: 'array', items: mitigationSchema }, next_cursor: { type: ['string', 'null'] } },
  examples: [{ mitigations: [exampleMitigation], next_cursor: null }],
} as const;

export const mitigationDetailSchema = {
  type: 'object', required: [...Object.keys(mitigationProperties), 'group_id', 'created_by', 'explanation'],
  properties: { ...mitigationProperties, group_id: { type: ['string', 'null'] }, created_by: { type: ['string', 'null'] }, explanation: explanationSchema },
  examples: [{
    ...exampleMitigation, group_id: GROUP_ID, created_by: null,
    explanation: {
      kind: 'correlation', text: TEXT, rule: 'ddos_by_victim', playbook: 'block_victim_traffic', group_id: GROUP_ID, decided_at: '2026-12-02T08:00:00Z',
      thresholds: { min_sources: 2, confidence_threshold: 0.7, window_seconds: 300, decay_half_life_seconds: 0 }, derived_confidence: 0.9, distinct_sources: 2,
      sources: [{ source: 'fastnetmon', confidence: 0.9, weight: 1, signal_id: '41' }, { source: 'alertmanager', confidence: 0.9, weight: 0.8, signal_id: '42' }],
    },
  }],
} as const;

/** One mitigation after a write (create or withdraw). */
export const mitigationWriteSchema = {
  type: 'object', required: ['mitigation'], properties: { outcome: { type: 'string', enum: ['created', 'extended'] }, mitigation: mitigationSchema },
  examples: [{ mitigation: { ...exampleMitigation, status: 'withdrawn', ended_at: '2026-12-02T08:20:00Z', end_reason: 'withdrawn by API key 9b1c…: false positive' } }],
} as const;

const groupProperties = {
  id: { type: 'string', format: 'uuid' },
  rule: { type: 'string' },
  group_key: { ...FREE, description: 'the rule\'s group_by fields and their values' },
  playbook: { type: ['string', 'null'] },
  subject_type: { type: 'string' },
  subject_id: { type: 'string' },
  status: { type: 'string', enum: ['open', 'corroborated', 'expired'] },
  opened_at: { type: 'string', format: 'date-time' },
  window_ends_at: { type: 'string', format: 'date-time' },
  closed_at: NULLABLE_TIME,
  signal_count: { type: 'integer' },
  source_count: { type: 'integer' },
  derived_confidence: { type: ['number', 'null'] },
  min_sources: { type: ['integer', 'null'] },
  confidence_threshold: { type: ['number', 'null'] },
  decision_reason: { type: ['string', 'null'] },
  mitigation_id: { type: ['string', 'null'] },
  end_reason: { type: ['string', 'null'] },
  ended_at: NULLABLE_TIME,
} as const;

const exampleGroup = {
  id: GROUP_ID, rule: 'ddos_by_victim', group_key: { subject_id: '10.0.0.5', vector: 'udp_flood' }, playbook: 'block_victim_traffic',
  subject_type: 'ip', subject_id: '10.0.0.5', status: 'corroborated', opened_at: '2026-12-02T07:59:50Z', window_ends_at: '2026-12-02T08:04:50Z',
  closed_at: '2026-12-02T08:00:00Z', signal_count: 2, source_count: 2, derived_confidence: 0.9, min_sources: 2, confidence_threshold: 0.7,
  decision_reason: TEXT, mitigation_id: ID, end_reason: null, ended_at: null,
};

export const groupListSchema = {
  type: 'object', required: ['signal_groups', 'next_cursor'],
  properties: {
    signal_groups: { type: 'array', items: { type: 'object', required: Object.keys(groupProperties), properties: groupProperties } },
    next_cursor: { type: ['string', 'null'] },
  },
  examples: [{ signal_groups: [exampleGroup], next_cursor: null }],
} as const;

export const groupDetailSchema = {
  type: 'object', required: [...Object.keys(groupProperties), 'signals', 'ended_sources', 'guardrail_rejections'],
  properties: {
    ...groupProperties,
    signals: { type: 'array', items: memberSchema },
    ended_sources: {
      type: 'array', description: 'the sources whose every report has ended',
      items: { type: 'object', properties: { source: { type: 'string' }, signal_id: { type: ['string', 'null'] }, ended_at: NULLABLE_TIME } },
    },
    guardrail_rejections: {
      type: 'array',
      items: { type: 'object', properties: { code: { type: 'string' }, reason: { type: 'string' }, rejected_at: { type: 'string', format: 'date-time' } } },
    },
  },
  examples: [{
    ...exampleGroup, ended_sources: [], guardrail_rejections: [],
    signals: [{
      signal_id: '41', source: 'fastnetmon', subject_type: 'ip', subject_id: '10.0.0.5', signal_key: 'ddos.attack', severity: null, confidence: 0.9,
      observed_at: '2026-12-02T07:59:50Z', added_at: '2026-12-02T07:59:50Z', ended_at: null, ended_by: null,
    }],
  }],
} as const;

const decisionSchema = {
  type: 'object',
  properties: {
    key: { type: 'string', description: 'rule, group key and ordinal: the same decision across the two runs' },
    rule: { type: 'string' }, playbook: { type: 'string' }, group_key: FREE, indicator: { type: 'string' },
    outcome: { type: 'string', enum: ['block', 'extend', 'rejected'] }, rejection: { type: 'string' },
    decided_at: { type: 'string', format: 'date-time' }, derived_confidence: { type: 'number' },
    sources: { type: 'array', items: { type: 'string' } }, signal_ids: { type: 'array', items: { type: 'string' } }, explanation: { type: 'string' },
  },
} as const;

const exampleDecision = {
  key: 'ddos_by_victim|10.0.0.5|udp_flood#1', rule: 'ddos_by_victim', playbook: 'block_victim_traffic', group_key: { subject_id: '10.0.0.5', vector: 'udp_flood' },
  indicator: '10.0.0.5/32', outcome: 'block', decided_at: '2026-12-02T08:00:00Z', derived_confidence: 0.9, sources: ['fastnetmon', 'alertmanager'],
  signal_ids: ['41', '42'], explanation: TEXT,
};

const COUNT = { type: 'integer' } as const;

export const replaySchema = {
  type: 'object', required: ['signals', 'totals', 'truncated', 'unchanged', 'current', 'candidate', 'added', 'removed', 'changed'],
  properties: {
    signals: { type: 'integer', description: 'signals of the range replayed' },
    totals: { type: 'object', properties: { current: COUNT, candidate: COUNT, added: COUNT, removed: COUNT, changed: COUNT, unchanged: COUNT } },
    truncated: { type: 'boolean', description: 'a list was cut to `limit`' },
    unchanged: COUNT,
    current: { type: 'array', items: decisionSchema, description: 'decisions of the live policy' },
    candidate: { type: 'array', items: decisionSchema, description: 'decisions of the candidate' },
    added: { type: 'array', items: decisionSchema, description: 'only the candidate makes these' },
    removed: { type: 'array', items: decisionSchema, description: 'only the live policy makes these' },
    changed: {
      type: 'array', description: 'the same decision, different in `differences`',
      items: { type: 'object', properties: { key: { type: 'string' }, current: decisionSchema, candidate: decisionSchema, differences: { type: 'array', items: { type: 'string' } } } },
    },
  },
  examples: [{
    signals: 2, totals: { current: 1, candidate: 1, added: 0, removed: 0, changed: 1, unchanged: 0 }, truncated: false, unchanged: 0,
    current: [exampleDecision], candidate: [{ ...exampleDecision, outcome: 'rejected', rejection: 'safelisted' }], added: [], removed: [],
    changed: [{ key: exampleDecision.key, current: exampleDecision, candidate: { ...exampleDecision, outcome: 'rejected', rejection: 'safelisted' }, differences: ['outcome', 'rejection'] }],
  }],
} as const;

const expiresAt = { type: ['string', 'null'], format: 'date-time', description: 'when the entry stops counting; null: until removed' } as const;

const safelistEntry = {
  type: 'object', required: ['id', 'cidr', 'reason', 'created_at', 'expiresAt'],
  properties: {
    id: { type: 'string', format: 'uuid' }, cidr: { type: 'string' }, reason: { type: ['string', 'null'] }, created_at: { type: 'string', format: 'date-time' }, expiresAt,
  },
} as const;

export const safelistSchema = {
  type: 'object', required: ['entries'], properties: { entries: { type: 'array', items: safelistEntry } },
  examples: [{ entries: [
    { id: '5d2e1f0a-3b4c-4d5e-8f60-718293a4b5c6', cidr: '192.0.2.0/24', reason: 'our office', created_at: '2026-12-02T08:00:00Z', expiresAt: null },
    { id: '6e3f2a1b-4c5d-4e6f-9a71-8293a4b5c6d7', cidr: '198.51.100.7/32', reason: 'pen test this week', created_at: '2026-12-03T08:00:00Z', expiresAt: '2026-12-10T18:00:00Z' },
  ] }],
} as const;

export const safelistAddedSchema = {
  type: 'object', required: ['id', 'cidr', 'expiresAt', 'withdrawn'],
  properties: {
    id: { type: 'string', format: 'uuid' }, cidr: { type: 'string' }, expiresAt,
    withdrawn: { type: 'array', items: { type: 'string' }, description: 'the active blocks the entry lifted (mitigation ids)' },
  },
  examples: [{ id: '5d2e1f0a-3b4c-4d5e-8f60-718293a4b5c6', cidr: '192.0.2.0/24', expiresAt: null, withdrawn: [ID] }],
} as const;
