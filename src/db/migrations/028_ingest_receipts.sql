-- 028: sensor messages COPY straight in too. Their receipts must commit with their signals, so quorum_ingest may record
-- receipts through one function, and only that: it still reads nothing and writes no other table itself.

-- Records the receipts of a flush's messages, each sensor's and message's in the same position of the arrays; returns
-- the (sensor_id, message_id) pairs that already had a receipt (committed meanwhile: the caller rolls back).
-- SECURITY DEFINER runs it as its owner, under the tenant it is given (RLS is forced); the caller's tenant setting is
-- put back afterwards. quorum_ingest already writes signals for the tenant the hub names (docs/signals.md).
CREATE FUNCTION quorum_record_sensor_receipts(tenant uuid, sensor_ids text[], message_ids text[], signal_counts integer[],
  stored_counts integer[], merged_counts integer[], duplicate_counts integer[])
RETURNS TABLE (sensor_id text, message_id text)
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  caller_tenant text := current_setting('app.current_tenant', true);
BEGIN
  PERFORM set_config('app.current_tenant', tenant::text, true);
  RETURN QUERY
  WITH given AS (
    SELECT * FROM unnest(sensor_ids, message_ids, signal_counts, stored_counts, merged_counts, duplicate_counts)
      AS g(sensor_id, message_id, signal_count, stored, merged, duplicates)
  ), recorded AS (
    INSERT INTO sensor_receipts (tenant_id, sensor_id, message_id, signal_count, stored, merged, duplicates)
    SELECT tenant, g.sensor_id, g.message_id, g.signal_count, g.stored, g.merged, g.duplicates FROM given g
    ON CONFLICT DO NOTHING
    RETURNING sensor_receipts.sensor_id, sensor_receipts.message_id
  )
  SELECT g.sensor_id, g.message_id FROM given g
  WHERE NOT EXISTS (SELECT FROM recorded r WHERE r.sensor_id = g.sensor_id AND r.message_id = g.message_id);
  PERFORM set_config('app.current_tenant', coalesce(caller_tenant, ''), true);
END $$;
-- A definer's function resolves names in the schema the tables live in, with pg_temp last: nobody's temporary table
-- can stand in for sensor_receipts.
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION quorum_record_sensor_receipts(uuid, text[], text[], integer[], integer[], integer[], integer[]) SET search_path = %I, pg_temp', current_schema());
END $$;
REVOKE ALL ON FUNCTION quorum_record_sensor_receipts(uuid, text[], text[], integer[], integer[], integer[], integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION quorum_record_sensor_receipts(uuid, text[], text[], integer[], integer[], integer[], integer[]) TO quorum_app, quorum_ingest;
