// The canonical serialisation of a JSON document and its content hash, defined once for the hub and for sensors.
// Pure; a sensor written in another language computes the same hash from the rule in the doc comment below.

import { createHash } from 'node:crypto';

/**
 * The document as JSON text with every object's keys sorted by their UTF-16 code units (JavaScript's default sort)
 * at every depth, no whitespace, strings and numbers as JSON.stringify writes them; arrays keep their order.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256, in lower-case hex, of the UTF-8 bytes of the canonical serialisation; with that serialisation's size. */
export function contentHash(value: unknown): { hash: string; size: number } {
  const text = Buffer.from(canonicalJson(value), 'utf8');
  return { hash: createHash('sha256').update(text).digest('hex'), size: text.length };
}
