-- 026: the correlation batch's idempotency check (which of these signals already joined a group) finds members by
-- tenant and signal id in one index. With (signal_id) alone and statistics from before a burst, the planner chose
-- signal_group_members_source_idx for the tenant and filtered every member of the tenant (49,500 rows, 15–27 ms a
-- batch, growing with the history) instead of probing 500 ids (1.5 ms). This index serves both conditions, so no
-- statistics make the tenant-wide read look cheaper.
CREATE INDEX signal_group_members_tenant_signal_idx ON signal_group_members (tenant_id, signal_id);
DROP INDEX signal_group_members_signal_idx;
