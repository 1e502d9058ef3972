// JSON Schemas for the OpenAPI document, generated from the wire-format rules.
// Documentation only for signal bodies: the wire-format validator produces their errors (field, rule, index).

import { SIGNAL_RULES } from '../core/wire-format.ts';
import { SCOPES } from '../core/types.ts';

const r = SIGNAL_RULES;

export const signalSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'subject_type', 'subject_id', 'signal_key', 'signal_value', 'observed_at'],
  properties: {
    source: { type: 'string', pattern: r.source.pattern, maxLength: r.source.maxLength, examples: ['cert_scan'] },
    subject_type: { type: 'string', pattern: r.subject_type.pattern, maxLength: r.subject_type.maxLength, examples: ['endpoint'] },
    subject_id: { type: 'string', minLength: 1, maxLength: r.subject_id.maxLength, description: 'no control characters' },
    signal_key: { type: 'string', pattern: r.signal_key.pattern, maxLength: r.signal_key.maxLength, examples: ['cert.expiry_days'] },
    signal_value: { type: 'object', required: ['value'], additionalProperties: true, description: `{"value": <native>, …metadata}; at most ${r.signal_value.maxBytes} bytes as jsonb text` },
    severity: { type: ['string', 'null'], enum: [...r.severity.values, null] },
    observed_at: { type: 'string', format: 'date-time', description: 'RFC 3339 with offset; not in the future beyond the allowed skew, not older than retention' },
    ttl_seconds: { type: ['integer', 'null'], minimum: r.ttl_seconds.min, maximum: r.ttl_seconds.max, description: 'null = sticky' },
    signal_id: { type: ['string', 'null'], format: 'uuid', description: 'client id; a resend never creates a second row' },
  },
} as const;

/**
 * A signal the API accepts as-is. Its `observed_at` is a placeholder: the served document sets every example
 * `observed_at` to the time it is served (src/http/openapi.ts), so a copied example is never out of retention.
 */
export const signalExample = {
  source: 'cert_scan', subject_type: 'domain', subject_id: 'example.com', signal_key: 'cert.expiry_days',
  signal_value: { value: 12, issuer: 'R3' }, severity: 'medium', observed_at: '2026-12-01T10:00:00Z', ttl_seconds: 86400,
} as const;

/** What the hub answers about a stored signal, for response examples. */
export const storedSignalExample = { id: '48213', ...signalExample, signal_id: null, ingested_at: '2026-12-01T10:00:00.412Z' } as const;

/** The answer of the routes that store signals. */
export const acceptedSchema = {
  type: 'object', properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' } }, examples: [{ accepted: 1, duplicates: 0 }],
} as const;

export const storedSignalSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, ...signalSchema.properties, ingested_at: { type: 'string', format: 'date-time' } },
} as const;

export const problemSchema = {
  type: 'object',
  // Problems come only from the error catalogue; their extra members (field, retryAfterSeconds, …) are meant for the client.
  additionalProperties: true,
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' },
    field: { type: 'string', description: 'the request field a 400 is about (body fields as paths, e.g. alerts[1].labels.team)' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { index: { type: 'integer' }, field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

/** A path's `id` parameter, with the example the OpenAPI document shows for it. */
export const idParams = (example: string) => ({ type: 'object', required: ['id'], properties: { id: { type: 'string', examples: [example] } } }) as const;

export const scopesSchema = { type: 'array', items: { type: 'string', enum: [...SCOPES] }, minItems: 1 } as const;

/** A validator that accepts anything, for bodies that the domain validator checks. */
export const acceptAnyBody = () => () => true;
