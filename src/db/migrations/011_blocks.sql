-- 011: blocks beyond IP prefixes, their origins and severity, and the `blocklist:read` scope for enforcers.
-- A block is an active mitigation; the block changes feed now carries what each target needs to apply a change alone.

ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['operator', 'admin', 'signal:write', 'signal:read', 'agent:write', 'dashboard:read', 'blocklist:read']
);

-- What a block matches: an IP prefix (`indicator`, cidr) or, for sensors, a fingerprint, an ASN or a user agent
-- (`indicator_value`, text). Exactly one of the two is set, by block type.
ALTER TABLE mitigations
  ADD COLUMN block_type text NOT NULL DEFAULT 'IP' CHECK (block_type IN ('IP', 'FINGERPRINT', 'ASN', 'USER_AGENT')),
  ADD COLUMN indicator_value text CHECK (char_length(indicator_value) BETWEEN 1 AND 512),
  ADD COLUMN severity text CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  ALTER COLUMN indicator DROP NOT NULL,
  ADD CONSTRAINT mitigations_indicator_by_type_check CHECK (
    CASE WHEN block_type = 'IP' THEN indicator IS NOT NULL AND indicator_value IS NULL
         ELSE indicator IS NULL AND indicator_value IS NOT NULL END);
ALTER TABLE mitigations DROP CONSTRAINT mitigations_origin_check;
ALTER TABLE mitigations ADD CONSTRAINT mitigations_origin_check CHECK (origin IN ('correlation', 'manual', 'automatic', 'fleet'));
-- At most one active block per exact non-IP indicator (IP blocks keep mitigations_one_active_idx).
CREATE UNIQUE INDEX mitigations_one_active_value_idx ON mitigations (tenant_id, block_type, indicator_value)
  WHERE status = 'active' AND block_type <> 'IP';
-- The active set of a tenant in a stable order, for snapshots, startup streams and exports.
CREATE INDEX mitigations_active_idx ON mitigations (tenant_id, id) WHERE status = 'active';

-- Each change says what a follower needs without reading mitigations: the type, the indicator as text, the origin
-- and the severity of the block.
ALTER TABLE block_changes
  ALTER COLUMN indicator TYPE text USING indicator::text,
  ADD COLUMN block_type text NOT NULL DEFAULT 'IP' CHECK (block_type IN ('IP', 'FINGERPRINT', 'ASN', 'USER_AGENT')),
  ADD COLUMN source text CHECK (source IN ('correlation', 'manual', 'automatic', 'fleet')),
  ADD COLUMN severity text CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical'));
UPDATE block_changes c SET source = m.origin FROM mitigations m WHERE m.id = c.mitigation_id AND m.tenant_id = c.tenant_id;
ALTER TABLE block_changes ALTER COLUMN source SET NOT NULL;
ALTER TABLE block_changes ALTER COLUMN block_type DROP DEFAULT;

ALTER TABLE guardrail_rejections DROP CONSTRAINT guardrail_rejections_origin_check;
ALTER TABLE guardrail_rejections ADD CONSTRAINT guardrail_rejections_origin_check CHECK (origin IN ('correlation', 'manual', 'automatic', 'fleet'));
