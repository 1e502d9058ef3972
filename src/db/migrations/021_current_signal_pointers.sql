-- 021: pointers to each (subject, key)'s latest row of signal_streams, kept by the score stage following the feed, so
-- the Trust Score finds a tenant's current signals without reading its whole history. Derived, never a source of truth.

-- One row per (tenant, subject, key): the (observed_at, id) of its latest signal, the same order as GET /v1/subjects
-- (observed_at, then id). No signal data: the reader fetches the row itself from signal_streams by primary key, so a
-- pointer whose row retention dropped simply finds nothing. Rebuilt from signal_streams at will (below).
CREATE TABLE current_signal_pointers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  signal_key text NOT NULL,
  observed_at timestamptz NOT NULL,
  id bigint NOT NULL,
  PRIMARY KEY (tenant_id, subject_type, subject_id, signal_key)
);

-- How far into each tenant's feed (migration 006's order) the pointers reach: every row at or before this (writer_xid,
-- id) is reflected. Written in the same statement as the pointers it covers, and the keeper's only position; a reader
-- merges in the rows after it itself.
CREATE TABLE current_signal_marks (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  writer_xid xid8 NOT NULL,
  id bigint NOT NULL
);

ALTER TABLE current_signal_pointers ENABLE ROW LEVEL SECURITY;
ALTER TABLE current_signal_pointers FORCE ROW LEVEL SECURITY;
CREATE POLICY current_signal_pointers_tenant ON current_signal_pointers
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
ALTER TABLE current_signal_marks ENABLE ROW LEVEL SECURITY;
ALTER TABLE current_signal_marks FORCE ROW LEVEL SECURITY;
CREATE POLICY current_signal_marks_tenant ON current_signal_marks
  USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON current_signal_pointers, current_signal_marks TO quorum_app;

-- Rebuilds one tenant's pointers from signal_streams alone (the owner's repair and upgrade path). The mark is taken
-- first, as the feed's head below the snapshot horizon: the pointers, read after it, reflect at least every row up to
-- it, and the keeper goes on from it (a row it passes again changes nothing).
CREATE FUNCTION quorum_rebuild_current_signal_pointers(tenant uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  head record;
BEGIN
  SELECT writer_xid, id INTO head FROM signal_streams
  WHERE tenant_id = tenant AND writer_xid < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY writer_xid DESC, id DESC LIMIT 1;
  IF head.id IS NULL THEN head := ROW('0'::xid8, 0::bigint); END IF;
  DELETE FROM current_signal_pointers WHERE tenant_id = tenant;
  INSERT INTO current_signal_pointers (tenant_id, subject_type, subject_id, signal_key, observed_at, id)
  SELECT DISTINCT ON (subject_type, subject_id, signal_key) tenant, subject_type, subject_id, signal_key, observed_at, id
  FROM signal_streams WHERE tenant_id = tenant
  ORDER BY subject_type, subject_id, signal_key, observed_at DESC, id DESC
  -- The keeper may have written a key meanwhile: the newer of the two stays.
  ON CONFLICT (tenant_id, subject_type, subject_id, signal_key) DO UPDATE SET observed_at = EXCLUDED.observed_at, id = EXCLUDED.id
  WHERE (current_signal_pointers.observed_at, current_signal_pointers.id) < (EXCLUDED.observed_at, EXCLUDED.id);
  INSERT INTO current_signal_marks (tenant_id, writer_xid, id) VALUES (tenant, head.writer_xid, head.id)
  ON CONFLICT (tenant_id) DO UPDATE SET writer_xid = EXCLUDED.writer_xid, id = EXCLUDED.id;
END
$$;
REVOKE ALL ON FUNCTION quorum_rebuild_current_signal_pointers(uuid) FROM PUBLIC;

-- Existing signals: every tenant's pointers built now (a pass over its history's index: 25 CPU-seconds, 87 s at load 17,
-- for 10 million rows in bench:trust).
SELECT quorum_rebuild_current_signal_pointers(id) FROM tenants;
