-- 015: the CrowdSec bouncer registry: each bouncer that pulls the decision stream, and the block-feed version it holds.
-- Tenant data under forced RLS; written only by the bouncer routes (src/distribute/bouncer-queries.ts) after a pull.

-- A bouncer is one key, one user agent and one address: several bouncers may share a key (one per host, or a firewall
-- and a web-server bouncer on one host), and each one's delta starts where its own last pull ended.
CREATE TABLE crowdsec_bouncers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key_id uuid NOT NULL REFERENCES api_keys (id),
  user_agent text NOT NULL CHECK (char_length(user_agent) <= 256),
  address inet NOT NULL,
  -- The block-feed version the last answer reflected: the next delta serves the changes after it.
  version bigint NOT NULL CHECK (version >= 0),
  first_pull_at timestamptz NOT NULL,
  last_pull_at timestamptz NOT NULL,
  pulls bigint NOT NULL DEFAULT 1 CHECK (pulls > 0),
  UNIQUE (tenant_id, key_id, user_agent, address)
);

ALTER TABLE crowdsec_bouncers ENABLE ROW LEVEL SECURITY;
ALTER TABLE crowdsec_bouncers FORCE ROW LEVEL SECURITY;
CREATE POLICY crowdsec_bouncers_tenant ON crowdsec_bouncers
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE ON crowdsec_bouncers TO quorum_app;
