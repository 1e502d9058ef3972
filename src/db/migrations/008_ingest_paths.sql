-- 008: cheaper ingest. quorum_store_signals sets the tenant and stores a small batch in one statement (same RLS), and
-- quorum_ingest, a role that may only INSERT into signal_streams, lets large batches COPY straight into the table.

-- SECURITY INVOKER (the default): it runs as its caller, quorum_app, under the same forced row-level security as
-- withTenant(); it only saves the set_config round trip. The tenant setting is transaction-local, so it dies with
-- the caller's transaction.
-- A signal_id already in the ledger is skipped (idempotent retry); ids are drawn in the statement and returned with
-- each signal's position in the batch, so nothing is read back.
CREATE FUNCTION quorum_store_signals(tenant uuid, signals jsonb)
RETURNS TABLE (ord integer, id bigint)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.current_tenant', tenant::text, true);
  RETURN QUERY
  WITH src AS MATERIALIZED (
    SELECT nextval('signal_streams_id_seq') AS id, x.*
    FROM jsonb_to_recordset(signals) AS x(source text, subject_type text, subject_id text, signal_key text,
      signal_value jsonb, severity text, observed_at timestamptz, ttl_seconds integer, signal_id uuid, ord integer)
  ), claimed AS (
    INSERT INTO signal_ids (tenant_id, signal_id, observed_at)
    SELECT tenant, src.signal_id, src.observed_at FROM src WHERE src.signal_id IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING signal_ids.signal_id
  ), stored AS (
    INSERT INTO signal_streams (id, tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity,
      observed_at, ttl_seconds, signal_id)
    SELECT src.id, tenant, src.source, src.subject_type, src.subject_id, src.signal_key, src.signal_value, src.severity,
      src.observed_at, src.ttl_seconds, src.signal_id
    FROM src
    WHERE src.signal_id IS NULL OR src.signal_id IN (SELECT claimed.signal_id FROM claimed)
    RETURNING signal_streams.id
  )
  SELECT src.ord, src.id FROM src JOIN stored ON stored.id = src.id ORDER BY src.ord;
END $$;
REVOKE ALL ON FUNCTION quorum_store_signals(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION quorum_store_signals(uuid, jsonb) TO quorum_app;

-- COPY FROM refuses a table under row-level security, so large batches were written twice (staging table, then an
-- INSERT … SELECT that RLS checks). quorum_ingest bypasses RLS but may do nothing except add rows to signal_streams:
-- no SELECT (it reads nothing, not even what it wrote), no UPDATE or DELETE, no other table; its rows still meet every
-- CHECK constraint. Its tenant_id comes from the hub, which takes it only from the authenticated key (docs/signals.md).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'quorum_ingest') THEN
    CREATE ROLE quorum_ingest NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
GRANT INSERT ON signal_streams TO quorum_ingest;
-- Ids are drawn before the COPY (nextval needs USAGE only), so the hub knows them without reading anything back.
GRANT USAGE ON SEQUENCE signal_streams_id_seq TO quorum_ingest;
