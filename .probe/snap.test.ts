import { test } from 'node:test';
import { createTestDatabase } from '../test/helpers/cluster.ts';
import { createKeyStore } from '../src/auth/key-store.ts';
test("probe", { timeout: 200000 }, async () => {
const db = await createTestDatabase();
try {
  const o = db.pools.owner;
  const tenantId = (await createKeyStore(o).createTenant('snap')).id;
  await o.query(`INSERT INTO mitigations (tenant_id, indicator, block_type, severity, status, origin, ttl_seconds, created_at, expires_at, explanation, explanation_text)
     SELECT $1, ('10.' || (i >> 16) || '.' || ((i >> 8) & 255) || '.' || (i & 255))::cidr, 'IP', 'high', 'active', 'manual', 86400, now(), now() + interval '1 day',
            '{}'::jsonb, 'benchmark block ' || i FROM generate_series(1, 100000) AS i`, [tenantId]);
  await o.query('VACUUM ANALYZE mitigations');
  const q = (sel: string) => `EXPLAIN (ANALYZE, SERIALIZE, TIMING OFF, BUFFERS OFF) SELECT ${sel} FROM mitigations WHERE tenant_id = '${tenantId}' AND status = 'active' AND expires_at > now()`;
  const variants: Record<string, string> = {
    current: `id, block_type, coalesce(indicator::text, indicator_value), origin, severity, explanation_text, created_at::text, expires_at::text`,
    noTimes: `id, block_type, coalesce(indicator::text, indicator_value), origin, severity, explanation_text`,
    onlyId: `id`,
    epochTimes: `id, block_type, coalesce(indicator::text, indicator_value), origin, severity, explanation_text, (extract(epoch from created_at)*1000)::bigint, (extract(epoch from expires_at)*1000)::bigint`,
    json: `json_build_object('blockType', CASE WHEN masklen(indicator) = 32 THEN 'IP' ELSE 'IP_RANGE' END, 'indicator', host(indicator), 'expiresAt', to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'source', 'MANUAL')::text`,
  };
  for (let r = 0; r < 3; r++) for (const [name, sel] of Object.entries(variants)) {
    const res = await o.query(q(sel));
    const lines = res.rows.map((x) => x['QUERY PLAN']).filter((l: string) => /Execution Time|Serialization|Scan/.test(l));
    console.log(name.padEnd(12), lines.map((l: string) => l.trim().slice(0, 90)).join(' | '));
  }
} finally { await db.drop(); }
});
