// The content hash of a config or rule document, defined once for the hub (rollouts) and the sensor SDK (heartbeats).
// Pure; a sensor written in another language computes the same value from the rule in the doc comments below.

import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does), no whitespace, arrays in order:
 * PostgreSQL's jsonb reorders keys, so equal documents must compare equal regardless.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** SHA-256, in lower-case hex, of the UTF-8 text of `canonicalJson(document)`. */
export function documentHash(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document), 'utf8').digest('hex');
}
