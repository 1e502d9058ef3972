// The audit log: every write through the UI or the API, who made it (a key or a user), what, when, from where, the answer;
// and every refused login, with why (unknown user, wrong password, rate limited).
// Appends and reads as the entry's tenant; never holds a password, a key or a session token.

import type pg from 'pg';
import { withTenant } from '../db/pools.ts';
import { insertAuditRow, listAuditRows, type AuditReason, type AuditRow, type NewAuditRow } from './audit-queries.ts';

/** Who made a write, as the audit log names them. */
export interface AuditActor {
  kind: AuditRow['actor_kind'];
  id: string;
  name: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  method: string;
  route: string;
  target: string | null;
  status: number;
  address: string | null;
  reason: AuditReason | null;
}

const entryView = (r: AuditRow): AuditEntry => ({
  id: r.id, at: r.at, actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  method: r.method, route: r.route, target: r.target, status: r.status, address: r.address, reason: r.reason,
});

/** Text as PostgreSQL takes it: no NUL, no lone surrogate (a hostile path parameter is still worth recording), bounded. */
const storable = (s: string | null, max = 512) => (s === null ? null : s.toWellFormed().replaceAll('\u0000', '\uFFFD').slice(0, max));

export function createAuditLog(deps: { app: pg.Pool }) {
  return {
    /** Appends one entry to the tenant's log. */
    async record(e: NewAuditRow): Promise<void> {
      const row = { ...e, actor_name: storable(e.actor_name), route: storable(e.route)!, target: storable(e.target), address: storable(e.address, 64) };
      await withTenant(deps.app, e.tenantId, (c) => insertAuditRow(c, row));
    },

    /** The tenant's entries newest first, after a cursor's position: limit + 1 of them, so the caller knows whether more follow. */
    async list(tenantId: string, limit: number, after: { at: string; id: string } | null): Promise<AuditEntry[]> {
      return (await withTenant(deps.app, tenantId, (c) => listAuditRows(c, tenantId, limit, after))).map(entryView);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
