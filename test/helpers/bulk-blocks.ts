// Bulk blocks for size tests and benchmarks: many active or ended IP blocks of one tenant inserted by SQL in one go,
// with their block changes and the tenant's version bumped to match. Test data only: bypasses the decider on purpose.

import type pg from 'pg';

// Small transactions: a long one would hold the server-wide snapshot horizon back, stalling every feed reader on the test
// server (other test files run at the same time) for as long as it runs.
const CHUNK = 10_000;

/** Inserts `n` blocks (see seedChunk) in transactions of at most 10,000. */
export async function seedBlocks(owner: pg.Pool, tenantId: string, n: number, status: 'active' | 'expired', base: string, now: Date): Promise<number> {
  let version = 0;
  for (let done = 0; done < n; done += CHUNK) {
    const start = (await owner.query<{ a: string }>('SELECT host($1::inet + $2::bigint) AS a', [base, done])).rows[0]!.a;
    version = await seedChunk(owner, tenantId, Math.min(CHUNK, n - done), status, start, now);
  }
  await owner.query('ANALYZE mitigations; ANALYZE block_changes');
  return version;
}

/**
 * Inserts `n` blocks of `status` ('active': one `created` change each; 'expired': `created` then `expired`) on
 * addresses `base + i`, and moves the tenant's version past them. Returns the tenant's new version.
 */
async function seedChunk(owner: pg.Pool, tenantId: string, n: number, status: 'active' | 'expired', base: string, now: Date): Promise<number> {
  const client = await owner.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.current_tenant', $1, true), set_config('statement_timeout', '0', true)", [tenantId]);
    const v = await client.query<{ version: string }>(
      `INSERT INTO block_versions (tenant_id, version) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET version = block_versions.version + $2
       RETURNING version - $2 AS version`, [tenantId, status === 'active' ? n : 2 * n]);
    const from = Number(v.rows[0]!.version);
    const ended = status === 'expired';
    await client.query(
      `CREATE TEMP TABLE seeded ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, i, set_masklen(($1::inet + i), 32)::cidr AS indicator
       FROM generate_series(0, $2::int - 1) AS i`, [base, n]);
    await client.query(
      `INSERT INTO mitigations (id, tenant_id, indicator, status, origin, ttl_seconds, created_at, expires_at, ended_at, end_reason, explanation, explanation_text)
       SELECT id, $1, indicator, $2, 'manual', 3600, $3::timestamptz - interval '1 hour' * $4::int, $3::timestamptz + interval '1 hour' * (1 - 2 * $4::int),
              CASE WHEN $4::int = 1 THEN $3::timestamptz - interval '1 hour' END, CASE WHEN $4::int = 1 THEN 'expired' END,
              '{}'::jsonb, 'bulk test block ' || i
       FROM seeded`, [tenantId, status, now, ended ? 1 : 0]);
    await client.query(
      `INSERT INTO block_changes (tenant_id, version, change, mitigation_id, block_type, indicator, source, status, expires_at, reason, changed_at)
       SELECT $1, $2::bigint + (CASE WHEN $4::int = 1 THEN 2 * i + 1 ELSE i + 1 END), 'created', id, 'IP', indicator::text, 'manual', 'active',
              $3::timestamptz + interval '1 hour' * (1 - 2 * $4::int), 'bulk', $3::timestamptz - interval '1 hour' * (1 + $4::int)
       FROM seeded`, [tenantId, from, now, ended ? 1 : 0]);
    if (ended) {
      await client.query(
        `INSERT INTO block_changes (tenant_id, version, change, mitigation_id, block_type, indicator, source, status, expires_at, reason, changed_at)
         SELECT $1, $2::bigint + 2 * i + 2, 'expired', id, 'IP', indicator::text, 'manual', 'expired', $3::timestamptz - interval '1 hour', 'expired', $3::timestamptz - interval '1 hour'
         FROM seeded`, [tenantId, from, now]);
    }
    await client.query('COMMIT');
    return from + (ended ? 2 * n : n);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
