// JSON schemas and OpenAPI examples of the Trust Score API: findings, losses, categories, trends and each answer.
// Documentation and response shapes only; the numbers come from formula.ts through the score service.

import { SIGNAL_RULES } from '../core/wire-format.ts';
import { SEVERITIES } from '../core/types.ts';
import { problemSchema } from '../http/schemas.ts';
import { MAX_TREND_POINTS, RANGES } from './score-service.ts';

const HASH = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const TIME = { type: 'string', format: 'date-time' } as const;

export const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema } as const;

export const rangeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { range: { type: 'string', enum: Object.keys(RANGES), default: '30d', description: 'the trend covers this many days back from now' } },
} as const;

export const subjectParams = {
  type: 'object',
  required: ['type', 'id'],
  properties: {
    type: { type: 'string', pattern: SIGNAL_RULES.subject_type.pattern, maxLength: SIGNAL_RULES.subject_type.maxLength, examples: ['ip'] },
    id: { type: 'string', minLength: 1, maxLength: SIGNAL_RULES.subject_id.maxLength, examples: ['203.0.113.7'] },
  },
} as const;

const findingSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['signal', 'block', 'incident'] },
    id: { type: 'string', description: "the signal's row id, the block's or the incident's id" },
    source: { type: 'string' }, signal_key: { type: 'string' },
    severity: { type: ['string', 'null'], enum: [...SEVERITIES, null] },
    value: { description: "the signal value's `value`; null for blocks and incidents" },
    observed_at: TIME,
  },
} as const;

const lossProperties = {
  finding: findingSchema,
  category: { type: 'string' },
  penalty: { type: 'number', description: 'what the finding costs within its category (0–100) before the 1/i^1.5 combination' },
  rank: { type: 'integer', description: 'its place in its category, costliest first' },
  points_lost: { type: 'number', description: 'the points of the 0–100 score it cost' },
} as const;
const lossSchema = { type: 'object', properties: lossProperties } as const;
const tenantLossSchema = { type: 'object', properties: { subject_type: { type: 'string' }, subject_id: { type: 'string' }, ...lossProperties } } as const;

const categorySchema = {
  type: 'object',
  properties: {
    name: { type: 'string' }, weight: { type: 'number', description: 'effective weight, a share of 1 (bootstrap and renormalisation applied)' },
    score: { type: 'number' }, findings: { type: 'integer' },
  },
} as const;

const trendSchema = {
  type: 'object',
  description: `one point per snapshot in the range; beyond ${MAX_TREND_POINTS} snapshots, the mean of each of ${MAX_TREND_POINTS} equal time buckets`,
  properties: {
    range: { type: 'string', enum: Object.keys(RANGES) }, since: TIME,
    points: { type: 'array', items: { type: 'object', properties: { at: TIME, score: { type: 'number' }, snapshots: { type: 'integer' } } } },
    start: { type: ['number', 'null'], description: 'the score in force at the start of the range (the last snapshot at or before it, else the first in it)' },
    delta: { type: ['number', 'null'], description: 'the current score minus `start`' },
  },
} as const;

// One agent of a tenant in its first 30 days with patch_scanner → patch_hygiene and agent_monitor → agent_health mapped:
// a failed critical patch check and a low agent finding. test/trust-score-stage.test.ts checks these numbers against the formula.
const exampleFinding = {
  kind: 'signal', id: '18342', source: 'patch_scanner', signal_key: 'patch.missing_critical', severity: 'critical', value: false, observed_at: '2026-12-02T09:30:00.000000Z',
};
const exampleLoss = { finding: exampleFinding, category: 'patch_hygiene', penalty: 100, rank: 1, points_lost: 24.17 };
const exampleSecondLoss = {
  finding: { kind: 'signal', id: '18343', source: 'agent_monitor', signal_key: 'agent.version_drift', severity: 'low', value: '1.2.0', observed_at: '2026-12-02T09:31:00.000000Z' },
  category: 'agent_health', penalty: 10, rank: 1, points_lost: 1.73,
};
const exampleCategories = [
  { name: 'patch_hygiene', weight: 0.583333, score: 58.56, findings: 1 }, { name: 'agent_health', weight: 0.416667, score: 95.86, findings: 1 },
];
const exampleTrend = { range: '7d', since: '2026-11-25T10:00:00.000Z', points: [{ at: '2026-12-02T09:30:00.000Z', score: 74.1, snapshots: 1 }], start: 80, delta: -5.9 };

