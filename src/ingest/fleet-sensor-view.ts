// How a sensor looks in GET /v1/sensors and /v1/sensors/{id}: its stored record plus its health and sync state,
// derived at read time by sensor-health.ts exactly as GET /v1/sensors/health derives them (never stored, never cached).

import type { FleetSensorRow } from './enrolment-queries.ts';
import { blocklistSync, deriveHealth, hashSync, type SilenceThresholds } from './sensor-health.ts';

/** One sensor at `now`, against the tenant's block-feed version; the derivation's input columns stay out of the answer. */
export function fleetSensorView(r: FleetSensorRow, feedVersion: number, now: Date, t: SilenceThresholds) {
  const {
    reported_status, health_since, reported_config_hash, config_reported_at, expected_config_hash, expected_config_at,
    reported_rules_hash, rules_reported_at, expected_rules_hash, expected_rules_at, reported_blocklist_version, blocklist_reported_at, ...record
  } = r;
  return {
    ...record,
    health: deriveHealth(reported_status, r.last_heartbeat_at, now, t), health_since,
    sync: {
      config: hashSync(expected_config_hash, expected_config_at, reported_config_hash, config_reported_at),
      rules: hashSync(expected_rules_hash, expected_rules_at, reported_rules_hash, rules_reported_at),
      blocklist: blocklistSync(feedVersion, reported_blocklist_version, blocklist_reported_at),
    },
  };
}

export type FleetSensorView = ReturnType<typeof fleetSensorView>;
