// How rule bundles, sensor configs and rollouts look in the API: request and response schemas with examples, and the
// view functions. Shapes only; the rules of a document and the steps of a rollout live in src/distribute/.

import { fleetSelectorSchema } from '../distribute/fleet-selector.ts';
import type { RolloutRow, RolloutSensorRow } from '../distribute/rollout-queries.ts';
import { VERSION_PATTERN } from '../distribute/rule-documents.ts';

export const versionSchema = { type: 'string', pattern: VERSION_PATTERN, description: 'the version the tenant names it by: unique per kind, immutable', examples: ['2026.12.03-1'] } as const;

export const documentUploadSchema = (kind: 'rules' | 'config') => ({
  type: 'object', additionalProperties: false, required: ['version', 'document'],
  properties: {
    version: versionSchema,
    document: {
      type: 'object', additionalProperties: true,
      description: kind === 'rules'
        ? 'the rule bundle: {"rules": [...]} of objects each with a unique string `id` (other members are the sensor\'s business)'
        : 'the sensor config: any JSON object',
    },
  },
  examples: [kind === 'rules'
    ? { version: '2026.12.03-1', document: { rules: [{ id: 'sqli-1', match: 'union select', action: 'block' }] } }
    : { version: 'cfg-7', document: { rateLimit: { perMinute: 600 }, logLevel: 'info' } }],
});

const summaryProperties = {
  version: { type: 'string' },
  hash: { type: 'string', description: 'SHA-256 (hex) of the canonical serialisation: keys sorted at every depth, no whitespace (docs/fleet.md)' },
  size: { type: 'integer', description: 'bytes of the canonical serialisation' },
  created_at: { type: 'string', format: 'date-time' },
  created_by: { type: 'string' },
} as const;
const summaryExample = {
  version: '2026.12.03-1', hash: '3f1c9a4e0b6d2c8f7a5e1d3b9c0f4a6e8d2b7c5a1e3f9d0b4c6a8e2f7d1b3c5a', size: 74, created_at: '2026-12-03T09:00:00Z', created_by: 'ops-admin',
};

export const documentSummarySchema = { type: 'object', required: Object.keys(summaryProperties), properties: summaryProperties, examples: [summaryExample] } as const;
export const documentSchema = {
  type: 'object', required: [...Object.keys(summaryProperties), 'document'], properties: { ...summaryProperties, document: { type: 'object', additionalProperties: true } },
  examples: [{ ...summaryExample, document: { rules: [{ id: 'sqli-1', match: 'union select', action: 'block' }] } }],
} as const;
export const documentListSchema = {
  type: 'object', required: ['versions'], properties: { versions: { type: 'array', items: documentSummarySchema } }, examples: [{ versions: [summaryExample] }],
} as const;

const canarySchema = {
  type: 'object', additionalProperties: false, required: ['soakSeconds'],
  description: 'the first wave: a percentage of the targets (rounded up, at least 1) or these sensors (among the targets); exactly one of the two',
  properties: {
    percent: { type: 'integer', minimum: 1, maximum: 100 },
    sensorIds: { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 128 } },
    soakSeconds: { type: 'integer', minimum: 0, maximum: 604_800, description: 'how long every canary must have applied the version and stay healthy before the rest follow' },
  },
} as const;

export const rolloutCreateSchema = {
  type: 'object', additionalProperties: false, required: ['kind', 'version', 'strategy', 'targets'],
  properties: {
    kind: { type: 'string', enum: ['rules', 'config'] },
    version: versionSchema,
    strategy: { type: 'string', enum: ['immediate', 'canary', 'scheduled'], description: 'immediate: all targets now; canary: the canary wave first; scheduled: at `at` (with a canary wave when `canary` is given)' },
    targets: fleetSelectorSchema,
    canary: canarySchema,
    at: { type: 'string', format: 'date-time', description: 'when a scheduled rollout starts (RFC 3339, in the future)' },
  },
  examples: [{ kind: 'rules', version: '2026.12.03-1', strategy: 'canary', targets: { sensorIds: ['edge-fra-1'] }, canary: { percent: 10, soakSeconds: 300 } }],
} as const;

