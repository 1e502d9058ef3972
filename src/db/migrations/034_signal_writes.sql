-- 034: signal_writes, one row per statement that stores a tenant's signals, written by a trigger: where the statement's
-- rows stand in the feed and which observed_at days they cover, so feed statements open only the partitions that can
-- hold them and a poll learns which tenants' feeds are behind without opening signal_streams at all.

-- signal_streams is partitioned by observed_at, the feed is read by writer: without a bound on observed_at, every feed
-- statement opened and probed every daily partition (with the default 180 days a feed read cost 10.2 ms instead of
-- 1.45, docs/benchmarks.md). Every row after a position (writer_xid, id) has a row here with the same writer, a last_id
-- at or after its id and an oldest_observed_at at or before its own, so `observed_at >= min(oldest_observed_at) over
-- writer_xid >= position` never leaves a feed entry out, and a feed holds entries after a position exactly when a row
-- here has (writer_xid, last_id) after it (until retention drops its rows: newest_observed_at says when).
CREATE TABLE signal_writes (
  tenant_id uuid NOT NULL,
  writer_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  last_id bigint NOT NULL,
  oldest_observed_at timestamptz NOT NULL,
  newest_observed_at timestamptz NOT NULL
);
CREATE INDEX signal_writes_feed_idx ON signal_writes (tenant_id, writer_xid, last_id) INCLUDE (oldest_observed_at);

-- Read by quorum_app under its tenant (feed reads run in withTenant); written only by the trigger below; pruned by
-- the owner's maintenance. Not forced: the trigger's definer and the maintenance write it across tenants.
ALTER TABLE signal_writes ENABLE ROW LEVEL SECURITY;
CREATE POLICY signal_writes_tenant ON signal_writes
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT ON signal_writes TO quorum_app;

-- Whatever stores signals (the app's statements, quorum_ingest's COPY, an operator's INSERT) records its bound: a
-- statement-level trigger, one row per tenant a statement wrote, whatever its number of rows. A definer's function:
-- quorum_ingest may still write no other table itself.
CREATE FUNCTION quorum_record_signal_writes() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO signal_writes (tenant_id, last_id, oldest_observed_at, newest_observed_at)
  SELECT tenant_id, max(id), min(observed_at), max(observed_at) FROM stored_rows GROUP BY tenant_id;
  RETURN NULL;
END $$;
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION quorum_record_signal_writes() SET search_path = %I, pg_temp', current_schema());
END $$;
REVOKE ALL ON FUNCTION quorum_record_signal_writes() FROM PUBLIC;
CREATE TRIGGER signal_streams_record_writes AFTER INSERT ON signal_streams
  REFERENCING NEW TABLE AS stored_rows FOR EACH STATEMENT EXECUTE FUNCTION quorum_record_signal_writes();

-- The rows stored before this migration: one row per tenant and writer.
INSERT INTO signal_writes (tenant_id, writer_xid, last_id, oldest_observed_at, newest_observed_at)
SELECT tenant_id, writer_xid, max(id), min(observed_at), max(observed_at) FROM signal_streams GROUP BY tenant_id, writer_xid;
