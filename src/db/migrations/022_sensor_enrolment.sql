-- 022: sensor enrolment and identity — registration tokens, each sensor's approval, the hub holding it, and the
-- tenant's choice whether a signal:write key alone still registers a new sensor. All tenant data: RLS enabled and forced.

-- A registration token's secret is stored only as its SHA-256 (the token is shown once); `uses` counts the sensors it
-- created and never passes `max_uses` (the claim is one conditional UPDATE).
CREATE TABLE sensor_registration_tokens (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text CHECK (char_length(name) BETWEEN 1 AND 200),
  secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
  max_uses integer NOT NULL CHECK (max_uses BETWEEN 1 AND 100000),
  uses integer NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
  auto_approve boolean NOT NULL DEFAULT false,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX sensor_registration_tokens_tenant_idx ON sensor_registration_tokens (tenant_id, created_at DESC);

-- Sensors registered before this migration (by key) are approved; `hub_id` names the hub process holding the session.
ALTER TABLE sensors
  ADD COLUMN approval_status text NOT NULL DEFAULT 'approved'
    CHECK (approval_status IN ('pending', 'approved', 'rejected', 'decommissioned')),
  ADD COLUMN registration_token_id uuid REFERENCES sensor_registration_tokens (id),
  ADD COLUMN hub_id text CHECK (char_length(hub_id) <= 200),
  ADD COLUMN approval_changed_at timestamptz;

-- One row per tenant that changed its enrolment setting; no row = a signal:write key registers a new sensor (approved).
CREATE TABLE sensor_enrolment_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  key_registration boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE sensor_registration_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensor_registration_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY sensor_registration_tokens_tenant ON sensor_registration_tokens
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

ALTER TABLE sensor_enrolment_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensor_enrolment_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY sensor_enrolment_settings_tenant ON sensor_enrolment_settings
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE ON sensor_registration_tokens TO quorum_app;
GRANT SELECT, INSERT, UPDATE ON sensor_enrolment_settings TO quorum_app;
