-- 005: correlation policy in the database: hub defaults (the operator's) and per-tenant overrides, both versioned.
-- Replaces the hub-wide file as the truth and correlation_config_audit as the history; the file is only an import source.

-- Hub defaults: operator side only (read and written on the owner connection; quorum_app gets nothing).
CREATE TABLE correlation_policy_defaults (
  version integer PRIMARY KEY CHECK (version > 0),
  -- The whole validated policy every tenant inherits.
  document jsonb NOT NULL,
  origin text NOT NULL CHECK (origin IN ('file', 'api')),
  -- sha256 of the imported file text: a restart re-imports the file only when it was edited.
  file_sha256 text,
  key_id text,
  summary jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A tenant's overrides, one row per version; the highest version is in force (none = the hub defaults alone).
CREATE TABLE correlation_policy_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version integer NOT NULL CHECK (version > 0),
  overrides jsonb NOT NULL,
  action text NOT NULL CHECK (action IN ('put', 'rollback')),
  rolled_back_to integer,
  key_id text,
  summary jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);
ALTER TABLE correlation_policy_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE correlation_policy_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY correlation_policy_versions_tenant ON correlation_policy_versions
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT ON correlation_policy_versions TO quorum_app;

-- One counter bumped by every policy change (any tenant, or the defaults) in the writing transaction. Hubs compare it
-- to what they cached: it is committed state, so it is the truth that a missed NOTIFY cannot hide. Holds no policy.
CREATE TABLE correlation_policy_generation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  generation bigint NOT NULL
);
INSERT INTO correlation_policy_generation (id, generation) VALUES (true, 0);
GRANT SELECT, UPDATE ON correlation_policy_generation TO quorum_app;

-- The version history above replaces this audit of file writes and reloads.
DROP TABLE correlation_config_audit;
