-- 013: when a block ends, and the auto-blocklist. A group's members remember which end report ended them, and a
-- decided group says why its block ended; the auto-blocklist keeps, per tenant, the last feed entry it acted on.

-- The id of the signal (an Alertmanager `resolved`, a FastNetMon `unban`) whose end report ended this member. With
-- `end_when: all_sources_ended` a block lifts when every contributing source has ended: these say who ended it, and when.
ALTER TABLE signal_group_members ADD COLUMN ended_by bigint;

-- Why and when a decided group's block ended: its sources ended it (written with the withdrawal), or the block ended
-- otherwise (TTL, a person, a safelist) and the reconciler copied the block's reason here.
ALTER TABLE signal_groups ADD COLUMN end_reason text, ADD COLUMN ended_at timestamptz;
-- The reconciler's round: decided groups whose block may have ended since.
CREATE INDEX signal_groups_unended_idx ON signal_groups (tenant_id, mitigation_id) WHERE status = 'corroborated' AND ended_at IS NULL;

-- The auto-blocklist's own record of the last feed entry (writer_xid, id) it acted on, written in the transaction that
-- made its blocks: a batch offered again after a crash finds its signals behind it and acts on none of them twice.
CREATE TABLE auto_block_progress (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  writer_xid xid8 NOT NULL,
  id bigint NOT NULL,
  updated_at timestamptz NOT NULL
);
ALTER TABLE auto_block_progress ENABLE ROW LEVEL SECURITY;
ALTER TABLE auto_block_progress FORCE ROW LEVEL SECURITY;
CREATE POLICY auto_block_progress_tenant ON auto_block_progress
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON auto_block_progress TO quorum_app;

-- The auto-blocklist starts after the signals stored before it existed, as correlation did (006): switching it on later
-- never turns old threats into blocks.
INSERT INTO feed_positions (consumer, tenant_id, writer_xid, id)
SELECT 'auto_blocklist', t.id, pg_current_xact_id(), coalesce((SELECT max(id) FROM signal_streams), 0) FROM tenants t;
