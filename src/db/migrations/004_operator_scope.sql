-- 004: the operator scope (the hub's owner, above every tenant admin) and per-key rate limits.
-- The bootstrap key of tenant "default" becomes an operator key, so existing installs keep full control.

ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['operator', 'admin', 'signal:write', 'signal:read', 'agent:write', 'dashboard:read']
);

UPDATE api_keys k SET scopes = ARRAY['operator']
  FROM tenants t
 WHERE t.id = k.tenant_id AND t.name = 'default' AND k.name = 'bootstrap admin' AND k.scopes = ARRAY['admin'];

-- Token bucket per key for HTTP writes and sensor messages; NULL = the hub's default (QUORUM_KEY_RATE_*).
ALTER TABLE api_keys ADD COLUMN rate_per_second integer CHECK (rate_per_second BETWEEN 1 AND 1000000);
ALTER TABLE api_keys ADD COLUMN rate_burst integer CHECK (rate_burst BETWEEN 1 AND 10000000);
