// The single-row INSERT commit the ingest benchmark measures single POSTs against (pgbench-style), as text and values.
// Shared by the benchmark's own clients and the paced load process, so both commit exactly the same statement.

/** One signal into signal_streams, as the app role under its tenant (row-level security applies). */
export const SINGLE_INSERT = `INSERT INTO signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity, observed_at, ttl_seconds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

/** A wire-format signal's values for SINGLE_INSERT. */
export function singleInsertValues(tenantId: string, s: Record<string, unknown>): unknown[] {
  return [tenantId, s.source, s.subject_type, s.subject_id, s.signal_key, JSON.stringify(s.signal_value), s.severity, s.observed_at, s.ttl_seconds];
}
