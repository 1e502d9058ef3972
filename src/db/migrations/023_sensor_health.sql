-- 023: sensor health (issue 13 § 2): a bounded heartbeat history at 1-minute resolution, the sensor's sync state
-- (expected vs reported config hash, rules hash, blocklist version) and the last stale/offline state a hub announced.

-- One row per sensor per minute at most: a heartbeat upserts its minute's row (the last one in the minute wins).
CREATE TABLE sensor_health_history (
  tenant_id uuid NOT NULL,
  sensor_id text NOT NULL,
  minute timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('healthy', 'degraded', 'unhealthy')),
  cpu double precision NOT NULL CHECK (cpu BETWEEN 0 AND 100),
  memory double precision NOT NULL CHECK (memory BETWEEN 0 AND 100),
  disk double precision NOT NULL CHECK (disk BETWEEN 0 AND 100),
  requests_last_minute double precision NOT NULL CHECK (requests_last_minute >= 0),
  avg_latency_ms double precision NOT NULL CHECK (avg_latency_ms >= 0),
  config_hash text NOT NULL CHECK (char_length(config_hash) <= 256),
  rules_hash text NOT NULL CHECK (char_length(rules_hash) <= 256),
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, sensor_id, minute),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, sensor_id) ON DELETE CASCADE
);
CREATE INDEX sensor_health_history_minute_idx ON sensor_health_history (minute);

-- Per sensor: what it reports and what the hub expects, each with the time the reported value last changed. The
-- expected config/rules hashes stay null until rollouts set them (the blocklist's expected version is the tenant's
-- block-feed version, read at query time).
CREATE TABLE sensor_sync_state (
  tenant_id uuid NOT NULL,
  sensor_id text NOT NULL,
  reported_config_hash text CHECK (char_length(reported_config_hash) <= 256),
  config_reported_at timestamptz,
  expected_config_hash text CHECK (char_length(expected_config_hash) <= 256),
  expected_config_at timestamptz,
  reported_rules_hash text CHECK (char_length(reported_rules_hash) <= 256),
  rules_reported_at timestamptz,
  expected_rules_hash text CHECK (char_length(expected_rules_hash) <= 256),
  expected_rules_at timestamptz,
  reported_blocklist_version bigint CHECK (reported_blocklist_version >= 0),
  blocklist_reported_at timestamptz,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, sensor_id),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, sensor_id) ON DELETE CASCADE
);

-- Since when the sensor reports its current status, and the silence state (stale/offline) last announced for it.
ALTER TABLE sensors
  ADD COLUMN health_since timestamptz,
  ADD COLUMN silence_announced text CHECK (silence_announced IN ('stale', 'offline'));

ALTER TABLE sensor_health_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensor_health_history FORCE ROW LEVEL SECURITY;
CREATE POLICY sensor_health_history_tenant ON sensor_health_history
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE sensor_sync_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensor_sync_state FORCE ROW LEVEL SECURITY;
CREATE POLICY sensor_sync_state_tenant ON sensor_sync_state
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON sensor_health_history, sensor_sync_state TO quorum_app;

-- Health history past the retention. RLS is forced, so the owner prunes tenant by tenant.
CREATE FUNCTION quorum_prune_sensor_health(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  t uuid;
  n bigint;
  total bigint := 0;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.current_tenant', t::text, true);
    DELETE FROM sensor_health_history WHERE tenant_id = t AND minute < cutoff;
    GET DIAGNOSTICS n = ROW_COUNT;
    total := total + n;
  END LOOP;
  PERFORM set_config('app.current_tenant', '', true);
  RETURN total;
END $$;
REVOKE ALL ON FUNCTION quorum_prune_sensor_health(timestamptz) FROM PUBLIC;

-- Marks sensors that fell silent (stale after stale_ms, offline after offline_ms without a heartbeat) and returns those
-- whose silence state changed: each change is returned to exactly one caller, whichever hub sweeps first (the row update
-- is atomic), so the log line is written once. A heartbeat clears the mark.
CREATE FUNCTION quorum_sweep_sensor_silence(at timestamptz, stale_ms bigint, offline_ms bigint)
RETURNS TABLE (tenant_id uuid, sensor_id text, silence text, last_heartbeat_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.current_tenant', t::text, true);
    RETURN QUERY
      UPDATE sensors s SET silence_announced = d.silence
      FROM (SELECT x.tenant_id, x.sensor_id,
                   CASE WHEN x.last_heartbeat_at < at - make_interval(secs => offline_ms / 1000.0) THEN 'offline' ELSE 'stale' END AS silence
            FROM sensors x
            WHERE x.tenant_id = t AND x.last_heartbeat_at < at - make_interval(secs => stale_ms / 1000.0)) d
      WHERE s.tenant_id = d.tenant_id AND s.sensor_id = d.sensor_id AND s.silence_announced IS DISTINCT FROM d.silence
      RETURNING s.tenant_id, s.sensor_id, s.silence_announced, s.last_heartbeat_at;
  END LOOP;
  PERFORM set_config('app.current_tenant', '', true);
END $$;
REVOKE ALL ON FUNCTION quorum_sweep_sensor_silence(timestamptz, bigint, bigint) FROM PUBLIC;