const COUNT_KEYS = ['targets', 'canaries', 'waiting', 'pending', 'sent', 'applied', 'failed', 'rolled_back'] as const;
const rolloutProperties = {
  id: { type: 'string', format: 'uuid' },
  kind: { type: 'string', enum: ['rules', 'config'] },
  version: { type: 'string' },
  strategy: { type: 'string', enum: ['immediate', 'canary', 'scheduled'] },
  targets: { type: 'object', additionalProperties: true },
  canary: { type: ['object', 'null'], additionalProperties: true },
  at: { type: ['string', 'null'], format: 'date-time' },
  state: { type: 'string', enum: ['scheduled', 'running', 'completed', 'rolled_back', 'aborted'] },
  phase: { type: 'string', enum: ['waiting', 'canary', 'full', 'done'] },
  reason: { type: ['string', 'null'], description: 'why it ended as it did (a rollback names the canary and what happened)' },
  canary_acked_at: { type: ['string', 'null'], format: 'date-time', description: 'when every canary had applied it: the soak runs from here' },
  created_at: { type: 'string', format: 'date-time' },
  created_by: { type: 'string' },
  started_at: { type: ['string', 'null'], format: 'date-time' },
  promoted_at: { type: ['string', 'null'], format: 'date-time' },
  finished_at: { type: ['string', 'null'], format: 'date-time' },
  counts: { type: 'object', required: [...COUNT_KEYS], properties: Object.fromEntries(COUNT_KEYS.map((k) => [k, { type: 'integer' }])) },
} as const;

const rolloutExample = {
  id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', kind: 'rules', version: '2026.12.03-1', strategy: 'canary', targets: { sensorIds: ['edge-fra-1'] },
  canary: { percent: 10, soakSeconds: 300 }, at: null, state: 'running', phase: 'canary', reason: null, canary_acked_at: '2026-12-03T09:01:10Z',
  created_at: '2026-12-03T09:01:00Z', created_by: 'ops-admin', started_at: '2026-12-03T09:01:00Z', promoted_at: null, finished_at: null,
  counts: { targets: 20, canaries: 2, waiting: 18, pending: 0, sent: 0, applied: 2, failed: 0, rolled_back: 0 },
};
const sensorExample = {
  sensor_id: 'edge-fra-1', canary: true, status: 'applied', message: 'rules loaded', health: 'healthy', previous_version: '2026.11.20-4',
  command_id: '0b6f3f8e-2a41-4c55-9d3e-7f1a2b3c4d5e', updated_at: '2026-12-03T09:01:10Z',
};

export const rolloutSchema = { type: 'object', required: Object.keys(rolloutProperties), properties: rolloutProperties, examples: [rolloutExample] } as const;
export const rolloutListSchema = {
  type: 'object', required: ['rollouts', 'next_cursor'],
  properties: { rollouts: { type: 'array', items: rolloutSchema }, next_cursor: { type: ['string', 'null'] } },
  examples: [{ rollouts: [rolloutExample], next_cursor: null }],
} as const;
export const rolloutDetailSchema = {
  type: 'object', required: [...Object.keys(rolloutProperties), 'sensors'],
  properties: {
    ...rolloutProperties,
    sensors: {
      type: 'array', description: "each target's progress, canaries first: its push (waiting, pending, sent, applied, failed, rolled_back), the sensor's message, its health now",
      items: {
        type: 'object', required: Object.keys(sensorExample),
        properties: {
          sensor_id: { type: 'string' }, canary: { type: 'boolean' },
          status: { type: 'string', enum: ['waiting', 'pending', 'sent', 'applied', 'failed', 'rolled_back'] },
          message: { type: ['string', 'null'] }, health: { type: 'string', enum: ['healthy', 'degraded', 'unhealthy', 'stale', 'offline', 'unknown'] },
          previous_version: { type: ['string', 'null'], description: 'the version it had applied before: what a rollback pushes back' },
          command_id: { type: ['string', 'null'], format: 'uuid' }, updated_at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
  examples: [{ ...rolloutExample, sensors: [sensorExample] }],
} as const;

/** A rollout with its counts per push status. */
export function rolloutView(r: RolloutRow, counts: Record<string, number> | undefined) {
  return { ...r, counts: Object.fromEntries(COUNT_KEYS.map((k) => [k, counts?.[k] ?? 0])) };
}

export function rolloutSensorView(s: RolloutSensorRow) {
  return {
    sensor_id: s.sensor_id, canary: s.canary, status: s.status, message: s.message, health: s.health, previous_version: s.previous_version,
    command_id: s.command_id, updated_at: s.updated_at,
  };
}
