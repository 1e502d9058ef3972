// Every SQL statement of the live dashboard: the tenant's open groups, groups by id, sensors, counts, recent threats,
// signal counts by source in a feed range. Reads only, inside withTenant (RLS); each bounded by a LIMIT.

import type pg from 'pg';
import { queryInOneTrip } from '../../db/one-trip.ts';
import { FEED_READ_SETTINGS, feedFloorSql, type FeedPosition } from '../../store/feed-queries.ts';
import type { GroupEvent, SensorEvent, SignalEvent, Snapshot } from './protocol.ts';

type Client = Pick<pg.PoolClient, 'query'>;
export type GroupState = Omit<GroupEvent, 'change'>;
export type SensorState = Omit<SensorEvent, 'change'>;

const GROUP_COLUMNS = `id::text, rule, status, subject_type AS "subjectType", subject_id AS "subjectId", signal_count AS "signalCount",
  source_count AS "sourceCount", derived_confidence AS "derivedConfidence", to_json(opened_at) #>> '{}' AS "openedAt",
  to_json(window_ends_at) #>> '{}' AS "windowEndsAt", mitigation_id::text AS "mitigationId"`;

/** The tenant's open groups, newest first, at most `limit` (signal_groups_list_idx). */
export async function listOpenGroups(c: Client, tenantId: string, limit: number): Promise<GroupState[]> {
  const res = await c.query<GroupState>(
    `SELECT ${GROUP_COLUMNS} FROM signal_groups WHERE tenant_id = $1 AND status = 'open' ORDER BY opened_at DESC, id DESC LIMIT $2`,
    [tenantId, limit]);
  return res.rows;
}

/** The named groups as they are now (those that left the open list: corroborated or expired). */
export async function listGroupsById(c: Client, tenantId: string, ids: string[]): Promise<GroupState[]> {
  const res = await c.query<GroupState>(`SELECT ${GROUP_COLUMNS} FROM signal_groups WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, ids]);
  return res.rows;
}

/** Judges a sensor's health from its reported status and last heartbeat time (deriveHealth at the hub's clock). */
export type HealthJudge = (reportedStatus: string | null, lastHeartbeatAt: string | null) => SensorState['health'];

/** The tenant's sensors, most recently connected first, at most `limit`, each with its health as `judge` derives it. */
export async function listSensors(c: Client, tenantId: string, limit: number, judge: HealthJudge): Promise<SensorState[]> {
  const res = await c.query<Omit<SensorState, 'health'>>(
    `SELECT sensor_id AS "sensorId", name, kind, connection_state AS state, to_json(connected_at) #>> '{}' AS "connectedAt",
       to_json(last_heartbeat_at) #>> '{}' AS "lastHeartbeatAt", last_metrics ->> 'status' AS "reportedStatus"
     FROM sensors WHERE tenant_id = $1 ORDER BY connection_state, connected_at DESC NULLS LAST, sensor_id LIMIT $2`,
    [tenantId, limit]);
  return res.rows.map((s) => ({ ...s, health: judge(s.reportedStatus, s.lastHeartbeatAt) }));
}

/** Open groups, active blocks and connected sensors of the tenant, in one round trip. */
export async function countTenantState(c: Client, tenantId: string): Promise<Snapshot['counts']> {
  const res = await c.query<Snapshot['counts']>(
    `SELECT (SELECT count(*) FROM signal_groups WHERE tenant_id = $1 AND status = 'open')::int AS "openGroups",
       (SELECT count(*) FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND expires_at > now())::int AS "activeBlocks",
       (SELECT count(*) FROM sensors WHERE tenant_id = $1 AND connection_state = 'connected')::int AS "connectedSensors"`,
    [tenantId]);
  return res.rows[0]!;
}

/** Active blocks for a snapshot, newest first, at most `limit`. */
export async function listActiveBlocksNewest(c: Client, tenantId: string, limit: number): Promise<Snapshot['activeBlocks']> {
  const res = await c.query<Snapshot['activeBlocks'][number]>(
    `SELECT id::text AS "mitigationId", block_type AS "blockType", coalesce(indicator::text, indicator_value) AS indicator, origin,
       severity, to_json(expires_at) #>> '{}' AS "expiresAt"
     FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND expires_at > now() ORDER BY created_at DESC, id DESC LIMIT $2`,
    [tenantId, limit]);
  return res.rows;
}

/** The latest sensor threats (key `threat.*`) among the tenant's last `scan` stored signals, newest first, at most `limit`. */
export async function listRecentThreats(c: Client, tenantId: string, scan: number, limit: number): Promise<SignalEvent[]> {
  // Bounded by the feed index: only the newest `scan` rows are looked at, however many the tenant stored. Planned once
  // per connection, as a feed read (FEED_READ_SETTINGS).
  await queryInOneTrip(c, FEED_READ_SETTINGS);
  const res = await c.query<SignalEvent>({
    name: 'dashboard_recent_threats',
    text: `SELECT * FROM (
       SELECT id::text, source, subject_type AS "subjectType", subject_id AS "subjectId", signal_key AS key, signal_value AS value, severity,
         to_json(observed_at) #>> '{}' AS "observedAt", (extract(epoch FROM ingested_at) * 1000)::float8 AS "ingestedAt"
       FROM signal_streams WHERE tenant_id = $1
       ORDER BY signal_streams.writer_xid DESC, signal_streams.id DESC LIMIT $2) recent
     WHERE key LIKE 'threat.%' LIMIT $3`,
    values: [tenantId, scan, limit],
  });
  return res.rows;
}

/**
 * Signals of the tenant's feed after `after` up to `head`, counted by source, at most `cap` of them (`capped` when the
 * range holds more): the metrics topic's rate without reading the signals themselves.
 */
export async function countFeedRange(c: Client, tenantId: string, after: FeedPosition, head: FeedPosition, cap: number): Promise<{ bySource: Record<string, number>; total: number; capped: boolean }> {
  await queryInOneTrip(c, FEED_READ_SETTINGS);
  const res = await c.query<{ source: string; n: number }>({
    name: 'dashboard_count_feed_range',
    text: `SELECT source, count(*)::int AS n FROM (
       SELECT source FROM signal_streams
       WHERE tenant_id = $1 AND (writer_xid, id) > ($2::xid8, $3::bigint) AND (writer_xid, id) <= ($4::xid8, $5::bigint)
         AND observed_at >= ${feedFloorSql('$1', '$2::xid8', '$3::bigint')}
       ORDER BY signal_streams.writer_xid, signal_streams.id LIMIT $6) r
     GROUP BY source`,
    values: [tenantId, after.xid, after.id, head.xid, head.id, cap + 1],
  });
  const bySource: Record<string, number> = {};
  let total = 0;
  for (const r of res.rows) {
    bySource[r.source] = r.n;
    total += r.n;
  }
  return { bySource, total: Math.min(total, cap), capped: total > cap };
}

