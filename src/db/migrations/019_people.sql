-- 019: people. Local users of a tenant with a role, their sessions, the operator's one-time setup code, the audit log
-- of every write, and the `mitigation:write` scope (responders: mitigations, blocks, safelists). No password or token in clear.

ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['operator', 'admin', 'signal:write', 'signal:read', 'agent:write', 'dashboard:read', 'blocklist:read', 'mitigation:write']
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- Lower-cased by the hub; unique across the hub because a login names no tenant.
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
  role text NOT NULL CHECK (role IN ('viewer', 'responder', 'admin', 'operator')),
  -- scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url> (src/auth/passwords.ts).
  password_hash text NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Who created it: `key:<id>`, `user:<id>` or `setup`.
  created_by text NOT NULL
);
CREATE UNIQUE INDEX users_username_idx ON users (username);
CREATE INDEX users_tenant_idx ON users (tenant_id, created_at);

CREATE TABLE user_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- Deleting a user ends its sessions.
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the cookie's 256-bit secret; the cookie itself is never stored.
  secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  -- The absolute timeout; the idle one is last_seen_at + the hub's setting.
  expires_at timestamptz NOT NULL,
  address text
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);
CREATE INDEX user_sessions_expiry_idx ON user_sessions (expires_at);

-- Not forced, as api_keys: the owner connection resolves a login (by username) and a session cookie before any
-- tenant is known. quorum_app, which lists and deletes a tenant's users, is bound by the policy.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_tenant ON users
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_sessions_tenant ON user_sessions
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT, DELETE ON users TO quorum_app;
GRANT SELECT, DELETE ON user_sessions TO quorum_app;

-- The operator's first-start setup code: only its SHA-256 is kept, it is used once. At most one open code at a time.
CREATE TABLE setup_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code_hash bytea NOT NULL UNIQUE CHECK (octet_length(code_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz,
  used_by uuid
);
CREATE UNIQUE INDEX setup_codes_open_idx ON setup_codes ((true)) WHERE used_at IS NULL;
-- Operator objects, read and written by the owner only (as tenants); no grant to quorum_app.
ALTER TABLE setup_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY setup_codes_tenant ON setup_codes
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

-- Every write through the UI or the API: who (a key or a user), what (method, route, target), when, from where, and
-- how it was answered. Rows are never updated.
CREATE TABLE audit_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  at timestamptz NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('key', 'user', 'setup')),
  actor_id text NOT NULL,
  actor_name text,
  method text NOT NULL,
  route text NOT NULL,
  target text,
  status smallint NOT NULL,
  address text
);
CREATE INDEX audit_log_list_idx ON audit_log (tenant_id, at DESC, id DESC);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_tenant ON audit_log
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT ON audit_log TO quorum_app;
