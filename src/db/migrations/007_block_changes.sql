-- 007: the block changes feed: every change of mitigation state, numbered per tenant, written with the change itself.
-- Tenant data under forced RLS, written only by the decider (src/decide/decider.ts); rows are never updated.

-- One counter row per tenant, bumped in the writing transaction: writers of one tenant queue on this row lock, so
-- versions are gap-free and in commit order (a sequence would hand out numbers in start order, not commit order).
CREATE TABLE block_versions (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  version bigint NOT NULL CHECK (version >= 0)
);

-- The feed a blocklist distribution serves deltas from: what changed, on which mitigation, and the state after it.
CREATE TABLE block_changes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version bigint NOT NULL CHECK (version > 0),
  change text NOT NULL CHECK (change IN ('created', 'extended', 'withdrawn', 'expired', 'lifted', 'rejected')),
  mitigation_id uuid NOT NULL REFERENCES mitigations (id),
  indicator cidr NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'withdrawn', 'expired', 'rejected')),
  expires_at timestamptz NOT NULL,
  reason text,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, version)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['block_versions', 'block_changes'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I
      USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid)$p$, t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON block_versions TO quorum_app;
GRANT SELECT, INSERT ON block_changes TO quorum_app;
