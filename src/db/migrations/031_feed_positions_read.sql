-- 031: a tenant may read where each feed consumer stands in its own feed (GET /v1/feed/consumers): quorum_app may
-- read its tenant's positions and nothing else. Not forced: the consumers save positions on the owner connection,
-- across tenants, as before.
ALTER TABLE feed_positions ENABLE ROW LEVEL SECURITY;
CREATE POLICY feed_positions_tenant ON feed_positions
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT ON feed_positions TO quorum_app;
