-- 006: the committed signals feed: each stored signal carries its writing transaction's id, and each consumer keeps
-- its position per tenant in feed_positions, so correlation resumes after a crash instead of losing what was in memory.

-- The writer's transaction id orders the feed by commit safety, not by sequence: a consumer reads only rows whose
-- writer is older than the snapshot's xmin (every such writer has finished), so a late committer is never skipped.
-- The volatile default rewrites existing rows once with this migration's transaction id (they sit at the start point
-- recorded below and are not offered again).
ALTER TABLE signal_streams ADD COLUMN writer_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX signal_streams_feed_idx ON signal_streams (tenant_id, writer_xid, id);

-- A consumer's position in one tenant's feed: the last (writer_xid, id) it has handled. Hub bookkeeping, read and
-- written on the owner connection only (quorum_app gets nothing).
CREATE TABLE feed_positions (
  consumer text NOT NULL CHECK (char_length(consumer) BETWEEN 1 AND 64),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  writer_xid xid8 NOT NULL,
  id bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, tenant_id)
);

-- Signals stored before this migration were offered to the in-process engine already: correlation starts after them.
INSERT INTO feed_positions (consumer, tenant_id, writer_xid, id)
SELECT 'correlation', t.id, pg_current_xact_id(), coalesce((SELECT max(id) FROM signal_streams), 0) FROM tenants t;
