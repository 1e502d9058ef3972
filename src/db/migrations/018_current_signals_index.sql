-- 018: the current-state index replaces signal_streams_subject_idx (001): same leading columns, so every read that used
-- that one uses this one, plus the tie-break id and the TTL, so the latest unexpired row per (subject, key) is found
-- from the index alone. The Trust Score reads a tenant's whole history this way (src/score/current-signals.ts).

-- Each entry grows by 12 bytes (id, ttl_seconds); no index is added, so ingest maintains as many as before.
CREATE INDEX signal_streams_current_idx ON signal_streams
  (tenant_id, subject_type, subject_id, signal_key, observed_at DESC, id DESC) INCLUDE (ttl_seconds);
DROP INDEX signal_streams_subject_idx;
