-- 025: config and rule distribution (issue 13 § 4): versioned rule bundles and sensor configs per tenant, rollouts of a
-- version to a fleet (immediate, canary, scheduled), each rollout's sensors, and every sensor's rule/config sync state.

-- A rule bundle (kind 'rules') or a sensor config (kind 'config'): immutable once stored (quorum_app may not UPDATE).
CREATE TABLE rule_documents (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('rules', 'config')),
  version text NOT NULL CHECK (version ~ '^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$'),
  document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
  -- SHA-256 (hex) of the canonical serialisation (sorted keys, no whitespace), and that serialisation's size in bytes.
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  size integer NOT NULL CHECK (size > 0),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL CHECK (char_length(created_by) <= 200),
  PRIMARY KEY (tenant_id, kind, version)
);
CREATE INDEX rule_documents_list_idx ON rule_documents (tenant_id, kind, created_at DESC);

CREATE TABLE rollouts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('rules', 'config')),
  version text NOT NULL,
  strategy text NOT NULL CHECK (strategy IN ('immediate', 'canary', 'scheduled')),
  targets jsonb NOT NULL CHECK (jsonb_typeof(targets) = 'object'),
  -- {percent} or {sensorIds}, with soakSeconds; null: no canary wave.
  canary jsonb CHECK (canary IS NULL OR jsonb_typeof(canary) = 'object'),
  at timestamptz,
  -- scheduled → running → completed | rolled_back | aborted; phase says which wave a running rollout is in.
  state text NOT NULL CHECK (state IN ('scheduled', 'running', 'completed', 'rolled_back', 'aborted')),
  phase text NOT NULL CHECK (phase IN ('waiting', 'canary', 'full', 'done')),
  reason text CHECK (char_length(reason) <= 1000),
  -- When every canary had acknowledged success: the soak runs from here.
  canary_acked_at timestamptz,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL CHECK (char_length(created_by) <= 200),
  started_at timestamptz,
  promoted_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, kind, version) REFERENCES rule_documents (tenant_id, kind, version),
  CHECK ((strategy = 'scheduled') = (at IS NOT NULL)),
  CHECK ((state IN ('completed', 'rolled_back', 'aborted')) = (finished_at IS NOT NULL))
);
-- One active rollout per tenant and kind: a second one is refused (409) until the first ends.
CREATE UNIQUE INDEX rollouts_one_active_idx ON rollouts (tenant_id, kind) WHERE state IN ('scheduled', 'running');
CREATE INDEX rollouts_list_idx ON rollouts (tenant_id, created_at DESC, id);

-- The sensors of a rollout, fixed when it starts: the canary wave first, then the rest. `status` mirrors the outcome of
-- the sensor's push command (pending → sent → applied | failed); `previous_version` is what a rollback pushes back.
CREATE TABLE rollout_sensors (
  tenant_id uuid NOT NULL,
  rollout_id uuid NOT NULL,
  sensor_id text NOT NULL,
  canary boolean NOT NULL,
  previous_version text,
  command_id uuid,
  status text NOT NULL CHECK (status IN ('waiting', 'pending', 'sent', 'applied', 'failed', 'rolled_back')),
  message text CHECK (char_length(message) <= 4096),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, rollout_id, sensor_id),
  FOREIGN KEY (tenant_id, rollout_id) REFERENCES rollouts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, sensor_id) ON DELETE CASCADE
);
CREATE INDEX rollout_sensors_command_idx ON rollout_sensors (tenant_id, command_id) WHERE command_id IS NOT NULL;

-- Per sensor and kind: the version the hub last pushed (by a rollout, a rollback or a drift repair), its push state and
-- the sensor's message; `applied_version` is the last one the sensor acknowledged (what a rollback returns to).
CREATE TABLE rule_sync_state (
  tenant_id uuid NOT NULL,
  sensor_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('rules', 'config')),
  version text NOT NULL,
  hash text NOT NULL,
  rollout_id uuid,
  command_id uuid,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'applied', 'failed')),
  message text CHECK (char_length(message) <= 4096),
  applied_version text,
  -- Drift repairs pushed since the version was last applied or rolled out, and when the hub stopped repairing.
  repairs integer NOT NULL DEFAULT 0 CHECK (repairs >= 0),
  gave_up_at timestamptz,
  pushed_at timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, sensor_id, kind),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, sensor_id) ON DELETE CASCADE
);
CREATE INDEX rule_sync_state_open_idx ON rule_sync_state (tenant_id) WHERE status IN ('pending', 'sent');

ALTER TABLE rule_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY rule_documents_tenant ON rule_documents
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE rollouts ENABLE ROW LEVEL SECURITY;
ALTER TABLE rollouts FORCE ROW LEVEL SECURITY;
CREATE POLICY rollouts_tenant ON rollouts
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE rollout_sensors ENABLE ROW LEVEL SECURITY;
ALTER TABLE rollout_sensors FORCE ROW LEVEL SECURITY;
CREATE POLICY rollout_sensors_tenant ON rollout_sensors
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE rule_sync_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_sync_state FORCE ROW LEVEL SECURITY;
CREATE POLICY rule_sync_state_tenant ON rule_sync_state
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT ON rule_documents TO quorum_app;
GRANT SELECT, INSERT, UPDATE ON rollouts, rollout_sensors TO quorum_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rule_sync_state TO quorum_app;

-- The tenants with rollout work: an active rollout, or a push whose outcome is not yet recorded, or an applied version
-- the sensor may have drifted from. RLS is forced, so the owner looks tenant by tenant.
CREATE FUNCTION quorum_rollout_tenants() RETURNS SETOF uuid
LANGUAGE plpgsql AS $$
DECLARE
  t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.current_tenant', t::text, true);
    IF EXISTS (SELECT 1 FROM rollouts WHERE tenant_id = t AND state IN ('scheduled', 'running'))
       OR EXISTS (SELECT 1 FROM rule_sync_state WHERE tenant_id = t AND gave_up_at IS NULL) THEN
      RETURN NEXT t;
    END IF;
  END LOOP;
  PERFORM set_config('app.current_tenant', '', true);
END $$;
REVOKE ALL ON FUNCTION quorum_rollout_tenants() FROM PUBLIC;
