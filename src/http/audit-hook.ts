// Records every write made through the HTTP API (POST, PUT, PATCH, DELETE by a key or a logged-in user) in the audit log,
// before the answer leaves, so a client that got its answer finds the entry. Signal ingestion is data, not a change: not recorded.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditActor, AuditLog } from '../auth/audit-log.ts';
import type { AuditReason } from '../auth/audit-queries.ts';
import type { Metrics } from '../metrics.ts';
import { SIGNAL_WRITE_ROUTES } from './rate-limit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made a write on a public route (a login, the setup), with the tenant it belongs to; set by that route. */
    auditActor: (AuditActor & { tenantId: string }) | null;
    /** What the write was about when the path does not say it (e.g. the user a POST created); set by the route. */
    auditTarget: string | null;
    /** The tenant a write acted in when it is not the actor's own (the operator's in another tenant); set by the route. */
    auditTenant: string | null;
    /** Why a login was refused (the audit log's `reason`); set by the login route, never sent to the client. */
    auditReason: AuditReason | null;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The actor of a request and its tenant: the route's own (public routes), else the authenticated key or user. */
function actorOf(req: FastifyRequest): (AuditActor & { tenantId: string }) | null {
  if (req.auditActor) return req.auditActor;
  const p = req.principal;
  if (!p) return null;
  return p.user
    ? { kind: 'user', id: p.user.id, name: p.user.username, tenantId: p.tenantId }
    : { kind: 'key', id: p.keyId, name: null, tenantId: p.tenantId };
}

function targetOf(req: FastifyRequest): string | null {
  if (req.auditTarget) return req.auditTarget;
  const params = Object.values((req.params ?? {}) as Record<string, string>);
  return params.length > 0 ? params.join('/') : null;
}

export function registerAuditHook(app: FastifyInstance, deps: { audit: Pick<AuditLog, 'record'>; metrics: Pick<Metrics, 'auditWriteErrors'>; clock: () => Date }): void {
  app.decorateRequest('auditActor', null);
  app.decorateRequest('auditTarget', null);
  app.decorateRequest('auditTenant', null);
  app.decorateRequest('auditReason', null);
  app.addHook('onSend', async (req, reply, payload) => {
    const route = req.routeOptions.url;
    if (!WRITES.has(req.method) || !route || SIGNAL_WRITE_ROUTES.has(route)) return payload;
    const actor = actorOf(req);
    // A request nobody authenticated (401) belongs to no tenant: the log line and the metrics have it.
    if (!actor) return payload;
    const entry = {
      at: deps.clock(), actor_kind: actor.kind, actor_id: actor.id, actor_name: actor.name,
      method: req.method, route, target: targetOf(req), status: reply.statusCode, address: req.ip, reason: req.auditReason,
    };
    // The actor's tenant keeps its own trail; a tenant the operator changed sees the write in its log too (a refused
    // write there changed nothing, and may name a tenant that does not exist).
    const acted = reply.statusCode < 400 && req.auditTenant ? req.auditTenant : actor.tenantId;
    const tenants = new Set([actor.tenantId, acted].map((t) => t.toLowerCase()));
    try {
      for (const tenantId of tenants) await deps.audit.record({ ...entry, tenantId });
    } catch (err) {
      // The write itself is done (or refused) already: answer it, and say loudly that its record is missing.
      deps.metrics.auditWriteErrors.inc();
      req.log.error({ err, route, method: req.method, actor: actor.id }, 'the audit entry of a write could not be stored');
    }
    return payload;
  });
}
