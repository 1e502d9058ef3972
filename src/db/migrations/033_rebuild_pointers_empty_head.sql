-- 033: quorum_rebuild_current_signal_pointers (021) failed for a tenant with no row below the snapshot horizon (no
-- signal yet, or only signals whose writers are still running): it replaced its record with ROW(…), whose fields have
-- no names, then read head.writer_xid. The mark is kept in two variables instead, at the feed's start when none.
CREATE OR REPLACE FUNCTION quorum_rebuild_current_signal_pointers(tenant uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  head_xid xid8;
  head_id bigint;
BEGIN
  SELECT writer_xid, id INTO head_xid, head_id FROM signal_streams
  WHERE tenant_id = tenant AND writer_xid < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY writer_xid DESC, id DESC LIMIT 1;
  IF NOT FOUND THEN
    head_xid := '0';
    head_id := 0;
  END IF;
  DELETE FROM current_signal_pointers WHERE tenant_id = tenant;
  INSERT INTO current_signal_pointers (tenant_id, subject_type, subject_id, signal_key, observed_at, id)
  SELECT DISTINCT ON (subject_type, subject_id, signal_key) tenant, subject_type, subject_id, signal_key, observed_at, id
  FROM signal_streams WHERE tenant_id = tenant
  ORDER BY subject_type, subject_id, signal_key, observed_at DESC, id DESC
  -- The keeper may have written a key meanwhile: the newer of the two stays.
  ON CONFLICT (tenant_id, subject_type, subject_id, signal_key) DO UPDATE SET observed_at = EXCLUDED.observed_at, id = EXCLUDED.id
  WHERE (current_signal_pointers.observed_at, current_signal_pointers.id) < (EXCLUDED.observed_at, EXCLUDED.id);
  INSERT INTO current_signal_marks (tenant_id, writer_xid, id) VALUES (tenant, head_xid, head_id)
  ON CONFLICT (tenant_id) DO UPDATE SET writer_xid = EXCLUDED.writer_xid, id = EXCLUDED.id;
END
$$;
REVOKE ALL ON FUNCTION quorum_rebuild_current_signal_pointers(uuid) FROM PUBLIC;
