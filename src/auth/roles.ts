// The role model for key management: the operator acts in every tenant, a tenant admin only in its own.
// Pure decisions on the calling principal; never touches the database and never rewrites a tenant the caller named.

import { ForbiddenError } from '../core/errors.ts';
import type { Principal, RateLimit, Scope, UserRole } from '../core/types.ts';

/** What a user of each role may do: a viewer reads, a responder also acts on mitigations, blocks and safelists. */
export const ROLE_SCOPES: Record<UserRole, readonly Scope[]> = {
  viewer: ['signal:read', 'dashboard:read', 'blocklist:read'],
  responder: ['signal:read', 'dashboard:read', 'blocklist:read', 'mitigation:write'],
  admin: ['admin'],
  operator: ['operator'],
};

/** True for the hub's owner (the `operator` scope), who manages every tenant. */
export function isOperator(p: Principal): boolean {
  return p.scopes.includes('operator');
}

/**
 * The tenant a key-management request acts in: the caller's own when `requested` is absent. A tenant admin naming
 * another tenant gets 403 `tenant_forbidden` (whether or not that tenant exists); only an operator may name any.
 */
export function actingTenant(actor: Principal, requested: string | undefined, field: string): string {
  if (requested === undefined) return actor.tenantId;
  const tenantId = requested.toLowerCase();
  if (tenantId === actor.tenantId.toLowerCase() || isOperator(actor)) return tenantId;
  throw new ForbiddenError('a tenant admin acts only in its own tenant; omit the tenant or name your own', 'tenant_forbidden', { field });
}

/** Throws 403 `scope_forbidden` unless the actor may grant every requested scope: only an operator grants `operator`. */
export function checkGrantable(actor: Principal, scopes: readonly string[]): void {
  if (scopes.includes('operator') && !isOperator(actor)) {
    throw new ForbiddenError('only an operator key may grant the "operator" scope', 'scope_forbidden', { field: 'scopes', scope: 'operator' });
  }
}

/** The tenant a key lookup or revocation is confined to: none for the operator, the caller's own for a tenant admin. */
export function keyTenantFilter(actor: Principal): string | undefined {
  return isOperator(actor) ? undefined : actor.tenantId;
}

/**
 * Throws 403 `rate_limit_forbidden` when a tenant admin asks for a key rate above the hub's default: per-key limits
 * protect the hub from its tenants, so only the operator may raise them.
 */
export function checkRateLimitGrantable(actor: Principal, requested: RateLimit | undefined, hubDefault: RateLimit): void {
  if (!requested || isOperator(actor)) return;
  if (requested.perSecond > hubDefault.perSecond || requested.burst > hubDefault.burst) {
    throw new ForbiddenError(`a tenant admin may only lower a key's rate limit (hub default ${hubDefault.perSecond}/s, burst ${hubDefault.burst}); ask the operator to raise it`,
      'rate_limit_forbidden', { field: 'rateLimit' });
  }
}

/**
 * Operator keys live in the operator's tenant (`default`); an admin of that tenant must neither list nor revoke them,
 * or it could lock the hub's owner out. To a non-operator they do not exist.
 */
export function keyVisibleTo(actor: Principal, key: { scopes: readonly string[] }): boolean {
  return isOperator(actor) || !key.scopes.includes('operator');
}

/**
 * Throws 403 `scope_forbidden` unless the actor may give a user this role: only an operator makes operator users, and
 * only in its own tenant (`default`, the hub owner's).
 */
export function checkRoleGrantable(actor: Principal, role: UserRole, tenantId: string): void {
  if (role !== 'operator') return;
  if (!isOperator(actor)) throw new ForbiddenError('only an operator may create an operator user', 'scope_forbidden', { field: 'role' });
  if (tenantId !== actor.tenantId.toLowerCase()) {
    throw new ForbiddenError("operator users live in the operator's own tenant", 'tenant_forbidden', { field: 'tenantId' });
  }
}

/** Operator users are invisible to a tenant admin of the operator's tenant, as operator keys are (keyVisibleTo). */
export function userVisibleTo(actor: Principal, user: { role: UserRole }): boolean {
  return isOperator(actor) || user.role !== 'operator';
}
