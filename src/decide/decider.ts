// Turns a decision into a block: checks the guardrails, then creates a mitigation or extends the active one covering it.
// Runs inside the caller's tenant transaction; never creates a second active block for an indicator already covered.

import type pg from 'pg';
import type { Guardrails } from '../correlate/correlation-config.ts';
import type { Metrics } from '../metrics.ts';
import { formatCidr, parseCidr } from './cidr.ts';
import type { Explanation } from './explanation.ts';
import { checkGuardrails, type ProtectedAddress, type Rejection } from './guardrails.ts';
import {
  decisionFacts, expireDueMitigations, extendMitigation, findActiveCovering, insertMitigation, insertRejection,
  lockTenantDecisions, updateRejection, type MitigationRow,
} from './mitigation-queries.ts';

export interface BlockRequest {
  tenantId: string;
  indicator: string;
  ttlSeconds: number;
  origin: 'correlation' | 'manual';
  groupId: string | null;
  rule: string | null;
  playbook: string | null;
  explanation: Explanation;
  createdBy: string | null;
  /** A rejected mitigation of the same group to update instead of adding another rejected row. */
  previousRejectedId?: string | null;
}

export type BlockOutcome =
  | { outcome: 'created' | 'extended'; mitigation: MitigationRow }
  | { outcome: 'rejected'; mitigation: MitigationRow | null; rejection: Rejection };

export interface DeciderDeps {
  /** The tenant's effective guardrails (hub defaults narrowed by the tenant's policy; both safelists). */
  guardrails: (tenantId: string) => Guardrails | Promise<Guardrails>;
  /** The hub's own addresses and the tenant's registered sensors' addresses; injectable so a sensor registry can be wired in. */
  protectedAddresses: (tenantId: string) => ProtectedAddress[] | Promise<ProtectedAddress[]>;
  metrics: Pick<Metrics, 'guardrailRejections' | 'mitigationsCreated'>;
  clock: () => Date;
}

export function createDecider(deps: DeciderDeps) {
  return {
    /** Applies the guardrails and stores the outcome (a rejected correlation decision is stored as a `rejected` mitigation). */
    async block(c: pg.PoolClient, req: BlockRequest): Promise<BlockOutcome> {
      const now = deps.clock();
      const g = await deps.guardrails(req.tenantId);
      await lockTenantDecisions(c, req.tenantId);
      await expireDueMitigations(c, req.tenantId, now);
      const parsed = parseCidr(req.indicator);
      const indicator = parsed ? formatCidr(parsed) : req.indicator;
      const covering = parsed ? await findActiveCovering(c, req.tenantId, indicator) : null;
      const facts = await decisionFacts(c, req.tenantId, new Date(now.getTime() - 60_000));
      const rejection = checkGuardrails(indicator, req.ttlSeconds, g, {
        safelist: [...g.safelist, ...facts.safelist],
        protectedAddresses: await deps.protectedAddresses(req.tenantId),
        activeCount: facts.active,
        newInLastMinute: facts.createdSince,
        extendsExisting: covering !== null,
      });
      if (rejection) {
        deps.metrics.guardrailRejections.inc({ reason: rejection.code });
        let mitigation: MitigationRow | null = null;
        if (req.origin === 'correlation' && parsed) {
          if (req.previousRejectedId) await updateRejection(c, req.tenantId, req.previousRejectedId, rejection.code, rejection.reason);
          else mitigation = await insertMitigation(c, { ...req, indicator, status: 'rejected', now, rejection });
        }
        await insertRejection(c, {
          tenantId: req.tenantId, groupId: req.groupId, mitigationId: mitigation?.id ?? req.previousRejectedId ?? null,
          indicator, code: rejection.code, reason: rejection.reason, origin: req.origin, now,
        });
        return { outcome: 'rejected', mitigation, rejection };
      }
      if (covering) return { outcome: 'extended', mitigation: await extendMitigation(c, req.tenantId, covering.id, now, req.ttlSeconds) };
      deps.metrics.mitigationsCreated.inc({ origin: req.origin });
      return { outcome: 'created', mitigation: await insertMitigation(c, { ...req, indicator, status: 'active', now, rejection: null }) };
    },
  };
}

export type Decider = ReturnType<typeof createDecider>;
