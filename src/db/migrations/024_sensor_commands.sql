-- 024: fleet commands (issue 13 § 3): persisted per sensor, delivered in order by whichever hub holds the sensor,
-- closed by the sensor's command-ack or by timeout, expiry or cancel; sensor tags for fleet-wide selectors.

ALTER TABLE sensors ADD COLUMN tags text[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(tags) <= 32 AND array_position(tags, NULL) IS NULL);

CREATE TABLE sensor_commands (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  sensor_id text NOT NULL,
  -- Delivery order of one sensor's commands: the order they were created in.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL CHECK (type IN ('push_config', 'push_rules', 'restart', 'collect_diagnostics', 'update', 'sync_blocklist', 'toggle_chaos', 'toggle_mtd')),
  payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'succeeded', 'failed', 'timed_out', 'expired', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),
  timeout_ms integer NOT NULL CHECK (timeout_ms > 0),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL CHECK (char_length(created_by) <= 200),
  expires_at timestamptz NOT NULL,
  sent_at timestamptz,
  -- When a sent command times out (sent_at + timeout_ms); null unless sent.
  deadline_at timestamptz,
  finished_at timestamptz,
  message text CHECK (char_length(message) <= 4096),
  result jsonb,
  -- A fleet-wide command's request (one id for all its sensors), and the rollout a command serves, when any.
  fleet_request_id uuid,
  rollout_id uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, sensor_id) ON DELETE CASCADE,
  CHECK ((status IN ('pending', 'sent')) = (finished_at IS NULL))
);
CREATE INDEX sensor_commands_open_idx ON sensor_commands (tenant_id, sensor_id, seq) WHERE status IN ('pending', 'sent');
CREATE INDEX sensor_commands_list_idx ON sensor_commands (tenant_id, created_at DESC, id DESC);
CREATE INDEX sensor_commands_deadline_idx ON sensor_commands (deadline_at) WHERE status = 'sent';
CREATE INDEX sensor_commands_expiry_idx ON sensor_commands (expires_at) WHERE status = 'pending';
CREATE INDEX sensor_commands_rollout_idx ON sensor_commands (tenant_id, rollout_id) WHERE rollout_id IS NOT NULL;

ALTER TABLE sensor_commands ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensor_commands FORCE ROW LEVEL SECURITY;
CREATE POLICY sensor_commands_tenant ON sensor_commands
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON sensor_commands TO quorum_app;
