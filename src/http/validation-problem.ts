// Turns Fastify's schema-validation errors (Ajv) into a 400 problem that names each field and the rule it broke.
// Never answers with Ajv's own wording alone ("querystring must NOT have additional properties" names nothing).

import type { FastifyError } from 'fastify';
import type { FieldViolation } from '../core/errors.ts';

type AjvError = NonNullable<FastifyError['validation']>[number];

const PART: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', headers: 'header', body: 'field' };

/** `/alerts/1/labels` → `alerts[1].labels`, the field notation the rest of the API uses. */
function pointerToField(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), '');
}

const join = (parent: string, child: string) => (parent ? `${parent}.${child}` : child);

/** One Ajv error as a violation: the field it is about, Ajv's keyword as the rule, and a sentence naming both. */
function toViolation(e: AjvError, context: string | undefined): FieldViolation {
  const part = PART[context ?? 'body'] ?? 'field';
  const parent = pointerToField(e.instancePath);
  const p = e.params as Record<string, unknown>;
  // A rule about the whole part (a body that is not an object) names the part itself.
  const at = parent || (context ?? 'body');
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = join(parent, String(p.additionalProperty));
      return { field, rule: e.keyword, message: `unknown ${part} '${field}'` };
    }
    case 'required': {
      const field = join(parent, String(p.missingProperty));
      return { field, rule: e.keyword, message: `missing required ${part} '${field}'` };
    }
    case 'enum':
      return { field: at, rule: e.keyword, message: `${part} '${at}' must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'type':
      return { field: at, rule: e.keyword, message: `${part} '${at}' must be of type ${String(p.type)}` };
    case 'format':
      return { field: at, rule: e.keyword, message: `${part} '${at}' must be a valid ${String(p.format)}` };
    default:
      return { field: at, rule: e.keyword, message: `${part} '${at}' ${e.message ?? 'is invalid'}` };
  }
}

/** Every violation of a validation error, one per field and rule (Ajv repeats a failed `oneOf` branch's errors). */
export function validationViolations(err: FastifyError): FieldViolation[] {
  const seen = new Set<string>();
  return (err.validation ?? []).map((e) => toViolation(e, err.validationContext)).filter((v) => {
    const key = `${v.field}\n${v.rule}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
