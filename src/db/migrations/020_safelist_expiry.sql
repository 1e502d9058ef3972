-- 020: a safelist entry may expire. Null keeps the entry until it is removed; a time stops it counting from then on
-- (every reader filters on it with the hub's clock; rows are not deleted, so re-adding the prefix simply renews the row).

ALTER TABLE safelist_entries ADD COLUMN expires_at timestamptz;
ALTER TABLE safelist_entries ADD CONSTRAINT safelist_entries_expiry_after_creation CHECK (expires_at IS NULL OR expires_at > created_at);
