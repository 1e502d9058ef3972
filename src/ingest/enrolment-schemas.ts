// OpenAPI schemas (with examples) of the sensor enrolment and fleet routes: registration tokens, sensors, the enrolment setting.
// Shapes only; the routes in enrolment-routes.ts use them.

const tokenProperties = {
  id: { type: 'string', format: 'uuid' },
  name: { type: ['string', 'null'] },
  max_uses: { type: 'integer' },
  uses: { type: 'integer', description: 'sensors this token has enrolled' },
  auto_approve: { type: 'boolean', description: 'sensors it enrols are approved at once (else pending)' },
  expires_at: { type: 'string', format: 'date-time' },
  created_at: { type: 'string', format: 'date-time' },
  revoked_at: { type: ['string', 'null'], format: 'date-time' },
} as const;

const tokenExample = {
  id: '5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7', name: 'Frankfurt rollout', max_uses: 10, uses: 2, auto_approve: false,
  expires_at: '2026-12-10T00:00:00.000Z', created_at: '2026-12-03T09:00:00.000Z', revoked_at: null,
};

export const tokenSchema = {
  type: 'object', required: Object.keys(tokenProperties), properties: tokenProperties, examples: [tokenExample],
} as const;

export const createdTokenSchema = {
  type: 'object', required: [...Object.keys(tokenProperties), 'token'],
  properties: { ...tokenProperties, token: { type: 'string', description: 'the secret, shown only in this answer (the hub keeps its SHA-256)' } },
  examples: [{
    ...tokenExample, uses: 0,
    token: 'sh_reg_0f8e2b4c6a1d4e3f9b7c5a3d1e2f4a6b_5b0c3c9e8a414a8e9d510f1de6b1c2a7_Jq2xV1b9XcN8mK3pL0sT7uY4wZ6aB5dE2fG9hI1jK0l',
  }],
} as const;

export const tokenListSchema = {
  type: 'object', required: ['tokens'], properties: { tokens: { type: 'array', items: tokenSchema } }, examples: [{ tokens: [tokenExample] }],
} as const;

export const createTokenBody = {
  type: 'object', required: ['maxUses', 'expiresAt'], additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    maxUses: { type: 'integer', minimum: 1, maximum: 100_000, description: 'sensors it may enrol at most' },
    expiresAt: { type: 'string', maxLength: 64, description: 'RFC 3339; in the future and at most 365 days ahead' },
    autoApprove: { type: 'boolean', default: false, description: 'approve the sensors it enrols at once (else they are pending)' },
  },
  examples: [{ name: 'Frankfurt rollout', maxUses: 10, expiresAt: '2027-06-01T00:00:00Z', autoApprove: false }],
} as const;

const SYNC_STATES = ['in_sync', 'behind', 'drifted', 'unknown'];
const syncItemSchema = (valueType: 'string' | 'integer', about: string) => ({
  type: 'object', required: ['expected', 'reported', 'state', 'since'],
  properties: {
    expected: { type: [valueType, 'null'], description: about },
    reported: { type: [valueType, 'null'], description: 'what the last heartbeat reported; null before one did' },
    state: { type: 'string', enum: SYNC_STATES },
    since: { type: ['string', 'null'], format: 'date-time', description: 'when the state began (the later of the expectation and the reported value changing)' },
  },
}) as const;

/** A sensor's derived health (also GET /v1/sensors/health's). */
export const healthSchema = {
  type: 'string', enum: ['healthy', 'degraded', 'unhealthy', 'stale', 'offline', 'unknown'],
  description: 'the reported status while heartbeats arrive; stale/offline after QUORUM_SENSOR_STALE_AFTER_MS/OFFLINE_AFTER_MS of silence; unknown before the first heartbeat',
} as const;

