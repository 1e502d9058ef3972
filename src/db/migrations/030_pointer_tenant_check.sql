-- 030: a current-signal pointer no longer checks its tenant against tenants row by row. The pointer keeper writes one
-- pointer for every new (subject, key) of the feed, and the foreign key's trigger (a FOR KEY SHARE read of the tenant's
-- row) took 1.9 ms of a 6.2 ms statement of 500 new pointers. The check added nothing: a pointer is derived from a row
-- of signal_streams, which names its tenant without a foreign key; row-level security only lets the keeper write the
-- tenant of its session; and tenants are never deleted. The marks keep theirs: one row a tenant, one check a batch.
ALTER TABLE current_signal_pointers DROP CONSTRAINT current_signal_pointers_tenant_id_fkey;