const tenantProperties = {
  score: { type: 'number' }, subjects: { type: 'integer', description: 'subjects with a current signal' },
  mean: { type: 'number' }, worst_decile_mean: { type: 'number' },
  formula_version: { type: 'string' }, inputs_hash: HASH,
  categories: { type: 'array', items: categorySchema, description: "each category's mean score over the scored subjects" },
  top_losses: { type: 'array', items: tenantLossSchema, description: 'the costliest losses across the subjects' },
} as const;
const exampleTenant = {
  score: 74.1, subjects: 1, mean: 74.1, worst_decile_mean: 74.1, formula_version: 'quorum-trust-1', inputs_hash: 'a'.repeat(64),
  categories: exampleCategories, top_losses: [{ subject_type: 'agent', subject_id: 'web-01', ...exampleLoss }, { subject_type: 'agent', subject_id: 'web-01', ...exampleSecondLoss }],
};

export const tenantAnswer = {
  type: 'object',
  properties: {
    basis: { type: 'string', enum: ['recompute', 'live'], description: 'recompute: the latest stored recompute; live: computed now, the tenant has none yet' },
    computed_at: TIME, ...tenantProperties, trend: trendSchema,
  },
  examples: [{ basis: 'recompute', computed_at: '2026-12-02T09:30:00.000Z', ...exampleTenant, trend: exampleTrend }],
} as const;

export const subjectAnswer = {
  type: 'object',
  properties: {
    subject_type: { type: 'string' }, subject_id: { type: 'string' }, computed_at: TIME,
    score: { type: 'number' }, formula_version: { type: 'string' }, inputs_hash: HASH,
    categories: { type: 'array', items: categorySchema },
    losses: { type: 'array', items: lossSchema, description: 'every finding that cost points, costliest first; they add up to 100 − score' },
    unmapped: { type: 'array', items: findingSchema, description: 'findings whose source maps to no category: they cost 0' },
    trend: trendSchema,
  },
  examples: [{
    subject_type: 'agent', subject_id: 'web-01', computed_at: '2026-12-02T10:00:00.000Z', score: 74.1, formula_version: 'quorum-trust-1', inputs_hash: 'a'.repeat(64),
    categories: exampleCategories, losses: [exampleLoss, exampleSecondLoss], unmapped: [], trend: exampleTrend,
  }],
} as const;

export const worstQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    order: { type: 'string', enum: ['worst'], default: 'worst', description: 'lowest score first' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
  },
} as const;

export const worstAnswer = {
  type: 'object',
  properties: {
    computed_at: { type: ['string', 'null'], format: 'date-time', description: 'the recompute these scores come from; null before the first' },
    subjects: {
      type: 'array',
      items: {
        type: 'object',
        properties: { subject_type: { type: 'string' }, subject_id: { type: 'string' }, score: { type: 'number' }, inputs_hash: HASH, computed_at: TIME, top_loss: { anyOf: [lossSchema, { type: 'null' }] } },
      },
    },
  },
  examples: [{
    computed_at: '2026-12-02T09:30:00.000Z',
    subjects: [{ subject_type: 'agent', subject_id: 'web-01', score: 74.1, inputs_hash: 'a'.repeat(64), computed_at: '2026-12-02T09:30:00.000Z', top_loss: exampleLoss }],
  }],
} as const;

export const recomputeAnswer = {
  type: 'object',
  properties: {
    computed_at: TIME, ...tenantProperties, removed: { type: 'integer', description: 'subjects whose last finding went since the previous recompute' },
    mode: {
      type: 'string', enum: ['full', 'incremental'],
      description: 'incremental: only the subjects whose inputs changed since the previous recompute were scored, the others kept their stored scores (same result as full); full: every subject was scored (the first recompute, a new policy, weights or bootstrap phase, retention dropped signals, or too much changed)',
    },
    rescored: { type: 'integer', description: 'subjects scored by this recompute (every subject in a full one)' },
  },
  examples: [{ computed_at: '2026-12-02T10:00:00.000Z', ...exampleTenant, removed: 0, mode: 'incremental', rescored: 12 }],
} as const;