/** A sensor's sync state: expected vs reported config hash, rules hash and blocklist version (also GET /v1/sensors/health's). */
export const sensorSyncSchema = {
  type: 'object', required: ['config', 'rules', 'blocklist'],
  properties: {
    config: syncItemSchema('string', 'the config hash a rollout expects; null until one does (then the state is in_sync or unknown)'),
    rules: syncItemSchema('string', 'the rules hash a rollout expects; null until one does (then the state is in_sync or unknown)'),
    blocklist: syncItemSchema('integer', "the tenant's block-feed version"),
  },
} as const;

const sensorProperties = {
  sensor_id: { type: 'string' },
  name: { type: ['string', 'null'] },
  kind: { type: 'string' },
  version: { type: ['string', 'null'] },
  region: { type: ['string', 'null'] },
  protocol_version: { type: ['string', 'null'] },
  approval_status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'decommissioned'] },
  state: { type: 'string', enum: ['connected', 'disconnected'] },
  hub_id: { type: ['string', 'null'], description: 'the hub process that holds (or last held) its session' },
  last_address: { type: ['string', 'null'], description: 'the address it last connected from' },
  connected_at: { type: ['string', 'null'], format: 'date-time' },
  disconnected_at: { type: ['string', 'null'], format: 'date-time' },
  last_heartbeat_at: { type: ['string', 'null'], format: 'date-time' },
  blocklist_version: { type: ['integer', 'null'], description: 'the block-feed version its last heartbeat reported' },
  registration_token_id: { type: ['string', 'null'], description: 'the registration token that enrolled it (null: a key registered it)' },
  tags: { type: 'array', items: { type: 'string' }, description: 'labels fleet-wide commands and rollouts select by (PUT /v1/sensors/{id}/tags)' },
  created_at: { type: 'string', format: 'date-time' },
  health: healthSchema,
  health_since: { type: ['string', 'null'], format: 'date-time', description: 'since when the sensor reports this status' },
  sync: sensorSyncSchema,
} as const;

const sensorExample = {
  sensor_id: 'edge-fra-1', name: 'Frankfurt edge', kind: 'synapse', version: '2.4.1', region: 'eu-central', protocol_version: '1.0',
  approval_status: 'approved', state: 'connected', hub_id: 'hub-a-4211-9f3c1e', last_address: '203.0.113.10',
  connected_at: '2026-12-03T09:10:00Z', disconnected_at: null, last_heartbeat_at: '2026-12-03T09:14:30Z', blocklist_version: 43,
  registration_token_id: '5b0c3c9e-8a41-4a8e-9d51-0f1de6b1c2a7', created_at: '2026-12-01T08:00:00Z', tags: ['edge', 'eu'],
  health: 'healthy', health_since: '2026-12-03T09:10:02Z',
  sync: {
    config: { expected: null, reported: 'cfg-7f3a', state: 'in_sync', since: '2026-12-03T09:10:02Z' },
    rules: { expected: 'rules-2b7d', reported: 'rules-19c2', state: 'behind', since: '2026-12-03T09:12:00Z' },
    blocklist: { expected: 43, reported: 43, state: 'in_sync', since: '2026-12-03T09:14:30Z' },
  },
};
const unknownSync = { expected: null, reported: null, state: 'unknown', since: null };

export const fleetSensorSchema = {
  type: 'object', required: Object.keys(sensorProperties), properties: sensorProperties, examples: [sensorExample],
} as const;

export const fleetListSchema = {
  type: 'object', required: ['sensors'], properties: { sensors: { type: 'array', items: fleetSensorSchema } },
  examples: [{ sensors: [sensorExample, { ...sensorExample, sensor_id: 'edge-ams-2', name: null, approval_status: 'pending', state: 'disconnected', blocklist_version: null, last_heartbeat_at: null,
    health: 'unknown', health_since: null, sync: { config: unknownSync, rules: unknownSync, blocklist: { ...unknownSync, expected: 43 } } }] }],
} as const;

export const enrolmentSettingSchema = {
  type: 'object', required: ['keyRegistration'], additionalProperties: false,
  properties: { keyRegistration: { type: 'boolean', description: 'a signal:write key alone registers a new sensor, approved (default true)' } },
  examples: [{ keyRegistration: false }],
} as const;
