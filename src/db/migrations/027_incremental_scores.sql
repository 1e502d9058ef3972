-- 027: what a Trust Score recompute needs to rescore only the subjects whose inputs changed since the last one. A
-- subject's score says until when it holds by time alone (its first current signal to expire) and which blocks and
-- incidents it counted; a tenant snapshot says where the committed feed stood and what it was computed on (formula,
-- weights, policy, the tenant's oldest stored signal). Rows from before this migration carry nulls: a full recompute.
ALTER TABLE subject_scores
  ADD COLUMN valid_until timestamptz,
  ADD COLUMN holdings_hash text CHECK (holdings_hash ~ '^[0-9a-f]{64}$');

ALTER TABLE tenant_score_history
  ADD COLUMN feed_xmin xid8,
  ADD COLUMN basis_hash text CHECK (basis_hash ~ '^[0-9a-f]{64}$');
