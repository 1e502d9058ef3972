// Which of a tenant's sensors a fleet-wide command or a rollout targets: explicit ids, tags (all of them), version,
// connection state. Only approved sensors are ever selected; the schema bounds every list.

import type pg from 'pg';

export interface FleetSelector {
  /** These sensors (at most 1,000); combined with the other fields by AND. */
  sensorIds?: string[];
  /** Sensors carrying every one of these tags. */
  tags?: string[];
  /** Sensors reporting exactly this version. */
  version?: string;
  /** Only connected (true) or only disconnected (false) sensors. */
  connected?: boolean;
}

export const MAX_SELECTED_IDS = 1000;

export const fleetSelectorSchema = {
  type: 'object', additionalProperties: false,
  description: 'Approved sensors matching every field given ({} selects every approved sensor of the tenant)',
  properties: {
    sensorIds: { type: 'array', maxItems: MAX_SELECTED_IDS, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 128 } },
    tags: { type: 'array', maxItems: 32, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } },
    version: { type: 'string', minLength: 1, maxLength: 64 },
    connected: { type: 'boolean' },
  },
  examples: [{ tags: ['edge', 'eu'], connected: true }],
} as const;

/** The ids of the approved sensors the selector matches, in id order. */
export async function selectSensors(client: pg.PoolClient, tenantId: string, s: FleetSelector): Promise<string[]> {
  const res = await client.query<{ sensor_id: string }>(
    `SELECT sensor_id FROM sensors
     WHERE tenant_id = $1 AND approval_status = 'approved'
       AND ($2::text[] IS NULL OR sensor_id = ANY ($2))
       AND tags @> $3::text[]
       AND ($4::text IS NULL OR version = $4)
       AND ($5::boolean IS NULL OR (connection_state = 'connected') = $5)
     ORDER BY sensor_id`,
    [tenantId, s.sensorIds ?? null, s.tags ?? [], s.version ?? null, s.connected ?? null]);
  return res.rows.map((r) => r.sensor_id);
}
