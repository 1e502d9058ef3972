-- 020: a safelist entry may expire, and the audit log records refused logins with their reason.

-- Null keeps the entry until it is removed; a time stops it counting from then on (every reader filters on it with
-- the hub's clock; rows are not deleted, so re-adding the prefix simply renews the row).
ALTER TABLE safelist_entries ADD COLUMN expires_at timestamptz;
ALTER TABLE safelist_entries ADD CONSTRAINT safelist_entries_expiry_after_creation CHECK (expires_at IS NULL OR expires_at > created_at);

-- A refused login is an entry of actor kind `login` (someone trying a username, not proven to be its user) with why
-- it was refused; the client is never told the reason. Other entries have no reason.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('key', 'user', 'setup', 'login'));
ALTER TABLE audit_log ADD COLUMN reason text CHECK (reason IN ('unknown_user', 'wrong_password', 'rate_limited'));
