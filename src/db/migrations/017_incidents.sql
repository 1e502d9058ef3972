-- 017: incidents. A corroborated group whose playbook's action is `incident` (the subject_anomaly family) opens one:
-- the group's explanation frozen at opening, no block. Tenant data under forced RLS, written only by correlate.

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- One incident per decided group; later reports of the subject join that group and keep the incident open.
  group_id uuid NOT NULL REFERENCES signal_groups (id),
  rule text NOT NULL,
  playbook text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opened_at timestamptz NOT NULL,
  -- The last report that joined it: the incident stays open until ttl_seconds after it (expires_at).
  last_signal_at timestamptz NOT NULL,
  ttl_seconds integer NOT NULL CHECK (ttl_seconds > 0),
  expires_at timestamptz NOT NULL,
  closed_at timestamptz,
  close_reason text,
  -- Written once, at opening, exactly as a mitigation's: a later policy change never rewrites it.
  explanation jsonb NOT NULL,
  explanation_text text NOT NULL,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX incidents_group_idx ON incidents (group_id);
CREATE INDEX incidents_list_idx ON incidents (tenant_id, opened_at DESC, id DESC);
-- The Trust Score asks, per subject, for its open incidents.
CREATE INDEX incidents_open_subject_idx ON incidents (tenant_id, subject_type, subject_id) WHERE status = 'open';
CREATE INDEX incidents_expiry_idx ON incidents (expires_at) WHERE status = 'open';

ALTER TABLE incidents ENABLE ROW LEVEL SECURITY;
ALTER TABLE incidents FORCE ROW LEVEL SECURITY;
CREATE POLICY incidents_tenant ON incidents
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE ON incidents TO quorum_app;
