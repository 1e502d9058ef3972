-- 003: correlation and decisions: signal groups and their members, mitigations, safelist, guardrail rejections, config audit.
-- Tenant data only, read and written as quorum_app under forced RLS; depends on 001 alone (never on 002).

-- A group gathers the signals one rule selected under one group key within a window.
CREATE TABLE signal_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  rule text NOT NULL CHECK (char_length(rule) BETWEEN 1 AND 128),
  group_key text NOT NULL CHECK (char_length(group_key) BETWEEN 1 AND 2048),
  -- The grouping fields by name, e.g. {"subject_id": "10.0.0.5", "signal_value.vector": "udp_flood"}.
  group_fields jsonb NOT NULL,
  playbook text,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'corroborated', 'expired')),
  opened_at timestamptz NOT NULL,
  window_ends_at timestamptz NOT NULL,
  closed_at timestamptz,
  signal_count integer NOT NULL DEFAULT 0,
  source_count integer NOT NULL DEFAULT 0,
  derived_confidence double precision,
  min_sources integer,
  confidence_threshold double precision,
  decision_reason text,
  mitigation_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (window_ends_at > opened_at)
);
-- The one-open-group guarantee lives here: find-or-create is INSERT … ON CONFLICT against this index.
CREATE UNIQUE INDEX signal_groups_one_open_idx ON signal_groups (tenant_id, rule, group_key) WHERE status = 'open';
CREATE INDEX signal_groups_key_idx ON signal_groups (tenant_id, rule, group_key, opened_at DESC);
CREATE INDEX signal_groups_list_idx ON signal_groups (tenant_id, opened_at DESC, id DESC);
CREATE INDEX signal_groups_sweep_idx ON signal_groups (window_ends_at) WHERE status = 'open';

-- Membership, with what the gate needs copied from the signal so evaluation never scans signal_streams.
CREATE TABLE signal_group_members (
  tenant_id uuid NOT NULL,
  group_id uuid NOT NULL REFERENCES signal_groups (id) ON DELETE CASCADE,
  signal_id bigint NOT NULL,
  source text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  signal_key text NOT NULL,
  severity text,
  confidence double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  external_id text,
  observed_at timestamptz NOT NULL,
  added_at timestamptz NOT NULL,
  -- Set when the same source later said the attack ended: the report stays on record but no longer corroborates.
  ended_at timestamptz,
  PRIMARY KEY (group_id, signal_id)
);
CREATE INDEX signal_group_members_source_idx ON signal_group_members (tenant_id, source, subject_type, subject_id);

-- Decisions. Active rows are the clean blocklist a later distribution stage reads: indicator + expires_at.
CREATE TABLE mitigations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid REFERENCES signal_groups (id),
  action text NOT NULL DEFAULT 'block' CHECK (action IN ('block')),
  indicator cidr NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'withdrawn', 'expired', 'rejected')),
  origin text NOT NULL CHECK (origin IN ('correlation', 'manual')),
  rule text,
  playbook text,
  ttl_seconds integer NOT NULL CHECK (ttl_seconds > 0),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  extended_count integer NOT NULL DEFAULT 0,
  ended_at timestamptz,
  end_reason text,
  rejection_code text,
  rejection_reason text,
  -- Written once, at decision time: a later config change never rewrites why this was decided.
  explanation jsonb NOT NULL,
  explanation_text text NOT NULL,
  created_by text,
  CHECK ((status = 'rejected') = (rejection_code IS NOT NULL))
);
-- At most one active block per exact indicator: a second decision extends the first.
CREATE UNIQUE INDEX mitigations_one_active_idx ON mitigations (tenant_id, indicator) WHERE status = 'active';
CREATE INDEX mitigations_list_idx ON mitigations (tenant_id, created_at DESC, id DESC);
CREATE INDEX mitigations_expiry_idx ON mitigations (expires_at) WHERE status = 'active';
CREATE INDEX mitigations_group_idx ON mitigations (group_id);

CREATE TABLE safelist_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  cidr cidr NOT NULL,
  reason text CHECK (char_length(reason) <= 512),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  UNIQUE (tenant_id, cidr)
);

CREATE TABLE guardrail_rejections (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid REFERENCES signal_groups (id),
  mitigation_id uuid REFERENCES mitigations (id),
  indicator text NOT NULL,
  code text NOT NULL,
  reason text NOT NULL,
  origin text NOT NULL CHECK (origin IN ('correlation', 'manual')),
  rejected_at timestamptz NOT NULL
);
CREATE INDEX guardrail_rejections_tenant_idx ON guardrail_rejections (tenant_id, rejected_at DESC);

CREATE TABLE correlation_config_audit (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key_id text,
  action text NOT NULL CHECK (action IN ('put', 'reload')),
  before_sha256 text,
  after_sha256 text NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['signal_groups', 'signal_group_members', 'mitigations', 'safelist_entries',
                           'guardrail_rejections', 'correlation_config_audit'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I
      USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid)$p$, t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON signal_groups, signal_group_members, mitigations TO quorum_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON safelist_entries TO quorum_app;
GRANT SELECT, INSERT ON guardrail_rejections, correlation_config_audit TO quorum_app;
GRANT USAGE ON SEQUENCE guardrail_rejections_id_seq, correlation_config_audit_id_seq TO quorum_app;
