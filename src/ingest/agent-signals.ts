// POST /v1/agent-signals: the agent_signals payload from host agents, held to the agent allowlists.
// A compromised agent can never speak for another: subject_id is overwritten with the key's own agent id.

import type { FastifyInstance } from 'fastify';
import { ForbiddenError, InvalidRequestError, type FieldViolation } from '../core/errors.ts';
import type { Principal } from '../core/types.ts';
import { acceptAnyBody, acceptedSchema, problemSchema, signalExample, signalSchema } from '../http/schemas.ts';
import type { HttpSignalDeps } from './http-signals.ts';
import { countRejections } from './rejections.ts';

export interface AgentPolicy {
  sources: string[];
  subjectTypes: string[];
}

/**
 * Applies the agent rules to raw signals: allowlisted source and subject type, and the caller's own agent id
 * as subject when subject_type is `agent`. Returns the rewritten signals or throws 403 naming each violation.
 */
export function applyAgentPolicy(raw: unknown[], principal: Principal, policy: AgentPolicy): unknown[] {
  if (principal.agentId === null) throw new ForbiddenError('this API key is not bound to an agent (create it with --agent)', 'agent_binding_missing');
  const violations: FieldViolation[] = [];
  const rewritten = raw.map((signal, index) => {
    if (typeof signal !== 'object' || signal === null || Array.isArray(signal)) return signal;
    const s = signal as Record<string, unknown>;
    if (!policy.sources.includes(s.source as string)) {
      violations.push({ index, field: 'source', rule: 'agent_source_allowlist', message: `must be one of ${policy.sources.join(', ')}` });
    }
    if (!policy.subjectTypes.includes(s.subject_type as string)) {
      violations.push({ index, field: 'subject_type', rule: 'agent_subject_type_allowlist', message: `must be one of ${policy.subjectTypes.join(', ')}` });
    }
    return s.subject_type === 'agent' ? { ...s, subject_id: principal.agentId } : s;
  });
  if (violations.length > 0) {
    const v = violations[0]!;
    throw new ForbiddenError(`signal ${v.index}: ${v.field} ${v.message}`, 'agent_policy_violation', { errors: violations });
  }
  return rewritten;
}

export function registerAgentSignals(app: FastifyInstance, deps: HttpSignalDeps & { policy: AgentPolicy }): void {
  app.post('/v1/agent-signals', {
    config: { scope: 'agent:write', signalBody: true },
    schema: {
      tags: ['signals'],
      summary: 'Ingest an agent_signals payload from a host agent',
      description: 'Needs a key bound to an agent (`agentId`); sources and subject types are held to QUORUM_AGENT_SOURCES and QUORUM_AGENT_SUBJECT_TYPES, and an `agent` subject is always the key\'s own agent id.',
      body: {
        type: 'object', required: ['signals'], properties: { signals: { type: 'array', items: signalSchema } },
        examples: [{ signals: [{ source: 'backup_check', subject_type: 'agent', subject_id: 'web-01', signal_key: 'backup.age_hours', signal_value: { value: 30, job: 'nightly' }, severity: 'medium', observed_at: signalExample.observed_at, ttl_seconds: 86400 }] }],
      },
      response: { 201: acceptedSchema, 400: problemSchema, 403: problemSchema, 429: problemSchema },
    },
    validatorCompiler: acceptAnyBody,
  }, async (req, reply) => {
    const body = req.body as { signals?: unknown } | null;
    if (typeof body !== 'object' || body === null || !Array.isArray(body.signals)) {
      throw new InvalidRequestError('the body must be {"signals": [...]}');
    }
    if (body.signals.length > deps.maxBatchSignals) throw new InvalidRequestError(`at most ${deps.maxBatchSignals} signals per payload`);
    const raw = applyAgentPolicy(body.signals, req.principal, deps.policy);
    const valid = countRejections(deps.metrics, 'agent', () => deps.emitter.validate(raw, true));
    const result = await deps.emitter.store(req.principal.tenantId, valid);
    deps.metrics.signalsIngested.inc({ path: 'agent', tenant: deps.metrics.tenant(req.principal.tenantId) }, result.accepted);
    deps.metrics.signalsDuplicate.inc({ path: 'agent' }, result.duplicates);
    return reply.code(201).send(result);
  });
}
