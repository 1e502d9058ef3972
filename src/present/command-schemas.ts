// JSON schemas (with examples) of the fleet command API: a command, a fleet request's answer, a list page, the bodies.
// Shapes only; the routes validate with them and the OpenAPI document shows them.

import { COMMAND_STATUSES, COMMAND_TYPES } from '../distribute/command-types.ts';
import { fleetSelectorSchema } from '../distribute/fleet-selector.ts';

const EXAMPLE_ID = '5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11';

export const commandExample = {
  id: EXAMPLE_ID, sensor_id: 'edge-fra-1', type: 'toggle_chaos', payload: { enabled: false }, status: 'succeeded', attempts: 1, max_attempts: 3,
  timeout_ms: 10000, created_at: '2026-12-03T09:00:00.000Z', created_by: 'user:alice', expires_at: '2026-12-03T10:00:00.000Z',
  sent_at: '2026-12-03T09:00:00.040Z', finished_at: '2026-12-03T09:00:00.310Z', message: 'chaos mode off', result: { enabled: false },
  fleet_request_id: null, rollout_id: null,
};

const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;

export const commandSchema = {
  type: 'object',
  required: Object.keys(commandExample),
  properties: {
    id: { type: 'string', format: 'uuid' },
    sensor_id: { type: 'string' },
    type: { type: 'string', enum: [...COMMAND_TYPES] },
    payload: { type: 'object', additionalProperties: true },
    status: { type: 'string', enum: [...COMMAND_STATUSES], description: 'pending → sent → succeeded | failed | timed_out | expired | cancelled' },
    attempts: { type: 'integer', description: 'deliveries so far (a sent command unanswered within timeout_ms is sent again while attempts < max_attempts)' },
    max_attempts: { type: 'integer' },
    timeout_ms: { type: 'integer', description: 'how long one attempt waits for the command-ack' },
    created_at: { type: 'string', format: 'date-time' },
    created_by: { type: 'string', description: '`user:<username>` or `key:<key id>`' },
    expires_at: { type: 'string', format: 'date-time', description: 'a command still pending then is expired' },
    sent_at: nullableTime,
    finished_at: nullableTime,
    message: { type: ['string', 'null'], description: "the sensor's message, or why the hub finished it" },
    result: { type: ['object', 'null'], additionalProperties: true, description: "the sensor's result, when it gave one" },
    fleet_request_id: { ...nullableUuid, description: 'the fleet-wide request this command is one of' },
    rollout_id: { ...nullableUuid, description: 'the rollout this command serves' },
  },
  examples: [commandExample],
} as const;

const typeAndPayload = {
  type: { type: 'string', enum: [...COMMAND_TYPES] },
  payload: { type: 'object', additionalProperties: true, description: 'given to the sensor as is (default {}); at most QUORUM_COMMAND_MAX_PAYLOAD_BYTES' },
} as const;

export const sendBody = {
  type: 'object', additionalProperties: false, required: ['type'], properties: typeAndPayload,
  examples: [{ type: 'toggle_chaos', payload: { enabled: false } }],
} as const;

export const fleetBody = {
  type: 'object', additionalProperties: false, required: ['type', 'selector'],
  properties: { ...typeAndPayload, selector: fleetSelectorSchema },
  examples: [{ type: 'collect_diagnostics', payload: {}, selector: { tags: ['edge'], connected: true } }],
} as const;

export const fleetAnswerSchema = {
  type: 'object', required: ['fleet_request_id', 'commands'],
  properties: {
    fleet_request_id: { type: 'string', format: 'uuid' },
    commands: { type: 'array', items: commandSchema, description: 'one per sensor matched, in sensor id order; empty when no approved sensor matched (nothing was enqueued)' },
  },
  examples: [{
    fleet_request_id: '0c6d1f0e-98b4-4f3e-8a31-5d1e7d9c2b40',
    commands: [{ ...commandExample, type: 'collect_diagnostics', payload: {}, status: 'pending', attempts: 0, max_attempts: 2, timeout_ms: 120000, sent_at: null, finished_at: null, message: null, result: null, fleet_request_id: '0c6d1f0e-98b4-4f3e-8a31-5d1e7d9c2b40' }],
  }],
} as const;

export const commandListSchema = {
  type: 'object', required: ['commands', 'next_cursor'],
  properties: { commands: { type: 'array', items: commandSchema }, next_cursor: { type: ['string', 'null'], description: 'pass as `cursor` for the next page; null on the last' } },
  examples: [{ commands: [commandExample], next_cursor: null }],
} as const;

export const listQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    sensor: { type: 'string', minLength: 1, maxLength: 128, description: "only this sensor's commands", examples: ['edge-fra-1'] },
    status: { type: 'string', enum: [...COMMAND_STATUSES], examples: ['pending'] },
    rollout: { type: 'string', format: 'uuid', description: "only this rollout's commands" },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    cursor: { type: 'string', maxLength: 512 },
  },
} as const;

export const tagsBody = {
  type: 'object', additionalProperties: false, required: ['tags'],
  properties: { tags: { type: 'array', maxItems: 32, items: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' } } },
  examples: [{ tags: ['edge', 'eu'] }],
} as const;

export const tagsSchema = {
  type: 'object', required: ['sensor_id', 'tags'],
  properties: { sensor_id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' }, description: 'sorted, without duplicates' } },
  examples: [{ sensor_id: 'edge-fra-1', tags: ['edge', 'eu'] }],
} as const;
