// SQL on correlation_config_audit: who changed or reloaded the correlation config, when, and from which version to which.
// Append-only: never updates or deletes an audit row.

import type pg from 'pg';

export interface AuditEntry {
  tenantId: string;
  keyId: string;
  action: 'put' | 'reload';
  beforeSha256: string | null;
  afterSha256: string;
  summary: Record<string, unknown>;
}

export async function insertConfigAudit(c: Pick<pg.PoolClient, 'query'>, e: AuditEntry): Promise<void> {
  await c.query(
    `INSERT INTO correlation_config_audit (tenant_id, key_id, action, before_sha256, after_sha256, summary)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.tenantId, e.keyId, e.action, e.beforeSha256, e.afterSha256, JSON.stringify(e.summary)]);
}

export async function listConfigAudit(c: Pick<pg.PoolClient, 'query'>, tenantId: string, limit: number) {
  const res = await c.query('SELECT key_id, action, before_sha256, after_sha256, summary, at FROM correlation_config_audit WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2',
    [tenantId, limit]);
  return res.rows;
}
