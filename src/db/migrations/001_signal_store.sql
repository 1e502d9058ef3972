-- 001: tenants, API keys, the partitioned signal store, its idempotency ledger and row-level security.
-- The hub reads and writes tenant data as quorum_app, which owns nothing and cannot bypass RLS.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'quorum_app') THEN
    CREATE ROLE quorum_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The secret is never stored: only its SHA-256. Keys are operator objects, managed through the owner connection.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text CHECK (char_length(name) <= 128),
  secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
  scopes text[] NOT NULL CHECK (
    cardinality(scopes) > 0
    AND scopes <@ ARRAY['admin', 'signal:write', 'signal:read', 'agent:write', 'dashboard:read']
  ),
  agent_id text CHECK (char_length(agent_id) BETWEEN 1 AND 256),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CONSTRAINT api_keys_agent_binding_check CHECK (('agent:write' = ANY (scopes)) = (agent_id IS NOT NULL))
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

CREATE TABLE signal_streams (
  id bigserial NOT NULL,
  tenant_id uuid NOT NULL,
  source text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  signal_key text NOT NULL,
  signal_value jsonb NOT NULL,
  severity text,
  observed_at timestamptz NOT NULL,
  ttl_seconds integer,
  signal_id uuid,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT signal_streams_source_check CHECK (char_length(source) BETWEEN 1 AND 64 AND source ~ '^[a-z][a-z0-9]*(_[a-z0-9]+)*$'),
  CONSTRAINT signal_streams_subject_type_check CHECK (char_length(subject_type) BETWEEN 1 AND 64 AND subject_type ~ '^[a-z][a-z0-9]*(_[a-z0-9]+)*$'),
  CONSTRAINT signal_streams_subject_id_check CHECK (char_length(subject_id) BETWEEN 1 AND 256 AND subject_id !~ '[\x01-\x1f\x7f-\x9f]'),
  CONSTRAINT signal_streams_signal_key_check CHECK (char_length(signal_key) BETWEEN 1 AND 128 AND signal_key ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  CONSTRAINT signal_streams_signal_value_check CHECK (jsonb_typeof(signal_value) = 'object' AND signal_value ? 'value' AND octet_length(signal_value::text) <= 16384),
  CONSTRAINT signal_streams_severity_check CHECK (severity IS NULL OR severity IN ('info', 'low', 'medium', 'high', 'critical')),
  CONSTRAINT signal_streams_ttl_seconds_check CHECK (ttl_seconds IS NULL OR ttl_seconds BETWEEN 1 AND 31536000),
  PRIMARY KEY (tenant_id, observed_at, id)
) PARTITION BY RANGE (observed_at);

-- Serves "latest value per (tenant, subject, key)"; the primary key serves time-range scans per tenant.
CREATE INDEX signal_streams_subject_idx ON signal_streams (tenant_id, subject_type, subject_id, signal_key, observed_at DESC);

-- Idempotency ledger: a partitioned table cannot hold a unique (tenant_id, signal_id) across partitions.
CREATE TABLE signal_ids (
  tenant_id uuid NOT NULL,
  signal_id uuid NOT NULL,
  observed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, signal_id)
);
CREATE INDEX signal_ids_observed_idx ON signal_ids (observed_at);

ALTER TABLE signal_streams ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_streams FORCE ROW LEVEL SECURITY;
CREATE POLICY signal_streams_tenant ON signal_streams
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

-- Not forced: retention (run as the owner) prunes it across tenants.
ALTER TABLE signal_ids ENABLE ROW LEVEL SECURITY;
CREATE POLICY signal_ids_tenant ON signal_ids
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

-- Not forced: the owner connection resolves keys before any tenant is known.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_keys_tenant ON api_keys
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_self ON tenants
  USING (id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

GRANT SELECT, INSERT ON signal_streams, signal_ids TO quorum_app;
GRANT USAGE ON SEQUENCE signal_streams_id_seq TO quorum_app;
GRANT SELECT ON tenants TO quorum_app;

-- Daily partitions, bounded in UTC. Called by the maintenance loop (ahead of time) and for backfills.
CREATE FUNCTION quorum_ensure_signal_partition(day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  part text := format('signal_streams_p%s', to_char(day, 'YYYYMMDD'));
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('quorum_signal_partitions'));
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF signal_streams FOR VALUES FROM (%L) TO (%L)',
    part, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
  RETURN true;
END $$;

-- Retention drops whole partitions whose day ends on or before the cutoff; returns the dropped names.
CREATE FUNCTION quorum_drop_signal_partitions_before(cutoff date) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  part text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('quorum_signal_partitions'));
  FOR part IN
    SELECT c.relname::text FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'signal_streams'::regclass
      AND c.relname ~ '^signal_streams_p[0-9]{8}$'
      AND to_date(substr(c.relname, 17), 'YYYYMMDD') + 1 <= cutoff
    ORDER BY 1
  LOOP
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT part;
  END LOOP;
  DELETE FROM signal_ids WHERE observed_at < cutoff::timestamp AT TIME ZONE 'UTC';
END $$;
REVOKE ALL ON FUNCTION quorum_ensure_signal_partition(date), quorum_drop_signal_partitions_before(date) FROM PUBLIC;
