-- 010: correlation in batches. An open group keeps the summary its gate needs, so a batch of signals evaluates the groups
-- it touches without reading every member again; and a signal offered twice is found among members by its id alone.

-- Per source, the non-ended members that no other member of that source beats on both confidence and recency (a JSON
-- array of {signalId, source, confidence, observedAt}). NULL means unknown (a group from before this migration): the
-- engine rebuilds it from the members once.
ALTER TABLE signal_groups ADD COLUMN source_summary jsonb;

-- The batch's idempotency check: which of these signals already joined a group (of any rule and key).
CREATE INDEX signal_group_members_signal_idx ON signal_group_members (signal_id);

-- An open group's row is rewritten by every batch that touches it: room on its page keeps those updates HOT (no new
-- index entries) and lets PostgreSQL prune the old versions as it goes, instead of bloating the table between vacuums.
ALTER TABLE signal_groups SET (fillfactor = 50);
