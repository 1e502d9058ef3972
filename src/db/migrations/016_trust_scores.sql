-- 016: Trust Score results derived from signal_streams: each subject's latest score with its explanation, and the
-- history of tenant and subject scores for trends. Tenant data under forced RLS; written only by src/score/.

-- The latest score of each subject that had findings at the last computation, with the formula's explanation
-- (categories, losses, unmapped findings) and the hash of the exact inputs, so a recompute can be checked against it.
CREATE TABLE subject_scores (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  subject_type text NOT NULL CHECK (char_length(subject_type) BETWEEN 1 AND 64),
  subject_id text NOT NULL CHECK (char_length(subject_id) BETWEEN 1 AND 256),
  score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  formula_version text NOT NULL CHECK (char_length(formula_version) <= 32),
  inputs_hash text NOT NULL CHECK (inputs_hash ~ '^[0-9a-f]{64}$'),
  explanation jsonb NOT NULL CHECK (jsonb_typeof(explanation) = 'object'),
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, subject_type, subject_id)
);
-- The riskiest subjects first.
CREATE INDEX subject_scores_worst_idx ON subject_scores (tenant_id, score, subject_type, subject_id);

-- One row per tenant computation: the trend of GET /v1/trust-score/tenant?range=, and in `explanation` what the latest
-- one answers (the plain and worst-decile means, each category's mean score, the costliest losses, the formula version).
CREATE TABLE tenant_score_history (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  computed_at timestamptz NOT NULL,
  score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  subjects integer NOT NULL CHECK (subjects >= 0),
  inputs_hash text NOT NULL CHECK (inputs_hash ~ '^[0-9a-f]{64}$'),
  explanation jsonb NOT NULL CHECK (jsonb_typeof(explanation) = 'object'),
  PRIMARY KEY (tenant_id, computed_at)
);

-- A subject's row is written only when its score or inputs changed: a step series, read as "from computed_at on".
CREATE TABLE subject_score_history (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  computed_at timestamptz NOT NULL,
  score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  inputs_hash text NOT NULL CHECK (inputs_hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (tenant_id, subject_type, subject_id, computed_at)
);
-- Retention deletes a tenant's rows by age.
CREATE INDEX subject_score_history_age_idx ON subject_score_history (tenant_id, computed_at);

ALTER TABLE subject_scores ENABLE ROW LEVEL SECURITY;
ALTER TABLE subject_scores FORCE ROW LEVEL SECURITY;
CREATE POLICY subject_scores_tenant ON subject_scores
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE tenant_score_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_score_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_score_history_tenant ON tenant_score_history
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE subject_score_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE subject_score_history FORCE ROW LEVEL SECURITY;
CREATE POLICY subject_score_history_tenant ON subject_score_history
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE, DELETE ON subject_scores TO quorum_app;
GRANT SELECT, INSERT, DELETE ON tenant_score_history, subject_score_history TO quorum_app;
