// How a block looks over HTTP: the view of a mitigation row as a block, its JSON schema and examples, shared by the
// blocks API routes and the import. Pure shaping; never reads or writes.

import { BLOCK_ORIGINS, BLOCK_TYPES, SEVERITIES } from '../core/types.ts';
import { indicatorOf } from '../decide/block-change-queries.ts';
import type { MitigationRow } from '../decide/mitigation-queries.ts';
import { problemSchema } from '../http/schemas.ts';

export const TTL = { type: 'integer', minimum: 1, maximum: 31_536_000, description: 'seconds the block lasts from now; the guardrails bound it (ttl_min_seconds, ttl_max_seconds)' } as const;
export const REASON = { type: 'string', maxLength: 512 } as const;
export const EXAMPLE_ID = '3f0c8a52-5a9e-4c57-9d65-0d7f3b6f2a11';

export const blockSchema = {
  type: 'object',
  required: ['id', 'block_type', 'indicator', 'source', 'severity', 'status', 'reason', 'created_at', 'expires_at', 'extended_count'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    block_type: { type: 'string', enum: [...BLOCK_TYPES] },
    indicator: { type: 'string', description: 'normalised: a CIDR prefix (IP), the fingerprint, AS<number> (ASN) or the user agent' },
    source: { type: 'string', enum: [...BLOCK_ORIGINS] },
    severity: { type: ['string', 'null'], enum: [...SEVERITIES, null] },
    status: { type: 'string', enum: ['active', 'withdrawn', 'expired', 'rejected'] },
    reason: { type: 'string', description: 'the decision explanation (manual: who and why)' },
    created_at: { type: 'string', format: 'date-time' },
    expires_at: { type: 'string', format: 'date-time' },
    extended_count: { type: 'integer' },
    ended_at: { type: ['string', 'null'], format: 'date-time' },
    end_reason: { type: ['string', 'null'] },
    group_id: { type: ['string', 'null'] },
    created_by: { type: ['string', 'null'] },
  },
} as const;

export const exampleBlock = {
  id: EXAMPLE_ID, block_type: 'IP', indicator: '203.0.113.7/32', source: 'manual', severity: 'high', status: 'active',
  reason: 'Manual block by API key 9b1c…: scanner', created_at: '2026-12-02T08:00:00Z', expires_at: '2026-12-02T09:00:00Z',
  extended_count: 0, ended_at: null, end_reason: null, group_id: null, created_by: '9b1c2d3e-0000-4000-8000-000000000001',
};

/** A guardrail refusal: the problem with the guardrail's code. */
export const rejectionSchema = { ...problemSchema, properties: { ...problemSchema.properties, guardrail: { type: 'string' } } } as const;

/** A mitigation as a block: its normalised indicator, source and reason. */
export function blockView(m: MitigationRow) {
  return {
    id: m.id, block_type: m.block_type, indicator: indicatorOf(m), source: m.origin, severity: m.severity, status: m.status,
    reason: m.explanation_text, created_at: m.created_at, expires_at: m.expires_at, extended_count: m.extended_count,
    ended_at: m.ended_at, end_reason: m.end_reason, group_id: m.group_id, created_by: m.created_by,
  };
}

