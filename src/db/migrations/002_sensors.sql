-- 002: sensor records (one row per connected edge sensor) and message receipts for exactly-once acks.
-- Both are tenant data: RLS is enabled and forced, and quorum_app reaches them only inside withTenant().

CREATE TABLE sensors (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  sensor_id text NOT NULL CHECK (char_length(sensor_id) BETWEEN 1 AND 128),
  kind text NOT NULL DEFAULT 'synapse' CHECK (kind ~ '^[a-z][a-z0-9]*(_[a-z0-9]+)*$'),
  name text CHECK (char_length(name) <= 255),
  version text CHECK (char_length(version) <= 64),
  region text CHECK (char_length(region) <= 64),
  protocol_version text CHECK (char_length(protocol_version) <= 32),
  fingerprint text CHECK (char_length(fingerprint) <= 256),
  last_address text CHECK (char_length(last_address) <= 64),
  connection_state text NOT NULL DEFAULT 'disconnected' CHECK (connection_state IN ('connected', 'disconnected')),
  connected_at timestamptz,
  disconnected_at timestamptz,
  last_heartbeat_at timestamptz,
  last_metrics jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sensor_id)
);

-- One row per acknowledged sensor message that carried an `id`, written in the same transaction as its signals:
-- a resend of that id is acknowledged again from here and never stored twice.
CREATE TABLE sensor_receipts (
  tenant_id uuid NOT NULL,
  sensor_id text NOT NULL,
  message_id text NOT NULL CHECK (char_length(message_id) BETWEEN 1 AND 128),
  signal_count integer NOT NULL CHECK (signal_count >= 0),
  stored integer NOT NULL CHECK (stored >= 0),
  merged integer NOT NULL CHECK (merged >= 0),
  duplicates integer NOT NULL CHECK (duplicates >= 0),
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sensor_id, message_id)
);
CREATE INDEX sensor_receipts_committed_idx ON sensor_receipts (committed_at);

ALTER TABLE sensors ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensors FORCE ROW LEVEL SECURITY;
CREATE POLICY sensors_tenant ON sensors
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

ALTER TABLE sensor_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensor_receipts FORCE ROW LEVEL SECURITY;
CREATE POLICY sensor_receipts_tenant ON sensor_receipts
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE ON sensors TO quorum_app;
GRANT SELECT, INSERT ON sensor_receipts TO quorum_app;

-- Receipts only need to outlive a sensor's resend window. RLS is forced, so the owner prunes tenant by tenant.
CREATE FUNCTION quorum_prune_sensor_receipts(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  t uuid;
  n bigint;
  total bigint := 0;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.current_tenant', t::text, true);
    DELETE FROM sensor_receipts WHERE tenant_id = t AND committed_at < cutoff;
    GET DIAGNOSTICS n = ROW_COUNT;
    total := total + n;
  END LOOP;
  PERFORM set_config('app.current_tenant', '', true);
  RETURN total;
END $$;
REVOKE ALL ON FUNCTION quorum_prune_sensor_receipts(timestamptz) FROM PUBLIC;
