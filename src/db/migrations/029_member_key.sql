-- 029: the member indexes no longer start with the tenant. Statistics from before a burst (a tenant they saw with a
-- few members, or a table not analysed yet) make "tenant_id = $1" look like one row, and the planner then read a
-- group's members through an index on the tenant instead of the key: 10 ms for a group of two members once the
-- tenant had 250,000 members, on every decision, growing with the history. Every member query names the tenant and
-- something narrower (the group, the signal, the reporting source), and row-level security adds the tenant to each:
-- with no index led by the tenant, that condition is never the one an index is chosen for.
DROP INDEX signal_group_members_source_idx;
CREATE INDEX signal_group_members_report_idx ON signal_group_members (source, subject_id, subject_type, tenant_id);
DROP INDEX signal_group_members_tenant_signal_idx;
CREATE INDEX signal_group_members_signal_tenant_idx ON signal_group_members (signal_id, tenant_id);
